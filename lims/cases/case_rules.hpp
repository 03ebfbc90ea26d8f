// What the case functions need from config/: the deadline rules of config/deadlines.json,
// checked against the state machine (case_machine.hpp), and the working calendar they are
// counted on. Built once per command (make_case_rules) and passed by reference.
//
// A rule { case_type, step, amount, unit, from } says: the deadline named `step` of a case of
// `case_type` falls `amount` hours | days | working_days (working_calendar.hpp says how each is
// counted) after the event `from` — the case's opening ("opened" for a rapid case,
// "conclusion_received" for a lab case) or a step. `step` names a deadline of the machine's
// table: mostly the step that meets it (sale_suspended, disposed, closed …), or a window
// (objection_window, recheck_request) or recheck_decision. The deadline exists from the moment
// its `from` event is recorded; the case's due date is its `closed` deadline, which must count
// from the opening.
#pragma once

#include <string_view>
#include <vector>

#include "lims/cases/case_machine.hpp"
#include "lims/cases/working_calendar.hpp"
#include "lims/config/config.hpp"

namespace kj::lims {

struct CaseRules {
  std::vector<config::DeadlineRule> rules;
  WorkingCalendar calendar;

  [[nodiscard]] const config::DeadlineRule* rule(CaseType type, std::string_view deadline) const;
  // The rules that start counting at `event`, in file order.
  [[nodiscard]] std::vector<const config::DeadlineRule*> starting_at(CaseType type, std::string_view event) const;
  [[nodiscard]] std::chrono::minutes utc_offset() const { return calendar.utc_offset(); }
};

// Errc::config_invalid naming config/deadlines.json, the rule and what was expected.
Result<CaseRules> make_case_rules(const config::Config& config);
Result<CaseRules> make_case_rules(std::vector<config::DeadlineRule> rules, WorkingCalendar calendar);

// When the deadline of `rule` falls if its event happened at `from`.
Result<Timestamp> deadline_of(const config::DeadlineRule& rule, Timestamp from, const WorkingCalendar& calendar);

std::string_view to_string(config::DeadlineUnit unit);  // hours | days | working_days
// "3 working days after opened" / "立案后 3 个工作日".
Text describe(const config::DeadlineRule& rule);

}  // namespace kj::lims
