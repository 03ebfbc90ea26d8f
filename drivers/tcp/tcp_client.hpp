// Dialling a TCP device: resolve, connect, give up after a timeout. As a StreamOpener it lets
// a ReconnectingStream dial again after the peer closed or reset the connection.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "drivers/asio.hpp"
#include "drivers/byte_stream.hpp"
#include "drivers/tcp/tcp_endpoint.hpp"

namespace kj::drivers {

class TcpClientOpener final : public StreamOpener {
 public:
  TcpClientOpener(IoContext& io, TcpEndpoint peer, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~TcpClientOpener() override;
  TcpClientOpener(const TcpClientOpener&) = delete;
  TcpClientOpener& operator=(const TcpClientOpener&) = delete;

  // Resolves and connects within the timeout (one steady_timer; when it fires, closing the
  // socket cancels the attempt). connect_failed names the peer and the reason: refused,
  // unreachable, unknown host, or no answer within the timeout.
  void async_open(OpenHandler done) override;
  void cancel() override;
  [[nodiscard]] std::string description() const override;  // "tcp host:port"

 private:
  struct Attempt;
  IoContext& io_;
  TcpEndpoint peer_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<Attempt> attempt_;
};

}  // namespace kj::drivers
