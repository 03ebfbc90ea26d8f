// HL7 date/time values (DTM, and the TS of v2.4 and earlier) to and from ISO 8601.
// HL7 writes `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`; observations carry
// `YYYY-MM-DDTHH:MM:SS`, with an offset only if the wire had one.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kj::protocols::hl7 {

// `20240315102530+0800` → `2024-03-15T10:25:30+08:00`. A time without seconds gets `:00`;
// fractions of a second are dropped; a date alone stays a date (`2024-03-15`, `2024-03`, `2024`).
// Nothing when the value is not a real date and time.
std::optional<std::string> dtm_to_iso8601(std::string_view dtm);

// The reverse, for the ORU builder: `2024-03-15T10:25:30+08:00` → `20240315102530+0800`
// (`Z` → `+0000`). Nothing when `iso` is not of that form.
std::optional<std::string> iso8601_to_dtm(std::string_view iso);

// The HL7 time stamp for a moment (time is an input: callers pass the clock's reading) as seen
// at `utc_offset`: `YYYYMMDDHHMMSS+ZZZZ`. For MSH-7 of the messages we build.
std::string format_dtm(std::chrono::sys_seconds moment, std::chrono::minutes utc_offset);

}  // namespace kj::protocols::hl7
