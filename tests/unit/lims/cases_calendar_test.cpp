// The working-day calendar on the shipped 2025/2026 files: the 2025 Spring Festival (Jan 28 –
// Feb 4 off, Jan 26 and Feb 8 worked) and National Day (Oct 1–8 off, Sep 28 and Oct 11
// worked), local days in UTC+8, the day of the event never counted, and a clear error when a
// year has no calendar file. Every expected date is counted by hand in the comment beside it.
#include <gtest/gtest.h>

#include "lims/cases/case_rules.hpp"
#include "lims/cases/working_calendar.hpp"
#include "lims/errors.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/lims/cases_fixture.hpp"

namespace kj::lims {
namespace {

using testing::local;
using namespace std::chrono;

class CalendarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = config::load_config(test::source_dir() / "config");
    ASSERT_TRUE(config.ok()) << config.error().detail.en;
    calendar_.emplace(config->calendars, config->installation.utc_offset);
  }
  Timestamp working(Timestamp from, int n) {
    auto due = calendar_->add_working_days(from, n);
    EXPECT_TRUE(due.ok()) << (due.ok() ? "" : due.error().detail.en);
    return due.ok() ? *due : Timestamp{};
  }
  bool is_working(int y, unsigned m, unsigned d) {
    auto w = calendar_->is_working_day(sys_days(year(y) / month(m) / day(d)));
    EXPECT_TRUE(w.ok());
    return w.ok() && *w;
  }
  std::optional<WorkingCalendar> calendar_;
};

Timestamp end_of(int y, unsigned m, unsigned d) {
  return local(y, m, d, 23, 59, 59);
}

TEST_F(CalendarTest, WorkingDaysOfTheSpringFestivalAndNationalDay2025) {
  EXPECT_TRUE(is_working(2025, 1, 24));   // Friday
  EXPECT_FALSE(is_working(2025, 1, 25));  // Saturday
  EXPECT_TRUE(is_working(2025, 1, 26));   // Sunday, make-up working day
  EXPECT_TRUE(is_working(2025, 1, 27));   // Monday
  for (unsigned d = 28; d <= 31; ++d) EXPECT_FALSE(is_working(2025, 1, d)) << "Jan " << d;
  for (unsigned d = 1; d <= 4; ++d) EXPECT_FALSE(is_working(2025, 2, d)) << "Feb " << d;
  EXPECT_TRUE(is_working(2025, 2, 5));
  EXPECT_TRUE(is_working(2025, 2, 8));   // Saturday, make-up working day
  EXPECT_FALSE(is_working(2025, 2, 9));  // Sunday
  EXPECT_TRUE(is_working(2025, 9, 28));  // Sunday, make-up working day
  for (unsigned d = 1; d <= 8; ++d) EXPECT_FALSE(is_working(2025, 10, d)) << "Oct " << d;
  EXPECT_TRUE(is_working(2025, 10, 11));   // Saturday, make-up working day
  EXPECT_FALSE(is_working(2025, 10, 12));  // Sunday
}

// The acceptance case: a lab case opened on Friday 2025-09-26 with a 7-working-day recheck
// window. Counted by hand on config/calendar/2025.json: Sat 27 off; Sun 28 worked (1); Mon 29
// (2); Tue 30 (3); Oct 1–8 off; Thu 9 (4); Fri 10 (5); Sat 11 worked (6); Sun 12 off; Mon 13
// (7) → due at the end of Monday 2025-10-13.
TEST_F(CalendarTest, SevenWorkingDaysFromTheFridayBeforeNationalDay) {
  EXPECT_EQ(working(local(2025, 9, 26, 10, 0), 7), end_of(2025, 10, 13));
  EXPECT_EQ(to_iso8601(working(local(2025, 9, 26, 10, 0), 7)), "2025-10-13T15:59:59Z");
}

TEST_F(CalendarTest, CountingAcrossTheSpringFestival) {
  // Fri Jan 24: Sat 25 off, Sun 26 worked (1), Mon 27 (2), Jan 28–Feb 4 off, Wed Feb 5 (3).
  EXPECT_EQ(working(local(2025, 1, 24, 15, 0), 3), end_of(2025, 2, 5));
  // Mon Jan 27: the whole holiday is skipped, Wed Feb 5 is the first working day after it.
  EXPECT_EQ(working(local(2025, 1, 27, 9, 0), 1), end_of(2025, 2, 5));
  // An event on a holiday (Tue Feb 4) counts from the next day: Feb 5 (1), 6 (2), 7 (3).
  EXPECT_EQ(working(local(2025, 2, 4, 11, 0), 3), end_of(2025, 2, 7));
  // Fri Feb 7: the next working day is the make-up Saturday Feb 8.
  EXPECT_EQ(working(local(2025, 2, 7, 16, 0), 1), end_of(2025, 2, 8));
  // Fri Jan 24, 5 working days: Jan 26 (1), 27 (2), Feb 5 (3), 6 (4), 7 (5).
  EXPECT_EQ(working(local(2025, 1, 24, 8, 0), 5), end_of(2025, 2, 7));
}

