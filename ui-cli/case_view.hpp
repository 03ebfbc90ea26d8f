// How disposal cases are shown: durations ("2 d 5 h" / "2天5小时"), a case's standing against
// its due date, its full timeline with each deadline and whether it was met, and the JSON of
// a case. Shared by `case`, `alerts` and `report`.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "lims/cases/case_steps.hpp"
#include "lims/cases/disposal_case.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/context.hpp"

namespace kj::cli {

// "24h", "90m", "2d", "1d12h" or a bare number of hours; nothing when not such a duration.
std::optional<std::chrono::seconds> parse_duration(const std::string& text);
// A positive span for people: "2 d 5 h" / "2天5小时", "40 min" / "40分钟".
std::string duration_text(const Context& context, std::chrono::seconds span);

// "due in 2 d 5 h", "overdue by 3 h", "closed on time", "closed 1 d late", in the user's language.
std::string standing_text(const Context& context, lims::Timestamp due, std::optional<lims::Timestamp> closed,
                          const std::string& outcome, lims::Timestamp now);

// The full view of `case show`: details, timeline, deadlines, extensions, what may be done next.
void print_case(const Context& context, const lims::DisposalCase& c, lims::Timestamp now,
                std::chrono::minutes utc_offset);
// The short view after a change: the new state, what may be done next, the deadlines to come.
void print_case_brief(const Context& context, const lims::DisposalCase& c, lims::Timestamp now,
                      std::chrono::minutes utc_offset);
void write_case_json(protocols::JsonWriter& json, const lims::DisposalCase& c, lims::Timestamp now,
                     std::chrono::minutes utc_offset);

}  // namespace kj::cli
