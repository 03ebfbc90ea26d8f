#include "lims/judgement/photometry.hpp"

#include <cmath>

#include "lims/errors.hpp"
#include "lims/judgement/decimal_rounding.hpp"

namespace kj::lims {
namespace {

// R1: a reading below the dark level carries no light at all.
double dark_corrected(AdcCount reading, AdcCount dark) {
  return reading.value() < dark.value() ? 0.0 : static_cast<double>(reading.value() - dark.value());
}

Error bad_limits(const std::string& en, const std::string& zh) {
  return make_error(make_error_code(Errc::config_invalid), "photometry limits: " + en, "光度限值：" + zh);
}

}  // namespace

Status validate(const PhotometryLimits& limits) {
  const double low = limits.unity_low.value();
  const double high = limits.unity_high.value();
  const double overflow = limits.overflow_at.value();
  if (!std::isfinite(low) || !std::isfinite(high) || !std::isfinite(overflow)) {
    return bad_limits("every limit must be a finite number", "各限值必须为有限数值");
  }
  if (!(low > 0.0 && low <= 1.0 && high >= 1.0)) {
    return bad_limits(
        "expected 0 < unity_low ≤ 1 ≤ unity_high, got " + format_fixed(low, 4) + " … " + format_fixed(high, 4),
        "应满足 0 < unity_low ≤ 1 ≤ unity_high，实际为 " + format_fixed(low, 4) + " … " + format_fixed(high, 4));
  }
  if (!(overflow > high)) {
    return bad_limits("overflow_at must be above unity_high, got " + format_fixed(overflow, 4),
                      "overflow_at 必须大于 unity_high，实际为 " + format_fixed(overflow, 4));
  }
  return {};
}

Result<PhotometricReading> read_photometer(const AdcReading& reading, const PhotometryLimits& limits) {
  if (Status valid = validate(limits); !valid) return valid.error();

  const double full = dark_corrected(reading.full, reading.dark);
  const double ad = dark_corrected(reading.ad, reading.dark);
  if (full == 0.0) return PhotometricReading{};  // R2: no blank, nothing can be computed

  double t = ad / full;
  if (t >= limits.overflow_at.value()) {  // R3
    return PhotometricReading{ReadingState::overflow, Transmittance(t), {ReadingState::overflow, std::nullopt}};
  }
  // R4: readings this close to the blank are the blank; it keeps noise out of control wells.
  if (t >= limits.unity_low.value() && t <= limits.unity_high.value()) t = 1.0;

  // R5
  if (t == 1.0)
    return PhotometricReading{ReadingState::valid, Transmittance(t), AbsorbanceReading::measured(Absorbance(0.0))};
  if (ad < 1.0) {
    return PhotometricReading{
        ReadingState::saturated, Transmittance(t), {ReadingState::saturated, kSaturatedAbsorbance}};
  }
  return PhotometricReading{ReadingState::valid, Transmittance(t),
                            AbsorbanceReading::measured(Absorbance(std::log10(full / ad)))};
}

std::string display_transmittance(const PhotometricReading& reading) {
  switch (reading.state) {
    case ReadingState::invalid: return "****";
    case ReadingState::overflow: return "---.-";
    case ReadingState::valid:
    case ReadingState::saturated: break;
  }
  return format_fixed(reading.transmittance.value_or(Transmittance(0.0)).value() * 100.0, 2);
}

std::string display_absorbance(const AbsorbanceReading& reading) {
  if (reading.state == ReadingState::overflow) return "-.---";
  if (!reading.value) return "*****";
  return format_fixed(reading.value->value(), 3);
}

}  // namespace kj::lims
