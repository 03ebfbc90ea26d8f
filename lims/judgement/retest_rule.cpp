#include "lims/judgement/retest_rule.hpp"

#include <algorithm>
#include <string>

#include "lims/errors.hpp"

namespace kj::lims {

Status validate(const RetestPolicy& policy) {
  if (policy.retests_required < 1 || policy.positives_needed_to_confirm < 1 ||
      policy.positives_needed_to_confirm > policy.retests_required) {
    const std::string got =
        std::to_string(policy.positives_needed_to_confirm) + " of " + std::to_string(policy.retests_required);
    return make_error(make_error_code(Errc::config_invalid),
                      "retest policy: expected 1 ≤ positives_needed_to_confirm ≤ retests_required, got " + got,
                      "复检规则：应满足 1 ≤ positives_needed_to_confirm ≤ retests_required，实际为 " + got);
  }
  return {};
}

Result<RetestOutcome> retest_outcome(Verdict first, std::span<const Verdict> retests, const RetestPolicy& policy) {
  if (Status valid = validate(policy); !valid) return valid.error();
  const bool retest = first == Verdict::positive || (first == Verdict::suspect && policy.suspect_needs_retest);
  if (!retest) {
    const Text word = result_text(first);
    return RetestOutcome{
        RetestState::not_needed, 0, first, {"first test " + word.en + ": no retest", "初检" + word.zh + "：无需复检"}};
  }
  const auto done =
      static_cast<int>(std::count_if(retests.begin(), retests.end(), [](Verdict v) { return v != Verdict::invalid; }));
  const auto positives = static_cast<int>(std::count(retests.begin(), retests.end(), Verdict::positive));
  const std::string tally = std::to_string(positives) + "/" + std::to_string(done);
  if (done < policy.retests_required) {
    const int outstanding = policy.retests_required - done;
    const std::string n = std::to_string(outstanding);
    return RetestOutcome{RetestState::needs_retest,
                         outstanding,
                         first,
                         {n + " more retest(s) required (" + tally + " positive so far)",
                          "还需复检 " + n + " 次（目前阳性 " + tally + "）"}};
  }
  const std::string needed = std::to_string(policy.positives_needed_to_confirm);
  if (positives >= policy.positives_needed_to_confirm) {
    return RetestOutcome{RetestState::confirmed_positive,
                         0,
                         Verdict::positive,
                         {"confirmed: " + tally + " retests positive (≥ " + needed + " needed)",
                          "复检确认阳性：" + tally + " 次阳性（需 ≥ " + needed + " 次）"}};
  }
  return RetestOutcome{RetestState::not_confirmed,
                       0,
                       Verdict::negative,
                       {"not confirmed: " + tally + " retests positive (≥ " + needed + " needed)",
                        "复检未确认：" + tally + " 次阳性（需 ≥ " + needed + " 次）"}};
}

}  // namespace kj::lims
