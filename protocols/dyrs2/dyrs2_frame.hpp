// The DYRS2 meat-moisture meter's ASCII frame (instruments.md §7), the same both ways:
// `SOH(01) payload checksum EOT(04)`, the checksum being NEG8 over the payload written as two
// hex digits. Devices have been seen sending lower-case digits, so both cases are accepted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "protocols/frame_hunter.hpp"

namespace kj::protocols::dyrs2 {

inline constexpr std::uint8_t kSoh = 0x01;
inline constexpr std::uint8_t kEot = 0x04;
inline constexpr std::size_t kOverhead = 4;  // SOH, 2 checksum digits, EOT
// The longest frame is the 2nd-generation answer with 999 records: 19 × 999 + 7 bytes.
inline constexpr std::size_t kMaxFrameLength = 19 * 999 + 7;

enum class HexCase { upper, lower };

std::vector<std::uint8_t> encode_frame(std::string_view payload, HexCase hex_case = HexCase::upper);

// The framing rule for FrameHunter: SOH, then everything up to the first EOT. A second SOH
// before the EOT means the first frame was cut off (payloads are printable ASCII, 1E and 20).
Probe probe_frame(std::span<const std::uint8_t> bytes);

// The payload of a frame the rule accepted.
std::string_view payload_of(std::span<const std::uint8_t> frame);

}  // namespace kj::protocols::dyrs2
