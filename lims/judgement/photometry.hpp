// Photometry of one channel at one wavelength (enzyme-inhibition.md §1, rules R1–R6): from the
// raw dark, full-scale and sample ADC counts to transmittance and absorbance, with the
// photometer's failure states kept as states, never as sentinel numbers.
#pragma once

#include <optional>
#include <string>

#include "lims/judgement/quantities.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

// Limits of R3/R4, configurable per instrument; the defaults are the current DY-3500 source
// (an older version used 0.995 … 1.005).
struct PhotometryLimits {
  Transmittance overflow_at{1.2};  // T ≥ this → OVERFLOW (R3)
  Transmittance unity_low{0.998};  // unity_low ≤ T ≤ unity_high → T is exactly 1 (R4)
  Transmittance unity_high{1.002};
};

// 0 < unity_low ≤ 1 ≤ unity_high < overflow_at, all finite.
Status validate(const PhotometryLimits& limits);

// The three raw counts of one channel; `full` is the blank (100 %) reading.
struct AdcReading {
  AdcCount dark;
  AdcCount full;
  AdcCount ad;
};

enum class ReadingState {
  valid,
  saturated,  // nothing came through the cuvette: A is reported as 5 (R5)
  overflow,   // more light than the blank: T ≥ the overflow limit (R3)
  invalid,    // no usable blank: full − dark is 0 (R2)
};

// An absorbance as the photometer reports it: a value for valid and saturated readings, none
// for overflow and invalid ones. A device that sends bare absorbances gives `measured(a)`.
struct AbsorbanceReading {
  ReadingState state = ReadingState::invalid;
  std::optional<Absorbance> value;

  static AbsorbanceReading measured(Absorbance a) { return {ReadingState::valid, a}; }
  [[nodiscard]] bool usable() const { return value.has_value(); }
};

struct PhotometricReading {
  ReadingState state = ReadingState::invalid;
  // After R4's snap to 1. Set unless invalid; an overflow keeps the measured ratio for the log.
  std::optional<Transmittance> transmittance;
  AbsorbanceReading absorbance;
};

// The absorbance R5 reports for a fully opaque cuvette.
inline constexpr Absorbance kSaturatedAbsorbance{5.0};

// R1–R5. Fails only on bad limits.
Result<PhotometricReading> read_photometer(const AdcReading& reading, const PhotometryLimits& limits = {});

// R6 display: T in percent with 2 decimals ("72.50"), "****" when invalid, "---.-" on overflow.
std::string display_transmittance(const PhotometricReading& reading);
// R6 display: A with 3 decimals ("0.140", saturated "5.000"), "*****" when invalid, "-.---" on
// overflow.
std::string display_absorbance(const AbsorbanceReading& reading);

}  // namespace kj::lims
