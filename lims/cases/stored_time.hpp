// Reading the times the LIMS stores ('2025-09-26T01:00:00Z', lims/time.hpp) back quickly: the
// closure report reads many thousands of them, and a regex per value would dominate its cost.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "lims/time.hpp"

namespace kj::lims {

// Exactly YYYY-MM-DDTHH:MM:SSZ; anything else goes through parse_iso8601 (taken as UTC).
// The epoch when the text is no time at all (stored data is written by to_iso8601 only).
Timestamp stored_time(std::string_view text);
inline Timestamp stored_time(const std::string& text) {
  return stored_time(std::string_view(text));
}
std::optional<Timestamp> stored_time(const std::optional<std::string>& text);

// "YYYY-MM" of `t` in local time.
std::string local_month(Timestamp t, std::chrono::minutes utc_offset);

}  // namespace kj::lims
