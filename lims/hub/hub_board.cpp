#include "lims/hub/hub_board.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "lims/config/config.hpp"
#include "lims/number_text.hpp"
#include "lims/records/validate.hpp"
#include "lims/reports/board_lines.hpp"

namespace kj::lims::hub {
namespace {

struct HubMarket {
  std::string booth;
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> township;
};

struct HubSample {
  std::int64_t id = 0;
  std::string number, name, source, sampled_at;
  std::optional<std::int64_t> stall;
};

struct HubResult {
  std::int64_t sample = 0;
  std::int64_t item = 0;
  std::string method, standard, unit, verdict, test_kind, tested_at, value_text;
  std::optional<double> value;
};

std::string method_words(const std::string& method) {
  if (method == "inhibition") return "农药残留（酶抑制率法）";
  if (method == "gold_line" || method == "gold_ratio") return "胶体金快检";
  if (method == "quantitative") return "定量检测";
  return method;
}

// The county's published catalogue item a result was tested for: the one item with the
// result's method, standard and unit (the booth sends its own item id only).
std::string item_name(storage::Database& db, const HubResult& r) {
  auto& s = db.prepare(
      "SELECT json_extract(payload, '$.name_zh') FROM master_record WHERE kind = 'item' "
      "AND json_extract(payload, '$.method') = ? AND coalesce(json_extract(payload, '$.standard'), '') = ? "
      "AND json_extract(payload, '$.unit') = ? LIMIT 2");
  s.bind(1, r.method).bind(2, r.standard).bind(3, r.unit);
  std::vector<std::string> names;
  while (s.step()) names.push_back(s.column_text(0));
  s.reset();
  return names.size() == 1 ? names.front() : method_words(r.method);
}

std::vector<reports::BoardLine> lines_of(storage::Database& db, const HubMarket& market,
                                         const reports::DayBounds& bounds) {
  std::vector<HubSample> samples;
  auto& select_samples = db.prepare(
      "SELECT json_extract(payload, '$.id'), json_extract(payload, '$.number'), json_extract(payload, '$.name'), "
      "coalesce(json_extract(payload, '$.source'), ''), coalesce(json_extract(payload, '$.sampled_at'), ''), "
      "json_extract(payload, '$.stall_id') FROM record WHERE entity = 'sample' AND booth_id = ? "
      "AND json_extract(payload, '$.market_id') = ? ORDER BY json_extract(payload, '$.id')");
  select_samples.bind(1, market.booth).bind(2, market.id);
  while (select_samples.step()) {
    samples.push_back(HubSample{select_samples.column_int64(0), select_samples.column_text(1),
                                select_samples.column_text(2), select_samples.column_text(3),
                                select_samples.column_text(4), select_samples.column_optional_int64(5)});
  }
  std::vector<reports::BoardLine> lines;
  for (const auto& sample : samples) {
    std::vector<HubResult> results;
    auto& select_results = db.prepare(
        "SELECT json_extract(payload, '$.item_id'), coalesce(json_extract(payload, '$.method'), ''), "
        "coalesce(json_extract(payload, '$.standard'), ''), coalesce(json_extract(payload, '$.unit'), ''), "
        "json_extract(payload, '$.verdict'), json_extract(payload, '$.test_kind'), "
        "json_extract(payload, '$.tested_at'), coalesce(json_extract(payload, '$.value_text'), ''), "
        "json_extract(payload, '$.value_number') FROM record WHERE entity = 'result' AND booth_id = ? "
        "AND json_extract(payload, '$.sample_id') = ? "
        "ORDER BY json_extract(payload, '$.tested_at'), json_extract(payload, '$.id')");
    select_results.bind(1, market.booth).bind(2, sample.id);
    while (select_results.step()) {
      HubResult r;
      r.sample = sample.id;
      r.item = select_results.column_int64(0);
      r.method = select_results.column_text(1);
      r.standard = select_results.column_text(2);
      r.unit = select_results.column_text(3);
      r.verdict = select_results.column_text(4);
      r.test_kind = select_results.column_text(5);
      r.tested_at = select_results.column_text(6);
      r.value_text = select_results.column_text(7);
      r.value = select_results.column_optional_double(8);
      results.push_back(std::move(r));
    }
    const bool sampled_today = sample.sampled_at >= bounds.from && sample.sampled_at < bounds.to;
    const bool tested_today = std::any_of(results.begin(), results.end(), [&](const HubResult& r) {
      return r.tested_at >= bounds.from && r.tested_at < bounds.to;
    });
    if (!sampled_today && !tested_today) continue;

    std::string stall;
    if (sample.stall) {
      auto& s = db.prepare(
          "SELECT json_extract(payload, '$.number') FROM record WHERE entity = 'stall' AND booth_id = ? "
          "AND json_extract(payload, '$.id') = ?");
      s.bind(1, market.booth).bind(2, *sample.stall);
      if (s.step()) stall = s.column_text(0);
      s.reset();
    }
    std::vector<std::int64_t> items;
    for (const auto& r : results) {
      if (std::find(items.begin(), items.end(), r.item) == items.end()) items.push_back(r.item);
    }
    if (items.empty()) {
      lines.push_back(
          reports::BoardLine{sample.number, sample.name, stall, sample.source, "", "", "untested", "", "", "", ""});
    }
    for (const auto item : items) {
      reports::BoardLine line{sample.number, sample.name, stall, sample.source, "", "", "", "", "", "", ""};
      const HubResult* first = nullptr;
      const HubResult* last = nullptr;
      int retests = 0;
      for (const auto& r : results) {
        if (r.item != item) continue;
        last = &r;
        if (r.verdict == "invalid") continue;
        if (r.test_kind == "retest") ++retests;
        if (!first && r.test_kind == "initial") first = &r;
      }
      line.item_name = item_name(db, *last);
      line.tested_at = last->tested_at;
      line.value_text = last->value ? number_text(*last->value) + " " + last->unit : last->value_text;
      auto& c = db.prepare(
          "SELECT json_extract(payload, '$.number'), json_extract(payload, '$.state'), "
          "coalesce(json_extract(payload, '$.outcome'), '') FROM record WHERE entity = 'disposal_case' "
          "AND booth_id = ? AND json_extract(payload, '$.sample_id') = ? "
          "AND (json_extract(payload, '$.item_id') = ? OR json_extract(payload, '$.item_id') IS NULL) "
          "ORDER BY json_extract(payload, '$.id') LIMIT 1");
      c.bind(1, market.booth).bind(2, sample.id).bind(3, item);
      std::string outcome;
      if (c.step()) {
        line.case_number = c.column_text(0);
        line.case_state = c.column_text(1);
        outcome = c.column_text(2);
      }
      c.reset();
      if (!line.case_number.empty() && outcome != "released") {
        line.standing = "positive";
      } else if (!first) {
        line.standing = last->verdict == "invalid" ? "invalid" : last->verdict;
      } else if (first->verdict == "positive" || first->verdict == "suspect") {
        line.standing = retests < 2 ? "retest_pending" : "negative";
      } else {
        line.standing = first->verdict;
      }
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace

Result<reports::Board> hub_market_board(HubStore& store, const std::string& market_code, const std::string& day,
                                        std::chrono::minutes utc_offset) {
  const auto date = config::parse_date(day);
  if (!date) return invalid_field("date", "a date YYYY-MM-DD", "日期 YYYY-MM-DD", day);
  const auto bounds = reports::day_bounds(std::chrono::sys_days(*date), utc_offset);
  return store.with_db([&](storage::Database& db) -> Result<reports::Board> {
    return storage::read<reports::Board>([&]() -> Result<reports::Board> {
      std::vector<HubMarket> markets;
      auto& s = db.prepare(
          "SELECT booth_id, json_extract(payload, '$.id'), json_extract(payload, '$.name'), "
          "json_extract(payload, '$.township_id') FROM record WHERE entity = 'market' "
          "AND json_extract(payload, '$.code') = ? ORDER BY booth_id");
      s.bind(1, market_code);
      while (s.step()) {
        markets.push_back(HubMarket{s.column_text(0), s.column_int64(1), s.column_text(2), s.column_optional_int64(3)});
      }
      if (markets.empty()) return not_found("market", "市场", market_code);
      reports::Board board;
      board.kind = "market";
      board.code = market_code;
      board.title = markets.front().name;
      board.day = day;
      if (markets.front().township) {
        auto& t = db.prepare(
            "SELECT json_extract(payload, '$.name') FROM record WHERE entity = 'township' AND booth_id = ? "
            "AND json_extract(payload, '$.id') = ?");
        t.bind(1, markets.front().booth).bind(2, *markets.front().township);
        if (t.step()) board.place = t.column_text(0);
        t.reset();
      }
      for (const auto& market : markets) {
        auto lines = lines_of(db, market, bounds);
        board.lines.insert(board.lines.end(), lines.begin(), lines.end());
      }
      return board;
    });
  });
}

Result<std::string> hub_board_page(HubStore& store, const std::string& market_code, const std::string& date,
                                   Timestamp now, std::chrono::minutes utc_offset) {
  if (market_code.empty()) {
    return invalid_field("market", "a market code (/board?market=CODE)", "市场编码（/board?market=编码）");
  }
  std::string day = date;
  if (day.empty()) day = reports::day_text(std::chrono::floor<std::chrono::days>(now + utc_offset));
  auto board = hub_market_board(store, market_code, day, utc_offset);
  if (!board) return board.error();
  return reports::render_board(*board, reports::BoardRender{now, utc_offset, 60});
}

}  // namespace kj::lims::hub
