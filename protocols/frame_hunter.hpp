// Splits a byte stream into frames for protocols that resynchronise by hunting: a framing rule
// looks at the bytes from the hunt position and says "a frame of N bytes", "need more bytes" or
// "not a frame here"; on a rejection the hunter drops one byte and hunts again. Consecutive
// rejected bytes form one bad run and yield one DecodeError (offset = where the run began, code
// = why its first byte was rejected), emitted just before the next good frame or at the end.
// The rule sees the same bytes whatever the feed split, so the output does not depend on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"

namespace kj::protocols {

// What a framing rule says about the bytes at the hunt position.
struct Probe {
  enum class Kind { frame, need_more, reject };
  Kind kind = Kind::need_more;
  std::size_t length = 0;       // frame: its length in bytes
  Errc reason = Errc::garbage;  // reject: why no frame starts here
  const char* why = "";         // reject: the same, in English, for the error message

  static Probe frame_of(std::size_t length) { return {Kind::frame, length, Errc::garbage, ""}; }
  static Probe more() { return {}; }
  static Probe reject(Errc reason, const char* why) { return {Kind::reject, 0, reason, why}; }
};

// A complete frame as it was on the wire, with the stream offset of its first byte.
struct RawFrame {
  std::vector<std::uint8_t> bytes;
  std::uint64_t offset = 0;
};

using HuntEvent = std::variant<RawFrame, DecodeError>;

class FrameHunter {
 public:
  // Called with the unconsumed bytes (never empty). It must ask for more only while a frame
  // could still complete within its own bound, so no frame ever needs an unbounded buffer.
  using Rule = std::function<Probe(std::span<const std::uint8_t>)>;

  explicit FrameHunter(Rule rule);

  void feed(std::span<const std::uint8_t> bytes);
  // End of input: a frame still waiting for bytes is rejected as truncated, and hunting goes
  // on over the bytes after its start, so a good frame behind a false start is still found.
  void finish();
  std::optional<HuntEvent> next();

 private:
  struct BadRun {
    std::uint64_t offset;
    Errc reason;
    const char* why;
    std::uint64_t length;
  };

  DecodeError close_bad_run();

  Rule rule_;
  std::vector<std::uint8_t> buffer_;
  std::size_t start_ = 0;            // first unconsumed byte in buffer_
  std::uint64_t buffer_offset_ = 0;  // stream offset of buffer_[0]
  bool finished_ = false;
  std::optional<BadRun> bad_run_;
  std::optional<RawFrame> held_;  // the good frame that ended a bad run, given out after its error
};

}  // namespace kj::protocols
