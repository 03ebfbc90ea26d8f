// Cuts a byte stream that carries JSON objects one after another (the DY-6260 answers on a
// TCP connection) into whole objects, by balance: braces and brackets are counted outside
// strings, with escapes tracked, so a "}" inside a sample name does not end the object.
// Between objects, whitespace is skipped and the host's words (READ, SAKJ) are recognised and
// skipped; any other run of bytes is one garbage error. An object longer than the bound is one
// buffer_overflow error and is skipped to its end without being buffered. Parsing the object
// is the caller's job (json_reader.hpp). Any feed split gives the same output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"

namespace kj::protocols::dy6260 {

struct JsonObjectBytes {
  std::vector<std::uint8_t> bytes;  // from '{' to the matching '}'
  std::uint64_t offset = 0;         // stream offset of the '{'
};

using SplitEvent = std::variant<JsonObjectBytes, DecodeError>;

class JsonObjectSplitter {
 public:
  // `host_words`: byte strings to skip between objects (what the host sends on the link).
  JsonObjectSplitter(std::size_t max_object_bytes, std::vector<std::string> host_words);

  void feed(std::span<const std::uint8_t> bytes);
  // End of input: an unfinished object is a `truncated` error, pending garbage is reported.
  void finish();
  std::optional<SplitEvent> next();

 private:
  enum class State { between, in_object, skipping_oversize };

  // One step of the state machine; false when it needs more input.
  bool step();
  bool step_between();
  bool scan_object();
  void flush_garbage();
  // Consumes `n` buffered bytes (not part of any pending object).
  void consume(std::size_t n);

  std::size_t max_object_bytes_;
  std::vector<std::string> host_words_;
  std::vector<std::uint8_t> buffer_;
  std::size_t start_ = 0;            // first unconsumed byte in buffer_ (an object's '{' while in one)
  std::uint64_t buffer_offset_ = 0;  // stream offset of buffer_[0]
  bool finished_ = false;
  std::deque<SplitEvent> ready_;

  State state_ = State::between;
  // Object scanning: bytes from start_ already looked at, nesting depth, string state.
  std::size_t scanned_ = 0;
  std::size_t depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  std::uint64_t object_offset_ = 0;
  // A run of garbage between objects, reported as one error.
  std::optional<std::uint64_t> garbage_offset_;
  std::uint64_t garbage_length_ = 0;
};

}  // namespace kj::protocols::dy6260
