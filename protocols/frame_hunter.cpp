#include "protocols/frame_hunter.hpp"

#include <stdexcept>
#include <utility>

namespace kj::protocols {

FrameHunter::FrameHunter(Rule rule) : rule_(std::move(rule)) {}

void FrameHunter::feed(std::span<const std::uint8_t> bytes) {
  // Drop what was consumed before growing, so the buffer holds at most one pending frame
  // plus what the caller fed without draining.
  if (start_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    buffer_offset_ += start_;
    start_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void FrameHunter::finish() {
  finished_ = true;
}

DecodeError FrameHunter::close_bad_run() {
  const BadRun run = *bad_run_;
  bad_run_.reset();
  std::string message = run.why;
  message += " (" + std::to_string(run.length) + (run.length == 1 ? " byte skipped)" : " bytes skipped)");
  return DecodeError{run.reason, std::move(message), run.offset};
}

std::optional<HuntEvent> FrameHunter::next() {
  if (held_) {
    HuntEvent event = std::move(*held_);
    held_.reset();
    return event;
  }
  for (;;) {
    const auto pending = std::span<const std::uint8_t>(buffer_).subspan(start_);
    if (pending.empty()) {
      if (finished_ && bad_run_) return close_bad_run();
      return std::nullopt;
    }
    Probe probe = rule_(pending);
    if (probe.kind == Probe::Kind::need_more) {
      if (!finished_) return std::nullopt;
      probe = Probe::reject(Errc::truncated, "frame cut short by the end of input");
    }
    if (probe.kind == Probe::Kind::reject) {
      if (!bad_run_) bad_run_ = BadRun{buffer_offset_ + start_, probe.reason, probe.why, 0};
      ++bad_run_->length;
      ++start_;
      continue;
    }
    if (probe.length == 0 || probe.length > pending.size()) throw std::logic_error("framing rule gave a bad length");
    RawFrame frame{
        std::vector<std::uint8_t>(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(probe.length)),
        buffer_offset_ + start_};
    start_ += probe.length;
    if (bad_run_) {
      held_ = std::move(frame);
      return close_bad_run();
    }
    return frame;
  }
}

}  // namespace kj::protocols
