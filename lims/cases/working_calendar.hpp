// The calendar that disposal-case deadlines are counted on: local days in Asia/Shanghai
// (config.installation.utc_offset, UTC+8 all year) and the Chinese working days of the per-year
// files config/calendar/YYYY.json (public holidays off; weekend days made working days, 调休).
//
// How a deadline is counted (the usual rule of Chinese administrative procedure, 期间计算: the
// day on which a period starts is not counted, and a period in days ends at the end of its
// last day):
//   add_hours(t, n)        exactly t + n hours — the 1-hour and 4-hour limits run by the clock.
//   add_days(t, n)         23:59:59 local of the n-th calendar day after t's local day.
//   add_working_days(t, n) 23:59:59 local of the n-th working day after t's local day; the day
//                          of the event is never counted, even when it is a working day, and
//                          an event on a holiday or weekend starts counting on the next day.
//   (n = 0 in days or working days: the end of the event's own local day.)
// A working day is Monday–Friday not listed in `holidays`, or a day listed in
// `working_weekends`. Counting working days through a year that has no calendar file is an
// error naming the year and the file to add — never a guess from the weekdays alone.
#pragma once

#include <chrono>
#include <map>

#include "lims/config/config.hpp"
#include "lims/time.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

using LocalDay = std::chrono::sys_days;  // a date on the local calendar (not a UTC instant)

class WorkingCalendar {
 public:
  WorkingCalendar(std::map<int, config::Calendar> years, std::chrono::minutes utc_offset);

  [[nodiscard]] std::chrono::minutes utc_offset() const { return utc_offset_; }
  // The local date of instant `t`.
  [[nodiscard]] LocalDay local_day(Timestamp t) const;
  // 23:59:59 local on `day`, as a UTC instant.
  [[nodiscard]] Timestamp end_of_local_day(LocalDay day) const;
  // 00:00:00 local on `day`, as a UTC instant.
  [[nodiscard]] Timestamp start_of_local_day(LocalDay day) const;

  // Errc::config_invalid when `day`'s year has no calendar file.
  [[nodiscard]] Result<bool> is_working_day(LocalDay day) const;

  [[nodiscard]] Timestamp add_hours(Timestamp t, int hours) const;
  [[nodiscard]] Timestamp add_days(Timestamp t, int days) const;
  [[nodiscard]] Result<Timestamp> add_working_days(Timestamp t, int working_days) const;

 private:
  std::map<int, config::Calendar> years_;
  std::chrono::minutes utc_offset_;
};

// The error for a computation that needs `year` and has no config/calendar/`year`.json.
Error missing_calendar(int year);

}  // namespace kj::lims
