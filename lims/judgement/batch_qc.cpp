#include "lims/judgement/batch_qc.hpp"

#include <cmath>

#include "lims/judgement/decimal_rounding.hpp"

namespace kj::lims {

Result<ControlCheck> check_control(const DeltaA& control, const InhibitionStandard& standard) {
  if (Status valid = validate(standard); !valid) return valid.error();
  if (!control.value || !std::isfinite(control.value->value())) {
    const Text why = describe(control.rule);
    return ControlCheck{ControlFailure::unreadable, {"control ΔA is invalid: " + why.en, "对照 ΔA 无效：" + why.zh}};
  }
  const std::string value = format_fixed(control.value->value(), 3);
  if (control.value->value() <= 0.0) {
    return ControlCheck{
        ControlFailure::not_positive,
        {"control ΔA " + value + " ≤ 0: the enzyme did not react", "对照 ΔA " + value + " ≤ 0：酶未反应"}};
  }
  if (standard.min_control_delta_a && *control.value < *standard.min_control_delta_a) {
    const std::string minimum = format_fixed(standard.min_control_delta_a->value(), 3);
    return ControlCheck{ControlFailure::below_minimum,
                        {"control ΔA " + value + " is below the minimum " + minimum + " (" + standard.name + ")",
                         "对照 ΔA " + value + " 低于最低要求 " + minimum + "（" + standard.name + "）"}};
  }
  return ControlCheck{std::nullopt, {"control ΔA " + value + " is valid", "对照 ΔA " + value + " 有效"}};
}

Result<BatchOutcome> judge_inhibition_batch(const DeltaA& control, std::span<const DeltaA> samples,
                                            const InhibitionStandard& standard) {
  Result<ControlCheck> qc = check_control(control, standard);
  if (!qc) return qc.error();
  BatchOutcome outcome{control, *qc, {}};
  outcome.samples.reserve(samples.size());
  for (const DeltaA& sample : samples) {
    const Inhibition rate = inhibition(control, sample);
    // The standard validated above, so judging cannot fail here.
    InhibitionVerdict rate_verdict = judge_inhibition(rate, standard).value();
    InhibitionVerdict verdict = rate_verdict;
    if (!qc->passed()) {
      verdict = InhibitionVerdict{Verdict::invalid,
                                  std::nullopt,
                                  {"batch control failed: " + qc->reason.en, "批次对照不合格：" + qc->reason.zh}};
    }
    outcome.samples.push_back({sample, rate, std::move(rate_verdict), std::move(verdict)});
  }
  return outcome;
}

}  // namespace kj::lims
