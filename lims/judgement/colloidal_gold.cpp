#include "lims/judgement/colloidal_gold.hpp"

#include <cmath>
#include <string>

#include "lims/errors.hpp"
#include "lims/judgement/decimal_rounding.hpp"

namespace kj::lims {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

Error bad(const std::string& en, const std::string& zh) {
  return make_error(make_error_code(Errc::config_invalid), "colloidal-gold item: " + en, "胶体金项目参数：" + zh);
}

std::string str(LineIntensity v) {
  return std::to_string(v.value());
}
std::string str(Ratio r) {
  return format_fixed(r.value(), 3);
}

bool finite(const CalibrationCurve& c) {
  return std::isfinite(c.a0) && std::isfinite(c.a1) && std::isfinite(c.a2) && std::isfinite(c.a3) &&
         std::isfinite(c.b0) && std::isfinite(c.b1);
}

Status validate_ratio(Ratio r, const char* name) {
  if (!std::isfinite(r.value()) || r.value() < 0.0) {
    return bad(std::string(name) + " must be a number ≥ 0, got " + format_fixed(r.value(), 3),
               std::string(name) + " 应为 ≥ 0 的数值，实际为 " + format_fixed(r.value(), 3));
  }
  return {};
}

Status validate_rule(const LineDisappearanceRule& rule) {
  if (rule.positive_at_or_below.value() < 0 || rule.negative_above < rule.positive_at_or_below) {
    return bad("expected 0 ≤ positive_at_or_below (PlusT) ≤ negative_above (MinusT), got " +
                   str(rule.positive_at_or_below) + ", " + str(rule.negative_above),
               "应满足 0 ≤ PlusT ≤ MinusT，实际为 " + str(rule.positive_at_or_below) + ", " + str(rule.negative_above));
  }
  return {};
}
Status validate_rule(const RatioCOverTRule& rule) {
  return validate_ratio(rule.negative_at_or_below, "Abs_X");
}
Status validate_rule(const RatioTOverCRule& rule) {
  if (Status s = validate_ratio(rule.positive_at_or_below, "Abs_X"); !s) return s;
  if (rule.negative_from) {
    if (Status s = validate_ratio(*rule.negative_from, "negative_from"); !s) return s;
    if (*rule.negative_from <= rule.positive_at_or_below) {
      return bad("negative_from (CT_B) must be above Abs_X (CT_A)", "negative_from（CT_B）必须大于 Abs_X（CT_A）");
    }
  }
  return {};
}
Status validate_rule(const QuantitativeRule& rule) {
  if (!finite(rule.curve)) return bad("calibration coefficients must be finite numbers", "标准曲线系数必须为有限数值");
  if (!std::isfinite(rule.limit.value()) || rule.limit.value() < 0.0) {
    return bad("the limit must be a number ≥ 0, got " + display_text(rule.limit),
               "限量值应为 ≥ 0 的数值，实际为 " + display_text(rule.limit));
  }
  return {};
}

double evaluate(const CalibrationCurve& c, double x) {
  return c.b0 * (c.a0 + c.a1 * x + c.a2 * x * x + c.a3 * x * x * x) + c.b1;
}

GoldJudgement judge_quantitative(const QuantitativeRule& rule, double x, const std::string& x_name) {
  const Concentration f(evaluate(rule.curve, x), rule.limit.unit());
  // Four significant digits are plenty for the reason text; the judgement uses f unrounded.
  const std::string value = display_text(Concentration(round_to_significant(f.value(), 4), f.unit()));
  const std::string limit = display_text(rule.limit);
  if (f.value() > rule.limit.value()) {
    return {Verdict::positive,
            std::nullopt,
            f,
            {"f(" + x_name + ") = " + value + " > " + limit, "f(" + x_name + ") = " + value + " > " + limit}};
  }
  return {Verdict::negative,
          std::nullopt,
          f,
          {"f(" + x_name + ") = " + value + " ≤ " + limit, "f(" + x_name + ") = " + value + " ≤ " + limit}};
}

}  // namespace

GoldMethod method_of(const GoldRule& rule) {
  return std::visit(Overloaded{[](const LineDisappearanceRule&) { return GoldMethod::line_disappearance; },
                               [](const RatioCOverTRule&) { return GoldMethod::ratio_c_over_t; },
                               [](const QuantitativeTRule&) { return GoldMethod::quantitative_t; },
                               [](const QuantitativeTOverCRule&) { return GoldMethod::quantitative_t_over_c; },
                               [](const RatioTOverCRule&) { return GoldMethod::ratio_t_over_c; }},
                    rule);
}

