// The on-time closure rate (按时办结率), pure: from cases (or counts of cases) to the report
// for a period, overall (the county) or by township, market, case type or month. The
// database side (closure_query.hpp) reads the counts; tests give hand-computed sets here.
//
// What counts (shared/specs/domain.md "On-time closure"):
// - a case belongs to the period when its due date (the extended one where an extension was
//   approved) falls in it: from 00:00:00 local of the first day to 23:59:59 local of the last;
// - on time ⇔ closed at or before that due date (a rapid case released on a negative recheck
//   is closed); closed after it → late; still open after it → late (overdue); still open and
//   not yet due → excluded, shown apart as "not yet due";
// - rate = on time ÷ (on time + closed late + open overdue); no rate when nothing is due.
// - month = the local calendar month of the due date; township = the market's township.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lims/cases/case_machine.hpp"
#include "lims/time.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

enum class ClosureBy { overall, township, market, type, month };
std::optional<ClosureBy> parse_closure_by(std::string_view text);  // overall|township|market|type|month
std::string_view to_string(ClosureBy by);

// One case, as the report needs it.
struct ClosureRow {
  CaseType type = CaseType::rapid;
  std::optional<std::int64_t> market;  // market id
  Timestamp due_at;
  std::optional<Timestamp> closed_at;
};

// Cases of one type, market and local due month, counted by how they stand.
struct ClosureCell {
  CaseType type = CaseType::rapid;
  std::optional<std::int64_t> market;
  std::string month;  // YYYY-MM, local
  std::int64_t on_time = 0;
  std::int64_t closed_late = 0;
  std::int64_t open_overdue = 0;
  std::int64_t not_yet_due = 0;
};

ClosureCell cell_of(const ClosureRow& row, Timestamp now, std::chrono::minutes utc_offset);

struct ClosureMarket {
  std::string code;
  std::string name;
  std::optional<std::int64_t> township;  // township id
};

// Display names for the ids in the cells.
struct ClosureNames {
  std::string county;
  std::map<std::int64_t, std::string> townships;
  std::map<std::int64_t, ClosureMarket> markets;
};

struct ClosureGroup {
  std::string key;  // language-neutral: township name, market code, rapid|lab, YYYY-MM, county name; "" = none
  Text label;
  std::int64_t on_time = 0;
  std::int64_t closed_late = 0;
  std::int64_t open_overdue = 0;
  std::int64_t not_yet_due = 0;

  [[nodiscard]] std::int64_t due() const { return on_time + closed_late + open_overdue; }
  [[nodiscard]] std::int64_t late() const { return closed_late + open_overdue; }
  // on_time ÷ due × 100; nothing when no case is due.
  [[nodiscard]] std::optional<double> rate_percent() const;
};

struct ClosureReport {
  ClosureBy by = ClosureBy::overall;
  std::vector<ClosureGroup> groups;  // empty for ClosureBy::overall
  ClosureGroup total;                // the county
};

// Adds up cells already limited to the period.
ClosureReport summarize_closure(std::span<const ClosureCell> cells, ClosureBy by, const ClosureNames& names);

// The whole computation over single cases: those due in [from, to] (instants), judged at `now`.
ClosureReport closure_report(std::span<const ClosureRow> rows, Timestamp from, Timestamp to, Timestamp now,
                             ClosureBy by, const ClosureNames& names, std::chrono::minutes utc_offset);

}  // namespace kj::lims
