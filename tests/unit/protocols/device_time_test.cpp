// DeviceTime: which clock readings are real calendar times, and their ISO 8601 text.
#include "protocols/device_time.hpp"

#include <array>

#include <gtest/gtest.h>

namespace kj::protocols {
namespace {

TEST(DeviceTime, CalendarRules) {
  EXPECT_TRUE(is_valid(DeviceTime{2018, 3, 15, 10, 20, 30}));
  EXPECT_TRUE(is_valid(DeviceTime{2020, 2, 29, 0, 0, 0}));
  EXPECT_TRUE(is_valid(DeviceTime{2000, 2, 29, 23, 59, 59}));  // divisible by 400
  EXPECT_FALSE(is_valid(DeviceTime{2100, 2, 29, 0, 0, 0}));    // divisible by 100 only
  EXPECT_FALSE(is_valid(DeviceTime{2019, 2, 29, 0, 0, 0}));
  EXPECT_FALSE(is_valid(DeviceTime{2018, 13, 1, 0, 0, 0}));
  EXPECT_FALSE(is_valid(DeviceTime{2018, 0, 1, 0, 0, 0}));
  EXPECT_FALSE(is_valid(DeviceTime{2018, 4, 31, 0, 0, 0}));
  EXPECT_FALSE(is_valid(DeviceTime{2018, 1, 0, 0, 0, 0}));
  EXPECT_FALSE(is_valid(DeviceTime{2018, 1, 1, 24, 0, 0}));
  EXPECT_FALSE(is_valid(DeviceTime{2018, 1, 1, 0, 60, 0}));
  EXPECT_FALSE(is_valid(DeviceTime{2018, 1, 1, 0, 0, 60}));
}

TEST(DeviceTime, IsoText) {
  EXPECT_EQ(to_iso8601(DeviceTime{2018, 3, 5, 7, 8, 9}), "2018-03-05T07:08:09");
  EXPECT_EQ(to_iso8601_date(DeviceTime{2018, 3, 5, 7, 8, 9}), "2018-03-05");
}

TEST(DeviceTime, BinarySixBytes) {
  const std::array<std::uint8_t, 6> wire{0x12, 0x03, 0x0F, 0x0A, 0x14, 0x1E};
  const DeviceTime t = device_time_from_binary6(wire);
  EXPECT_EQ(t, (DeviceTime{2018, 3, 15, 10, 20, 30}));
  EXPECT_EQ(to_binary6(t), wire);
}

}  // namespace
}  // namespace kj::protocols
