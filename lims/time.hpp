// Time as the LIMS stores it: UTC instants (std::chrono::sys_seconds) written as ISO 8601
// text with a Z suffix. The current time is always passed in by the caller (STYLE rule 4).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace kj::lims {

using Timestamp = std::chrono::sys_seconds;

// 2026-11-23T06:54:16Z
std::string to_iso8601(Timestamp t);
// Accepts YYYY-MM-DDTHH:MM:SS with Z or ±HH:MM; a time without an offset is taken in
// `local_offset` (the booth's zone). Nothing when the text is not such a time.
std::optional<Timestamp> parse_iso8601(const std::string& text, std::chrono::minutes local_offset);
// 2026-11-23 14:54 in the given local offset, for people.
std::string to_local_text(Timestamp t, std::chrono::minutes local_offset);
// 2023-05-11: a calendar date as stored and shown.
std::string iso_date(std::chrono::year_month_day date);

}  // namespace kj::lims
