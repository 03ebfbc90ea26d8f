#include "lims/cases/case_timing.hpp"

namespace kj::lims {

CaseTiming case_timing(Timestamp due, std::optional<Timestamp> closed, Timestamp now) {
  if (closed) return *closed <= due ? CaseTiming::closed_on_time : CaseTiming::closed_late;
  return now > due ? CaseTiming::open_overdue : CaseTiming::not_yet_due;
}

std::string_view to_string(CaseTiming timing) {
  switch (timing) {
    case CaseTiming::not_yet_due: return "not_yet_due";
    case CaseTiming::open_overdue: return "open_overdue";
    case CaseTiming::closed_on_time: return "closed_on_time";
    case CaseTiming::closed_late: return "closed_late";
  }
  return "not_yet_due";
}

DeadlineStatus deadline_status(DeadlineKind kind, std::string_view state, Timestamp due,
                               std::optional<Timestamp> met_at, Timestamp now) {
  if (kind == DeadlineKind::window) {
    if (state == "met") return DeadlineStatus::window_used;
    return now > due || state == "cancelled" ? DeadlineStatus::window_ended : DeadlineStatus::window_open;
  }
  if (state == "cancelled") return DeadlineStatus::cancelled;
  if (state == "met" && met_at) return *met_at <= due ? DeadlineStatus::met_on_time : DeadlineStatus::met_late;
  return now > due ? DeadlineStatus::overdue : DeadlineStatus::pending;
}

std::string_view to_string(DeadlineStatus status) {
  switch (status) {
    case DeadlineStatus::pending: return "pending";
    case DeadlineStatus::overdue: return "overdue";
    case DeadlineStatus::met_on_time: return "met_on_time";
    case DeadlineStatus::met_late: return "met_late";
    case DeadlineStatus::cancelled: return "cancelled";
    case DeadlineStatus::window_open: return "window_open";
    case DeadlineStatus::window_ended: return "window_ended";
    case DeadlineStatus::window_used: return "window_used";
  }
  return "pending";
}

}  // namespace kj::lims
