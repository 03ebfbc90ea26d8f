#include "lims/judgement/inhibition_judgement.hpp"

#include <cmath>

#include "lims/judgement/decimal_rounding.hpp"

namespace kj::lims {
namespace {

std::string percent_text(Percent p) {
  return format_fixed(p.value(), 1) + "%";
}

// `shown` is already rounded to 1 decimal; the comparison is therefore on the displayed value.
InhibitionVerdict judge_shown(Percent shown, const InhibitionStandard& standard) {
  const std::string value = percent_text(shown);
  const std::string limit = percent_text(standard.positive_at_or_above);
  if (shown >= standard.positive_at_or_above) {
    return {Verdict::positive,
            shown,
            {value + " ≥ " + limit + " (" + standard.name + ")", value + " ≥ " + limit + "（" + standard.name + "）"}};
  }
  if (standard.suspect_from && shown >= *standard.suspect_from) {
    const std::string from = percent_text(*standard.suspect_from);
    return {Verdict::suspect,
            shown,
            {value + " in the suspect band " + from + " – " + limit + " (" + standard.name + "): retest",
             value + " 处于可疑区间 " + from + " – " + limit + "（" + standard.name + "）：需复检"}};
  }
  return {Verdict::negative,
          shown,
          {value + " < " + limit + " (" + standard.name + ")", value + " < " + limit + "（" + standard.name + "）"}};
}

}  // namespace

Result<InhibitionVerdict> judge_inhibition(const Inhibition& inhibition, const InhibitionStandard& standard) {
  if (Status valid = validate(standard); !valid) return valid.error();
  const std::optional<Percent> shown = inhibition.shown();
  if (!shown) return InhibitionVerdict{Verdict::invalid, std::nullopt, describe(inhibition.rule)};
  return judge_shown(*shown, standard);
}

Result<InhibitionVerdict> judge_inhibition_rate(Percent rate, const InhibitionStandard& standard) {
  if (Status valid = validate(standard); !valid) return valid.error();
  if (!std::isfinite(rate.value())) {
    return InhibitionVerdict{
        Verdict::invalid, std::nullopt, {"the device sent no numeric rate", "仪器未给出数值抑制率"}};
  }
  const Percent shown(round_half_away_from_zero(rate.value(), 1));
  if (shown.value() < 0.0 || shown.value() > 100.0) {
    const std::string value = percent_text(shown);
    return InhibitionVerdict{
        Verdict::invalid,
        std::nullopt,
        {"device rate " + value + " is outside 0–100 %", "仪器抑制率 " + value + " 超出 0–100% 范围"}};
  }
  return judge_shown(shown, standard);
}

}  // namespace kj::lims
