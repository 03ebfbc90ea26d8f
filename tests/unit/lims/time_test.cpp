// Timestamps as stored: ISO 8601 UTC text, written digit by digit, read back exactly.
#include <gtest/gtest.h>

#include "lims/time.hpp"

namespace kj::lims {
namespace {

using namespace std::chrono;

TEST(Time, WritesIso8601UtcWithLeadingZeros) {
  EXPECT_EQ(to_iso8601(Timestamp{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(to_iso8601(sys_days(year(2026) / 12 / 6) + hours(1) + minutes(2) + seconds(3)), "2026-12-06T01:02:03Z");
  EXPECT_EQ(to_iso8601(sys_days(year(999) / 1 / 9) + hours(23) + minutes(59) + seconds(59)), "0999-01-09T23:59:59Z");
}

TEST(Time, YearsBeyondFourDigitsAreStillExact) {
  EXPECT_EQ(to_iso8601(sys_days(year(10000) / 1 / 1)), "10000-01-01T00:00:00Z");
}

TEST(Time, ReadsBackWhatItWrites) {
  for (const auto t : {Timestamp{}, Timestamp{sys_days(year(2026) / 2 / 28) + hours(16)},
                       Timestamp{sys_days(year(2028) / 2 / 29) + seconds(86399)}}) {
    EXPECT_EQ(parse_iso8601(to_iso8601(t), minutes(0)), t) << to_iso8601(t);
  }
}

}  // namespace
}  // namespace kj::lims
