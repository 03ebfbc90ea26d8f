#include "protocols/device_time.hpp"

#include <cstdio>

namespace kj::protocols {
namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

}  // namespace

bool is_valid(const DeviceTime& t) {
  if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12) return false;
  if (t.day < 1 || t.day > days_in_month(t.year, t.month)) return false;
  return t.hour >= 0 && t.hour < 24 && t.minute >= 0 && t.minute < 60 && t.second >= 0 && t.second < 60;
}

std::string to_iso8601(const DeviceTime& t) {
  char text[80];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
  return text;
}

std::string to_iso8601_date(const DeviceTime& t) {
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", t.year, t.month, t.day);
  return text;
}

DeviceTime device_time_from_binary6(std::span<const std::uint8_t, 6> b) {
  return DeviceTime{2000 + b[0], b[1], b[2], b[3], b[4], b[5]};
}

std::array<std::uint8_t, 6> to_binary6(const DeviceTime& t) {
  return {static_cast<std::uint8_t>(t.year - 2000), static_cast<std::uint8_t>(t.month),
          static_cast<std::uint8_t>(t.day),         static_cast<std::uint8_t>(t.hour),
          static_cast<std::uint8_t>(t.minute),      static_cast<std::uint8_t>(t.second)};
}

}  // namespace kj::protocols
