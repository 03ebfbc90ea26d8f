// Control validity and batch QC for one enzyme-inhibition run (enzyme-inhibition.md §3 C1,
// domain.md: "A failed control invalidates every result of the run"). The control fails when
// its ΔA is INVALID, ≤ 0 (C1) or below the standard's configured minimum (policy); then every
// sample of the batch is `invalid`, whatever its own rate says.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "lims/judgement/delta_absorbance.hpp"
#include "lims/judgement/inhibition.hpp"
#include "lims/judgement/inhibition_judgement.hpp"
#include "lims/judgement/inhibition_standard.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

enum class ControlFailure {
  unreadable,     // ΔAc INVALID (I1)
  not_positive,   // ΔAc ≤ 0 (C1, I2)
  below_minimum,  // 0 < ΔAc < min_control_delta_a (policy)
};

struct ControlCheck {
  std::optional<ControlFailure> failure;  // empty ⇔ the control is valid
  Text reason;

  [[nodiscard]] bool passed() const { return !failure.has_value(); }
};

// Fails only when the standard does not validate.
Result<ControlCheck> check_control(const DeltaA& control, const InhibitionStandard& standard);

struct SampleOutcome {
  DeltaA delta_a;
  Inhibition inhibition;           // computed even when QC failed, for the record
  InhibitionVerdict rate_verdict;  // what the rate alone says
  InhibitionVerdict verdict;       // the result's verdict: `invalid` when QC failed
};

struct BatchOutcome {
  DeltaA control;
  ControlCheck qc;
  std::vector<SampleOutcome> samples;  // in the order of the input
};

// Judges every sample of one run against the run's control.
Result<BatchOutcome> judge_inhibition_batch(const DeltaA& control, std::span<const DeltaA> samples,
                                            const InhibitionStandard& standard);

}  // namespace kj::lims
