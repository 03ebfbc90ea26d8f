#include "protocols/astm/escape.hpp"

#include "protocols/astm/checksum.hpp"

namespace kj::protocols::astm {
namespace {

// Decodes the inside of one escape sequence (between the escape delimiters); false when it is
// not one we know.
bool decode_sequence(std::string& out, std::string_view inside, const Delimiters& d) {
  if (inside.size() == 1) {
    switch (inside[0]) {
      case 'F': out.push_back(d.field); return true;
      case 'S': out.push_back(d.component); return true;
      case 'R': out.push_back(d.repeat); return true;
      case 'E': out.push_back(d.escape); return true;
      default: return false;
    }
  }
  if (inside.size() < 3 || inside[0] != 'X' || inside.size() % 2 == 0) return false;
  // Each byte is two hex digits, the form of a frame checksum (either case accepted).
  const std::size_t start = out.size();
  for (std::size_t i = 1; i < inside.size(); i += 2) {
    const auto byte =
        parse_checksum_digits(static_cast<std::uint8_t>(inside[i]), static_cast<std::uint8_t>(inside[i + 1]));
    if (!byte) {
      out.resize(start);
      return false;
    }
    out.push_back(static_cast<char>(*byte));
  }
  return true;
}

// Plain loops instead of string_view::find: fields are a few bytes long, too short for a
// library search call to pay off.
std::size_t find_from(std::string_view text, char c, std::size_t at) {
  while (at < text.size() && text[at] != c) ++at;
  return at;
}

}  // namespace

void append_unescaped(std::string& out, std::string_view text, const Delimiters& d) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = find_from(text, d.escape, at);
    if (open == text.size()) break;
    const std::size_t close = find_from(text, d.escape, open + 1);
    if (close == text.size()) break;  // no closing delimiter: the rest as sent
    out.append(text.substr(at, open - at));
    if (decode_sequence(out, text.substr(open + 1, close - open - 1), d)) {
      at = close + 1;
    } else {
      // Unknown: keep the opening delimiter and look again from the next byte, so that the
      // closing one may open a sequence we know.
      out.push_back(d.escape);
      at = open + 1;
    }
  }
  out.append(text.substr(at));
}

std::string unescape(std::string_view text, const Delimiters& d) {
  std::string out;
  out.reserve(text.size());
  append_unescaped(out, text, d);
  return out;
}

std::string escape(std::string_view value, const Delimiters& d) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == d.field || c == d.component || c == d.repeat || c == d.escape) {
      const char code = c == d.field ? 'F' : c == d.component ? 'S' : c == d.repeat ? 'R' : 'E';
      out += d.escape;
      out += code;
      out += d.escape;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      // Uppercase hex, the way a checksum is written.
      const auto digits = checksum_digits(static_cast<std::uint8_t>(c));
      out += d.escape;
      out += 'X';
      out += digits[0];
      out += digits[1];
      out += d.escape;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace kj::protocols::astm
