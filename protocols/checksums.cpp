#include "protocols/checksums.hpp"

#include <array>

namespace kj::protocols {
namespace {

// One table lookup per byte instead of eight shifts: the decoders check every frame.
constexpr std::array<std::uint8_t, 256> make_crc8_31_table() {
  std::array<std::uint8_t, 256> table{};
  for (unsigned i = 0; i < 256; ++i) {
    unsigned crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x80U) != 0 ? (crc << 1) ^ 0x31U : crc << 1;
    table[i] = static_cast<std::uint8_t>(crc);
  }
  return table;
}

constexpr std::array<std::uint8_t, 256> kCrc8_31Table = make_crc8_31_table();

}  // namespace

std::uint8_t crc8_31(std::span<const std::uint8_t> bytes) {
  std::uint8_t crc = 0;
  for (const std::uint8_t b : bytes) crc = kCrc8_31Table[crc ^ b];
  return crc;
}

std::uint8_t xor8(std::span<const std::uint8_t> bytes) {
  std::uint8_t value = 0;
  for (const std::uint8_t b : bytes) value ^= b;
  return value;
}

std::uint8_t neg8(std::span<const std::uint8_t> bytes) {
  unsigned sum = 0;
  for (const std::uint8_t b : bytes) sum += b;
  return static_cast<std::uint8_t>(0x100U - (sum & 0xFFU));
}

}  // namespace kj::protocols
