#include "protocols/hex_text.hpp"

namespace kj::protocols {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::variant<std::vector<std::uint8_t>, HexTextError> parse_hex_text(std::string_view text) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  int high = -1;
  std::size_t high_at = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
    const int digit = hex_digit(c);
    if (digit < 0) return HexTextError{i, c};
    if (high < 0) {
      high = digit;
      high_at = i;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | digit));
      high = -1;
    }
  }
  if (high >= 0) return HexTextError{high_at, text[high_at]};  // a lone digit at the end
  return out;
}

}  // namespace kj::protocols
