// A disposal case (核查处置) as stored: the case, its steps (the timeline), its deadlines and the
// extensions of its due date; and the list of cases. Opening a case is case_opening.hpp,
// recording a step case_steps.hpp, extending case_extension.hpp; the rules are case_machine.hpp.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "lims/cases/case_machine.hpp"
#include "lims/cases/evidence_store.hpp"
#include "lims/config/config.hpp"
#include "lims/ids.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"

namespace kj::lims {

using CaseId = Id<struct DisposalCaseTag>;

struct CaseStepRecord {
  std::int64_t id = 0;
  int seq = 0;
  std::string step;
  std::string from_state;
  std::string to_state;
  Timestamp at;
  Timestamp recorded_at;
  std::string actor;
  std::optional<double> quantity;
  std::string unit, method, supervisor, note;
  std::vector<EvidenceRef> evidence;
  std::string corrected_result_uuid;  // released: the first result, now corrected
};

struct DeadlineRecord {
  std::int64_t id = 0;
  std::string name;
  DeadlineKind kind = DeadlineKind::due;
  std::string from_event;
  Timestamp from_at;
  int amount = 0;
  config::DeadlineUnit unit = config::DeadlineUnit::hours;
  Timestamp due_at;
  std::string state;  // pending | met | cancelled
  std::optional<Timestamp> met_at;
  std::optional<std::int64_t> step_id;  // the step that met or used it
};

struct ExtensionRecord {
  Timestamp previous_due_at;
  Timestamp new_due_at;
  std::string approver;
  std::string reason;
  Timestamp recorded_at;
  std::string recorded_by;
};

struct DisposalCase {
  CaseId id;
  std::string uuid;
  std::string number;
  CaseState state;
  std::string sample_number, sample_name, item_code, item_name;
  std::string market_code, market_name, township, stall, vendor;
  std::string result_uuid;    // the result whose confirmed positive opened a rapid case
  std::string parent_number;  // the rapid case a lab case was escalated from
  Timestamp opened_at;
  Timestamp initial_due_at;
  Timestamp due_at;
  std::optional<Timestamp> closed_at;
  std::string outcome;  // closed | released, once closed
  std::vector<CaseStepRecord> steps;
  std::vector<DeadlineRecord> deadlines;  // in the order they fall
  std::vector<ExtensionRecord> extensions;

  [[nodiscard]] CaseType type() const { return state.type; }
  [[nodiscard]] const DeadlineRecord* deadline(std::string_view name) const;
};

// `key`: the case number (R20250926-001), its uuid, or the first 8 or more characters of it.
Result<DisposalCase> load_case(storage::Database& db, const std::string& key);

struct CaseFilter {
  bool open_only = false;
  bool overdue_only = false;                       // open and past the due date at `now`
  std::optional<std::chrono::seconds> due_within;  // open, not overdue, due by now + this
  std::string market;                              // market code
  std::optional<CaseType> type;
  Timestamp now;
};

struct CaseSummary {
  CaseId id;
  std::string uuid, number;
  CaseState state;
  std::string market_code, market_name, sample_number, sample_name, item_code, item_name;
  Timestamp opened_at;
  Timestamp due_at;
  std::optional<Timestamp> closed_at;
  std::string outcome;
  int extensions = 0;
};

// Open cases by due date first, then closed ones, newest first.
Result<std::vector<CaseSummary>> list_cases(storage::Database& db, const CaseFilter& filter);

}  // namespace kj::lims
