// Importing a yearly sampling plan: the plan, one quota per category × place × month, and one
// task per quota (assigned to its market, or to its township through the quota; due on the
// last day of its month) — all in one transaction, so a file with one bad row changes nothing.
//
// Resolution: categories must exist (the catalogue); markets must be registered (`kuaijian
// market add`), by code or name; townships are found by name or code and created when new
// (a plan may name a township before any of its markets is registered). A market given with a
// township must lie in it; a market alone brings its own township to the quota.
//
// Re-importing a plan (same year and name) is a conflict unless `replace` is set. Replacing
// compares the old live quotas with the file by category × township × market × month:
//   - in both: the quota (and its task) takes the new batch count; uuids stay, so the hub
//     sees an update, not a new task;
//   - only in the file: a new quota and task;
//   - only in the old plan: its open task is cancelled — unless a sample refers to the task (or
//     the task is done), in which case quota and task are kept and listed in the summary.
// Nothing is ever deleted: a cancelled task keeps its quota row. A quota counts (here and in
// progress, see plan_progress_query.hpp) while at least one of its tasks is not cancelled.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lims/ids.hpp"
#include "lims/plans/plan_file.hpp"
#include "lims/records/change_log.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims {

struct ImportOptions {
  bool replace = false;
};

// An old quota the file no longer has, kept because samples refer to its task.
struct KeptQuota {
  std::string category;
  std::string place;  // market name, else township name, else 全县
  int month = 0;
  std::int64_t batches = 0;
};

struct ImportSummary {
  PlanId plan;
  std::string uuid;
  int year = 0;
  std::string name;
  bool replaced = false;        // the plan existed and was replaced
  std::size_t rows = 0;         // rows of the file
  std::int64_t batches = 0;     // the file's total
  int quotas_added = 0;         // new quota + task pairs
  int quotas_changed = 0;       // quotas of the old plan given a new batch count
  int quotas_unchanged = 0;     // quotas of the old plan the file repeats as they were
  int tasks_cancelled = 0;      // old tasks no longer in the plan
  std::vector<KeptQuota> kept;  // old quotas not in the file, kept because samples refer to their task
  std::vector<std::string> townships_created;
};

Result<ImportSummary> import_plan(storage::Database& db, const PlanFile& file, const ImportOptions& options,
                                  const Actor& actor);

}  // namespace kj::lims
