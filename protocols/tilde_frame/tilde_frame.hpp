// The `7E CMD LEN(u16 LE) DATA CRC8-31 AA` frame shared by the TL310 and LZ4000T photometers
// (instruments.md §1, §2): building one, and the framing rule that finds them in a stream.
// There is no byte stuffing, so 7E and AA may occur inside DATA: frames are cut by LEN, and a
// candidate counts only when its CRC and its closing AA both check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "protocols/frame_hunter.hpp"

namespace kj::protocols::tilde {

inline constexpr std::uint8_t kStart = 0x7E;
inline constexpr std::uint8_t kEnd = 0xAA;
inline constexpr std::size_t kOverhead = 6;  // 7E, CMD, LEN×2, CRC, AA

std::vector<std::uint8_t> encode_frame(std::uint8_t cmd, std::span<const std::uint8_t> data);

// The framing rule for FrameHunter. LEN above `max_data` cannot be one of the protocol's
// frames, so that 7E is taken for noise instead of waiting for up to 64 KiB.
Probe probe_frame(std::span<const std::uint8_t> bytes, std::size_t max_data);

// A frame the rule accepted, taken apart (views into the frame's bytes).
struct FrameView {
  std::uint8_t cmd;
  std::span<const std::uint8_t> data;
};
FrameView view(std::span<const std::uint8_t> frame);

}  // namespace kj::protocols::tilde
