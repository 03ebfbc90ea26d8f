#include "protocols/text/gbk.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>

namespace kj::protocols {
namespace {

// Converts with iconv from one charset to another; nothing on an invalid or incomplete sequence.
std::optional<std::string> convert(const char* to, const char* from, std::span<const std::uint8_t> input) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;  // NOLINT: iconv's error value
  std::string out(input.size() * 2 + 4, '\0');
  // iconv's interface takes non-const char**; it does not write through the input pointer.
  char* in_ptr = const_cast<char*>(reinterpret_cast<const char*>(input.data()));  // NOLINT
  std::size_t in_left = input.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  std::optional<std::string> result;
  if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<std::size_t>(-1) && in_left == 0) {
    out.resize(out.size() - out_left);
    result = std::move(out);
  }
  iconv_close(cd);
  return result;
}

}  // namespace

std::span<const std::uint8_t> until_nul(std::span<const std::uint8_t> field) {
  const auto nul = std::find(field.begin(), field.end(), std::uint8_t{0});
  return field.first(static_cast<std::size_t>(nul - field.begin()));
}

std::optional<std::string> gbk_to_utf8(std::span<const std::uint8_t> bytes) {
  return convert("UTF-8", "GBK", until_nul(bytes));
}

std::optional<std::string> utf8_to_gbk(std::string_view text) {
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  return convert("GBK", "UTF-8", bytes);
}

}  // namespace kj::protocols
