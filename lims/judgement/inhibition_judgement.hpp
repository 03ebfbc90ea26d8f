// The verdict on one enzyme-inhibition rate (enzyme-inhibition.md §5 spec decision):
// positive ⇔ round(I %, 1) ≥ the standard's limit; suspect in the configured band below it;
// negative otherwise; INVALID → `invalid`, value NA. The rate may be ours or one the device sent
// (TL310, LZ4000T, Tianyang send only the rate).
#pragma once

#include <optional>

#include "lims/judgement/inhibition.hpp"
#include "lims/judgement/inhibition_standard.hpp"
#include "lims/judgement/quantities.hpp"
#include "lims/judgement/verdict_text.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

struct InhibitionVerdict {
  Verdict verdict = Verdict::invalid;
  std::optional<Percent> shown;  // the judged value, rounded to 1 decimal; empty → "NA"
  Text reason;
};

// Judges the rounded rate. Fails only when the standard does not validate.
Result<InhibitionVerdict> judge_inhibition(const Inhibition& inhibition, const InhibitionStandard& standard);

// Judges a rate the device sent, in percent. Not a number, or outside 0–100 % once rounded,
// is `invalid`: such a rate cannot come from I1–I6.
Result<InhibitionVerdict> judge_inhibition_rate(Percent rate, const InhibitionStandard& standard);

}  // namespace kj::lims
