// The control bytes of ASTM E1381 (CLSI LIS01-A2) and the set the standard forbids inside
// frame text. Shared by the frame codec and the link state machines.
#pragma once

#include <cstdint>

namespace kj::protocols::astm {

inline constexpr std::uint8_t kSoh = 0x01;
inline constexpr std::uint8_t kStx = 0x02;
inline constexpr std::uint8_t kEtx = 0x03;
inline constexpr std::uint8_t kEot = 0x04;
inline constexpr std::uint8_t kEnq = 0x05;
inline constexpr std::uint8_t kAck = 0x06;
inline constexpr std::uint8_t kLf = 0x0A;
inline constexpr std::uint8_t kCr = 0x0D;
inline constexpr std::uint8_t kDle = 0x10;
inline constexpr std::uint8_t kNak = 0x15;
inline constexpr std::uint8_t kSyn = 0x16;
inline constexpr std::uint8_t kEtb = 0x17;

// SOH STX ETX EOT ENQ ACK DLE NAK SYN ETB LF DC1–DC4: a receiver NAKs a frame whose text holds
// one, because each of them means something to the link layer.
constexpr bool is_restricted(std::uint8_t byte) {
  return (byte >= kSoh && byte <= kAck) || byte == kLf || (byte >= kDle && byte <= kEtb);
}

}  // namespace kj::protocols::astm
