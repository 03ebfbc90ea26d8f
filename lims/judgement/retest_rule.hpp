// The retest rule (domain.md: "A first positive is retested at least twice; positive only when
// confirmed (≥ 2 of the retests positive)"). Pure: given the first verdict and the retest
// verdicts so far, what is the result's standing and how many retests are still owed.
#pragma once

#include <span>

#include "lims/judgement/verdict_text.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

struct RetestPolicy {
  int retests_required = 2;             // (policy) retests to run after a first positive
  int positives_needed_to_confirm = 2;  // (policy) positive retests that confirm it
  bool suspect_needs_retest = true;     // (policy) a first `suspect` is retested the same way
};

// 1 ≤ positives_needed_to_confirm ≤ retests_required.
Status validate(const RetestPolicy& policy);

enum class RetestState {
  not_needed,          // first negative or invalid (an invalid test is repeated as a new first test)
  needs_retest,        // `retests_outstanding` more retests must be run
  confirmed_positive,  // enough retests were positive: the result is positive
  not_confirmed,       // the retests did not confirm it: the result is negative
};

struct RetestOutcome {
  RetestState state = RetestState::not_needed;
  int retests_outstanding = 0;
  Verdict verdict = Verdict::invalid;  // the standing verdict (provisional while retests are owed)
  Text reason;
};

// Invalid retests do not count: they were not a test of the sample, and are run again. The
// decision waits until `retests_required` valid retests exist, even when the outcome is already
// certain, because the rule asks for the retests themselves (they are also the record a
// reviewer signs). Retests beyond the required number are counted too.
Result<RetestOutcome> retest_outcome(Verdict first, std::span<const Verdict> retests, const RetestPolicy& policy = {});

}  // namespace kj::lims
