// GBK (and its subset GB2312) to UTF-8, for the sample and item names Chinese analyzers send.
// Uses the C library's iconv converter, so no table is carried in the repository.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace kj::protocols {

// Decodes GBK bytes to UTF-8. Trailing NUL padding (fixed-width fields) is cut first.
// Nothing when the bytes are not valid GBK.
std::optional<std::string> gbk_to_utf8(std::span<const std::uint8_t> bytes);

// Encodes UTF-8 to GBK (the simulators need it). Nothing when a character has no GBK form.
std::optional<std::string> utf8_to_gbk(std::string_view text);

// Cuts a fixed-width field at its first NUL.
std::span<const std::uint8_t> until_nul(std::span<const std::uint8_t> field);

}  // namespace kj::protocols
