#include "protocols/framed_decoder.hpp"

#include <utility>

namespace kj::protocols {

FramedDecoder::FramedDecoder(FrameHunter::Rule rule) : hunter_(std::move(rule)) {}

void FramedDecoder::feed(std::span<const std::uint8_t> bytes) {
  hunter_.feed(bytes);
}

void FramedDecoder::finish() {
  hunter_.finish();
}

std::optional<DecodeEvent> FramedDecoder::next() {
  while (ready_.empty()) {
    auto event = hunter_.next();
    if (!event) return std::nullopt;
    if (auto* error = std::get_if<DecodeError>(&*event)) return std::move(*error);
    interpret(std::get<RawFrame>(*event), ready_);
  }
  DecodeEvent event = std::move(ready_.front());
  ready_.pop_front();
  return event;
}

}  // namespace kj::protocols
