#include "drivers/sessions/stream_session.hpp"

#include "drivers/serial/open_serial.hpp"
#include "drivers/tcp/tcp_client.hpp"

namespace kj::drivers {

Result<std::optional<CaptureWriter>> open_capture(const DeviceSpec& spec) {
  if (!spec.capture) return std::optional<CaptureWriter>{};
  auto writer = CaptureWriter::open(*spec.capture, CaptureHeader{spec.name, spec.protocol});
  if (!writer) return writer.error();
  return std::optional<CaptureWriter>{std::move(*writer)};
}

std::unique_ptr<StreamOpener> make_opener(IoContext& io, const DeviceSpec& spec) {
  if (const auto* serial = std::get_if<SerialLink>(&spec.transport))
    return std::make_unique<SerialOpener>(io, serial->path, serial->settings);
  if (const auto* tcp = std::get_if<TcpConnect>(&spec.transport))
    return std::make_unique<TcpClientOpener>(io, tcp->peer);
  return nullptr;
}

std::string_view to_string(SessionState state) {
  switch (state) {
    case SessionState::idle: return "idle";
    case SessionState::running: return "running";
    case SessionState::done: return "done";
    case SessionState::failed: return "failed";
  }
  return "?";
}

StreamSession::StreamSession(IoContext& io, DeviceSpec spec, SessionHandlers handlers,
                             std::optional<CaptureWriter> capture)
    : io_(io),
      spec_(std::move(spec)),
      handlers_(std::move(handlers)),
      pending_capture_(std::move(capture)),
      timer_(io) {}

StreamSession::~StreamSession() {
  if (stream_) stream_->close();
}

void StreamSession::attach(std::unique_ptr<ByteStream> stream) {
  if (pending_capture_) {
    capture_path_ = pending_capture_->path();
    capture_base_ = pending_capture_->rx_bytes();
    auto capturing = std::make_unique<CapturingStream>(std::move(stream), std::move(*pending_capture_));
    pending_capture_.reset();
    capturing_ = capturing.get();
    stream = std::move(capturing);
  }
  stream_ = std::move(stream);
  state_ = SessionState::running;
  stream_->start(*this);
}

void StreamSession::send(std::span<const std::uint8_t> bytes) {
  if (!stream_) return;
  const Status sent = stream_->write(bytes);
  if (!sent.ok()) link_error(sent.error());
}

void StreamSession::emit(const protocols::DecodeEvent& event) {
  if (const auto* error = std::get_if<protocols::DecodeError>(&event)) {
    ++frames_rejected_;
    if (handlers_.on_error) handlers_.on_error(SessionError{spec_.name, *error, std::nullopt});
    return;
  }
  const auto& observation = std::get<protocols::Observation>(event);
  ++observations_;
  last_frame_ = std::chrono::system_clock::now();
  if (handlers_.on_observation)
    handlers_.on_observation(
        observation,
        RawRef{spec_.name, capture_path_, capture_base_ + decoder_base_ + observation.offset, observation.raw.size()});
}

void StreamSession::link_error(const Error& error) {
  last_error_ = error;
  if (handlers_.on_error) handlers_.on_error(SessionError{spec_.name, std::nullopt, error});
}

void StreamSession::frame_ok() {
  ++frames_ok_;
  last_frame_ = std::chrono::system_clock::now();
}

void StreamSession::arm(std::optional<SteadyTime> when) {
  if (when == armed_) return;  // most bytes leave the deadline as it was
  armed_ = when;
  timer_.cancel();
  if (!when) return;
  timer_.expires_at(*when);
  timer_.async_wait([this, alive = std::weak_ptr<char>(alive_)](const IoError& error) {
    if (error == asio::error::operation_aborted || alive.expired()) return;
    armed_.reset();
    if (state_ != SessionState::running) return;
    on_timer(std::chrono::steady_clock::now());
  });
}

void StreamSession::finish(SessionState state) {
  if (state_ == SessionState::done || state_ == SessionState::failed) return;
  state_ = state;
  timer_.cancel();
  armed_.reset();
  if (stream_) stream_->close();
  if (handlers_.on_done) handlers_.on_done();
}

void StreamSession::stop() {
  timer_.cancel();
  armed_.reset();
  if (stream_) stream_->close();
  if (state_ == SessionState::running) state_ = SessionState::done;
}

DeviceHealth StreamSession::health() const {
  DeviceHealth health;
  health.name = spec_.name;
  health.protocol = spec_.protocol;
  health.transport = describe(spec_.transport);
  health.state = state_;
  if (stream_) health.link = stream_->health();
  health.last_frame = last_frame_;
  health.frames_ok = frames_ok_;
  health.frames_rejected = frames_rejected_;
  health.observations = observations_;
  health.reconnects = health.link.reconnects;
  health.last_error = last_error_ ? last_error_ : health.link.last_error;
  return health;
}

}  // namespace kj::drivers
