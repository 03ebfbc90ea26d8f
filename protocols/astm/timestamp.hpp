// E1394 date/time fields (`YYYYMMDDHHMMSS`, or shorter) as the ISO 8601 text an Observation
// carries. Shorter forms keep their precision instead of inventing zeros: `YYYYMMDD` →
// `YYYY-MM-DD`, `YYYYMMDDHH` → `YYYY-MM-DDTHH`, `YYYYMMDDHHMM` → `YYYY-MM-DDTHH:MM`. Fractional
// seconds and a `+HHMM`/`-HHMM` offset are kept when the wire has them (`+08:00`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kj::protocols::astm {

// Nothing when the text is empty or not a valid date/time of that shape.
std::optional<std::string> iso_from_astm_time(std::string_view text);

}  // namespace kj::protocols::astm
