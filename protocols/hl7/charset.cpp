#include "protocols/hl7/charset.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>

#include "protocols/text/gbk.hpp"

namespace kj::protocols::hl7 {
namespace {

// Upper case without spaces, '-' and '_', so `UNICODE UTF-8`, `utf8` and `UTF_8` compare equal.
std::string normalized(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == ' ' || c == '-' || c == '_') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

bool is_ascii(std::string_view bytes) {
  for (const char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::optional<Charset> charset_from_name(std::string_view msh18) {
  const std::string name = normalized(msh18);
  static constexpr std::array<std::pair<std::string_view, Charset>, 11> kNames{{
      {"", Charset::utf8},
      {"UNICODEUTF8", Charset::utf8},
      {"UTF8", Charset::utf8},
      {"UNICODE", Charset::utf8},  // HL7's unqualified name; with 8-bit delimiters it can only be UTF-8
      {"ASCII", Charset::utf8},
      {"ISOIR6", Charset::utf8},
      {"GBK", Charset::gbk},
      {"GB2312", Charset::gbk},
      {"CP936", Charset::gbk},
      {"88591", Charset::latin1},  // `8859-1`; HL7's own `8859/1` is checked below
      {"ISOIR100", Charset::latin1},
  }};
  for (const auto& [known, charset] : kNames) {
    if (name == known) return charset;
  }
  if (name == "8859/1") return Charset::latin1;
  if (name.starts_with("GB18030")) return Charset::gbk;  // `GB 18030-2000`
  return std::nullopt;
}

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  const std::size_t size = bytes.size();
  while (i < size) {
    // Runs of ASCII, most of an HL7 message, are skipped eight bytes at a time.
    while (i + 8 <= size) {
      std::uint64_t word = 0;
      std::memcpy(&word, bytes.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i == size) break;
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
    } else {
      return false;
    }
    if (i + length > size) return false;
    const auto second = static_cast<unsigned char>(bytes[i + 1]);
    if (second < low || second > high) return false;
    for (std::size_t k = 2; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if (next < 0x80 || next > 0xBF) return false;
    }
    i += length;
  }
  return true;
}

bool append_utf8(std::string_view bytes, Charset charset, std::string& out) {
  switch (charset) {
    case Charset::utf8:
      if (!is_valid_utf8(bytes)) return false;
      out.append(bytes);
      return true;
    case Charset::gbk: {
      if (is_ascii(bytes)) {
        out.append(bytes);
        return true;
      }
      // gbk_to_utf8 would stop at a NUL (fixed-width fields); in HL7 a NUL is data, so refuse it.
      if (bytes.find('\0') != std::string_view::npos) return false;
      const auto converted =
          gbk_to_utf8(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
      if (!converted) return false;
      out.append(*converted);
      return true;
    }
    case Charset::latin1:
      for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) {
          out += c;
        } else {
          out += static_cast<char>(0xC0 | (byte >> 6));
          out += static_cast<char>(0x80 | (byte & 0x3F));
        }
      }
      return true;
  }
  return false;
}

}  // namespace kj::protocols::hl7
