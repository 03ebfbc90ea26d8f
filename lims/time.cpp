#include "lims/time.hpp"

#include <cstdio>
#include <regex>

namespace kj::lims {

namespace {
struct Fields {
  int year, month, day, hour, minute, second;
};

Fields split(std::chrono::sys_seconds t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{t - days};
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          static_cast<int>(hms.seconds().count())};
}
}  // namespace

std::string to_iso8601(Timestamp t) {
  // Written digit by digit: every stored record carries several timestamps, and snprintf's
  // format parsing was 5 % of the time of storing a result.
  const Fields f = split(t);
  if (f.year < 0 || f.year > 9999) {  // not a date this program meets; kept exact all the same
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", f.year, f.month, f.day, f.hour, f.minute,
                  f.second);
    return buffer;
  }
  std::string out = "0000-00-00T00:00:00Z";
  const auto put = [&out](std::size_t end, int value, int digits) {
    for (int i = 0; i < digits; ++i, value /= 10)
      out[end - static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(3, f.year, 4);
  put(6, f.month, 2);
  put(9, f.day, 2);
  put(12, f.hour, 2);
  put(15, f.minute, 2);
  put(18, f.second, 2);
  return out;
}

std::string to_local_text(Timestamp t, std::chrono::minutes local_offset) {
  const Fields f = split(t + local_offset);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d", f.year, f.month, f.day, f.hour, f.minute);
  return buffer;
}

std::optional<Timestamp> parse_iso8601(const std::string& text, std::chrono::minutes local_offset) {
  static const std::regex pattern(R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$)");
  std::smatch m;
  if (!std::regex_match(text, m, pattern)) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(std::stoi(m[1])),
                                         std::chrono::month(static_cast<unsigned>(std::stoi(m[2]))),
                                         std::chrono::day(static_cast<unsigned>(std::stoi(m[3])))};
  const int hour = std::stoi(m[4]);
  const int minute = std::stoi(m[5]);
  const int second = m[6].matched ? std::stoi(m[6]) : 0;
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  auto offset = local_offset;
  if (m[7].matched && m[7] != "Z") {
    const std::string zone = m[7];
    const int minutes = std::stoi(zone.substr(1, 2)) * 60 + std::stoi(zone.substr(4, 2));
    offset = std::chrono::minutes(zone[0] == '-' ? -minutes : minutes);
  } else if (m[7].matched) {
    offset = std::chrono::minutes(0);
  }
  const auto local = std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                     std::chrono::seconds(second);
  return std::chrono::time_point_cast<std::chrono::seconds>(local - offset);
}

std::string iso_date(std::chrono::year_month_day date) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

}  // namespace kj::lims
