// Strong types for the quantities the judgement rules speak about, so that an absorbance can
// never be passed where a percent is meant. Each is a thin wrapper: explicit construction,
// `value()` to read it back, comparison within the same type only.
#pragma once

#include <compare>
#include <cstdint>

namespace kj::lims {

template <class Tag, class Rep = double>
class Quantity {
 public:
  using rep = Rep;
  constexpr explicit Quantity(Rep value) : value_(value) {}

  [[nodiscard]] constexpr Rep value() const { return value_; }

  friend constexpr auto operator<=>(const Quantity&, const Quantity&) = default;
  friend constexpr Quantity operator+(Quantity a, Quantity b) { return Quantity(a.value_ + b.value_); }
  friend constexpr Quantity operator-(Quantity a, Quantity b) { return Quantity(a.value_ - b.value_); }

 private:
  Rep value_;
};

// Raw photometer ADC count of one channel (dark, full-scale or sample reading).
using AdcCount = Quantity<struct AdcCountTag, std::uint32_t>;
// Transmitted fraction of the reference light; 1 means 100 %.
using Transmittance = Quantity<struct TransmittanceTag>;
// Absorbance in ABS units (log10 of full / sample); a reaction's ΔA is an absorbance too.
using Absorbance = Quantity<struct AbsorbanceTag>;
// A dimensionless fraction: an inhibition rate of 0.53479, a C/T ratio of 2.532.
using Ratio = Quantity<struct RatioTag>;
// A percentage: 53.5 means 53.5 %.
using Percent = Quantity<struct PercentTag>;
// Grey level of a colloidal-gold line (0–255 per pixel row, larger = stronger colour).
using LineIntensity = Quantity<struct LineIntensityTag, int>;

constexpr Percent to_percent(Ratio ratio) {
  return Percent(ratio.value() * 100.0);
}

}  // namespace kj::lims
