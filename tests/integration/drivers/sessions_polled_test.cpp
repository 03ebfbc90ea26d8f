// Polled vendor sessions end to end: a TL310 on a pty (the test answers as the device with the
// codec's device-side encoders) and a DY-6260 over TCP; the read sequences, per-answer
// timeouts with retries, a silent device, a record cut off, and the peer resetting.
#include <gtest/gtest.h>

#include "drivers/sessions/device_session.hpp"
#include "protocols/dy6260/dy6260_answer.hpp"
#include "protocols/tl310/tl310_messages.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"
#include "tests/integration/drivers/sessions_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
namespace asio = drivers::asio;
namespace tl310 = protocols::tl310;

tl310::Record record(std::uint16_t index, std::uint16_t total, std::uint16_t inhibition_x10) {
  tl310::Record r;
  r.index = index;
  r.total = total;
  r.channel = static_cast<std::uint8_t>(index);
  r.measured_at = {2026, 11, 23, 10, 15, 0};
  r.test_number = static_cast<std::uint16_t>(100 + index);
  r.inhibition_x10 = inhibition_x10;
  r.verdict = 0x02;
  return r;
}

// Answers the host's requests as a TL310 would; what it does per request is up to the test.
struct Tl310Device {
  const PtyPair& pty;
  std::vector<std::uint8_t> heard;
  std::size_t comm_tests = 0;
  std::size_t reads = 0;
  std::function<void(const Tl310Device&)> on_comm_test;
  std::function<void(const Tl310Device&)> on_read;

  void poll() {
    const std::size_t before = heard.size();
    pty.read_into(heard);
    for (std::size_t i = before; i < heard.size(); ++i) {
      if (i + 1 >= heard.size() || heard[i] != 0x7E) continue;
      if (heard[i + 1] == tl310::kCmdCommTest) {
        ++comm_tests;
        if (on_comm_test) on_comm_test(*this);
      } else if (heard[i + 1] == tl310::kCmdRead) {
        ++reads;
        if (on_read) on_read(*this);
      }
    }
  }
};

TEST(SessionsTl310, ReadsAllRecordsAfterTheCommTest) {
  drivers::IoContext io;
  PtyPair pty;
  SessionRecorder recorder;
  auto spec = serial_spec("tl310", pty.slave_path());
  spec.read = *drivers::parse_read_request("all");
  auto session = drivers::make_session(io, spec, recorder.handlers());
  ASSERT_TRUE(session.ok()) << session.error().detail.en;
  Tl310Device device{pty};
  device.on_comm_test = [](const Tl310Device& d) { d.pty.write(tl310::encode_comm_answer({tl310::kVersionReadAll})); };
  device.on_read = [](const Tl310Device& d) {
    for (std::uint16_t i = 1; i <= 3; ++i)
      d.pty.write(tl310::encode_record(record(i, 3, static_cast<std::uint16_t>(100 * i))));
  };
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] {
    device.poll();
    return recorder.done == 1;
  }));
  EXPECT_EQ(device.comm_tests, 1U);
  EXPECT_EQ(device.reads, 1U);
  // The read-all request exactly as the spec's example.
  const auto read_all = tl310::encode_read_all();
  EXPECT_NE(std::search(device.heard.begin(), device.heard.end(), read_all.begin(), read_all.end()),
            device.heard.end());
  ASSERT_EQ(recorder.observations.size(), 3U);
  EXPECT_EQ(recorder.observations[0].channel, 1);
  EXPECT_EQ(recorder.observations[2].channel, 3);
  EXPECT_TRUE(recorder.errors.empty());
  const auto health = (*session)->health();
  EXPECT_EQ(health.state, drivers::SessionState::done);
  EXPECT_EQ(health.frames_ok, 4U);  // the answer and three records
}

TEST(SessionsTl310, RetriesTheCommTestThenGivesUpOnASilentDevice) {
  drivers::IoContext io;
  PtyPair pty;
  SessionRecorder recorder;
  auto session = drivers::make_session(io, serial_spec("tl310", pty.slave_path()), recorder.handlers());
  ASSERT_TRUE(session.ok());
  Tl310Device device{pty};
  (*session)->start();
  // 2 s per answer, three attempts: done within ~6 s, with a timed_out error.
  ASSERT_TRUE(run_until(
      io,
      [&] {
        device.poll();
        return recorder.done == 1;
      },
      10s));
  EXPECT_EQ(device.comm_tests, 3U);
  EXPECT_TRUE(recorder.observations.empty());
  ASSERT_EQ(recorder.link_errors(), 1U);
  EXPECT_EQ((*session)->health().state, drivers::SessionState::failed);
}

TEST(SessionsTl310, ARecordCutOffIsAnErrorNotAnObservation) {
  drivers::IoContext io;
  PtyPair pty;
  SessionRecorder recorder;
  auto session = drivers::make_session(io, serial_spec("tl310", pty.slave_path()), recorder.handlers());
  ASSERT_TRUE(session.ok());
  Tl310Device device{pty};
  device.on_comm_test = [](const Tl310Device& d) { d.pty.write(tl310::encode_comm_answer({tl310::kVersionReadAll})); };
  device.on_read = [](const Tl310Device& d) {
    d.pty.write(to_bytes("\x13\x37garbage"));
    d.pty.write(tl310::encode_record(record(1, 2, 250)));
    const auto second = tl310::encode_record(record(2, 2, 300));
    d.pty.write(std::span<const std::uint8_t>(second).first(15));  // then silence
  };
  (*session)->start();
  ASSERT_TRUE(run_until(
      io,
      [&] {
        device.poll();
        return recorder.done == 1;
      },
      10s));
  ASSERT_EQ(recorder.observations.size(), 1U);
  EXPECT_EQ(recorder.observations[0].channel, 1);
  // The garbage run, the truncated record, and the timeout.
  EXPECT_EQ(recorder.decode_errors(), 2U);
  EXPECT_EQ(recorder.link_errors(), 1U);
}

