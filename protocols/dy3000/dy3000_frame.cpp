#include "protocols/dy3000/dy3000_frame.hpp"

#include <stdexcept>

#include "protocols/checksums.hpp"

namespace kj::protocols::dy3000 {

std::uint16_t read_u16_le(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::uint16_t>(bytes[at] | (bytes[at + 1] << 8));
}

std::uint32_t read_u32_le(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::uint32_t>(bytes[at]) | (static_cast<std::uint32_t>(bytes[at + 1]) << 8) |
         (static_cast<std::uint32_t>(bytes[at + 2]) << 16) | (static_cast<std::uint32_t>(bytes[at + 3]) << 24);
}

void append_u16_le(std::vector<std::uint8_t>& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value & 0xFF));
  out.push_back(static_cast<std::uint8_t>(value >> 8));
}

void append_u32_le(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<std::uint8_t>((value >> shift) & 0xFF));
}

std::vector<std::uint8_t> encode_frame(Direction direction, std::uint8_t cmd, std::uint32_t param,
                                       std::span<const std::uint8_t> data) {
  if (data.size() > 0xFFFF) throw std::invalid_argument("DY-3000 DATA longer than LEN can say");
  std::vector<std::uint8_t> frame{kStart, static_cast<std::uint8_t>(direction), cmd, 0x00};
  frame.reserve(kHeaderLength + data.size());
  append_u32_le(frame, param);
  append_u16_le(frame, static_cast<std::uint16_t>(data.size()));
  frame.push_back(xor8(frame));
  frame.push_back(xor8(data));
  frame.insert(frame.end(), data.begin(), data.end());
  return frame;
}

Probe probe_frame(std::span<const std::uint8_t> bytes) {
  if (bytes[0] != kStart) return Probe::reject(Errc::garbage, "bytes outside any frame");
  if (bytes.size() < 2) return Probe::more();
  if (bytes[1] != static_cast<std::uint8_t>(Direction::to_host) &&
      bytes[1] != static_cast<std::uint8_t>(Direction::to_device)) {
    return Probe::reject(Errc::garbage, "bytes outside any frame");
  }
  if (bytes.size() < kHeaderLength - 1) return Probe::more();
  if (xor8(bytes.first(10)) != bytes[10]) return Probe::reject(Errc::bad_checksum, "bad header XOR");
  const std::size_t length = read_u16_le(bytes, 8);
  if (length > kMaxDataLength) return Probe::reject(Errc::buffer_overflow, "frame LEN above the 1024-byte bound");
  if (bytes.size() < kHeaderLength + length) return Probe::more();
  if (xor8(bytes.subspan(kHeaderLength, length)) != bytes[11]) {
    return Probe::reject(Errc::bad_checksum, "bad data XOR");
  }
  return Probe::frame_of(kHeaderLength + length);
}

FrameView view(std::span<const std::uint8_t> frame) {
  return FrameView{static_cast<Direction>(frame[1]), frame[2], read_u32_le(frame, 4), frame.subspan(kHeaderLength)};
}

std::uint32_t pack_time(const DeviceTime& t) {
  return (static_cast<std::uint32_t>(t.year - 2000) & 0x7FU) << 25 |
         (static_cast<std::uint32_t>(t.month) & 0xFU) << 21 | (static_cast<std::uint32_t>(t.day) & 0x1FU) << 16 |
         (static_cast<std::uint32_t>(t.hour) & 0x1FU) << 11 | (static_cast<std::uint32_t>(t.minute) & 0x3FU) << 5 |
         (static_cast<std::uint32_t>(t.second / 2) & 0x1FU);
}

DeviceTime unpack_time(std::uint32_t p) {
  return DeviceTime{2000 + static_cast<int>(p >> 25),    static_cast<int>((p >> 21) & 0xFU),
                    static_cast<int>((p >> 16) & 0x1FU), static_cast<int>((p >> 11) & 0x1FU),
                    static_cast<int>((p >> 5) & 0x3FU),  static_cast<int>((p & 0x1FU) * 2)};
}

}  // namespace kj::protocols::dy3000
