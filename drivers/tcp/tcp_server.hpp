// Listening for devices that dial in (HL7/MLLP analyzers, LIS gateways): every accepted
// connection becomes an independent stream handed to the caller.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "drivers/asio.hpp"
#include "drivers/byte_stream.hpp"
#include "drivers/tcp/tcp_endpoint.hpp"

namespace kj::drivers {

class TcpServer {
 public:
  using AcceptHandler = std::function<void(std::unique_ptr<ByteStream>)>;

  // Binds and listens on `where` (port 0: the OS picks a free port, see port()). port_busy
  // when the port is taken, connect_failed when the host does not resolve, port_failed otherwise.
  static Result<std::unique_ptr<TcpServer>> listen(IoContext& io, const TcpEndpoint& where);

  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  // Accepts connections until close(), handing each to `on_accept` (not started yet). An accept
  // error other than close() (e.g. too many open files) is kept in last_error() and accepting
  // resumes a second later.
  void start(AcceptHandler on_accept);
  void close();  // stops accepting; streams already handed out live on

  [[nodiscard]] std::uint16_t port() const;       // the bound port, useful after listening on port 0
  [[nodiscard]] std::string description() const;  // "tcp listen 127.0.0.1:40213"
  [[nodiscard]] std::optional<Error> last_error() const;

 private:
  struct Core;
  explicit TcpServer(std::shared_ptr<Core> core);
  std::shared_ptr<Core> core_;
};

}  // namespace kj::drivers
