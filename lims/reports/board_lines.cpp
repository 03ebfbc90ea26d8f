#include "lims/reports/board_lines.hpp"

#include "lims/results/sample_standing.hpp"
#include "lims/time.hpp"

namespace kj::lims::reports {
namespace {

struct SampleKey {
  SampleId id;
  std::string number, name, source, stall;
};

}  // namespace

std::string day_text(LocalDay day) {
  return iso_date(std::chrono::year_month_day{day});
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
    const auto items = item_standings(db, rules, sample.id, sample.number);
    if (!items) return items.error();
    if (items->empty()) {
      lines.push_back(
          BoardLine{sample.number, sample.name, sample.stall, sample.source, "", "", "untested", "", "", "", ""});
    }
    for (const auto& i : *items) {
      lines.push_back(BoardLine{sample.number, sample.name, sample.stall, sample.source, i.item_code, i.item_name,
                                i.standing, i.value_text, i.tested_at, i.case_number, i.case_state});
    }
  }
  return lines;
}

}  // namespace kj::lims::reports
