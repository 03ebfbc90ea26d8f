// The DY-3000 family's frame (instruments.md §5), the same both ways:
// `03 DIR CMD 00 PARAM(u32 LE) LEN(u16 LE) XOR8(header) XOR8(DATA) DATA`, DIR FF host→device,
// FE device→host. Building one, the framing rule that finds them, and the packed date-time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "protocols/device_time.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::protocols::dy3000 {

enum class Direction : std::uint8_t { to_device = 0xFF, to_host = 0xFE };

inline constexpr std::uint8_t kStart = 0x03;
inline constexpr std::size_t kHeaderLength = 12;  // through the data check byte
// Item pages carry 256 bytes and records 8 + 8·channels; nothing real comes near this bound.
inline constexpr std::size_t kMaxDataLength = 1024;

std::vector<std::uint8_t> encode_frame(Direction direction, std::uint8_t cmd, std::uint32_t param,
                                       std::span<const std::uint8_t> data);

// The framing rule for FrameHunter, as the reference driver resynchronises: find `03 FE` (or
// `03 FF`, a host request in the capture), check the header XOR, then LEN, then the data XOR.
Probe probe_frame(std::span<const std::uint8_t> bytes);

struct FrameView {
  Direction direction;
  std::uint8_t cmd;
  std::uint32_t param;
  std::span<const std::uint8_t> data;
};
FrameView view(std::span<const std::uint8_t> frame);

// Packed date-time (u32): bits 31–25 year − 2000, 24–21 month, 20–16 day, 15–11 hour,
// 10–5 minute, 4–0 second ÷ 2. Packing drops an odd second's last bit, as the device does.
std::uint32_t pack_time(const DeviceTime& time);
DeviceTime unpack_time(std::uint32_t packed);

std::uint16_t read_u16_le(std::span<const std::uint8_t> bytes, std::size_t at);
std::uint32_t read_u32_le(std::span<const std::uint8_t> bytes, std::size_t at);
void append_u16_le(std::vector<std::uint8_t>& out, std::uint16_t value);
void append_u32_le(std::vector<std::uint8_t>& out, std::uint32_t value);

}  // namespace kj::protocols::dy3000
