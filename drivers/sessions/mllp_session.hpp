// An HL7 v2 sender (analyzer, LIS gateway) that dials us: we listen, and on every accepted
// connection each complete MLLP block is read, its observations handed to the handler, and
// ONLY THEN acknowledged (AA; AE when its content could not be read; AR when it is not an
// ORU^R01), with MSA-2 = its MSH-10. An ACK is never sent for results not yet handed on, so a
// crash between the two makes the sender resend rather than lose them. A block cut off by the
// connection closing is a truncated error, never an observation.
#pragma once

#include <cstdint>
#include <list>
#include <memory>

#include "drivers/sessions/device_session.hpp"
#include "drivers/tcp/tcp_server.hpp"
#include "protocols/hl7/message_reader.hpp"

namespace kj::drivers {

class MllpSession final : public DeviceSession {
 public:
  // Binds at once, so a busy port is an error here and not later.
  static Result<std::unique_ptr<MllpSession>> listen(IoContext& io, DeviceSpec spec, SessionHandlers handlers);
  ~MllpSession() override;

  void start() override;
  void stop() override;
  [[nodiscard]] DeviceHealth health() const override;
  [[nodiscard]] std::optional<std::uint16_t> listening_port() const override;

 private:
  class Connection;

  MllpSession(IoContext& io, DeviceSpec spec, SessionHandlers handlers, std::unique_ptr<TcpServer> server);
  void on_accept(std::unique_ptr<ByteStream> stream);
  void on_block(Connection& connection, const protocols::hl7::MllpBlock& block);
  void on_decode_error(const protocols::DecodeError& error);
  void drop(Connection* connection);

  IoContext& io_;
  DeviceSpec spec_;
  SessionHandlers handlers_;
  std::unique_ptr<TcpServer> server_;
  std::list<std::unique_ptr<Connection>> connections_;
  protocols::hl7::MessageReader reader_;
  SessionState state_ = SessionState::idle;
  std::uint64_t next_ack_id_ = 1;
  std::uint64_t connections_accepted_ = 0;
  std::uint64_t frames_ok_ = 0;
  std::uint64_t frames_rejected_ = 0;
  std::uint64_t observations_ = 0;
  std::optional<std::chrono::system_clock::time_point> last_frame_;
  std::optional<Error> last_error_;
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace kj::drivers
