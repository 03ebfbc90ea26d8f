#include "lims/cases/closure_query.hpp"

#include <cstdio>
#include <map>
#include <tuple>

#include "lims/cases/stored_time.hpp"
#include "lims/records/validate.hpp"

namespace kj::lims {
namespace {

using namespace std::chrono;

using CellKey = std::tuple<int, std::int64_t, std::string>;  // type, market (0 = none), month

std::string month_text(year_month ym) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
  return buffer;
}

LocalDay first_day(year_month ym) {
  return sys_days(ym / 1);
}
LocalDay last_day(year_month ym) {
  return sys_days(ym / last);
}

class Cells {
 public:
  ClosureCell& at(CaseType type, std::int64_t market, const std::string& month) {
    auto& cell = cells_[{type == CaseType::lab ? 1 : 0, market, month}];
    cell.type = type;
    cell.market = market == 0 ? std::nullopt : std::optional(market);
    cell.month = month;
    return cell;
  }
  std::vector<ClosureCell> take() {
    std::vector<ClosureCell> out;
    out.reserve(cells_.size());
    for (auto& [key, cell] : cells_) out.push_back(std::move(cell));
    return out;
  }

 private:
  std::map<CellKey, ClosureCell> cells_;
};

struct Bounds {
  std::string from;  // ISO UTC text, compared with the stored text
  std::string to;
};

Bounds bounds(LocalDay first, LocalDay last, minutes utc_offset) {
  const auto from = time_point_cast<seconds>(sys_seconds(first) - utc_offset);
  const auto to = time_point_cast<seconds>(sys_seconds(last + days(1)) - utc_offset) - seconds(1);
  return {to_iso8601(from), to_iso8601(to)};
}

// Closed cases due within one month's part [first, last], counted one by one.
void add_closed_cases(storage::Database& db, Cells& cells, LocalDay first, LocalDay last, minutes utc_offset) {
  const auto range = bounds(first, last, utc_offset);
  const std::string month = month_text(year_month_day(first).year() / year_month_day(first).month());
  auto& s = db.prepare(
      "SELECT type = 'lab', coalesce(market_id, 0), closed_at <= due_at FROM disposal_case "
      "WHERE closed_at IS NOT NULL AND due_at >= ? AND due_at <= ?");
  s.bind(1, range.from).bind(2, range.to);
  while (s.step()) {
    auto& cell = cells.at(s.column_int64(0) != 0 ? CaseType::lab : CaseType::rapid, s.column_int64(1), month);
    (s.column_int64(2) != 0 ? cell.on_time : cell.closed_late) += 1;
  }
  s.reset();
}

void add_tallied_months(storage::Database& db, Cells& cells, year_month from, year_month to) {
  auto& s =
      db.prepare("SELECT month, type, market_id, on_time, late FROM closure_tally WHERE month >= ? AND month <= ?");
  s.bind(1, month_text(from)).bind(2, month_text(to));
  while (s.step()) {
    auto& cell =
        cells.at(s.column_text(1) == "lab" ? CaseType::lab : CaseType::rapid, s.column_int64(2), s.column_text(0));
    cell.on_time += s.column_int64(3);
    cell.closed_late += s.column_int64(4);
  }
  s.reset();
}

void add_open_cases(storage::Database& db, Cells& cells, const ClosurePeriod& period, Timestamp now,
                    minutes utc_offset) {
  const auto range = bounds(period.first, period.last, utc_offset);
  auto& s = db.prepare(
      "SELECT type = 'lab', coalesce(market_id, 0), due_at FROM disposal_case "
      "WHERE closed_at IS NULL AND due_at >= ? AND due_at <= ?");
  s.bind(1, range.from).bind(2, range.to);
  while (s.step()) {
    const auto type = s.column_int64(0) != 0 ? CaseType::lab : CaseType::rapid;
    const auto market = s.column_int64(1);
    const ClosureRow row{type, market == 0 ? std::nullopt : std::optional(market), stored_time(s.column_text(2)),
                         std::nullopt};
    const ClosureCell one = cell_of(row, now, utc_offset);
    auto& cell = cells.at(type, market, one.month);
    cell.open_overdue += one.open_overdue;
    cell.not_yet_due += one.not_yet_due;
  }
  s.reset();
}

}  // namespace

