#include "lims/cases/closure_rate.hpp"

#include <algorithm>
#include <tuple>

#include "lims/cases/case_labels.hpp"
#include "lims/cases/case_timing.hpp"
#include "lims/cases/stored_time.hpp"

namespace kj::lims {
namespace {

constexpr std::string_view kByNames[] = {"overall", "township", "market", "type", "month"};

struct GroupKey {
  int order = 0;  // groups with no township/market sort last
  std::string sort;
  std::string key;
  Text label;
};

GroupKey group_of(const ClosureCell& cell, ClosureBy by, const ClosureNames& names) {
  const ClosureMarket* market = nullptr;
  if (cell.market) {
    const auto found = names.markets.find(*cell.market);
    if (found != names.markets.end()) market = &found->second;
  }
  switch (by) {
    case ClosureBy::township: {
      if (market == nullptr || !market->township) return {1, "", "", Text{"(no township)", "（无镇乡）"}};
      const auto found = names.townships.find(*market->township);
      const std::string name = found == names.townships.end() ? "#" + std::to_string(*market->township) : found->second;
      return {0, name, name, Text{name, name}};
    }
    case ClosureBy::market: {
      if (!cell.market) return {1, "", "", Text{"(no market)", "（无市场）"}};
      if (market == nullptr) {
        const std::string id = "#" + std::to_string(*cell.market);
        return {0, id, id, Text{id, id}};
      }
      const std::string label = market->name.empty() ? market->code : market->name + " (" + market->code + ")";
      return {0, market->code, market->code, Text{label, label}};
    }
    case ClosureBy::type: {
      const std::string type(to_string(cell.type));
      return {0, cell.type == CaseType::rapid ? "0" : "1", type, case_label(type)};
    }
    case ClosureBy::month: {
      const std::string zh = cell.month.size() == 7 ? cell.month.substr(0, 4) + "年" +
                                                          std::to_string(std::stoi(cell.month.substr(5))) + "月"
                                                    : cell.month;
      return {0, cell.month, cell.month, Text{cell.month, zh}};
    }
    case ClosureBy::overall: break;
  }
  return {0, "", names.county, Text{names.county, names.county}};
}

void add(ClosureGroup& group, const ClosureCell& cell) {
  group.on_time += cell.on_time;
  group.closed_late += cell.closed_late;
  group.open_overdue += cell.open_overdue;
  group.not_yet_due += cell.not_yet_due;
}

}  // namespace

std::optional<ClosureBy> parse_closure_by(std::string_view text) {
  for (std::size_t i = 0; i < std::size(kByNames); ++i) {
    if (kByNames[i] == text) return static_cast<ClosureBy>(i);
  }
  return std::nullopt;
}

std::string_view to_string(ClosureBy by) {
  return kByNames[static_cast<std::size_t>(by)];
}

std::optional<double> ClosureGroup::rate_percent() const {
  if (due() == 0) return std::nullopt;
  return static_cast<double>(on_time) * 100.0 / static_cast<double>(due());
}

ClosureCell cell_of(const ClosureRow& row, Timestamp now, std::chrono::minutes utc_offset) {
  ClosureCell cell{row.type, row.market, local_month(row.due_at, utc_offset)};
  switch (case_timing(row.due_at, row.closed_at, now)) {
    case CaseTiming::closed_on_time: cell.on_time = 1; break;
    case CaseTiming::closed_late: cell.closed_late = 1; break;
    case CaseTiming::open_overdue: cell.open_overdue = 1; break;
    case CaseTiming::not_yet_due: cell.not_yet_due = 1; break;
  }
  return cell;
}

ClosureReport summarize_closure(std::span<const ClosureCell> cells, ClosureBy by, const ClosureNames& names) {
  ClosureReport report;
  report.by = by;
  report.total.key = names.county;
  report.total.label =
      Text{names.county.empty() ? "county" : names.county, names.county.empty() ? "全县" : names.county};
  std::map<std::tuple<int, std::string, std::string>, ClosureGroup> groups;
  for (const auto& cell : cells) {
    add(report.total, cell);
    if (by == ClosureBy::overall) continue;
    GroupKey key = group_of(cell, by, names);
    auto& group = groups[{key.order, key.sort, key.key}];
    if (group.label.en.empty()) {
      group.key = key.key;
      group.label = key.label;
    }
    add(group, cell);
  }
  for (auto& [key, group] : groups) report.groups.push_back(std::move(group));
  return report;
}

ClosureReport closure_report(std::span<const ClosureRow> rows, Timestamp from, Timestamp to, Timestamp now,
                             ClosureBy by, const ClosureNames& names, std::chrono::minutes utc_offset) {
  std::vector<ClosureCell> cells;
  for (const auto& row : rows) {
    if (row.due_at < from || row.due_at > to) continue;
    cells.push_back(cell_of(row, now, utc_offset));
  }
  return summarize_closure(cells, by, names);
}

}  // namespace kj::lims
