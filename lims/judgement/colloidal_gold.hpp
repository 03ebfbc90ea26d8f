// Judgement of one colloidal-gold strip or card from its C and T line intensities
// (enzyme-inhibition.md §6.2–6.3, domain.md "Colloidal gold"). The method and its thresholds
// are item- and kit-specific data, never constants: the same strip can be negative by
// line disappearance and positive by colour comparison.
#pragma once

#include <optional>
#include <variant>

#include "lims/judgement/concentration.hpp"
#include "lims/judgement/quantities.hpp"
#include "lims/judgement/verdict_text.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

// The item table's `Method` numbers.
enum class GoldMethod {
  line_disappearance = 0,     // 定性消线法
  ratio_c_over_t = 1,         // 定性比色法 (C/T)
  quantitative_t = 2,         // 定量法 (T)
  quantitative_t_over_c = 3,  // 定量法 (T/C)
  ratio_t_over_c = 4,         // 定性比色法 (T/C)
};

// What a reading between the two line-disappearance thresholds means. domain.md says
// `suspect`; the DY-3500 source produces 无效 there (enzyme-inhibition.md §6.3). We follow
// domain.md by default — a faint T line is a reason to retest, not a failed strip — and keep
// the source's behaviour selectable for sites that want the instrument's verdicts reproduced.
enum class BetweenIs { suspect, invalid };

// Method 0: T ≤ positive_at_or_below → positive; T > negative_above → negative; between →
// `between_is`. The upper bound follows the source (T = MinusT is "between"); domain.md's
// "T ≥ T_B negative" is the same rule with T_B = MinusT + 1 on integer grey levels.
struct LineDisappearanceRule {
  LineIntensity positive_at_or_below{0};  // PlusT, T_A
  LineIntensity negative_above{0};        // MinusT, T_B
  BetweenIs between_is = BetweenIs::suspect;
};

// Method 1, the rule of 2017-10-12: C/T ≤ Abs_X → negative, else positive. T = 0 is an
// infinite ratio, hence positive (the division is guarded, not performed).
struct RatioCOverTRule {
  Ratio negative_at_or_below{0.0};  // Abs_X
};

// Method 4: T/C ≤ Abs_X → positive, else negative. With `negative_from` set (domain.md's CT_B),
// T/C ≥ negative_from is negative and the band between is suspect.
struct RatioTOverCRule {
  Ratio positive_at_or_below{0.0};  // Abs_X, CT_A
  std::optional<Ratio> negative_from;
};

// f(x) = B0 · (A0 + A1·x + A2·x² + A3·x³) + B1, the concentration in the limit's unit.
// The coefficients are pure numbers of the kit's calibration.
struct CalibrationCurve {
  double a0 = 0.0;
  double a1 = 0.0;
  double a2 = 0.0;
  double a3 = 0.0;
  double b0 = 1.0;
  double b1 = 0.0;
};

// Methods 2 (x = T) and 3 (x = T/C, x = 1 when C = 0): f > limit → positive, else negative.
struct QuantitativeRule {
  CalibrationCurve curve;
  Concentration limit{0.0, MassFractionUnit::mg_per_kg};
};
struct QuantitativeTRule : QuantitativeRule {};
struct QuantitativeTOverCRule : QuantitativeRule {};

using GoldRule =
    std::variant<LineDisappearanceRule, RatioCOverTRule, QuantitativeTRule, QuantitativeTOverCRule, RatioTOverCRule>;

struct GoldItem {
  LineIntensity invalid_c_at_or_below{0};  // InvalidC, C_min: C ≤ this → invalid for every method
  GoldRule rule;
};

GoldMethod method_of(const GoldRule& rule);

// Thresholds ordered and non-negative, ratios and coefficients finite, limit ≥ 0.
Status validate(const GoldItem& item);

struct GoldReading {
  LineIntensity c;
  LineIntensity t;
};

struct GoldJudgement {
  Verdict verdict = Verdict::invalid;
  std::optional<Ratio> ratio;                  // C/T or T/C when the method used one
  std::optional<Concentration> concentration;  // methods 2 and 3
  Text reason;
};

// Fails only when the item does not validate.
Result<GoldJudgement> judge_gold(const GoldReading& reading, const GoldItem& item);

}  // namespace kj::lims
