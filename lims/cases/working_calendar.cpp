#include "lims/cases/working_calendar.hpp"

#include <string>

#include "lims/errors.hpp"

namespace kj::lims {

using namespace std::chrono;

Error missing_calendar(int year) {
  const std::string y = std::to_string(year);
  return make_error(make_error_code(Errc::config_invalid),
                    "no holiday calendar for " + y + ": add config/calendar/" + y +
                        ".json (that year's public holidays and make-up working days, from the State Council's "
                        "notice) before deadlines in working days can be counted into " +
                        y,
                    "缺少 " + y + " 年节假日日历：请先添加 config/calendar/" + y + ".json（按国务院办公厅通知填写该年" +
                        "法定节假日和调休上班日），才能计算延伸到 " + y + " 年的工作日期限");
}

WorkingCalendar::WorkingCalendar(std::map<int, config::Calendar> years, minutes utc_offset)
    : years_(std::move(years)), utc_offset_(utc_offset) {}

LocalDay WorkingCalendar::local_day(Timestamp t) const {
  return floor<days>(t + utc_offset_);
}

Timestamp WorkingCalendar::start_of_local_day(LocalDay day) const {
  return time_point_cast<seconds>(sys_seconds(day) - utc_offset_);
}

Timestamp WorkingCalendar::end_of_local_day(LocalDay day) const {
  return start_of_local_day(day + days(1)) - seconds(1);
}

Result<bool> WorkingCalendar::is_working_day(LocalDay day) const {
  const int year = static_cast<int>(year_month_day(day).year());
  const auto found = years_.find(year);
  if (found == years_.end()) return missing_calendar(year);
  const config::Calendar& calendar = found->second;
  if (calendar.working_weekends.contains(day)) return true;
  if (calendar.holidays.contains(day)) return false;
  const weekday wd(day);
  return wd != Saturday && wd != Sunday;
}

Timestamp WorkingCalendar::add_hours(Timestamp t, int n) const {
  return t + hours(n);
}

Timestamp WorkingCalendar::add_days(Timestamp t, int n) const {
  return end_of_local_day(local_day(t) + days(n));
}

Result<Timestamp> WorkingCalendar::add_working_days(Timestamp t, int n) const {
  LocalDay day = local_day(t);
  for (int counted = 0; counted < n;) {
    day += days(1);
    const auto working = is_working_day(day);
    if (!working) return working.error();
    if (*working) ++counted;
  }
  return end_of_local_day(day);
}

}  // namespace kj::lims
