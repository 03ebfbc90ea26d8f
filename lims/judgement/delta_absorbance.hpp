// The reaction ΔA of one channel (enzyme-inhibition.md §2): the absorbance at the end of the
// detection time minus the one at its start, or INVALID when there is no reaction to measure.
#pragma once

#include <optional>
#include <string>

#include "lims/judgement/photometry.hpp"
#include "lims/judgement/quantities.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

// Which rule decided a ΔA. The rule is kept so the user sees why a channel shows NA.
enum class DeltaARule {
  d1_both_unreadable,  // D1: A0 and A1 both INVALID/OVERFLOW
  d1_no_reaction,      // D1: A0 and A1 both exactly 0 (no cuvette)
  operand_unreadable,  // spec decision: one of A0/A1 INVALID/OVERFLOW (or not a number)
  d2_difference,       // D2: ΔA = A1 − A0, possibly negative
};

struct DeltaA {
  std::optional<Absorbance> value;  // empty ⇔ INVALID
  DeltaARule rule = DeltaARule::d1_both_unreadable;

  static DeltaA of(Absorbance a) { return {a, DeltaARule::d2_difference}; }
  [[nodiscard]] bool valid() const { return value.has_value(); }
};

// Start and end absorbance of one channel as a device or a user gives them (A0 and A3 for the
// 3-minute reading of GB/T 5009.199-2003).
struct AbsorbancePair {
  Absorbance a0;
  Absorbance a3;
};

DeltaA delta_absorbance(const AbsorbanceReading& start, const AbsorbanceReading& end);
DeltaA delta_absorbance(const AbsorbancePair& pair);

// Why a ΔA is INVALID (or how a valid one was formed), for the user.
Text describe(DeltaARule rule);

// ΔA with 3 decimals ("0.184"), "NA" when INVALID.
std::string display_text(const DeltaA& delta);

}  // namespace kj::lims
