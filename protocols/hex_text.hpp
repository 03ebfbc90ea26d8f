// Reads the hex capture format of `kuaijian decode --hex` and samples/captures/*.hex:
// pairs of hex digits, whitespace ignored, `#` starts a comment to the end of the line.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

namespace kj::protocols {

struct HexTextError {
  std::size_t offset;  // character offset in the text of the first bad character
  char found;
};

std::variant<std::vector<std::uint8_t>, HexTextError> parse_hex_text(std::string_view text);

}  // namespace kj::protocols
