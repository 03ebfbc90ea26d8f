#include "protocols/tianyang/wire_float.hpp"

#include <bit>
#include <charconv>
#include <cmath>

namespace kj::protocols::tianyang {

float read_float32_be(std::span<const std::uint8_t, 4> bytes) {
  const std::uint32_t bits = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                             (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
  return std::bit_cast<float>(bits);
}

std::array<std::uint8_t, 4> float32_be(float value) {
  const auto bits = std::bit_cast<std::uint32_t>(value);
  return {static_cast<std::uint8_t>(bits >> 24), static_cast<std::uint8_t>(bits >> 16),
          static_cast<std::uint8_t>(bits >> 8), static_cast<std::uint8_t>(bits)};
}

void append_float32_be(std::vector<std::uint8_t>& out, float value) {
  const auto bytes = float32_be(value);
  out.insert(out.end(), bytes.begin(), bytes.end());
}

double widen_shortest(float value) {
  if (!std::isfinite(value)) return static_cast<double>(value);
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, value);
  double wide = static_cast<double>(value);
  if (written.ec == std::errc{}) std::from_chars(text, written.ptr, wide);
  return wide;
}

double round_2dp(double value) {
  if (!std::isfinite(value)) return value;
  const double rounded = std::round(value * 100.0) / 100.0;
  return rounded == 0.0 ? 0.0 : rounded;  // no "-0" for a tiny negative result
}

bool is_plausible_reading(float value) {
  if (value == 0.0F) return true;
  const float magnitude = std::fabs(value);  // false for NaN below
  return magnitude >= 1.0e-6F && magnitude <= 1.0e6F;
}

}  // namespace kj::protocols::tianyang
