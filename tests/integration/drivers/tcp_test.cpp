// TCP transport over 127.0.0.1: a server on an ephemeral port, a client with a connect
// timeout, bytes both ways, refused and unanswered connects, and a peer that resets the
// connection while a ReconnectingStream dials it again.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "drivers/errors.hpp"
#include "drivers/reconnect/reconnecting_stream.hpp"
#include "drivers/tcp/tcp_client.hpp"
#include "drivers/tcp/tcp_server.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
using drivers::Errc;

// A plain listening socket the test drives by hand (accept, reset), non-blocking.
class RawListener {
 public:
  explicit RawListener(int backlog = 16) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, backlog);
    socklen_t size = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
  }
  ~RawListener() { ::close(fd_); }
  RawListener(const RawListener&) = delete;
  RawListener& operator=(const RawListener&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  // A connection waiting in the queue, or -1.
  [[nodiscard]] int try_accept() const { return ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC); }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// A listener that never accepts, its queue filled by other connects: Linux drops further SYNs,
// so a connect to it hangs until the caller's timeout.
class UnansweringPort {
 public:
  UnansweringPort() {
    for (int i = 0; i < 8; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      address.sin_port = htons(listener_.port());
      ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
      fillers_.push_back(fd);
    }
  }
  ~UnansweringPort() {
    for (int fd : fillers_) ::close(fd);
  }
  UnansweringPort(const UnansweringPort&) = delete;
  UnansweringPort& operator=(const UnansweringPort&) = delete;
  [[nodiscard]] std::uint16_t port() const { return listener_.port(); }

 private:
  RawListener listener_{0};
  std::vector<int> fillers_;
};

// Closes with SO_LINGER 0: the peer gets a RST instead of a FIN.
void reset_connection(int fd) {
  linger option{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof option);
  ::close(fd);
}

// A port nothing listens on: bound once by the OS, then released.
std::uint16_t free_port() {
  RawListener listener;
  return listener.port();
}

struct Opened {
  std::optional<Result<std::unique_ptr<drivers::ByteStream>>> result;
  drivers::OpenHandler handler() {
    return [this](Result<std::unique_ptr<drivers::ByteStream>> r) { result.emplace(std::move(r)); };
  }
};

TEST(Tcp, ServerAndClientExchangeBytesOverLoopback) {
  drivers::IoContext io;
  auto server = drivers::TcpServer::listen(io, {"127.0.0.1", 0});
  ASSERT_TRUE(server.ok()) << server.error().detail.en;
  const std::uint16_t port = server.value()->port();
  EXPECT_NE(port, 0);
  EXPECT_NE(server.value()->description().find("127.0.0.1:" + std::to_string(port)), std::string::npos);

  std::vector<std::unique_ptr<drivers::ByteStream>> accepted;
  server.value()->start([&](std::unique_ptr<drivers::ByteStream> stream) { accepted.push_back(std::move(stream)); });

  drivers::TcpClientOpener client(io, {"127.0.0.1", port}, 2s);
  EXPECT_EQ(client.description(), "tcp 127.0.0.1:" + std::to_string(port));
  Opened opened;
  client.async_open(opened.handler());
  ASSERT_TRUE(run_until(io, [&] { return opened.result.has_value() && accepted.size() == 1; }));
  ASSERT_TRUE(opened.result->ok()) << opened.result->error().detail.en;
  std::unique_ptr<drivers::ByteStream> near = std::move(*opened.result).value();
  EXPECT_NE(near->description().find("-> 127.0.0.1:" + std::to_string(port)), std::string::npos) << near->description();

  RecordingListener near_heard;
  RecordingListener far_heard;
  near->start(near_heard);
  accepted[0]->start(far_heard);
  ASSERT_TRUE(near->write(to_bytes("\x0bMSH|^~\\&|hello\x1c\r")).ok());
  ASSERT_TRUE(accepted[0]->write(to_bytes("world")).ok());
  ASSERT_TRUE(run_until(io, [&] { return far_heard.received.size() == 17 && near_heard.received.size() == 5; }));
  EXPECT_EQ(far_heard.text(), "\x0bMSH|^~\\&|hello\x1c\r");
  EXPECT_EQ(near_heard.text(), "world");
  EXPECT_EQ(near->health().bytes_out, 17u);
  EXPECT_EQ(near->health().bytes_in, 5u);

  // Each accepted connection is independent: a second client gets its own stream.
  Opened second;
  client.async_open(second.handler());
  ASSERT_TRUE(run_until(io, [&] { return second.result.has_value() && accepted.size() == 2; }));
  ASSERT_TRUE(second.result->ok());

  // The peer closing ends the stream with `disconnected`.
  accepted[0]->close();
  ASSERT_TRUE(run_until(io, [&] { return near_heard.closed.has_value(); }));
  EXPECT_EQ(near_heard.closed->code, drivers::make_error_code(Errc::disconnected));
  EXPECT_NE(near_heard.closed->detail.zh.find("对端关闭了连接"), std::string::npos) << near_heard.closed->detail.zh;
}

