// Whether a case and each of its deadlines is on time, at a given moment. Pure.
//
// On time (按时办结) ⇔ closed at or before the due date (the extended one where an extension
// was approved). An open case is late from the first second after its due date; until then
// it is not yet due and counts neither way.
#pragma once

#include <optional>
#include <string_view>

#include "lims/cases/case_machine.hpp"
#include "lims/time.hpp"

namespace kj::lims {

enum class CaseTiming { not_yet_due, open_overdue, closed_on_time, closed_late };

CaseTiming case_timing(Timestamp due, std::optional<Timestamp> closed, Timestamp now);
std::string_view to_string(CaseTiming timing);

enum class DeadlineStatus {
  pending,       // due, not met, still time
  overdue,       // due, not met, past
  met_on_time,   // due, met at or before its time
  met_late,      // due, met after its time
  cancelled,     // the case closed before it mattered (e.g. released on recheck)
  window_open,   // window: the right can still be used
  window_ended,  // window: ended unused
  window_used,   // window: the right was used (e.g. a recheck was requested)
};

// `state` is the stored deadline state: pending | met | cancelled.
DeadlineStatus deadline_status(DeadlineKind kind, std::string_view state, Timestamp due,
                               std::optional<Timestamp> met_at, Timestamp now);
std::string_view to_string(DeadlineStatus status);

}  // namespace kj::lims
