#include "protocols/hl7/mllp.hpp"

#include <cstring>
#include <string>

namespace kj::protocols::hl7 {
namespace {

constexpr std::uint8_t kCarriageReturn = 0x0D;
constexpr std::uint8_t kLineFeed = 0x0A;

// Index of the first `a` or `b` in data[from, to), or `to`. Two memchr passes beat a byte loop:
// the bytes sought are rare, so each pass runs at memory speed.
std::size_t find_either(const std::uint8_t* data, std::size_t from, std::size_t to, std::uint8_t a, std::uint8_t b) {
  if (from >= to) return to;
  const void* found_a = std::memchr(data + from, a, to - from);
  const std::size_t limit =
      found_a != nullptr ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(found_a) - data) : to;
  if (limit == from) return limit;
  const void* found_b = std::memchr(data + from, b, limit - from);
  return found_b != nullptr ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(found_b) - data) : limit;
}

}  // namespace

MllpFramer::MllpFramer(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

void MllpFramer::feed(std::span<const std::uint8_t> bytes) {
  finishing_ = false;
  // Drop what has been consumed; an open block stays, since its bytes will be handed out whole.
  const std::size_t keep_from = state_ == State::block ? block_start_ : cursor_;
  if (keep_from > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(keep_from));
    base_offset_ += keep_from;
    cursor_ -= keep_from;
    if (state_ == State::block) block_start_ -= keep_from;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void MllpFramer::finish() {
  finishing_ = true;
}

void MllpFramer::start_block(std::size_t index) {
  state_ = State::block;
  block_start_ = index;
  cursor_ = index + 1;
}

std::optional<MllpEvent> MllpFramer::next() {
  for (;;) {
    const std::size_t end = buffer_.size();
    switch (state_) {
      case State::idle: {
        while (cursor_ < end && (buffer_[cursor_] == kCarriageReturn || buffer_[cursor_] == kLineFeed)) ++cursor_;
        if (cursor_ == end) return std::nullopt;
        if (buffer_[cursor_] == kStartBlock) {
          start_block(cursor_);
        } else {
          state_ = State::garbage;
          run_start_ = offset_of(cursor_);
          ++cursor_;
        }
        break;
      }
      case State::garbage: {
        const std::size_t found = find_either(buffer_.data(), cursor_, end, kStartBlock, kStartBlock);
        if (found == end) {
          cursor_ = end;
          if (!finishing_) return std::nullopt;
          state_ = State::idle;
        } else {
          start_block(found);
        }
        return DecodeError{Errc::garbage, "bytes outside an MLLP block", run_start_};
      }
      case State::block: return scan_block();
      case State::skipping: {
        const std::size_t found = find_either(buffer_.data(), cursor_, end, kEndBlock, kStartBlock);
        if (found == end) {
          cursor_ = end;
          if (finishing_) state_ = State::idle;
          return std::nullopt;
        }
        if (buffer_[found] == kStartBlock) {
          start_block(found);
        } else {
          cursor_ = found + 1;  // the oversize block's own end; a CR after it is skipped when idle
          state_ = State::idle;
        }
        break;
      }
    }
  }
}

std::optional<MllpEvent> MllpFramer::scan_block() {
  const std::size_t end = buffer_.size();
  const std::size_t content = block_start_ + 1;
  // An end found beyond max_message_bytes_ would be too late: stop looking there.
  const std::size_t limit = end - content > max_message_bytes_ ? content + max_message_bytes_ + 1 : end;
  const std::size_t found = find_either(buffer_.data(), cursor_, limit, kEndBlock, kStartBlock);
  if (found < limit && buffer_[found] == kEndBlock) {
    if (found + 1 == end && !finishing_) {
      cursor_ = found;  // wait for the byte after 0x1C
      return std::nullopt;
    }
    std::size_t stop = found + 1;
    if (stop < end && buffer_[stop] == kCarriageReturn) ++stop;
    MllpBlock block{std::span<const std::uint8_t>(buffer_).subspan(block_start_, stop - block_start_),
                    std::span<const std::uint8_t>(buffer_).subspan(content, found - content), offset_of(block_start_)};
    cursor_ = stop;
    state_ = State::idle;
    return block;
  }
  if (found < limit) {  // 0x0B: the peer restarted
    DecodeError error{Errc::truncated, "MLLP block restarted (0x0B) before its end (0x1C)", offset_of(block_start_)};
    start_block(found);
    return error;
  }
  if (limit - content > max_message_bytes_) {
    DecodeError error{Errc::buffer_overflow,
                      "HL7 message longer than the maximum of " + std::to_string(max_message_bytes_) + " bytes",
                      offset_of(block_start_)};
    state_ = State::skipping;
    cursor_ = limit;
    return error;
  }
  cursor_ = end;
  if (finishing_) {
    state_ = State::idle;
    return DecodeError{Errc::truncated, "MLLP block not closed (0x1C) at end of input", offset_of(block_start_)};
  }
  return std::nullopt;
}

std::vector<std::uint8_t> mllp_encode(std::string_view message) {
  std::vector<std::uint8_t> out;
  out.reserve(message.size() + 3);
  out.push_back(kStartBlock);
  out.insert(out.end(), message.begin(), message.end());
  out.push_back(kEndBlock);
  out.push_back(kCarriageReturn);
  return out;
}

}  // namespace kj::protocols::hl7
