// The character set a message declares in MSH-18, and turning its text into UTF-8.
// Chinese analyzers send UTF-8 (`UNICODE UTF-8`, the default here) or GBK / GB18030.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kj::protocols::hl7 {

enum class Charset { utf8, gbk, latin1 };

// Reads the first repetition of MSH-18. Empty, `UNICODE UTF-8`, `UTF-8`, `ASCII`, `ISO IR6`,
// `UNICODE` → utf8; `GB 18030-2000` (HL7's name), `GB18030`, `GBK`, `GB2312`, `CP936` → gbk;
// `8859/1`, `ISO IR100` → latin1. Case, spaces, `-` and `_` do not matter. Nothing for any other
// set: its text cannot be read, and guessing would store wrong names.
std::optional<Charset> charset_from_name(std::string_view msh18);

// Appends `bytes` (text in `charset`, escapes already decoded) to `out` as UTF-8. False, with
// `out` unchanged, when the bytes are not valid in that set. GB18030's four-byte sequences
// are outside GBK and count as invalid (the shared converter speaks GBK).
bool append_utf8(std::string_view bytes, Charset charset, std::string& out);

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

}  // namespace kj::protocols::hl7
