// Internal to lims/cases: the reads and writes that opening a case, recording a step and
// extending a case share. Every function runs inside the caller's transaction, audits each
// row it inserts or updates through record_change (audit entry + outbox row, STYLE rule 8),
// and throws StorageError on a database failure (the enclosing transact rolls back).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lims/cases/case_rules.hpp"
#include "lims/cases/disposal_case.hpp"
#include "lims/cases/step_fields.hpp"
#include "lims/records/change_log.hpp"

namespace kj::lims::case_store {

// The case named by `key` (number, uuid, or a uuid prefix of 8+ characters); nothing when no
// case, or more than one, matches.
std::optional<CaseId> resolve(storage::Database& db, const std::string& key);

struct CaseRow {
  CaseId id;
  std::string uuid, number;
  CaseState state;
  std::int64_t sample_id = 0;
  std::optional<std::int64_t> item_id;
  Timestamp opened_at;
  Timestamp due_at;
  std::optional<Timestamp> closed_at;
  int last_seq = 0;
  Timestamp last_step_at;
};

std::optional<CaseRow> read(storage::Database& db, CaseId id);

// The next free number for a case of `type` opened at `at`: R|L + local date + "-" + 3 digits.
std::string next_number(storage::Database& db, CaseType type, Timestamp at, std::chrono::minutes utc_offset);

struct NewStep {
  std::string step;
  std::string from_state;
  std::string to_state;
  Timestamp at;
  StepFields fields;
  std::vector<EvidenceRef> evidence;
  std::optional<std::int64_t> result_id;
};

// Appends step number `seq`; returns its row id.
std::int64_t append_step(storage::Database& db, const Actor& actor, CaseId id, int seq, const NewStep& step);

// Creates the deadlines whose rules count from `event` (recorded at `at`); one that exists
// already is kept. Errc::config_invalid when counting needs a year with no calendar file.
Status start_deadlines(storage::Database& db, const Actor& actor, const CaseRules& rules, CaseId id, CaseType type,
                       std::string_view event, Timestamp at);

// Marks met (or, for a window, used) the pending deadlines that `step` meets.
void meet_deadlines(storage::Database& db, const Actor& actor, CaseId id, CaseType type, std::string_view step,
                    Timestamp at, std::int64_t step_id);

// When a case closes: its deadlines still pending no longer apply.
void cancel_pending_deadlines(storage::Database& db, const Actor& actor, CaseId id);

// The end of each window deadline the case has started, for the machine's guards.
std::map<std::string, Timestamp, std::less<>> window_ends(storage::Database& db, CaseId id);

}  // namespace kj::lims::case_store
