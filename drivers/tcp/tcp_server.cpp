#include "drivers/tcp/tcp_server.hpp"

#include <chrono>
#include <sstream>

#include "drivers/errors.hpp"
#include "drivers/os_error.hpp"
#include "drivers/tcp/tcp_stream.hpp"

namespace kj::drivers {

struct TcpServer::Core : std::enable_shared_from_this<Core> {
  Core(IoContext& io, asio::ip::tcp::acceptor acceptor_in, std::uint16_t port_in, std::string description_in)
      : acceptor(std::move(acceptor_in)), retry_timer(io), port(port_in), description(std::move(description_in)) {}

  asio::ip::tcp::acceptor acceptor;
  asio::steady_timer retry_timer;
  std::uint16_t port;
  std::string description;
  AcceptHandler on_accept;
  std::optional<Error> last_error;
  bool closed = false;

  void accept_next() {
    acceptor.async_accept([self = shared_from_this()](const IoError& error, asio::ip::tcp::socket socket) {
      self->on_accepted(error, std::move(socket));
    });
  }

  void on_accepted(const IoError& error, asio::ip::tcp::socket socket) {
    if (closed) return;
    if (error) {
      last_error =
          make_os_error(Errc::port_failed, Text{description + ": cannot accept", description + "：无法接受连接"},
                        io_error_text(error));
      // Resource exhaustion repeats at once; a pause keeps the loop from spinning.
      retry_timer.expires_after(std::chrono::seconds(1));
      retry_timer.async_wait([self = shared_from_this()](const IoError& wait_error) {
        if (!wait_error && !self->closed) self->accept_next();
      });
      return;
    }
    const AcceptHandler handler = on_accept;  // a copy: the handler may close the server
    handler(TcpStream::make(std::move(socket)));
    if (!closed) accept_next();
  }

  void shutdown() {
    if (closed) return;
    closed = true;
    on_accept = nullptr;
    retry_timer.cancel();
    IoError ignored;
    acceptor.close(ignored);
  }
};

Result<std::unique_ptr<TcpServer>> TcpServer::listen(IoContext& io, const TcpEndpoint& where) {
  const std::string name = to_string(where);
  const Text what{"tcp " + name + ": cannot listen", "TCP " + name + "：无法监听"};
  asio::ip::tcp::resolver resolver(io);
  IoError error;
  const auto results =
      resolver.resolve(where.host, std::to_string(where.port),
                       asio::ip::resolver_base::passive | asio::ip::resolver_base::numeric_service, error);
  if (error || results.empty()) return make_os_error(Errc::connect_failed, what, io_error_text(error));
  const asio::ip::tcp::endpoint endpoint = results.begin()->endpoint();

  asio::ip::tcp::acceptor acceptor(io);
  if (acceptor.open(endpoint.protocol(), error)) return make_os_error(Errc::port_failed, what, io_error_text(error));
  // A restarted hub must get its port back while old connections sit in TIME_WAIT.
  acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (acceptor.bind(endpoint, error)) {
    const Errc code = error == asio::error::address_in_use ? Errc::port_busy : Errc::port_failed;
    return make_os_error(code, what, io_error_text(error));
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, error)) {
    return make_os_error(Errc::port_failed, what, io_error_text(error));
  }
  const asio::ip::tcp::endpoint bound = acceptor.local_endpoint(error);
  if (error) return make_os_error(Errc::port_failed, what, io_error_text(error));
  std::ostringstream description;
  description << "tcp listen " << bound;
  return std::unique_ptr<TcpServer>(
      new TcpServer(std::make_shared<Core>(io, std::move(acceptor), bound.port(), description.str())));
}

TcpServer::TcpServer(std::shared_ptr<Core> core) : core_(std::move(core)) {}

TcpServer::~TcpServer() {
  core_->shutdown();
}

void TcpServer::start(AcceptHandler on_accept) {
  if (core_->closed || core_->on_accept) return;
  core_->on_accept = std::move(on_accept);
  core_->accept_next();
}

void TcpServer::close() {
  core_->shutdown();
}

std::uint16_t TcpServer::port() const {
  return core_->port;
}

std::string TcpServer::description() const {
  return core_->description;
}

std::optional<Error> TcpServer::last_error() const {
  return core_->last_error;
}

}  // namespace kj::drivers
