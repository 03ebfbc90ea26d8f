#include "drivers/tcp/tcp_client.hpp"

#include "drivers/errors.hpp"
#include "drivers/os_error.hpp"
#include "drivers/tcp/tcp_stream.hpp"

namespace kj::drivers {

// One connect attempt. Handlers share it, so it outlives the opener if need be; `finished`
// makes sure `done` runs at most once and never after cancel().
struct TcpClientOpener::Attempt : std::enable_shared_from_this<Attempt> {
  Attempt(IoContext& io, TcpEndpoint peer_in, std::chrono::milliseconds timeout_in, OpenHandler done_in)
      : resolver(io), socket(io), timer(io), peer(std::move(peer_in)), timeout(timeout_in), done(std::move(done_in)) {}

  asio::ip::tcp::resolver resolver;
  asio::ip::tcp::socket socket;
  asio::steady_timer timer;
  TcpEndpoint peer;
  std::chrono::milliseconds timeout;
  OpenHandler done;
  bool finished = false;
  bool timed_out = false;

  void start() {
    timer.expires_after(timeout);
    timer.async_wait([self = shared_from_this()](const IoError& error) {
      if (error || self->finished) return;
      self->timed_out = true;
      self->stop_io();  // the pending resolve or connect now completes with operation_aborted
    });
    resolver.async_resolve(
        peer.host, std::to_string(peer.port), asio::ip::resolver_base::numeric_service,
        [self = shared_from_this()](const IoError& error, const asio::ip::tcp::resolver::results_type& results) {
          self->on_resolved(error, results);
        });
  }

  void on_resolved(const IoError& error, const asio::ip::tcp::resolver::results_type& results) {
    if (finished) return;
    if (error || timed_out) {
      finish(failure(error, Text{"resolve the host name", "解析主机名"}));
      return;
    }
    asio::async_connect(socket, results,
                        [self = shared_from_this()](const IoError& connect_error, const asio::ip::tcp::endpoint&) {
                          self->on_connected(connect_error);
                        });
  }

  void on_connected(const IoError& error) {
    if (finished) return;
    // A connect that completed just as the timer fired finds its socket closed: a timeout.
    if (error || timed_out) {
      finish(failure(error, Text{"connect", "连接"}));
      return;
    }
    finish(TcpStream::make(std::move(socket)));
  }

  Error failure(const IoError& error, const Text& action) const {
    const std::string where = to_string(peer);
    const Text what{"tcp " + where + ": cannot " + action.en, "TCP " + where + "：无法" + action.zh};
    if (timed_out) {
      const std::string ms = std::to_string(timeout.count());
      return make_os_error(Errc::connect_failed, what, Text{"no answer within " + ms + " ms", ms + " 毫秒内无应答"});
    }
    return make_os_error(Errc::connect_failed, what, io_error_text(error));
  }

  void finish(Result<std::unique_ptr<ByteStream>> result) {
    finished = true;
    timer.cancel();
    OpenHandler to_call = std::move(done);
    done = nullptr;
    to_call(std::move(result));
  }

  void stop_io() {
    resolver.cancel();
    IoError ignored;
    socket.close(ignored);
  }

  void abandon() {
    finished = true;
    done = nullptr;
    timer.cancel();
    stop_io();
  }
};

TcpClientOpener::TcpClientOpener(IoContext& io, TcpEndpoint peer, std::chrono::milliseconds timeout)
    : io_(io), peer_(std::move(peer)), timeout_(timeout) {}

TcpClientOpener::~TcpClientOpener() {
  cancel();
}

void TcpClientOpener::async_open(OpenHandler done) {
  cancel();
  attempt_ = std::make_shared<Attempt>(io_, peer_, timeout_, std::move(done));
  attempt_->start();
}

void TcpClientOpener::cancel() {
  if (attempt_) attempt_->abandon();
  attempt_.reset();
}

std::string TcpClientOpener::description() const {
  return "tcp " + to_string(peer_);
}

}  // namespace kj::drivers
