#include "lims/judgement/delta_absorbance.hpp"

#include <cmath>

#include "lims/judgement/decimal_rounding.hpp"

namespace kj::lims {
namespace {

bool readable(const AbsorbanceReading& reading) {
  return reading.value.has_value() && std::isfinite(reading.value->value());
}

}  // namespace

DeltaA delta_absorbance(const AbsorbanceReading& start, const AbsorbanceReading& end) {
  const bool start_ok = readable(start);
  const bool end_ok = readable(end);
  if (!start_ok && !end_ok) return {std::nullopt, DeltaARule::d1_both_unreadable};
  // The source subtracted its INVALID sentinel here and produced garbage; we refuse instead.
  if (!start_ok || !end_ok) return {std::nullopt, DeltaARule::operand_unreadable};
  if (start.value->value() == 0.0 && end.value->value() == 0.0) return {std::nullopt, DeltaARule::d1_no_reaction};
  return DeltaA::of(*end.value - *start.value);
}

DeltaA delta_absorbance(const AbsorbancePair& pair) {
  return delta_absorbance(AbsorbanceReading::measured(pair.a0), AbsorbanceReading::measured(pair.a3));
}

Text describe(DeltaARule rule) {
  switch (rule) {
    case DeltaARule::d1_both_unreadable:
      return {"both absorbance readings are invalid or overflowed (no cuvette?)",
              "两次吸光度读数均无效或溢出（未放比色皿？）"};
    case DeltaARule::d1_no_reaction:
      return {"both absorbance readings are exactly 0 (no cuvette, no reaction)",
              "两次吸光度读数均为 0（无比色皿，无反应）"};
    case DeltaARule::operand_unreadable:
      return {"one absorbance reading is invalid or overflowed", "一次吸光度读数无效或溢出"};
    case DeltaARule::d2_difference: return {"ΔA = A1 − A0", "ΔA = A1 − A0"};
  }
  return {"unknown ΔA rule", "未知 ΔA 规则"};
}

std::string display_text(const DeltaA& delta) {
  return delta.value ? format_fixed(delta.value->value(), 3) : "NA";
}

}  // namespace kj::lims
