#include "drivers/reconnect/reconnecting_stream.hpp"

#include <chrono>

#include "drivers/errors.hpp"

namespace kj::drivers {

ReconnectingStream::ReconnectingStream(IoContext& io, std::unique_ptr<StreamOpener> opener, Backoff backoff,
                                       RandomSource random)
    : io_(io),
      opener_(std::move(opener)),
      backoff_(backoff),
      random_(std::move(random)),
      engine_(std::random_device{}()),
      timer_(io) {
  health_.state = LinkState::closed;
}

ReconnectingStream::~ReconnectingStream() {
  close();
}

void ReconnectingStream::start(StreamListener& listener) {
  if (closed_ || listener_ != nullptr) return;
  listener_ = &listener;
  open_next();
}

void ReconnectingStream::open_next() {
  health_.state = LinkState::connecting;
  health_.next_attempt.reset();
  if (!notify()) return;
  opener_->async_open([this, alive = std::weak_ptr<char>(alive_)](Result<std::unique_ptr<ByteStream>> opened) {
    if (alive.expired() || closed_) return;
    on_opened(std::move(opened));
  });
}

void ReconnectingStream::on_opened(Result<std::unique_ptr<ByteStream>> opened) {
  if (!opened) {
    ++failures_;
    health_.last_error = opened.error();
    schedule_retry();
    return;
  }
  current_ = std::move(opened).value();
  opened_at_ = std::chrono::steady_clock::now();
  heard_since_open_ = false;
  if (ever_opened_) ++health_.reconnects;
  ever_opened_ = true;
  health_.state = LinkState::open;
  // The listener may write (a poll, a greeting) as soon as it hears the link is open.
  if (!notify()) return;
  if (current_) current_->start(forwarder_);
}

void ReconnectingStream::on_dropped(const Error& reason) {
  health_.last_error = reason;
  retire_current();
  // A link that worked starts the backoff afresh. One that dropped at once without a byte (a
  // server that accepts and hangs up, a port that opens but fails) keeps growing it, or it
  // would be redialled every half second forever.
  const bool worked = heard_since_open_ || std::chrono::steady_clock::now() - opened_at_ >= backoff_.max;
  failures_ = worked ? 1 : failures_ + 1;
  schedule_retry();
}

void ReconnectingStream::schedule_retry() {
  const std::chrono::milliseconds delay = backoff_delay(backoff_, failures_, draw());
  health_.state = LinkState::backoff;
  health_.next_attempt = std::chrono::steady_clock::now() + delay;
  if (!notify()) return;
  timer_.expires_after(delay);
  timer_.async_wait([this, alive = std::weak_ptr<char>(alive_)](const IoError& error) {
    if (error || alive.expired() || closed_) return;
    open_next();
  });
}

void ReconnectingStream::retire_current() {
  if (!current_) return;
  bytes_out_before_ += current_->health().bytes_out;
  current_->close();
  // Destroyed later, not inside its own callback, whatever kind of stream it is.
  asio::post(io_, [retired = std::shared_ptr<ByteStream>(std::move(current_))] {});
}

bool ReconnectingStream::notify() {
  if (listener_ == nullptr) return !closed_;
  const std::weak_ptr<char> alive = alive_;
  listener_->on_state(health());
  return !alive.expired() && !closed_;
}

double ReconnectingStream::draw() {
  if (random_) return random_();
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
}

Status ReconnectingStream::write(std::span<const std::uint8_t> bytes) {
  if (closed_ || !current_) {
    const std::string name = description();
    return make_error(make_error_code(Errc::disconnected), name + ": link down, reconnecting; nothing was sent",
                      name + "：连接已断开，正在重连；未发送任何数据");
  }
  return current_->write(bytes);
}

void ReconnectingStream::close() {
  if (closed_) return;
  closed_ = true;
  opener_->cancel();
  timer_.cancel();
  retire_current();
  health_.state = LinkState::closed;
  health_.next_attempt.reset();
  listener_ = nullptr;
}

std::string ReconnectingStream::description() const {
  return opener_->description();
}

StreamHealth ReconnectingStream::health() const {
  StreamHealth health = health_;
  health.bytes_out = bytes_out_before_ + (current_ ? current_->health().bytes_out : 0);
  return health;
}

void ReconnectingStream::Forwarder::on_bytes(std::span<const std::uint8_t> bytes) {
  owner_.heard_since_open_ = true;
  owner_.health_.bytes_in += bytes.size();
  owner_.health_.last_rx = std::chrono::system_clock::now();
  if (owner_.listener_ != nullptr) owner_.listener_->on_bytes(bytes);
}

void ReconnectingStream::Forwarder::on_closed(const Error& reason) {
  if (!owner_.closed_) owner_.on_dropped(reason);
}

}  // namespace kj::drivers
