#include "protocols/astm/checksum.hpp"

namespace kj::protocols::astm {
namespace {

int hex_value(std::uint8_t digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  return -1;
}

}  // namespace

std::uint8_t frame_checksum(std::span<const std::uint8_t> fn_through_terminator) {
  unsigned sum = 0;
  for (const std::uint8_t byte : fn_through_terminator) sum += byte;
  return static_cast<std::uint8_t>(sum & 0xFFU);
}

std::array<char, 2> checksum_digits(std::uint8_t checksum) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {kDigits[checksum >> 4], kDigits[checksum & 0x0F]};
}

std::optional<std::uint8_t> parse_checksum_digits(std::uint8_t high, std::uint8_t low) {
  const int h = hex_value(high);
  const int l = hex_value(low);
  if (h < 0 || l < 0) return std::nullopt;
  return static_cast<std::uint8_t>(h * 16 + l);
}

}  // namespace kj::protocols::astm
