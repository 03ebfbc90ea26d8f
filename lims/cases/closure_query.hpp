// Reading what the on-time closure report (closure_rate.hpp) and the alerts need from the
// database, fast enough for a county's whole history (bench/cases_bench.cpp: a million cases).
//
// How the report avoids reading every case: a closed case never changes (a trigger enforces
// it), so migration 0003 keeps closure_tally — closed cases counted per local due month, type
// and market — up to date in the transaction that closes each case. For a period the report
// takes whole months from the tally, the closed cases of a partial first or last month from
// the covering index disposal_case_closed_due, and the open cases (few) from the partial index
// disposal_case_open_due, judged against `now`.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "lims/cases/closure_rate.hpp"
#include "lims/cases/working_calendar.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims {

// Inclusive local dates.
struct ClosurePeriod {
  LocalDay first;
  LocalDay last;
};

// The cells of the cases due in `period`, judged at `now`.
Result<std::vector<ClosureCell>> load_closure_cells(storage::Database& db, const ClosurePeriod& period, Timestamp now,
                                                    std::chrono::minutes utc_offset);
Result<ClosureNames> load_closure_names(storage::Database& db, const std::string& county);
// Errc::invalid_input when the period ends before it starts.
Result<ClosureReport> load_closure_report(storage::Database& db, const ClosurePeriod& period, Timestamp now,
                                          ClosureBy by, const std::string& county, std::chrono::minutes utc_offset);

// A deadline still to be met by an open case.
struct PendingDeadline {
  std::string case_number;
  CaseType type = CaseType::rapid;
  std::string case_state;
  std::string deadline;  // closed = the case's due date; otherwise the step due
  Timestamp due_at;
  std::string market_code, market_name, sample_number, sample_name, item_code;
};

// Every pending deadline (kind due) of an open case that falls at or before `until`, soonest
// first — the overdue ones included. Uses the partial index case_deadline_pending.
Result<std::vector<PendingDeadline>> pending_deadlines(storage::Database& db, Timestamp until);

}  // namespace kj::lims
