#include "lims/judgement/inhibition.hpp"

#include <cmath>

#include "lims/judgement/decimal_rounding.hpp"

namespace kj::lims {

std::optional<Percent> Inhibition::percent() const {
  if (!fraction) return std::nullopt;
  return to_percent(*fraction);
}

std::optional<Percent> Inhibition::shown() const {
  if (!fraction) return std::nullopt;
  return Percent(round_half_away_from_zero(to_percent(*fraction).value(), 1));
}

Inhibition inhibition(const DeltaA& control, const DeltaA& sample) {
  if (!control.value || !std::isfinite(control.value->value()))
    return {std::nullopt, InhibitionRule::i1_control_invalid};
  if (!sample.value || !std::isfinite(sample.value->value())) return {std::nullopt, InhibitionRule::i1_sample_invalid};
  const double c = control.value->value();
  const double s = sample.value->value();
  if (c == 0.0) return {std::nullopt, InhibitionRule::i2_control_zero};
  // C1 before I3: with a negative control every later comparison would point the wrong way.
  if (c < 0.0) return {std::nullopt, InhibitionRule::c1_control_not_positive};
  if (c - s < 0.0) return {Ratio(0.0), InhibitionRule::i3_sample_faster};
  const double rate = (c - s) / c;
  if (rate > 1.0) return {std::nullopt, InhibitionRule::i4_above_one};
  if (rate < 0.0) return {Ratio(0.0), InhibitionRule::i6_negative_clamped};  // unreachable after I3
  return {Ratio(rate), InhibitionRule::i5_in_range};
}

Inhibition inhibition(const AbsorbancePair& control, const AbsorbancePair& sample) {
  return inhibition(delta_absorbance(control), delta_absorbance(sample));
}

Text describe(InhibitionRule rule) {
  switch (rule) {
    case InhibitionRule::i1_control_invalid: return {"control ΔA is invalid", "对照 ΔA 无效"};
    case InhibitionRule::i1_sample_invalid: return {"sample ΔA is invalid", "样品 ΔA 无效"};
    case InhibitionRule::i2_control_zero: return {"control ΔA is 0", "对照 ΔA 为 0"};
    case InhibitionRule::c1_control_not_positive: return {"control ΔA is negative", "对照 ΔA 为负值"};
    case InhibitionRule::i3_sample_faster:
      return {"sample reacted faster than the control: rate set to 0", "样品反应快于对照：抑制率记为 0"};
    case InhibitionRule::i4_above_one:
      return {"rate above 100 % (sample ΔA negative)", "抑制率超过 100%（样品 ΔA 为负）"};
    case InhibitionRule::i5_in_range: return {"rate = (ΔAc − ΔAs) / ΔAc", "抑制率 = (ΔAc − ΔAs) / ΔAc"};
    case InhibitionRule::i6_negative_clamped: return {"negative rate set to 0", "负抑制率记为 0"};
  }
  return {"unknown inhibition rule", "未知抑制率规则"};
}

std::string display_text(const Inhibition& inhibition) {
  const std::optional<Percent> shown = inhibition.shown();
  return shown ? format_fixed(shown->value(), 1) + "%" : "NA";
}

}  // namespace kj::lims
