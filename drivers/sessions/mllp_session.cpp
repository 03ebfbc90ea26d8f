#include "drivers/sessions/mllp_session.hpp"

#include "protocols/hl7/ack.hpp"
#include "protocols/hl7/mllp.hpp"
#include "protocols/hl7/timestamp.hpp"

namespace kj::drivers {

namespace hl7 = protocols::hl7;

// One accepted connection: its own framer (blocks may be split anywhere), stream offsets
// counted from its first byte.
class MllpSession::Connection final : public StreamListener {
 public:
  Connection(MllpSession& owner, std::unique_ptr<ByteStream> stream) : owner_(owner), stream_(std::move(stream)) {}
  ~Connection() override { stream_->close(); }

  void start() { stream_->start(*this); }
  void close() { stream_->close(); }
  ByteStream& stream() { return *stream_; }
  [[nodiscard]] const ByteStream& stream() const { return *stream_; }

  void on_bytes(std::span<const std::uint8_t> bytes) override {
    framer_.feed(bytes);
    drain();
  }
  void on_closed(const Error& /*reason*/) override {
    framer_.finish();
    drain();
    owner_.drop(this);
  }

 private:
  void drain() {
    while (auto event = framer_.next()) {
      if (const auto* block = std::get_if<hl7::MllpBlock>(&*event)) {
        owner_.on_block(*this, *block);
      } else {
        owner_.on_decode_error(std::get<protocols::DecodeError>(*event));
      }
    }
  }

  MllpSession& owner_;
  std::unique_ptr<ByteStream> stream_;
  hl7::MllpFramer framer_;
};

Result<std::unique_ptr<MllpSession>> MllpSession::listen(IoContext& io, DeviceSpec spec, SessionHandlers handlers) {
  const auto* where = std::get_if<TcpListen>(&spec.transport);
  if (where == nullptr)
    return make_error(protocols::make_error_code(protocols::Errc::bad_option),
                      "hl7: the device must dial us (tcp listen)", "hl7：设备应主动连接本机（tcp listen）");
  auto server = TcpServer::listen(io, where->local);
  if (!server) return server.error();
  return std::unique_ptr<MllpSession>(new MllpSession(io, std::move(spec), std::move(handlers), std::move(*server)));
}

MllpSession::MllpSession(IoContext& io, DeviceSpec spec, SessionHandlers handlers, std::unique_ptr<TcpServer> server)
    : io_(io), spec_(std::move(spec)), handlers_(std::move(handlers)), server_(std::move(server)) {}

MllpSession::~MllpSession() {
  stop();
}

void MllpSession::start() {
  if (state_ != SessionState::idle) return;
  state_ = SessionState::running;
  server_->start([this](std::unique_ptr<ByteStream> stream) { on_accept(std::move(stream)); });
}

void MllpSession::stop() {
  if (server_) server_->close();
  for (auto& connection : connections_) connection->close();
  connections_.clear();
  if (state_ == SessionState::running) state_ = SessionState::done;
}

void MllpSession::on_accept(std::unique_ptr<ByteStream> stream) {
  ++connections_accepted_;
  auto& connection = connections_.emplace_back(std::make_unique<Connection>(*this, std::move(stream)));
  connection->start();
}

void MllpSession::on_block(Connection& connection, const hl7::MllpBlock& block) {
  hl7::Receipt receipt = reader_.read(block);
  // Hand on first…
  if (receipt.error) {
    on_decode_error(*receipt.error);
  } else {
    ++frames_ok_;
    last_frame_ = std::chrono::system_clock::now();
  }
  for (const auto& observation : receipt.observations) {
    ++observations_;
    if (handlers_.on_observation)
      handlers_.on_observation(observation,
                               RawRef{spec_.name, std::nullopt, observation.offset, observation.raw.size()});
  }
  // …then acknowledge.
  if (!receipt.ack) return;
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const hl7::AckHeader header{"kuaijian", spec_.name, "KJ" + std::to_string(next_ack_id_++),
                              hl7::format_dtm(now, std::chrono::minutes(0))};
  const std::string ack = hl7::build_ack(receipt.header.value_or(hl7::MessageHeader{}), *receipt.ack, header);
  const Status sent = connection.stream().write(hl7::mllp_encode(ack));
  if (!sent.ok()) {
    last_error_ = sent.error();
    if (handlers_.on_error) handlers_.on_error(SessionError{spec_.name, std::nullopt, sent.error()});
  }
}

void MllpSession::on_decode_error(const protocols::DecodeError& error) {
  ++frames_rejected_;
  if (handlers_.on_error) handlers_.on_error(SessionError{spec_.name, error, std::nullopt});
}

void MllpSession::drop(Connection* connection) {
  // Called from inside the connection's own callback: destroy it once that has returned.
  asio::post(io_, [this, connection, alive = std::weak_ptr<char>(alive_)] {
    if (alive.expired()) return;
    connections_.remove_if([connection](const auto& held) { return held.get() == connection; });
  });
}

DeviceHealth MllpSession::health() const {
  DeviceHealth health;
  health.name = spec_.name;
  health.protocol = spec_.protocol;
  health.transport = describe(spec_.transport);
  health.state = state_;
  health.link.state = state_ == SessionState::running ? LinkState::open : LinkState::closed;
  for (const auto& connection : connections_) {
    const StreamHealth link = connection->stream().health();
    health.link.bytes_in += link.bytes_in;
    health.link.bytes_out += link.bytes_out;
    if (link.last_rx && (!health.link.last_rx || *link.last_rx > *health.link.last_rx))
      health.link.last_rx = link.last_rx;
  }
  health.last_frame = last_frame_;
  health.frames_ok = frames_ok_;
  health.frames_rejected = frames_rejected_;
  health.observations = observations_;
  health.reconnects = connections_accepted_ > 0 ? static_cast<std::uint32_t>(connections_accepted_ - 1) : 0;
  health.last_error = last_error_ ? last_error_ : (server_ ? server_->last_error() : std::nullopt);
  return health;
}

std::optional<std::uint16_t> MllpSession::listening_port() const {
  if (!server_) return std::nullopt;
  return server_->port();
}

}  // namespace kj::drivers
