#include "lims/plans/plan_progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace kj::lims {
namespace {

constexpr std::string_view kByNames[] = {"overall", "category", "township", "market", "month"};

std::string name_of(const std::map<std::int64_t, std::string>& names, std::int64_t id) {
  const auto found = names.find(id);
  return found == names.end() ? "#" + std::to_string(id) : found->second;
}

struct Group {
  std::string key;
  Text label;
  int order = 0;  // months sort by number, other groups keep the plan's order with "not by …" last
};

Group group_of(const QuotaCell& quota, ProgressBy by, const ProgressNames& names, int year) {
  switch (by) {
    case ProgressBy::category: {
      const std::string name = name_of(names.categories, quota.category.value);
      return {name, Text{name, name}, 0};
    }
    case ProgressBy::township: {
      if (!quota.township) return {"", Text{"(not by township)", "（未分镇乡）"}, 1};
      const std::string name = name_of(names.townships, quota.township->value);
      return {name, Text{name, name}, 0};
    }
    case ProgressBy::market: {
      if (!quota.market) return {"", Text{"(not by market)", "（未分市场）"}, 1};
      const auto found = names.markets.find(quota.market->value);
      const MarketName market =
          found == names.markets.end() ? MarketName{"#" + std::to_string(quota.market->value), ""} : found->second;
      const std::string label = market.name.empty() ? market.code : market.name + " (" + market.code + ")";
      const std::string label_zh = market.name.empty() ? market.code : market.name + "（" + market.code + "）";
      return {market.code, Text{label, label_zh}, 0};
    }
    case ProgressBy::month: {
      char key[16];
      std::snprintf(key, sizeof key, "%04d-%02d", year, quota.month);
      return {key, Text{key, std::to_string(quota.month) + "月"}, quota.month};
    }
    case ProgressBy::overall: break;
  }
  return {"total", Text{"Total", "合计"}, 0};
}

void finish(ProgressRow& row, double expected) {
  row.expected = static_cast<std::int64_t>(std::floor(expected + 1e-9));
  row.percent =
      row.quota > 0 ? std::round(static_cast<double>(row.done) * 1000.0 / static_cast<double>(row.quota)) / 10.0 : 0.0;
  row.lagging = row.done < row.expected;
}

}  // namespace

std::optional<ProgressBy> parse_progress_by(std::string_view text) {
  for (std::size_t i = 0; i < std::size(kByNames); ++i) {
    if (kByNames[i] == text) return static_cast<ProgressBy>(i);
  }
  return std::nullopt;
}

std::string_view to_string(ProgressBy by) {
  return kByNames[static_cast<std::size_t>(by)];
}

double elapsed_fraction(int year, int month, Timestamp now, std::chrono::minutes utc_offset) {
  using namespace std::chrono;
  const year_month first{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)}};
  const auto start = sys_seconds(sys_days(first / 1)) - utc_offset;
  const auto end = sys_seconds(sys_days((first + months{1}) / 1)) - utc_offset;
  if (now <= start) return 0.0;
  if (now >= end) return 1.0;
  return static_cast<double>((now - start).count()) / static_cast<double>((end - start).count());
}

Progress compute_progress(const std::vector<QuotaCell>& quotas, const std::vector<DoneCell>& done, ProgressBy by,
                          const ProgressNames& names, const ProgressClock& clock) {
  // Where each sample goes: the most specific quota of its category and month.
  std::map<std::tuple<std::int64_t, std::int64_t, int>, std::size_t> by_market;
  std::map<std::tuple<std::int64_t, std::int64_t, int>, std::size_t> by_township;
  std::map<std::tuple<std::int64_t, int>, std::size_t> by_county;
  for (std::size_t i = 0; i < quotas.size(); ++i) {
    const QuotaCell& q = quotas[i];
    if (q.market) {
      by_market.emplace(std::tuple{q.category.value, q.market->value, q.month}, i);
    } else if (q.township) {
      by_township.emplace(std::tuple{q.category.value, q.township->value, q.month}, i);
    } else {
      by_county.emplace(std::tuple{q.category.value, q.month}, i);
    }
  }
  Progress progress;
  progress.by = by;
  std::vector<std::int64_t> done_by_quota(quotas.size(), 0);
  for (const DoneCell& cell : done) {
    std::optional<std::size_t> quota;
    if (cell.market) {
      if (const auto found = by_market.find({cell.category.value, cell.market->value, cell.month});
          found != by_market.end()) {
        quota = found->second;
      }
    }
    if (!quota && cell.township) {
      if (const auto found = by_township.find({cell.category.value, cell.township->value, cell.month});
          found != by_township.end()) {
        quota = found->second;
      }
    }
    if (!quota) {
      if (const auto found = by_county.find({cell.category.value, cell.month}); found != by_county.end()) {
        quota = found->second;
      }
    }
    if (quota) {
      done_by_quota[*quota] += cell.samples;
    } else {
      progress.unplanned += cell.samples;
    }
  }

  struct Accumulator {
    Group group;
    ProgressRow row;
    double expected = 0;
    std::size_t first = 0;
  };
  std::vector<Accumulator> groups;
  std::map<std::string, std::size_t> group_index;
  double total_expected = 0;
  progress.total = ProgressRow{"total", Text{"Total", "合计"}};
  for (std::size_t i = 0; i < quotas.size(); ++i) {
    const QuotaCell& q = quotas[i];
    const double expected =
        static_cast<double>(q.batches) * elapsed_fraction(clock.year, q.month, clock.now, clock.utc_offset);
    progress.total.quota += q.batches;
    progress.total.done += done_by_quota[i];
    total_expected += expected;
    if (by == ProgressBy::overall) continue;
    Group group = group_of(q, by, names, clock.year);
    // "" (not by township/market) must not merge with a group that happens to be named so.
    const std::string index_key = (group.order == 1 && by != ProgressBy::month ? "\x01" : "") + group.key;
    auto [at, inserted] = group_index.emplace(index_key, groups.size());
    if (inserted) {
      groups.push_back(Accumulator{group, ProgressRow{group.key, group.label}, 0, i});
    }
    Accumulator& acc = groups[at->second];
    acc.row.quota += q.batches;
    acc.row.done += done_by_quota[i];
    acc.expected += expected;
  }
  finish(progress.total, total_expected);
  std::stable_sort(groups.begin(), groups.end(), [](const Accumulator& a, const Accumulator& b) {
    return std::tie(a.group.order, a.first) < std::tie(b.group.order, b.first);
  });
  for (auto& acc : groups) {
    finish(acc.row, acc.expected);
    progress.rows.push_back(std::move(acc.row));
  }
  return progress;
}

}  // namespace kj::lims