TEST(SessionsTl310, DateOnlyFirmwareReadsByDate) {
  drivers::IoContext io;
  PtyPair pty;
  SessionRecorder recorder;
  auto spec = serial_spec("tl310", pty.slave_path());
  spec.read = *drivers::parse_read_request("date:2026-11-23");
  auto session = drivers::make_session(io, spec, recorder.handlers());
  ASSERT_TRUE(session.ok());
  Tl310Device device{pty};
  device.on_comm_test = [](const Tl310Device& d) { d.pty.write(tl310::encode_comm_answer({0x20})); };
  device.on_read = [](const Tl310Device& d) { d.pty.write(tl310::encode_record(record(1, 1, 420))); };
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] {
    device.poll();
    return recorder.done == 1;
  }));
  const auto expected = tl310::encode_read_date({2026, 11, 23, 0, 0, 0});
  EXPECT_NE(std::search(device.heard.begin(), device.heard.end(), expected.begin(), expected.end()),
            device.heard.end());
  EXPECT_EQ(recorder.observations.size(), 1U);
}

// A DY-6260 served by the test on loopback: reads READ, answers `answer`, then closes (or not).
struct Dy6260Peer {
  explicit Dy6260Peer(drivers::IoContext& io) : acceptor(io, {asio::ip::make_address("127.0.0.1"), 0}), socket(io) {}
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
  void serve(std::vector<std::uint8_t> answer, bool close_after, bool reset = false) {
    acceptor.async_accept(socket, [this, answer = std::move(answer), close_after, reset](const drivers::IoError& e) {
      if (e) return;
      socket.async_read_some(asio::buffer(request),
                             [this, answer, close_after, reset](const drivers::IoError& e2, std::size_t) {
                               if (e2) return;
                               if (reset) {
                                 socket.set_option(asio::socket_base::linger(true, 0));
                                 socket.close();
                                 return;
                               }
                               asio::write(socket, asio::buffer(answer));
                               if (close_after) socket.close();
                             });
    });
  }
  asio::ip::tcp::acceptor acceptor;
  asio::ip::tcp::socket socket;
  std::array<char, 4> request{};
};

drivers::DeviceSpec dy6260_spec(std::uint16_t port) {
  drivers::DeviceSpec spec;
  spec.name = "gold1";
  spec.protocol = "dy6260";
  spec.transport = drivers::TcpConnect{{"127.0.0.1", port}};
  return spec;
}

std::vector<std::uint8_t> two_entries() {
  return to_bytes(
      "{\"detail\":[{\"检测项目\":\"克伦特罗\",\"样品编号\":\"A1\",\"样品名称\":\"猪肉\",\"检测结果\":\"阴性\","
      "\"检测时间\":\"2026-11-23 10:15:00\"},{\"检测项目\":\"莱克多巴胺\",\"样品编号\":\"A2\",\"样品名称\":\"猪肉\","
      "\"检测结果\":\"阳性\",\"检测时间\":\"2026-11-23 10:16:00\"}]}");
}

TEST(SessionsDy6260, SendsReadAndTakesTheAnswerUntilThePeerCloses) {
  drivers::IoContext io;
  Dy6260Peer peer(io);
  peer.serve(two_entries(), true);
  SessionRecorder recorder;
  auto session = drivers::make_session(io, dy6260_spec(peer.port()), recorder.handlers());
  ASSERT_TRUE(session.ok()) << session.error().detail.en;
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] { return recorder.done == 1; }));
  EXPECT_EQ(std::string(peer.request.data(), 4), "READ");
  ASSERT_EQ(recorder.observations.size(), 2U);
  EXPECT_EQ(recorder.observations[0].sample_id, "A1");
  EXPECT_EQ(recorder.observations[1].sample_id, "A2");
  EXPECT_TRUE(recorder.errors.empty());
}

TEST(SessionsDy6260, EndsWhenTheJsonIsCompleteEvenIfThePeerKeepsTheLinkOpen) {
  drivers::IoContext io;
  Dy6260Peer peer(io);
  peer.serve(to_bytes("{\"detail\":[]}"), false);
  SessionRecorder recorder;
  auto session = drivers::make_session(io, dy6260_spec(peer.port()), recorder.handlers());
  ASSERT_TRUE(session.ok());
  (*session)->start();
  ASSERT_TRUE(run_until(
      io, [&] { return recorder.done == 1; }, 2s));
  EXPECT_TRUE(recorder.observations.empty());
  EXPECT_TRUE(recorder.errors.empty());
  EXPECT_EQ((*session)->health().state, drivers::SessionState::done);
}

TEST(SessionsDy6260, APeerResetIsALinkErrorAndNoObservation) {
  drivers::IoContext io;
  Dy6260Peer peer(io);
  peer.serve({}, false, true);
  SessionRecorder recorder;
  auto session = drivers::make_session(io, dy6260_spec(peer.port()), recorder.handlers());
  ASSERT_TRUE(session.ok());
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] { return recorder.done == 1; }));
  EXPECT_TRUE(recorder.observations.empty());
  EXPECT_GE(recorder.link_errors(), 1U);
  EXPECT_EQ((*session)->health().state, drivers::SessionState::failed);
}

}  // namespace
}  // namespace kj::test