Result<std::vector<ClosureCell>> load_closure_cells(storage::Database& db, const ClosurePeriod& period, Timestamp now,
                                                    minutes utc_offset) {
  if (period.last < period.first) {
    return invalid_field("to", "a date on or after the period's first day", "不早于起始日期的日期");
  }
  return storage::read<std::vector<ClosureCell>>([&] {
    Cells cells;
    const year_month_day first{period.first};
    const year_month_day last{period.last};
    const year_month first_month = first.year() / first.month();
    const year_month last_month = last.year() / last.month();
    const auto whole = [&](year_month m) { return period.first <= first_day(m) && period.last >= last_day(m); };
    if (first_month == last_month) {
      if (whole(first_month)) {
        add_tallied_months(db, cells, first_month, first_month);
      } else {
        add_closed_cases(db, cells, period.first, period.last, utc_offset);
      }
    } else {
      year_month tally_from = first_month;
      year_month tally_to = last_month;
      if (!whole(first_month)) {
        add_closed_cases(db, cells, period.first, last_day(first_month), utc_offset);
        tally_from = first_month + months(1);
      }
      if (!whole(last_month)) {
        add_closed_cases(db, cells, first_day(last_month), period.last, utc_offset);
        tally_to = last_month - months(1);
      }
      if (tally_from <= tally_to) add_tallied_months(db, cells, tally_from, tally_to);
    }
    add_open_cases(db, cells, period, now, utc_offset);
    return cells.take();
  });
}

Result<ClosureNames> load_closure_names(storage::Database& db, const std::string& county) {
  return storage::read<ClosureNames>([&] {
    ClosureNames names;
    names.county = county;
    auto& t = db.prepare("SELECT id, name FROM township");
    while (t.step()) names.townships.emplace(t.column_int64(0), t.column_text(1));
    t.reset();
    auto& m = db.prepare("SELECT id, code, name, township_id FROM market");
    while (m.step()) {
      names.markets.emplace(m.column_int64(0),
                            ClosureMarket{m.column_text(1), m.column_text(2), m.column_optional_int64(3)});
    }
    m.reset();
    return names;
  });
}

Result<ClosureReport> load_closure_report(storage::Database& db, const ClosurePeriod& period, Timestamp now,
                                          ClosureBy by, const std::string& county, minutes utc_offset) {
  const auto cells = load_closure_cells(db, period, now, utc_offset);
  if (!cells) return cells.error();
  const auto names = load_closure_names(db, county);
  if (!names) return names.error();
  return summarize_closure(*cells, by, *names);
}

Result<std::vector<PendingDeadline>> pending_deadlines(storage::Database& db, Timestamp until) {
  return storage::read<std::vector<PendingDeadline>>([&] {
    std::vector<PendingDeadline> out;
    auto& s = db.prepare(
        "SELECT c.number, c.type, c.state, d.name, d.due_at, coalesce(m.code, ''), coalesce(m.name, ''), s.number, "
        "s.name, coalesce(i.code, '') FROM case_deadline d JOIN disposal_case c ON c.id = d.case_id "
        "JOIN sample s ON s.id = c.sample_id LEFT JOIN market m ON m.id = c.market_id "
        "LEFT JOIN test_item i ON i.id = c.item_id "
        "WHERE d.state = 'pending' AND d.kind = 'due' AND d.due_at <= ? AND c.closed_at IS NULL "
        "ORDER BY d.due_at, c.number, d.name");
    s.bind(1, to_iso8601(until));
    while (s.step()) {
      PendingDeadline p;
      p.case_number = s.column_text(0);
      p.type = parse_case_type(s.column_text(1)).value_or(CaseType::rapid);
      p.case_state = s.column_text(2);
      p.deadline = s.column_text(3);
      p.due_at = stored_time(s.column_text(4));
      p.market_code = s.column_text(5);
      p.market_name = s.column_text(6);
      p.sample_number = s.column_text(7);
      p.sample_name = s.column_text(8);
      p.item_code = s.column_text(9);
      out.push_back(std::move(p));
    }
    s.reset();
    return out;
  });
}

}  // namespace kj::lims
