#include "protocols/dyrs2/dyrs2_frame.hpp"

#include <algorithm>

#include "protocols/checksums.hpp"

namespace kj::protocols::dyrs2 {
namespace {

int hex_digit(std::uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::vector<std::uint8_t> encode_frame(std::string_view payload, HexCase hex_case) {
  // Sized once and filled in place: growing a one-byte vector by insert draws a false GCC 12
  // -O3 -Warray-bounds warning.
  std::vector<std::uint8_t> frame(payload.size() + kOverhead);
  frame[0] = kSoh;
  std::copy(payload.begin(), payload.end(), frame.begin() + 1);
  const std::uint8_t sum = neg8(std::span(frame).subspan(1, payload.size()));
  const char* digits = hex_case == HexCase::upper ? "0123456789ABCDEF" : "0123456789abcdef";
  frame[payload.size() + 1] = static_cast<std::uint8_t>(digits[sum >> 4]);
  frame[payload.size() + 2] = static_cast<std::uint8_t>(digits[sum & 0xF]);
  frame[payload.size() + 3] = kEot;
  return frame;
}

Probe probe_frame(std::span<const std::uint8_t> bytes) {
  if (bytes[0] != kSoh) return Probe::reject(Errc::garbage, "bytes outside any frame");
  const std::size_t limit = std::min(bytes.size(), kMaxFrameLength);
  std::size_t end = 1;
  while (end < limit && bytes[end] != kEot && bytes[end] != kSoh) ++end;
  if (end == limit) {
    if (limit == kMaxFrameLength) return Probe::reject(Errc::buffer_overflow, "no EOT within the longest frame");
    return Probe::more();
  }
  if (bytes[end] == kSoh) return Probe::reject(Errc::truncated, "frame cut off by the next SOH");
  if (end < kOverhead) return Probe::reject(Errc::bad_length, "frame too short for a payload and a checksum");
  const int high = hex_digit(bytes[end - 2]);
  const int low = hex_digit(bytes[end - 1]);
  if (high < 0 || low < 0) return Probe::reject(Errc::bad_checksum, "checksum is not two hex digits");
  if (neg8(bytes.subspan(1, end - 3)) != high * 16 + low) return Probe::reject(Errc::bad_checksum, "bad checksum");
  return Probe::frame_of(end + 1);
}

std::string_view payload_of(std::span<const std::uint8_t> frame) {
  return {reinterpret_cast<const char*>(frame.data()) + 1, frame.size() - kOverhead};
}

}  // namespace kj::protocols::dyrs2
