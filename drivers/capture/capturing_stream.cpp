#include "drivers/capture/capturing_stream.hpp"

#include <chrono>

namespace kj::drivers {

CapturingStream::CapturingStream(std::unique_ptr<ByteStream> inner, CaptureWriter writer, Clock clock)
    : inner_(std::move(inner)), writer_(std::move(writer)), clock_(std::move(clock)) {}

CapturingStream::~CapturingStream() {
  inner_->close();
}

void CapturingStream::start(StreamListener& listener) {
  if (listener_ != nullptr) return;
  listener_ = &listener;
  inner_->start(*this);
}

Status CapturingStream::write(std::span<const std::uint8_t> bytes) {
  Status written = inner_->write(bytes);
  if (written) record(Direction::tx, bytes);
  return written;
}

void CapturingStream::close() {
  inner_->close();
  listener_ = nullptr;
}

std::string CapturingStream::description() const {
  return inner_->description();
}

StreamHealth CapturingStream::health() const {
  return inner_->health();
}

void CapturingStream::on_bytes(std::span<const std::uint8_t> bytes) {
  record(Direction::rx, bytes);
  if (listener_ != nullptr) listener_->on_bytes(bytes);
}

void CapturingStream::on_closed(const Error& reason) {
  if (listener_ != nullptr) listener_->on_closed(reason);
}

void CapturingStream::on_state(const StreamHealth& health) {
  if (listener_ != nullptr) listener_->on_state(health);
}

void CapturingStream::record(Direction direction, std::span<const std::uint8_t> bytes) {
  const CaptureTime now =
      clock_ ? clock_() : std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
  if (Status appended = writer_.append(direction, bytes, now); !appended) capture_error_ = appended.error();
}

}  // namespace kj::drivers
