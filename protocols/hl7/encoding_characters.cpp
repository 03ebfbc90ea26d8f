#include "protocols/hl7/encoding_characters.hpp"

#include <array>

namespace kj::protocols::hl7 {
namespace {

// A delimiter must be printable and must not be a letter or digit, or it would collide with the
// data it separates.
bool usable_delimiter(char c) {
  const bool printable = c >= 0x21 && c <= 0x7E;
  const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  return printable && !alnum;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool all_hex(std::string_view text) {
  for (const char c : text) {
    if (hex_digit(c) < 0) return false;
  }
  return true;
}

class VerbatimHex final : public HexBytes {
 public:
  bool append(std::string_view bytes, std::string& out) const override {
    out.append(bytes);
    return true;
  }
};

enum class Decoded { yes, unknown, refused };

// Decodes one escape sequence body (between the escape characters). `unknown` when the body is
// not a sequence we know, so the caller keeps it as sent.
Decoded decode_sequence(std::string_view body, const Delimiters& d, const HexBytes& hex, std::string& out) {
  const auto known = [](bool yes) { return yes ? Decoded::yes : Decoded::unknown; };
  if (body.empty()) return Decoded::unknown;
  if (body.size() == 1) {
    switch (body[0]) {
      case 'F': out += d.field; return Decoded::yes;
      case 'S': out += d.component; return Decoded::yes;
      case 'T': out += d.subcomponent; return Decoded::yes;
      case 'R': out += d.repetition; return Decoded::yes;
      case 'E': out += d.escape; return Decoded::yes;
      case 'H':  // start and end of highlighting: plain text has none
      case 'N': return Decoded::yes;
      default: return Decoded::unknown;
    }
  }
  const std::string_view rest = body.substr(1);
  switch (body[0]) {
    case 'X': {
      if (rest.size() % 2 != 0 || !all_hex(rest)) return Decoded::unknown;
      std::string bytes;
      for (std::size_t i = 0; i < rest.size(); i += 2) {
        bytes += static_cast<char>(hex_digit(rest[i]) * 16 + hex_digit(rest[i + 1]));
      }
      return hex.append(bytes, out) ? Decoded::yes : Decoded::refused;
    }
    case 'C':  // single- and multi-byte character set switches: the text stays in MSH-18's set
    case 'M': return known(all_hex(rest));
    case '.': {
      if (rest == "br" || rest.starts_with("sp")) {
        out += '\n';
        return Decoded::yes;
      }
      // Formatted-text layout commands carry no characters.
      static constexpr std::array<std::string_view, 6> kLayout{"fi", "nf", "in", "ti", "sk", "ce"};
      for (const auto command : kLayout) {
        if (rest.starts_with(command)) return Decoded::yes;
      }
      return Decoded::unknown;
    }
    default: return Decoded::unknown;
  }
}

}  // namespace

std::optional<Delimiters> read_delimiters(std::string_view message) {
  if (message.size() < 4 || message.substr(0, 3) != "MSH") return std::nullopt;
  Delimiters d;
  d.field = message[3];
  std::size_t end = 4;
  while (end < message.size() && message[end] != d.field && message[end] != '\r' && message[end] != '\n') ++end;
  const std::string_view chars = message.substr(4, end - 4);
  if (chars.size() != 4 && chars.size() != 5) return std::nullopt;
  d.component = chars[0];
  d.repetition = chars[1];
  d.escape = chars[2];
  d.subcomponent = chars[3];
  const std::array<char, 6> all{d.field,  d.component,    d.repetition,
                                d.escape, d.subcomponent, chars.size() == 5 ? chars[4] : d.field};
  const std::size_t count = chars.size() + 1;
  for (std::size_t i = 0; i < count; ++i) {
    if (!usable_delimiter(all[i])) return std::nullopt;
    for (std::size_t j = i + 1; j < count; ++j) {
      if (all[i] == all[j]) return std::nullopt;
    }
  }
  return d;
}

void append_unescaped(std::string_view text, const Delimiters& delimiters, std::string& out) {
  const VerbatimHex verbatim;
  append_unescaped(text, delimiters, verbatim, out);
}

bool append_unescaped(std::string_view text, const Delimiters& delimiters, const HexBytes& hex, std::string& out) {
  bool all_taken = true;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find(delimiters.escape, at);
    if (open == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const std::size_t close = text.find(delimiters.escape, open + 1);
    if (close == std::string_view::npos) {  // unterminated: keep the rest as sent
      at = open;
      break;
    }
    const Decoded decoded = decode_sequence(text.substr(open + 1, close - open - 1), delimiters, hex, out);
    if (decoded == Decoded::unknown) out.append(text.substr(open, close - open + 1));
    if (decoded == Decoded::refused) all_taken = false;
    at = close + 1;
  }
  if (at < text.size()) out.append(text.substr(at));
  return all_taken;
}

std::string unescape(std::string_view text, const Delimiters& delimiters) {
  std::string out;
  out.reserve(text.size());
  append_unescaped(text, delimiters, out);
  return out;
}

void append_escaped(std::string_view text, const Delimiters& delimiters, std::string& out) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  for (const char c : text) {
    char code = 0;
    if (c == delimiters.field) code = 'F';
    if (c == delimiters.component) code = 'S';
    if (c == delimiters.subcomponent) code = 'T';
    if (c == delimiters.repetition) code = 'R';
    if (c == delimiters.escape) code = 'E';
    const auto byte = static_cast<unsigned char>(c);
    if (code != 0) {
      out += delimiters.escape;
      out += code;
      out += delimiters.escape;
    } else if (byte < 0x20 || byte == 0x7F) {
      out += delimiters.escape;
      out += 'X';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
      out += delimiters.escape;
    } else {
      out += c;
    }
  }
}

std::string escape(std::string_view text, const Delimiters& delimiters) {
  std::string out;
  out.reserve(text.size());
  append_escaped(text, delimiters, out);
  return out;
}

}  // namespace kj::protocols::hl7
