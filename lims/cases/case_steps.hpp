// Recording a step of a disposal case: checked against the state machine (case_machine.hpp)
// at actor.now — the step must be allowed from the case's present state, its time guard must
// pass, its fields must be complete — then appended to the timeline in one transaction with
// its effects: the case's new state, the deadlines it meets and the ones it starts, closure.
// A refused step changes nothing and says which steps are allowed now (and which later).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lims/cases/case_rules.hpp"
#include "lims/cases/disposal_case.hpp"
#include "lims/cases/step_fields.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/records/change_log.hpp"

namespace kj::lims {

struct StepInput {
  std::string step;  // e.g. "sale_suspended", "disposed", "closed" — or its label, "已处置" / "处置"
  StepFields fields;
  std::vector<EvidenceRef> evidence;  // already in the evidence store (evidence_store.hpp)
};

// Records `input.step` on case `key` (number or uuid) at actor.now and returns the case as it
// now stands. Errors: not_found; invalid_input (unknown step, missing or unexpected field);
// conflict (not allowed in the present state, a time guard, a closed case, a time before the
// previous step) with the steps allowed now; config_invalid (a calendar year is missing).
//
// `released` (rapid case, recheck negative) also corrects the first test's verdict to negative
// through correct_result (results.hpp), with a reason naming the case. correct_result runs its
// own transaction, so the correction commits first and the step second; if the step then
// fails, recording it again finds the verdict already corrected and does not correct it twice.
Result<DisposalCase> record_step(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                 const Rulebook& rulebook, const std::string& key, const StepInput& input);

struct AllowedStep {
  std::string step;
  std::optional<Text> not_yet;  // why it is not allowed at `now` (a time guard), when it is not
};

// The steps the case's present state admits, each with the guard that still blocks it, if any;
// a step whose window has ended (a right that lapsed) is left out.
std::vector<AllowedStep> allowed_steps(const DisposalCase& c, Timestamp now, std::chrono::minutes utc_offset);

}  // namespace kj::lims