TEST(Tcp, RefusedConnectFailsQuickly) {
  drivers::IoContext io;
  const std::uint16_t port = free_port();
  drivers::TcpClientOpener client(io, {"127.0.0.1", port}, 5s);
  Opened opened;
  const auto began = std::chrono::steady_clock::now();
  client.async_open(opened.handler());
  ASSERT_TRUE(run_until(
      io, [&] { return opened.result.has_value(); }, 2s));
  EXPECT_LT(std::chrono::steady_clock::now() - began, 1s);
  ASSERT_FALSE(opened.result->ok());
  const Error& error = opened.result->error();
  EXPECT_EQ(error.code, drivers::make_error_code(Errc::connect_failed));
  EXPECT_NE(error.detail.en.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << error.detail.en;
  EXPECT_NE(error.detail.en.find("refused"), std::string::npos) << error.detail.en;
  EXPECT_NE(error.detail.zh.find("连接被拒绝"), std::string::npos) << error.detail.zh;
}

TEST(Tcp, ConnectWithoutAnswerTimesOut) {
  UnansweringPort full;
  drivers::IoContext io;
  drivers::TcpClientOpener client(io, {"127.0.0.1", full.port()}, 300ms);
  Opened opened;
  const auto began = std::chrono::steady_clock::now();
  client.async_open(opened.handler());
  ASSERT_TRUE(run_until(
      io, [&] { return opened.result.has_value(); }, 3s));
  const auto took = std::chrono::steady_clock::now() - began;
  ASSERT_FALSE(opened.result->ok());
  EXPECT_EQ(opened.result->error().code, drivers::make_error_code(Errc::connect_failed));
  EXPECT_NE(opened.result->error().detail.en.find("no answer within 300 ms"), std::string::npos)
      << opened.result->error().detail.en;
  EXPECT_NE(opened.result->error().detail.zh.find("300 毫秒内无应答"), std::string::npos);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2s);
}

TEST(Tcp, CancelledConnectNeverCallsBack) {
  UnansweringPort full;
  drivers::IoContext io;
  auto client = std::make_unique<drivers::TcpClientOpener>(io, drivers::TcpEndpoint{"127.0.0.1", full.port()}, 100ms);
  Opened opened;
  client->async_open(opened.handler());
  run_for(io, 20ms);
  client->cancel();
  run_for(io, 200ms);
  EXPECT_FALSE(opened.result.has_value());

  client->async_open(opened.handler());
  client.reset();  // destroying the opener cancels too
  run_for(io, 200ms);
  EXPECT_FALSE(opened.result.has_value());
}

TEST(Tcp, UnknownHostIsConnectFailed) {
  drivers::IoContext io;
  drivers::TcpClientOpener client(io, {"no-such-host.invalid", 5100}, 3s);
  Opened opened;
  client.async_open(opened.handler());
  ASSERT_TRUE(run_until(
      io, [&] { return opened.result.has_value(); }, 5s));
  ASSERT_FALSE(opened.result->ok());
  EXPECT_EQ(opened.result->error().code, drivers::make_error_code(Errc::connect_failed));
  EXPECT_NE(opened.result->error().detail.en.find("no-such-host.invalid"), std::string::npos);
}

TEST(Tcp, ListeningOnATakenPortIsPortBusy) {
  drivers::IoContext io;
  RawListener taken;
  auto server = drivers::TcpServer::listen(io, {"127.0.0.1", taken.port()});
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.error().code, drivers::make_error_code(Errc::port_busy));
  EXPECT_NE(server.error().detail.zh.find("地址已被占用"), std::string::npos) << server.error().detail.zh;
}

