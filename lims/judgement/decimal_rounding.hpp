// Rounding as the user reads the number: half away from zero on the decimal digits, not on the
// binary value. Verdicts are taken on the displayed value (enzyme-inhibition.md §5), so 49.96 %
// must become 50.0 % and 49.94 % must become 49.9 % whatever binary noise the arithmetic left.
#pragma once

#include <string>

namespace kj::lims {

// `value` rounded to `decimals` places (0–9), half away from zero. The value is first read to
// 15 significant digits, which drops binary noise (0.1 + 0.2 reads 0.3) but keeps every digit
// a reading can carry. Non-finite values are returned unchanged; -0 becomes 0.
double round_half_away_from_zero(double value, int decimals);

// `value` to `digits` significant digits (1–17), correctly rounded: the double a decimal
// literal of that many digits would give. Unit conversions use it at 15 digits so that
// 0.02 mg/kg is exactly 20 µg/kg.
double round_to_significant(double value, int digits);

// The same rounding, printed with exactly `decimals` places ("53.5", "0.000", "-1.25").
// Locale-independent. Non-finite values print as "nan", "inf" or "-inf".
std::string format_fixed(double value, int decimals);

}  // namespace kj::lims
