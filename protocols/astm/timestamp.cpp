#include "protocols/astm/timestamp.hpp"

namespace kj::protocols::astm {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int number_at(std::string_view text, std::size_t at, std::size_t length) {
  int value = 0;
  for (std::size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

}  // namespace

std::optional<std::string> iso_from_astm_time(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits != 8 && digits != 10 && digits != 12 && digits != 14) return std::nullopt;

  const int month = number_at(text, 4, 2);
  const int day = number_at(text, 6, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (digits >= 10 && number_at(text, 8, 2) > 23) return std::nullopt;
  if (digits >= 12 && number_at(text, 10, 2) > 59) return std::nullopt;
  if (digits >= 14 && number_at(text, 12, 2) > 60) return std::nullopt;  // 60: a leap second

  std::string_view rest = text.substr(digits);
  std::string_view fraction;
  if (digits == 14 && !rest.empty() && rest.front() == '.') {
    std::size_t end = 1;
    while (end < rest.size() && is_digit(rest[end])) ++end;
    if (end == 1) return std::nullopt;
    fraction = rest.substr(0, end);
    rest.remove_prefix(end);
  }
  std::string_view zone;
  if (!rest.empty()) {
    const bool offset = rest.size() == 5 && (rest[0] == '+' || rest[0] == '-') && is_digit(rest[1]) &&
                        is_digit(rest[2]) && is_digit(rest[3]) && is_digit(rest[4]);
    if (!offset || digits < 12) return std::nullopt;
    zone = rest;
  }

  // Built in a buffer first: one allocation for the result, none for the pieces.
  char iso[40];
  std::size_t n = 0;
  const auto put = [&](std::string_view part) {
    for (const char c : part) iso[n++] = c;
  };
  put(text.substr(0, 4));
  put("-");
  put(text.substr(4, 2));
  put("-");
  put(text.substr(6, 2));
  if (digits >= 10) {
    put("T");
    put(text.substr(8, 2));
  }
  if (digits >= 12) {
    put(":");
    put(text.substr(10, 2));
  }
  if (digits >= 14) {
    put(":");
    put(text.substr(12, 2));
  }
  put(fraction.substr(0, 10));
  if (!zone.empty()) {
    put(zone.substr(0, 3));
    put(":");
    put(zone.substr(3, 2));
  }
  return std::string(iso, n);
}

}  // namespace kj::protocols::astm
