// A quantitative residue result against its maximum residue limit (domain.md "Quantitative").
// GB 2763 limits are maxima: a value equal to the limit conforms, only value > limit is
// positive. For a not-detected item (孔雀石绿, 硝基呋喃 …) any detection is positive.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "lims/judgement/concentration.hpp"
#include "lims/judgement/residue_limit_table.hpp"
#include "lims/judgement/verdict_text.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

// Whether the lab or card reported the analyte as detected, beside or instead of a value.
enum class Detection { not_reported, detected, not_detected };

struct ResidueMeasurement {
  std::optional<Concentration> value;
  Detection detection = Detection::not_reported;
};

struct ResidueJudgement {
  Verdict verdict = Verdict::invalid;
  ResidueLimit limit;  // the row that was applied
  std::optional<Concentration> value_in_limit_unit;
  Text reason;
};

// Errors (invalid_input): a negative or non-finite value; no value and no detection flag;
// a limited item reported `detected` without a value (it cannot be compared).
Result<ResidueJudgement> judge_residue(const ResidueLimit& limit, const ResidueMeasurement& measurement);

// Looks the limit up (commodity, item, test date), then judges; a missing limit is `not_found`.
Result<ResidueJudgement> judge_residue(const ResidueLimitTable& table, std::string_view commodity,
                                       std::string_view item, std::chrono::year_month_day tested_on,
                                       const ResidueMeasurement& measurement);

}  // namespace kj::lims
