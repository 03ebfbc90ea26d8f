#include "protocols/hl7/timestamp.hpp"

#include <array>
#include <cstdio>

namespace kj::protocols::hl7 {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int number(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::size_t count_digits(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && is_digit(text[end])) ++end;
  return end - from;
}

bool real_date(int year, int month, int day) {
  using namespace std::chrono;
  return year_month_day{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                        std::chrono::day{static_cast<unsigned>(day)}}
      .ok();
}

}  // namespace

std::optional<std::string> dtm_to_iso8601(std::string_view dtm) {
  const std::size_t digits = count_digits(dtm, 0);
  if (digits < 4 || digits > 14 || digits % 2 != 0) return std::nullopt;
  std::size_t at = digits;
  if (at < dtm.size() && dtm[at] == '.') {
    const std::size_t fraction = count_digits(dtm, at + 1);
    if (digits != 14 || fraction < 1 || fraction > 4) return std::nullopt;
    at += 1 + fraction;
  }
  std::string_view offset;
  if (at < dtm.size() && (dtm[at] == '+' || dtm[at] == '-')) {
    if (count_digits(dtm, at + 1) != 4 || at + 5 != dtm.size()) return std::nullopt;
    offset = dtm.substr(at, 5);
    if (number(offset.substr(1, 2)) > 23 || number(offset.substr(3, 2)) > 59) return std::nullopt;
    at += 5;
  }
  if (at != dtm.size()) return std::nullopt;

  const int year = number(dtm.substr(0, 4));
  const int month = digits >= 6 ? number(dtm.substr(4, 2)) : 1;
  const int day = digits >= 8 ? number(dtm.substr(6, 2)) : 1;
  const int hour = digits >= 10 ? number(dtm.substr(8, 2)) : 0;
  const int minute = digits >= 12 ? number(dtm.substr(10, 2)) : 0;
  const int second = digits >= 14 ? number(dtm.substr(12, 2)) : 0;
  if (!real_date(year, month, day) || hour > 23 || minute > 59 || second > 59) return std::nullopt;

  // Written by hand: snprintf costs more than the rest of an observation together.
  std::string iso;
  iso.reserve(25);
  const auto two = [&](int value) {
    iso += static_cast<char>('0' + value / 10);
    iso += static_cast<char>('0' + value % 10);
  };
  iso.append(dtm.substr(0, 4));
  if (digits >= 6) {
    iso += '-';
    two(month);
  }
  if (digits >= 8) {
    iso += '-';
    two(day);
  }
  if (digits >= 10) {
    iso += 'T';
    two(hour);
    iso += ':';
    two(minute);
    iso += ':';
    two(second);
  }
  // ISO 8601 has no offset on a date alone; the time of day is what the offset qualifies.
  if (!offset.empty() && digits >= 10) {
    iso += offset.substr(0, 3);
    iso += ':';
    iso += offset.substr(3, 2);
  }
  return iso;
}

std::optional<std::string> iso8601_to_dtm(std::string_view iso) {
  std::string dtm;
  std::size_t at = 0;
  // Expects `digits` digits at `at`, preceded by `separator` unless it is '\0'.
  const auto take = [&](char separator, std::size_t digits) {
    if (separator != '\0') {
      if (at >= iso.size() || iso[at] != separator) return false;
      ++at;
    }
    if (count_digits(iso, at) != digits) return false;
    dtm += iso.substr(at, digits);
    at += digits;
    return true;
  };
  if (!take('\0', 4)) return std::nullopt;
  if (at < iso.size() && iso[at] == '-') {
    if (!take('-', 2)) return std::nullopt;
    if (at < iso.size() && iso[at] == '-') {
      if (!take('-', 2)) return std::nullopt;
      if (at < iso.size() && iso[at] == 'T') {
        if (!take('T', 2) || !take(':', 2)) return std::nullopt;
        if (at < iso.size() && iso[at] == ':' && !take(':', 2)) return std::nullopt;
        if (at < iso.size() && iso[at] == '.') at += 1 + count_digits(iso, at + 1);
        if (at < iso.size() && iso[at] == 'Z') {
          dtm += "+0000";
          ++at;
        } else if (at < iso.size() && (iso[at] == '+' || iso[at] == '-')) {
          dtm += iso[at++];
          if (!take('\0', 2) || !take(':', 2)) return std::nullopt;
        }
      }
    }
  }
  if (at != iso.size()) return std::nullopt;
  return dtm;
}

std::string format_dtm(std::chrono::sys_seconds moment, std::chrono::minutes utc_offset) {
  using namespace std::chrono;
  const sys_seconds local = moment + utc_offset;
  const auto day = floor<days>(local);
  const year_month_day date{day};
  const hh_mm_ss time{local - day};
  const auto offset = utc_offset.count();
  const long long magnitude = offset < 0 ? -offset : offset;
  std::array<char, 40> buffer{};
  const int length = std::snprintf(buffer.data(), buffer.size(), "%04d%02u%02u%02d%02d%02d%c%02lld%02lld",
                                   static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                                   static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                                   static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                                   offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return {buffer.data(), static_cast<std::size_t>(length)};
}

}  // namespace kj::protocols::hl7
