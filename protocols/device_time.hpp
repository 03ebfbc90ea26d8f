// A reading of an analyzer's own clock (local time, no zone), as the vendor protocols send it:
// checked for being a real calendar time and written as ISO 8601 `YYYY-MM-DDTHH:MM:SS`.
// Devices keep their clocks by hand, so an impossible value (month 13) is peer input to reject,
// never something to repair.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace kj::protocols {

struct DeviceTime {
  int year = 2000;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;

  bool operator==(const DeviceTime&) const = default;
};

// True when the date exists in the Gregorian calendar and the time of day is 00:00:00–23:59:59.
bool is_valid(const DeviceTime& time);

// `YYYY-MM-DDTHH:MM:SS`; `YYYY-MM-DD` for the date alone.
std::string to_iso8601(const DeviceTime& time);
std::string to_iso8601_date(const DeviceTime& time);

// The six binary bytes `YY MM DD hh mm ss` (YY = year − 2000) of TL310 and LZ4000T frames.
DeviceTime device_time_from_binary6(std::span<const std::uint8_t, 6> bytes);
std::array<std::uint8_t, 6> to_binary6(const DeviceTime& time);

}  // namespace kj::protocols