Status validate(const GoldItem& item) {
  if (item.invalid_c_at_or_below.value() < 0) {
    return bad("InvalidC must be ≥ 0, got " + str(item.invalid_c_at_or_below),
               "InvalidC 应 ≥ 0，实际为 " + str(item.invalid_c_at_or_below));
  }
  return std::visit([](const auto& rule) { return validate_rule(rule); }, item.rule);
}

Result<GoldJudgement> judge_gold(const GoldReading& reading, const GoldItem& item) {
  if (Status valid = validate(item); !valid) return valid.error();
  const int c = reading.c.value();
  const int t = reading.t.value();
  if (reading.c <= item.invalid_c_at_or_below) {
    return GoldJudgement{
        Verdict::invalid,
        std::nullopt,
        std::nullopt,
        {"C line " + std::to_string(c) + " ≤ " + str(item.invalid_c_at_or_below) + ": strip did not develop",
         "C 线 " + std::to_string(c) + " ≤ " + str(item.invalid_c_at_or_below) + "：质控线未显色"}};
  }
  const Overloaded judge{
      [&](const LineDisappearanceRule& rule) -> GoldJudgement {
        const std::string tv = "T " + std::to_string(t);
        if (reading.t <= rule.positive_at_or_below) {
          return {Verdict::positive,
                  std::nullopt,
                  std::nullopt,
                  {tv + " ≤ " + str(rule.positive_at_or_below), tv + " ≤ " + str(rule.positive_at_or_below)}};
        }
        if (reading.t > rule.negative_above) {
          return {Verdict::negative,
                  std::nullopt,
                  std::nullopt,
                  {tv + " > " + str(rule.negative_above), tv + " > " + str(rule.negative_above)}};
        }
        const std::string band = str(rule.positive_at_or_below) + " < " + tv + " ≤ " + str(rule.negative_above);
        return {rule.between_is == BetweenIs::suspect ? Verdict::suspect : Verdict::invalid,
                std::nullopt,
                std::nullopt,
                {band + ": between the thresholds", band + "：介于阈值之间"}};
      },
      [&](const RatioCOverTRule& rule) -> GoldJudgement {
        if (t == 0) {
          return {Verdict::positive, std::nullopt, std::nullopt, {"T = 0: C/T is infinite", "T = 0：C/T 为无穷大"}};
        }
        const Ratio ratio(static_cast<double>(c) / t);
        const std::string rv = "C/T " + str(ratio);
        if (ratio <= rule.negative_at_or_below) {
          return {Verdict::negative,
                  ratio,
                  std::nullopt,
                  {rv + " ≤ " + str(rule.negative_at_or_below), rv + " ≤ " + str(rule.negative_at_or_below)}};
        }
        return {Verdict::positive,
                ratio,
                std::nullopt,
                {rv + " > " + str(rule.negative_at_or_below), rv + " > " + str(rule.negative_at_or_below)}};
      },
      [&](const RatioTOverCRule& rule) -> GoldJudgement {
        // C > InvalidC ≥ 0 here, so the division is safe.
        const Ratio ratio(static_cast<double>(t) / c);
        const std::string rv = "T/C " + str(ratio);
        if (ratio <= rule.positive_at_or_below) {
          return {Verdict::positive,
                  ratio,
                  std::nullopt,
                  {rv + " ≤ " + str(rule.positive_at_or_below), rv + " ≤ " + str(rule.positive_at_or_below)}};
        }
        if (rule.negative_from && ratio < *rule.negative_from) {
          const std::string band = str(rule.positive_at_or_below) + " < " + rv + " < " + str(*rule.negative_from);
          return {Verdict::suspect, ratio, std::nullopt, {band + ": between the thresholds", band + "：介于阈值之间"}};
        }
        return {Verdict::negative,
                ratio,
                std::nullopt,
                {rv + " > " + str(rule.positive_at_or_below), rv + " > " + str(rule.positive_at_or_below)}};
      },
      [&](const QuantitativeTRule& rule) -> GoldJudgement { return judge_quantitative(rule, t, "T"); },
      [&](const QuantitativeTOverCRule& rule) -> GoldJudgement {
        const Ratio x(c == 0 ? 1.0 : static_cast<double>(t) / c);  // the source's guard for C = 0
        GoldJudgement judgement = judge_quantitative(rule, x.value(), "T/C");
        judgement.ratio = x;
        return judgement;
      },
  };
  return std::visit(judge, item.rule);
}

}  // namespace kj::lims
