#include "lims/cases/stored_time.hpp"

#include <cstdio>
#include <string>

namespace kj::lims {
namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

Timestamp stored_time(std::string_view text) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() == 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' &&
      text[19] == 'Z' && digits(text, 0, 4, y) && digits(text, 5, 2, mo) && digits(text, 8, 2, d) &&
      digits(text, 11, 2, h) && digits(text, 14, 2, mi) && digits(text, 17, 2, s)) {
    const year_month_day date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (date.ok() && h < 24 && mi < 60 && s < 60) return sys_days(date) + hours(h) + minutes(mi) + seconds(s);
  }
  return parse_iso8601(std::string(text), minutes(0)).value_or(Timestamp{});
}

std::optional<Timestamp> stored_time(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return stored_time(std::string_view(*text));
}

std::string local_month(Timestamp t, std::chrono::minutes utc_offset) {
  const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(t + utc_offset)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()));
  return buffer;
}

}  // namespace kj::lims
