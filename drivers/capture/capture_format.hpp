// The raw capture format: every byte to and from a device, one chunk per text line, so a
// capture can be read, grepped and replayed into a decoder (`kuaijian decode --capture`).
//
//   # kuaijian capture v1 device=<name> protocol=<protocol>
//   2026-11-23T15:10:36.123456Z < 7e020400ff021010f8aa
//   2026-11-23T15:10:36.223456Z > 7e010100ff71aa
//
// `<` came from the device (rx), `>` went to it (tx); lowercase hex; UTC with microseconds.
// Lines starting with `#` after the first are comments (a writer that reopens the file for
// appending writes its header again, which marks where each session began). Header values are
// percent-encoded where they hold spaces, `=`, `%` or control characters.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kj::drivers {

using CaptureTime = std::chrono::sys_time<std::chrono::microseconds>;

enum class Direction { rx, tx };  // rx: device → host; tx: host → device

struct CaptureHeader {
  std::string device;    // the device's name in config
  std::string protocol;  // the codec that reads its bytes

  bool operator==(const CaptureHeader&) const = default;
};

struct CaptureChunk {
  CaptureTime time;
  Direction direction = Direction::rx;
  std::vector<std::uint8_t> bytes;

  bool operator==(const CaptureChunk&) const = default;
};

// "# kuaijian capture v1 device=… protocol=…\n"
std::string format_capture_header(const CaptureHeader& header);
// "2026-11-23T15:10:36.123456Z < 7e02…\n"
std::string format_capture_line(const CaptureChunk& chunk);
// "2026-11-23T15:10:36.123456Z"
std::string format_capture_time(CaptureTime time);

// The parsers say what was wrong (English, Chinese) or return the value.
struct CaptureSyntaxError {
  std::string en;
  std::string zh;
};
std::optional<CaptureTime> parse_capture_time(std::string_view text);
// A header line without its trailing newline.
std::variant<CaptureHeader, CaptureSyntaxError> parse_capture_header(std::string_view line);
// A chunk line without its trailing newline.
std::variant<CaptureChunk, CaptureSyntaxError> parse_capture_line(std::string_view line);

}  // namespace kj::drivers
