// MLLP (Minimal Lower Layer Protocol), the block framing of HL7 v2 over TCP:
// 0x0B <message> 0x1C 0x0D. The framer is incremental (any split of the stream gives the same
// blocks and errors) and bounded (a message longer than the configured maximum is dropped).
//
// How a broken stream is read:
// - Bytes outside a block are garbage: one `garbage` error per run, reported when the next block
//   starts or at finish(). CR and LF between blocks are ignored without an error, because
//   senders commonly end a block 0x1C 0x0D 0x0A or put a newline after it.
// - 0x0B inside a block means the peer gave up and started again: a `truncated` error for the
//   partial message, and the new block starts at that 0x0B.
// - 0x1C not followed by 0x0D is tolerated: the message is complete at 0x1C (the byte after it
//   is read as outside any block). 0x1C cannot be HL7 text, and refusing a complete message
//   would leave the sender retrying forever. The block is emitted once the byte after 0x1C is
//   seen (or at finish()), so that `bytes` can say whether a 0x0D belonged to it.
// - A message longer than the maximum: a `buffer_overflow` error as soon as the bound is passed,
//   then everything up to the next 0x0B (or the oversize block's own 0x1C) is skipped.
// - A block still open at finish(): a `truncated` error.
// Error offsets are stream offsets (from 0 at construction) of the 0x0B or the first garbage byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"

namespace kj::protocols::hl7 {

inline constexpr std::uint8_t kStartBlock = 0x0B;
inline constexpr std::uint8_t kEndBlock = 0x1C;
inline constexpr std::size_t kDefaultMaxMessageBytes = std::size_t{1} << 20;

// One complete block. The spans point into the framer and stay valid until the next call to
// feed(), next() or finish().
struct MllpBlock {
  std::span<const std::uint8_t> bytes;    // the whole block: 0x0B … 0x1C [0x0D]
  std::span<const std::uint8_t> message;  // the HL7 message inside the envelope
  std::uint64_t offset = 0;               // stream offset of the 0x0B

  [[nodiscard]] std::string_view text() const {
    return {reinterpret_cast<const char*>(message.data()), message.size()};
  }
};

using MllpEvent = std::variant<MllpBlock, DecodeError>;

class MllpFramer {
 public:
  explicit MllpFramer(std::size_t max_message_bytes = kDefaultMaxMessageBytes);

  void feed(std::span<const std::uint8_t> bytes);
  // The next block or error, or nothing until more bytes are fed.
  std::optional<MllpEvent> next();
  // End of input: an open block or garbage run is reported by the following next() calls.
  void finish();

 private:
  enum class State { idle, garbage, block, skipping };

  [[nodiscard]] std::uint64_t offset_of(std::size_t index) const { return base_offset_ + index; }
  void start_block(std::size_t index);
  std::optional<MllpEvent> scan_block();

  std::size_t max_message_bytes_;
  std::vector<std::uint8_t> buffer_;  // bytes not yet consumed (plus the open block)
  std::uint64_t base_offset_ = 0;     // stream offset of buffer_[0]
  std::size_t cursor_ = 0;            // next byte of buffer_ to look at
  State state_ = State::idle;
  std::size_t block_start_ = 0;  // block: index of its 0x0B in buffer_
  std::uint64_t run_start_ = 0;  // garbage: stream offset of the run's first byte
  bool finishing_ = false;
};

// Wraps one HL7 message in an MLLP block.
std::vector<std::uint8_t> mllp_encode(std::string_view message);

}  // namespace kj::protocols::hl7
