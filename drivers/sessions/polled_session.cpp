#include "drivers/sessions/polled_session.hpp"

namespace kj::drivers {

PolledSession::PolledSession(IoContext& io, DeviceSpec spec, SessionHandlers handlers,
                             std::optional<CaptureWriter> capture, std::unique_ptr<StreamOpener> opener,
                             std::unique_ptr<Poller> poller)
    : StreamSession(io, std::move(spec), std::move(handlers), std::move(capture)),
      opener_(std::move(opener)),
      poller_(std::move(poller)) {}

PolledSession::~PolledSession() {
  if (opener_) opener_->cancel();
}

void PolledSession::start() {
  if (state_ != SessionState::idle) return;
  state_ = SessionState::running;
  opener_->async_open([this, alive = std::weak_ptr<char>(alive_)](Result<std::unique_ptr<ByteStream>> opened) {
    if (alive.expired()) return;
    on_opened(std::move(opened));
  });
}

void PolledSession::on_opened(Result<std::unique_ptr<ByteStream>> opened) {
  if (state_ != SessionState::running) return;
  if (!opened) {
    link_error(opened.error());
    finish(SessionState::failed);
    return;
  }
  attach(std::move(*opened));
  poller_->begin();
  pump();
}

void PolledSession::on_bytes(std::span<const std::uint8_t> bytes) {
  count_rx(bytes.size());
  poller_->feed(bytes);
  pump();
}

void PolledSession::on_closed(const Error& reason) {
  poller_->on_closed();
  pump();
  if (state_ == SessionState::running) {
    link_error(reason);
    finish(SessionState::failed);
  }
}

void PolledSession::on_timer(SteadyTime /*now*/) {
  poller_->on_timeout();
  pump();
}

void PolledSession::pump() {
  while (state_ == SessionState::running) {
    auto output = poller_->next();
    if (!output) break;
    if (auto* request = std::get_if<PollRequest>(&*output)) {
      send(request->bytes);
    } else if (auto* event = std::get_if<protocols::DecodeEvent>(&*output)) {
      emit(*event);
    } else if (std::holds_alternative<PollFrame>(*output)) {
      frame_ok();
    } else {
      failed_ = true;
      link_error(std::get<PollFailure>(*output).error);
    }
  }
  if (state_ != SessionState::running) return;
  if (poller_->done()) {
    finish(failed_ ? SessionState::failed : SessionState::done);
    return;
  }
  arm(std::chrono::steady_clock::now() + poller_->wait());
}

}  // namespace kj::drivers