TEST(Tcp, ClosedServerStopsAccepting) {
  drivers::IoContext io;
  auto server = drivers::TcpServer::listen(io, {"127.0.0.1", 0});
  ASSERT_TRUE(server.ok());
  const std::uint16_t port = server.value()->port();
  int accepted = 0;
  server.value()->start([&](std::unique_ptr<drivers::ByteStream>) { ++accepted; });
  server.value()->close();
  EXPECT_EQ(server.value()->port(), port);

  drivers::TcpClientOpener client(io, {"127.0.0.1", port}, 1s);
  Opened opened;
  client.async_open(opened.handler());
  ASSERT_TRUE(run_until(io, [&] { return opened.result.has_value(); }));
  EXPECT_FALSE(opened.result->ok());
  EXPECT_EQ(accepted, 0);
}

TEST(Tcp, ReconnectsAfterThePeerResetsTheConnection) {
  RawListener device;
  drivers::IoContext io;
  drivers::ReconnectingStream stream(
      io, std::make_unique<drivers::TcpClientOpener>(io, drivers::TcpEndpoint{"127.0.0.1", device.port()}, 1s),
      drivers::Backoff{20ms, 200ms, 2.0, 0.2}, [] { return 0.5; });
  RecordingListener listener;
  stream.start(listener);

  int connection = -1;
  ASSERT_TRUE(run_until(io, [&] {
    if (connection < 0) connection = device.try_accept();
    return connection >= 0 && stream.health().state == drivers::LinkState::open;
  }));
  write_fully(connection, to_bytes("first"));
  ASSERT_TRUE(run_until(io, [&] { return listener.received.size() == 5; }));

  reset_connection(connection);
  ASSERT_TRUE(run_until(io, [&] { return stream.health().state != drivers::LinkState::open; }));
  ASSERT_TRUE(stream.health().last_error.has_value());
  EXPECT_EQ(stream.health().last_error->code, drivers::make_error_code(Errc::disconnected));
  EXPECT_NE(stream.health().last_error->detail.en.find("reset"), std::string::npos)
      << stream.health().last_error->detail.en;

  connection = -1;
  ASSERT_TRUE(run_until(io, [&] {
    if (connection < 0) connection = device.try_accept();
    return connection >= 0 && stream.health().state == drivers::LinkState::open;
  }));
  EXPECT_EQ(stream.health().reconnects, 1u);
  write_fully(connection, to_bytes("second"));
  ASSERT_TRUE(run_until(io, [&] { return listener.received.size() == 11; }));
  EXPECT_EQ(listener.text(), "firstsecond");
  ASSERT_TRUE(stream.write(to_bytes("ack")).ok());
  std::vector<std::uint8_t> at_device;
  ASSERT_TRUE(run_until(io, [&] {
    drain(connection, at_device);
    return at_device.size() == 3;
  }));
  EXPECT_EQ(at_device, to_bytes("ack"));
  ::close(connection);
}

TEST(Tcp, PeerThatHangsUpAtOnceGetsAGrowingBackoff) {
  RawListener device;
  drivers::IoContext io;
  drivers::ReconnectingStream stream(
      io, std::make_unique<drivers::TcpClientOpener>(io, drivers::TcpEndpoint{"127.0.0.1", device.port()}, 1s),
      drivers::Backoff{10ms, 1000ms, 2.0, 0.2}, [] { return 0.5; });
  class WaitRecorder : public RecordingListener {
   public:
    void on_state(const drivers::StreamHealth& health) override {
      RecordingListener::on_state(health);
      if (health.state == drivers::LinkState::backoff && health.next_attempt) {
        waits.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(*health.next_attempt -
                                                                              std::chrono::steady_clock::now()));
      }
    }
    std::vector<std::chrono::milliseconds> waits;
  } listener;
  stream.start(listener);
  // Accept every connection and hang up at once, without a byte.
  ASSERT_TRUE(run_until(io, [&] {
    for (int fd = device.try_accept(); fd >= 0; fd = device.try_accept()) ::close(fd);
    return listener.waits.size() >= 4;
  }));
  // 10, 20, 40, 80 ms (minus the few microseconds between scheduling and this reading).
  for (std::size_t i = 0; i < 4; ++i) {
    const auto expected = 10ms * (1 << i);
    EXPECT_LE(listener.waits[i], expected) << i;
    EXPECT_GE(listener.waits[i], expected - 5ms) << i;
  }
  EXPECT_EQ(stream.health().reconnects, listener.waits.size() - 1);
}

}  // namespace
}  // namespace kj::test
