// Extending a case's due date (延期): only with a recorded approval — approver, reason and the
// new due date — kept as history (case_extension rows are append-only) and shown with the case.
// The new due date replaces the case's due date and its `closed` deadline, so on-time closure
// is judged against it.
//
// Rules: the case is open; the new due date is later than the current one; and the approval
// is recorded no later than the current due date — a case already overdue cannot be made
// "on time" after the fact, which would falsify the on-time closure rate.
#pragma once

#include <string>

#include "lims/cases/case_rules.hpp"
#include "lims/cases/disposal_case.hpp"
#include "lims/records/change_log.hpp"

namespace kj::lims {

struct ExtensionInput {
  Timestamp new_due_at;
  std::string approver;
  std::string reason;
};

Result<DisposalCase> extend_case(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                 const std::string& key, const ExtensionInput& input);

}  // namespace kj::lims
