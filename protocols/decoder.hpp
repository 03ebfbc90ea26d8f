// The interface every codec's receiving side offers to `kuaijian decode` and to the drivers:
// bytes in (any split), observations and errors out, in wire order. Pure: no I/O, no clock,
// no exceptions for bad peer input, bounded memory.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <variant>

#include "protocols/observation.hpp"

namespace kj::protocols {

// Why a frame was rejected. Values are stable: they are part of the machine output.
enum class Errc {
  bad_checksum = 1,
  bad_frame_number,
  bad_length,
  truncated,
  garbage,          // bytes that are not part of any frame
  buffer_overflow,  // a frame longer than the configured bound
  bad_layout,       // a frame of the right length whose fields make no sense
  bad_encoding,     // text that is not valid in the declared character set
  bad_option,       // a codec option that is unknown or has a wrong value
};

const std::error_category& protocols_category();
std::error_code make_error_code(Errc code);

// A frame or stretch of bytes that could not be decoded; decoding resumes after it.
struct DecodeError {
  Errc code;
  std::string message;  // English, for logs and `{"error": …}` lines
  std::uint64_t offset;  // stream offset where the bad frame began
  bool operator==(const DecodeError&) const = default;
};

using DecodeEvent = std::variant<Observation, DecodeError>;

// Per-device protocol options as written in config (e.g. {"mask_bit_order": "lsb"}).
using CodecOptions = std::map<std::string, std::string>;

class Decoder {
 public:
  virtual ~Decoder() = default;
  // Hands the codec the next bytes of the stream; any split of the stream is allowed.
  virtual void feed(std::span<const std::uint8_t> bytes) = 0;
  // The next decoded event, or nothing until more bytes are fed.
  virtual std::optional<DecodeEvent> next() = 0;
  // End of input: a partial frame still buffered becomes a `truncated` error.
  virtual void finish() = 0;
};

}  // namespace kj::protocols

template <>
struct std::is_error_code_enum<kj::protocols::Errc> : std::true_type {};

namespace kj::protocols {
// `{"error":"…","offset":N}` — the line `kuaijian decode` writes on stderr for a rejected frame.
std::string to_json(const DecodeError& error);
}  // namespace kj::protocols
