// Reads what plan progress needs from the database — the plan's live quotas (those with a task
// that is not cancelled), the samples that count as done in the plan's year, and display names
// — and hands them to compute_progress (plan_progress.hpp, which also says what counts).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "lims/ids.hpp"
#include "lims/plans/plan_progress.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims {

struct PlanRef {
  PlanId id;
  std::string uuid;
  int year = 0;
  std::string name;
};

// The plans of `year` (every plan when nothing), by year then name.
Result<std::vector<PlanRef>> list_plans(storage::Database& db, std::optional<int> year = std::nullopt);

struct ProgressQuery {
  std::optional<int> year;  // default: the local year of `now`
  std::string plan;         // the plan's name; may be empty when the year has one plan
  ProgressBy by = ProgressBy::overall;
  Timestamp now;
  std::chrono::minutes utc_offset{8 * 60};
};

struct PlanProgress {
  PlanRef plan;
  Progress progress;
};

// not_found when the year has no plan (or none of that name); invalid_input when it has
// several and none was named.
Result<PlanProgress> load_plan_progress(storage::Database& db, const ProgressQuery& query);

// The calendar year of `now` in local time.
int local_year(Timestamp now, std::chrono::minutes utc_offset);

}  // namespace kj::lims