TEST_F(CalendarTest, CountingAcrossNationalDay) {
  EXPECT_EQ(working(local(2025, 9, 26, 10, 0), 1), end_of(2025, 9, 28));    // Sun 28 is worked
  EXPECT_EQ(working(local(2025, 9, 30, 10, 0), 1), end_of(2025, 10, 9));    // Oct 1–8 off
  EXPECT_EQ(working(local(2025, 10, 10, 10, 0), 1), end_of(2025, 10, 11));  // Sat 11 is worked
  EXPECT_EQ(working(local(2025, 10, 11, 10, 0), 1), end_of(2025, 10, 13));  // Sun 12 off
  // A rapid case's 3 working days from Fri Sep 26: Sun 28 (1), Mon 29 (2), Tue 30 (3).
  EXPECT_EQ(working(local(2025, 9, 26, 9, 0), 3), end_of(2025, 9, 30));
  // From Sun Sep 28 (itself a working day, not counted): 29 (1), 30 (2), Oct 9 (3).
  EXPECT_EQ(working(local(2025, 9, 28, 9, 0), 3), end_of(2025, 10, 9));
}

TEST_F(CalendarTest, TheDayOfTheEventIsNotCountedEvenWhenItIsAWorkingDay) {
  EXPECT_EQ(working(local(2025, 9, 29, 8, 0), 1), end_of(2025, 9, 30));
  EXPECT_EQ(working(local(2025, 9, 29, 23, 59, 59), 1), end_of(2025, 9, 30));
  // Zero working days: the end of the event's own day.
  EXPECT_EQ(working(local(2025, 9, 29, 8, 0), 0), end_of(2025, 9, 29));
}

TEST_F(CalendarTest, DaysAreLocalNotUtc) {
  // 2025-09-28T17:00Z is Monday Sep 29, 01:00 in Shanghai: one working day later is Tue Sep 30
  // (counting from the UTC date, a Sunday worked, would give Mon Sep 29).
  const Timestamp at = sys_days(2025y / September / 28) + hours(17);
  EXPECT_EQ(working(at, 1), end_of(2025, 9, 30));
  EXPECT_EQ(to_iso8601(end_of(2025, 9, 30)), "2025-09-30T15:59:59Z");
}

TEST_F(CalendarTest, CalendarDaysAndHours) {
  // 90 days from Sep 26: Sep 30 (4), Oct 31 (35), Nov 30 (65), Dec 25 (90).
  EXPECT_EQ(calendar_->add_days(local(2025, 9, 26, 10, 0), 90), end_of(2025, 12, 25));
  // Calendar days ignore holidays: 3 days from Sep 30 is Oct 3.
  EXPECT_EQ(calendar_->add_days(local(2025, 9, 30, 10, 0), 3), end_of(2025, 10, 3));
  // Hours run by the clock, through the night and the holiday alike.
  EXPECT_EQ(calendar_->add_hours(local(2025, 9, 30, 22, 30), 4), local(2025, 10, 1, 2, 30));
}

TEST_F(CalendarTest, AcrossTheYearEndBothCalendarsAreUsed) {
  // Tue 2025-12-30: Wed 31 (1); Jan 1–3 2026 off; Sun Jan 4 worked (2); Mon Jan 5 (3).
  EXPECT_EQ(working(local(2025, 12, 30, 10, 0), 3), end_of(2026, 1, 5));
  // The event's own day is not counted, so its year needs no file: 2024 has none.
  EXPECT_EQ(working(local(2024, 12, 31, 10, 0), 1), end_of(2025, 1, 2));  // Jan 1 off, Thu Jan 2
}

TEST_F(CalendarTest, AYearWithoutACalendarFileIsAnErrorNotAGuess) {
  // Wed 2026-12-30: Thu 31 (1), then 2027 — which has no calendar file.
  const auto due = calendar_->add_working_days(local(2026, 12, 30, 10, 0), 3);
  ASSERT_FALSE(due.ok());
  EXPECT_EQ(due.error().code, Errc::config_invalid);
  EXPECT_NE(due.error().detail.en.find("no holiday calendar for 2027"), std::string::npos) << due.error().detail.en;
  EXPECT_NE(due.error().detail.en.find("config/calendar/2027.json"), std::string::npos);
  EXPECT_NE(due.error().detail.zh.find("config/calendar/2027.json"), std::string::npos);
  EXPECT_FALSE(calendar_->is_working_day(sys_days(2027y / January / 4)).ok());
  // Hours and calendar days need no calendar file.
  EXPECT_EQ(calendar_->add_days(local(2026, 12, 30, 10, 0), 90), end_of(2027, 3, 30));
}

}  // namespace
}  // namespace kj::lims
