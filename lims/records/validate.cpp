#include "lims/records/validate.hpp"

#include <algorithm>
#include <regex>

namespace kj::lims {

std::string trimmed(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

bool is_code(std::string_view text) {
  static const std::regex pattern("^[A-Za-z0-9_-]{1,32}$");
  return std::regex_match(text.begin(), text.end(), pattern);
}

bool is_id_or_credit_code(std::string_view text) {
  static const std::regex id_card("^[0-9]{17}[0-9Xx]$");
  // GB 32100-2015: 18 characters of digits and upper-case letters except I, O, Z, S, V.
  static const std::regex credit_code("^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$");
  return std::regex_match(text.begin(), text.end(), id_card) || std::regex_match(text.begin(), text.end(), credit_code);
}

bool is_phone(std::string_view text) {
  static const std::regex mobile("^1[3-9][0-9]{9}$");
  static const std::regex landline("^[0-9][0-9 -]{5,18}[0-9]$");
  return std::regex_match(text.begin(), text.end(), mobile) || std::regex_match(text.begin(), text.end(), landline);
}

bool fits(std::string_view text, std::size_t max) {
  const auto characters = static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  return characters <= max;
}

}  // namespace kj::lims
