#include "lims/judgement/decimal_rounding.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace kj::lims {
namespace {

constexpr int kSignificantDigits = 15;
constexpr int kMaxDecimals = 9;

// 10^n for 0 ≤ n ≤ 18, exact in both integer and double form.
std::int64_t power_of_ten(int n) {
  std::int64_t result = 1;
  for (int i = 0; i < n; ++i) result *= 10;
  return result;
}

// |value| rounded to `decimals` places, as an integer count of 10^-decimals units, or nothing
// when the value has fewer than `decimals` places at 15 significant digits (already exact).
struct Scaled {
  std::int64_t units;
  bool exact;  // the value needed no rounding at this precision
};

Scaled scale(double magnitude, int decimals) {
  // d.dddddddddddddde±XX: the 15 significant digits and the decimal exponent.
  std::array<char, 40> buffer{};
  const auto printed = std::to_chars(buffer.data(), buffer.data() + buffer.size(), magnitude,
                                     std::chars_format::scientific, kSignificantDigits - 1);
  if (printed.ec != std::errc{}) throw std::logic_error("to_chars failed on a finite double");
  std::array<int, kSignificantDigits> digits{};
  digits[0] = buffer[0] - '0';
  for (int i = 1; i < kSignificantDigits; ++i) digits[i] = buffer[i + 1] - '0';  // skip the point
  const char* exponent_text = std::find(buffer.data(), printed.ptr, 'e') + 1;
  int exponent = 0;
  std::from_chars(exponent_text + (*exponent_text == '+' ? 1 : 0), printed.ptr, exponent);

  // Digits that stay: those before the point (exponent + 1) plus the wanted decimals.
  const int kept = exponent + 1 + decimals;
  if (kept >= kSignificantDigits) return {0, true};
  if (kept < 0) return {0, false};
  std::int64_t units = 0;
  for (int i = 0; i < kept; ++i) units = units * 10 + digits[i];
  if (digits[kept] >= 5) ++units;
  return {units, false};
}

}  // namespace

double round_half_away_from_zero(double value, int decimals) {
  if (decimals < 0 || decimals > kMaxDecimals) throw std::logic_error("round_half_away_from_zero: bad decimals");
  if (!std::isfinite(value)) return value;
  if (value == 0.0) return 0.0;
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e15) return value;  // no decimals left to round at this precision
  const Scaled scaled = scale(magnitude, decimals);
  if (scaled.exact) return value;
  if (scaled.units == 0) return 0.0;
  // Both operands are exact, so the one correctly rounded division gives the double nearest to
  // the decimal result, the same double the literal would give.
  const double rounded = static_cast<double>(scaled.units) / static_cast<double>(power_of_ten(decimals));
  return value < 0 ? -rounded : rounded;
}

double round_to_significant(double value, int digits) {
  if (digits < 1 || digits > 17) throw std::logic_error("round_to_significant: bad digits");
  if (!std::isfinite(value) || value == 0.0) return value == 0.0 ? 0.0 : value;
  std::array<char, 40> buffer{};
  const auto printed =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::scientific, digits - 1);
  if (printed.ec != std::errc{}) throw std::logic_error("to_chars failed on a finite double");
  double result = value;
  std::from_chars(buffer.data(), printed.ptr, result);
  return result;
}

std::string format_fixed(double value, int decimals) {
  const double rounded = round_half_away_from_zero(value, decimals);
  if (std::isnan(rounded)) return "nan";
  if (std::isinf(rounded)) return rounded > 0 ? "inf" : "-inf";
  std::array<char, 64> buffer{};
  const auto printed =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), rounded, std::chars_format::fixed, decimals);
  if (printed.ec != std::errc{}) return rounded > 0 ? "inf" : "-inf";  // beyond 64 digits
  return std::string(buffer.data(), printed.ptr);
}

}  // namespace kj::lims
