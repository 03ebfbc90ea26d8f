// Progress of a sampling plan: batches done against quota, overall and grouped by category,
// township, market or month, and whether a group is lagging. A pure function over rows the
// caller has read (plan_progress_query.hpp reads them from the database), so it is tested
// with hand-computed numbers and no database.
//
// What counts as done (the query's side): a sample whose category (its own, else its
// commodity's), market and local month of sampled_at match a quota, and that has at least one
// current (not superseded) result that is not `invalid` — a batch is done once it has been
// validly tested, whatever the sample's source: routine samples of the planned category in the
// planned place and month fulfil the plan as much as those registered against a task.
//
// Matching (this side): each sample goes to the most specific live quota of its category and
// month: its market's quota, else its market's township's quota, else the county's (a quota
// with neither township nor market). It is counted once; a sample matching no quota is
// "unplanned" and reported apart. Done is not capped at the quota (percent may exceed 100).
//
// Lagging: each quota is expected to be done in proportion to how much of its month has
// passed (local time): all of it once the month is over, none before it starts. A group is
// lagging when done < floor(sum of batches × elapsed fraction). So a past year is judged
// against its whole quota, a future one is never lagging.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lims/ids.hpp"
#include "lims/time.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

enum class ProgressBy { overall, category, township, market, month };

std::optional<ProgressBy> parse_progress_by(std::string_view text);  // overall|category|township|market|month
std::string_view to_string(ProgressBy by);

// One live quota of the plan.
struct QuotaCell {
  CategoryId category;
  std::optional<TownshipId> township;
  std::optional<MarketId> market;
  int month = 0;  // 1–12
  std::int64_t batches = 0;
};

// Samples that count as done, counted per category × market (and its township) × local month.
struct DoneCell {
  CategoryId category;
  std::optional<MarketId> market;
  std::optional<TownshipId> township;  // the market's township
  int month = 0;
  std::int64_t samples = 0;
};

struct MarketName {
  std::string code;
  std::string name;
};

// Display names of the ids the cells use.
struct ProgressNames {
  std::map<std::int64_t, std::string> categories;
  std::map<std::int64_t, std::string> townships;
  std::map<std::int64_t, MarketName> markets;
};

struct ProgressClock {
  int year = 0;  // the plan's year
  Timestamp now;
  std::chrono::minutes utc_offset{8 * 60};
};

struct ProgressRow {
  // Language-neutral: the category or township name, the market code, "2026-03", "total",
  // or "" for quotas not given by township/market.
  std::string key;
  Text label;
  std::int64_t quota = 0;
  std::int64_t done = 0;
  std::int64_t expected = 0;  // batches that should be done by now
  double percent = 0;         // done / quota × 100, one decimal
  bool lagging = false;
};

struct Progress {
  ProgressBy by = ProgressBy::overall;
  std::vector<ProgressRow> rows;  // empty for ProgressBy::overall
  ProgressRow total;
  std::int64_t unplanned = 0;  // samples that count but match no quota
};

// How much of `month` of `year` has passed at `now`, in local time: 0 before, 1 after.
double elapsed_fraction(int year, int month, Timestamp now, std::chrono::minutes utc_offset);

Progress compute_progress(const std::vector<QuotaCell>& quotas, const std::vector<DoneCell>& done, ProgressBy by,
                          const ProgressNames& names, const ProgressClock& clock);

}  // namespace kj::lims
