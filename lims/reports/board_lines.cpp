#include "lims/reports/board_lines.hpp"

#include <algorithm>
#include <cstdio>

#include "lims/results/results.hpp"

namespace kj::lims::reports {
namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string standing_of(const Conclusion& c) {
  switch (c.state) {
    case RetestState::confirmed_positive: return "positive";
    case RetestState::needs_retest: return "retest_pending";
    case RetestState::not_confirmed: return "negative";
    case RetestState::not_needed: break;
  }
  return std::string(protocols::to_string(c.verdict));
}

struct SampleKey {
  SampleId id;
  std::string number, name, source, stall;
};

}  // namespace

std::string day_text(LocalDay day) {
  const std::chrono::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

DayBounds day_bounds(LocalDay day, std::chrono::minutes utc_offset) {
  const Timestamp from = std::chrono::sys_seconds(day) - utc_offset;
  return DayBounds{to_iso8601(from), to_iso8601(from + std::chrono::days(1))};
}

Result<std::vector<BoardLine>> market_day_lines(storage::Database& db, const Rulebook& rules, MarketId market,
                                                LocalDay day, std::chrono::minutes utc_offset) {
  const auto bounds = day_bounds(day, utc_offset);
  auto samples = storage::read<std::vector<SampleKey>>([&] {
    std::vector<SampleKey> out;
    auto& s = db.prepare(
        "SELECT s.id, s.number, s.name, s.source, coalesce(st.number, '') FROM sample s "
        "LEFT JOIN stall st ON st.id = s.stall_id WHERE s.market_id = ?1 "
        "AND ((s.sampled_at >= ?2 AND s.sampled_at < ?3) OR EXISTS (SELECT 1 FROM result r WHERE r.sample_id = s.id "
        "     AND r.tested_at >= ?2 AND r.tested_at < ?3)) ORDER BY s.id");
    s.bind(1, market.value).bind(2, bounds.from).bind(3, bounds.to);
    while (s.step()) {
      out.push_back(SampleKey{SampleId{s.column_int64(0)}, s.column_text(1), s.column_text(2), s.column_text(3),
                              s.column_text(4)});
    }
    return out;
  });
  if (!samples) return samples.error();
  std::vector<BoardLine> lines;
  for (const auto& sample : *samples) {
    auto results = list_results(db, ResultFilter{sample.number, "", false, false});
    if (!results) return results.error();
    std::vector<std::string> items;
    for (const auto& r : *results) {
      if (std::find(items.begin(), items.end(), r.item_code) == items.end()) items.push_back(r.item_code);
    }
    if (items.empty()) {
      lines.push_back(
          BoardLine{sample.number, sample.name, sample.stall, sample.source, "", "", "untested", "", "", "", ""});
    }
    for (const auto& code : items) {
      BoardLine line{sample.number, sample.name, sample.stall, sample.source, code, "", "", "", "", "", ""};
      for (const auto& r : *results) {
        if (r.item_code != code) continue;
        line.item_name = r.item_name;
        line.tested_at = r.tested_at;  // in test order: the last is the latest
        line.value_text = r.value_number ? number_text(*r.value_number) + " " + r.unit : r.value_text;
      }
      auto found = storage::read<std::optional<std::int64_t>>([&]() -> std::optional<std::int64_t> {
        auto& s = db.prepare("SELECT id FROM test_item WHERE code = ?");
        s.bind(1, code);
        std::optional<std::int64_t> id;
        if (s.step()) id = s.column_int64(0);
        s.reset();
        return id;
      });
      if (!found) return found.error();
      if (!*found) continue;
      const ItemId item{**found};
      auto conclusion = conclusion_of(db, rules, sample.id, item);
      if (!conclusion) return conclusion.error();
      line.standing = standing_of(*conclusion);
      auto disposal = storage::read<std::pair<std::string, std::string>>([&] {
        auto& s = db.prepare(
            "SELECT number, state FROM disposal_case WHERE sample_id = ? AND (item_id = ? OR item_id IS NULL) "
            "ORDER BY id LIMIT 1");
        s.bind(1, sample.id.value).bind(2, item.value);
        std::pair<std::string, std::string> out;
        if (s.step()) out = {s.column_text(0), s.column_text(1)};
        s.reset();
        return out;
      });
      if (!disposal) return disposal.error();
      line.case_number = disposal->first;
      line.case_state = disposal->second;
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace kj::lims::reports
