#include "protocols/dy6260/json_object_splitter.hpp"

#include <algorithm>
#include <utility>

namespace kj::protocols::dy6260 {
namespace {

bool is_json_whitespace(std::uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

JsonObjectSplitter::JsonObjectSplitter(std::size_t max_object_bytes, std::vector<std::string> host_words)
    : max_object_bytes_(max_object_bytes), host_words_(std::move(host_words)) {}

void JsonObjectSplitter::feed(std::span<const std::uint8_t> bytes) {
  if (start_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    buffer_offset_ += start_;
    start_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void JsonObjectSplitter::finish() {
  finished_ = true;
}

std::optional<SplitEvent> JsonObjectSplitter::next() {
  while (ready_.empty() && step()) {
  }
  if (ready_.empty()) return std::nullopt;
  SplitEvent event = std::move(ready_.front());
  ready_.pop_front();
  return event;
}

void JsonObjectSplitter::consume(std::size_t n) {
  start_ += n;
}

void JsonObjectSplitter::flush_garbage() {
  if (!garbage_offset_) return;
  ready_.push_back(DecodeError{Errc::garbage,
                               "DY-6260: bytes outside any JSON document (" + std::to_string(garbage_length_) +
                                   (garbage_length_ == 1 ? " byte skipped)" : " bytes skipped)"),
                               *garbage_offset_});
  garbage_offset_.reset();
  garbage_length_ = 0;
}

bool JsonObjectSplitter::step() {
  return state_ == State::between ? step_between() : scan_object();
}

bool JsonObjectSplitter::step_between() {
  const std::span<const std::uint8_t> pending = std::span<const std::uint8_t>(buffer_).subspan(start_);
  if (pending.empty()) {
    if (finished_ && garbage_offset_) {
      flush_garbage();
      return true;
    }
    return false;
  }
  const std::uint64_t offset = buffer_offset_ + start_;
  const std::uint8_t c = pending[0];
  if (c == '{') {
    flush_garbage();
    state_ = State::in_object;
    object_offset_ = offset;
    scanned_ = 0;
    depth_ = 0;
    in_string_ = false;
    escaped_ = false;
    return true;
  }
  if (is_json_whitespace(c)) {
    if (garbage_offset_) ++garbage_length_;  // inside a run, whitespace is part of it
    consume(1);
    return true;
  }
  bool could_match = false;
  for (const std::string& word : host_words_) {
    const std::size_t n = std::min(word.size(), pending.size());
    if (!std::equal(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(n), word.begin())) continue;
    if (n == word.size()) {
      flush_garbage();
      consume(n);
      return true;
    }
    could_match = true;
  }
  if (could_match && !finished_) return false;  // wait for the rest of a host word
  if (!garbage_offset_) garbage_offset_ = offset;
  ++garbage_length_;
  consume(1);
  return true;
}

bool JsonObjectSplitter::scan_object() {
  const bool keeping = state_ == State::in_object;
  std::size_t i = start_ + scanned_;
  for (; i < buffer_.size(); ++i) {
    const std::uint8_t c = buffer_[i];
    bool closed = false;
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
    } else if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (c == '}' || c == ']') {
      closed = --depth_ == 0;
    }
    const std::size_t length = i + 1 - start_;
    if (closed) {
      if (keeping) {
        const auto first = buffer_.begin() + static_cast<std::ptrdiff_t>(start_);
        ready_.push_back(JsonObjectBytes{std::vector<std::uint8_t>(first, first + static_cast<std::ptrdiff_t>(length)),
                                         object_offset_});
      }
      consume(length);
      state_ = State::between;
      return true;
    }
    if (keeping && length > max_object_bytes_) {
      ready_.push_back(DecodeError{Errc::buffer_overflow,
                                   "DY-6260 JSON document longer than the " + std::to_string(max_object_bytes_) +
                                       "-byte limit; skipped to its end",
                                   object_offset_});
      state_ = State::skipping_oversize;
      consume(length);
      scanned_ = 0;
      return true;
    }
  }
  if (keeping) {
    scanned_ = i - start_;
  } else {
    consume(i - start_);  // an oversize document is not kept
  }
  if (!finished_) return false;
  if (keeping) {
    ready_.push_back(DecodeError{
        Errc::truncated,
        "DY-6260 JSON document cut short by the end of input (" + std::to_string(buffer_.size() - start_) + " bytes)",
        object_offset_});
  }
  consume(buffer_.size() - start_);
  state_ = State::between;
  return true;
}

}  // namespace kj::protocols::dy6260
