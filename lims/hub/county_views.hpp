// County views over every booth's latest records, computed at the hub: the on-time closure
// rate of disposal cases and plan progress. Generic over stored payload JSON, so they work for
// whichever fields the booth's tables carry (names are parameters with defaults).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lims/hub/hub_store.hpp"

namespace kj::lims::hub {

struct ClosureQuery {
  std::string entity = "disposal_case";
  std::string due_field = "due_at";        // the (extended) due date of the case
  std::string closed_field = "closed_at";  // when the case was closed, null while open
  std::string from;                        // due dates in [from, to)
  std::string to;
  std::string now;  // an open case due before now is late
};

struct ClosureRate {
  std::int64_t due = 0;  // cases whose due date falls in the period
  std::int64_t closed_on_time = 0;
  std::int64_t closed_late = 0;
  std::int64_t open_overdue = 0;
  std::int64_t open_not_yet_due = 0;
  std::optional<double> rate;  // closed_on_time / due, none when nothing was due
};

Result<ClosureRate> closure_rate(HubStore& store, const ClosureQuery& query);

struct BoothProgress {
  std::string booth_id;
  std::string booth_name;
  std::int64_t samples = 0;
  std::int64_t plan_task_samples = 0;
  std::int64_t results = 0;
  std::int64_t positives = 0;
};

// Per booth, samples and results received in [from, to) of sampled_at / tested_at.
Result<std::vector<BoothProgress>> plan_progress(HubStore& store, const std::string& from, const std::string& to);

}  // namespace kj::lims::hub
