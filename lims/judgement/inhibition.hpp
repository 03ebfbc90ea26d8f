// The inhibition rate of one sample against its control (enzyme-inhibition.md §3 C1, §4 I1–I6):
// I = (ΔAc − ΔAs) / ΔAc. The result keeps the unrounded fraction (what is stored) and the rule
// that decided it (why a value is 0 or NA).
#pragma once

#include <optional>
#include <string>

#include "lims/judgement/delta_absorbance.hpp"
#include "lims/judgement/quantities.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

enum class InhibitionRule {
  i1_control_invalid,       // I1: ΔAc is INVALID → NA
  i1_sample_invalid,        // I1: ΔAs is INVALID → NA
  i2_control_zero,          // I2: ΔAc = 0 → NA (no division by zero)
  c1_control_not_positive,  // C1: ΔAc < 0 → the control is NA, so is every sample
  i3_sample_faster,         // I3: ΔAc − ΔAs < 0 → 0 (rule of 2016-12-02)
  i4_above_one,             // I4: I > 1 (only when ΔAs < 0) → NA
  i5_in_range,              // I5: I in [0, 1]
  i6_negative_clamped,      // I6: a negative I is clamped to 0 (guard; I3 already catches it)
};

struct Inhibition {
  std::optional<Ratio> fraction;  // unrounded, in [0, 1]; empty ⇔ INVALID (shown "NA")
  InhibitionRule rule = InhibitionRule::i1_control_invalid;

  [[nodiscard]] bool valid() const { return fraction.has_value(); }
  // fraction × 100, unrounded.
  [[nodiscard]] std::optional<Percent> percent() const;
  // The displayed percent, rounded half away from zero to 1 decimal: the value that is judged.
  [[nodiscard]] std::optional<Percent> shown() const;
};

Inhibition inhibition(const DeltaA& control, const DeltaA& sample);
// From the raw start/end absorbances of the control and the sample channel.
Inhibition inhibition(const AbsorbancePair& control, const AbsorbancePair& sample);

// Why the rule gave this result, for the user.
Text describe(InhibitionRule rule);

// "53.5%" or "NA".
std::string display_text(const Inhibition& inhibition);

}  // namespace kj::lims
