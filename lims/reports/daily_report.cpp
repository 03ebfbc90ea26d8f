#include "lims/reports/daily_report.hpp"

#include <algorithm>
#include <map>

#include "lims/cases/case_labels.hpp"
#include "lims/cases/disposal_case.hpp"
#include "lims/judgement/verdict_text.hpp"
#include "lims/number_text.hpp"
#include "lims/places/places.hpp"
#include "lims/reports/board.hpp"
#include "lims/reports/board_lines.hpp"
#include "lims/reports/page.hpp"
#include "lims/reports/svg_chart.hpp"

namespace kj::lims::reports {
namespace {

Text verdict_words(const std::string& verdict) {
  if (const auto v = protocols::verdict_from_string(verdict)) return result_text(*v);
  return {verdict, verdict};
}

std::string tone_of(const std::string& verdict) {
  if (verdict == "negative") return "ok";
  if (verdict == "positive") return "bad";
  if (verdict == "suspect") return "warn";
  return "neutral";
}

struct TestRow {
  std::string sample_number, sample_name, item_code, item_name, test_kind, value, unit, limit, verdict, tested_at,
      tester, reviewer;
};

std::vector<TestRow> tests_of_day(storage::Database& db, MarketId market, const DayBounds& bounds) {
  std::vector<TestRow> out;
  auto& s = db.prepare(
      "SELECT s.number, s.name, i.code, i.name_zh, r.test_kind, r.value_number, coalesce(r.value_text, ''), r.unit, "
      "r.limit_text, r.verdict, r.tested_at, r.tester, coalesce(r.reviewer, '') "
      "FROM result r JOIN sample s ON s.id = r.sample_id JOIN test_item i ON i.id = r.item_id "
      "WHERE s.market_id = ?1 AND r.tested_at >= ?2 AND r.tested_at < ?3 "
      "AND NOT EXISTS (SELECT 1 FROM result n WHERE n.supersedes = r.id) ORDER BY r.tested_at, r.id");
  s.bind(1, market.value).bind(2, bounds.from).bind(3, bounds.to);
  while (s.step()) {
    TestRow r;
    r.sample_number = s.column_text(0);
    r.sample_name = s.column_text(1);
    r.item_code = s.column_text(2);
    r.item_name = s.column_text(3);
    r.test_kind = s.column_text(4);
    r.value = s.is_null(5) ? s.column_text(6) : number_text(s.column_double(5));
    r.unit = s.column_text(7);
    r.limit = s.column_text(8);
    r.verdict = s.column_text(9);
    r.tested_at = s.column_text(10);
    r.tester = s.column_text(11);
    r.reviewer = s.column_text(12);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<Report> daily_report(storage::Database& db, const Rulebook& rules, const DailyQuery& query) {
  const auto market = find_market(db, query.market);
  if (!market) return market.error();
  auto lines = market_day_lines(db, rules, market->id, query.day, query.utc_offset);
  if (!lines) return lines.error();
  const auto bounds = day_bounds(query.day, query.utc_offset);
  auto tests = storage::read<std::vector<TestRow>>([&] { return tests_of_day(db, market->id, bounds); });
  if (!tests) return tests.error();
  const std::string day = day_text(query.day);
  const auto offset = query.utc_offset;

  Report report;
  // Samples: one line per sample × item, as the board shows them.
  ReportTable samples{"daily-samples",
                      {"Samples and their standing", "样品及检测结论"},
                      {{"sample_number", {"Sample No.", "样品编号"}},
                       {"sample_name", {"Sample", "样品名称"}},
                       {"stall", {"Stall", "摊位"}},
                       {"item", {"Item", "检测项目"}},
                       {"standing", {"Conclusion", "结论"}},
                       {"value", {"Latest value", "最近检测值"}, true},
                       {"tested_at", {"Tested", "检测时间"}},
                       {"case", {"Disposal case", "处置案件"}}},
                      {}};
  int pass = 0, fail = 0, pending = 0;
  std::vector<std::string> sample_numbers;
  for (const auto& l : *lines) {
    if (l.standing == "negative") ++pass;
    if (l.standing == "positive") ++fail;
    if (l.standing == "retest_pending" || l.standing == "suspect") ++pending;
    if (std::find(sample_numbers.begin(), sample_numbers.end(), l.sample_number) == sample_numbers.end()) {
      sample_numbers.push_back(l.sample_number);
    }
    samples.rows.push_back({l.sample_number, l.sample_name, l.stall, l.item_name.empty() ? l.item_code : l.item_name,
                            standing_text(l.standing).zh, l.value_text, local_clock(l.tested_at, offset),
                            l.case_number.empty() ? "" : l.case_number + " " + case_label(l.case_state).zh});
  }
  // Every test of the day.
  ReportTable results{"daily-results",
                      {"Tests run", "检测记录"},
                      {{"sample_number", {"Sample No.", "样品编号"}},
                       {"sample_name", {"Sample", "样品名称"}},
                       {"item", {"Item", "检测项目"}},
                       {"test_kind", {"Test", "初检/复检"}},
                       {"value", {"Value", "检测值"}, true},
                       {"unit", {"Unit", "单位"}},
                       {"limit", {"Limit", "判定限"}},
                       {"verdict", {"Verdict", "检测结果"}},
                       {"tested_at", {"Tested", "检测时间"}},
                       {"tester", {"Tester", "检测人"}},
                       {"reviewer", {"Reviewer", "复核人"}}},
                      {}};
  std::map<std::pair<std::string, std::string>, int> by_item;  // (item name, verdict) → tests
  std::vector<std::string> item_order;
  for (const auto& r : *tests) {
    results.rows.push_back({r.sample_number, r.sample_name, r.item_name, r.test_kind == "retest" ? "复检" : "初检",
                            r.value, r.unit, r.limit, verdict_words(r.verdict).zh, local_clock(r.tested_at, offset),
                            r.tester, r.reviewer});
    ++by_item[{r.item_name, r.verdict}];
    if (std::find(item_order.begin(), item_order.end(), r.item_name) == item_order.end()) {
      item_order.push_back(r.item_name);
    }
  }
  // Positives and their cases.
  ReportTable positives{"daily-positives",
                        {"Positives and their disposal", "阳性样品及处置"},
                        {{"case_number", {"Case", "案件编号"}},
                         {"sample_number", {"Sample No.", "样品编号"}},
                         {"sample_name", {"Sample", "样品名称"}},
                         {"stall", {"Stall", "摊位"}},
                         {"item", {"Item", "检测项目"}},
                         {"state", {"State", "处置进度"}},
                         {"opened_at", {"Opened", "立案时间"}},
                         {"due_at", {"Due", "办结期限"}}},
                        {}};
  for (const auto& l : *lines) {
    if (l.case_number.empty()) continue;
    auto c = load_case(db, l.case_number);
    if (!c) return c.error();
    positives.rows.push_back({c->number, l.sample_number, l.sample_name, l.stall, l.item_name,
                              case_label(l.case_state).zh, to_local_text(c->opened_at, offset),
                              to_local_text(c->due_at, offset)});
  }
  // Tests per item and verdict: the chart's data.
  ReportTable per_item{
      "daily-by-item",
      {"Tests per item and verdict", "各检测项目结果分布"},
      {{"item", {"Item", "检测项目"}}, {"verdict", {"Verdict", "检测结果"}}, {"tests", {"Tests", "次数"}, true}},
      {}};
  BarChart chart{"各检测项目结果（次）", "", {}, 0, 760, 0};
  for (const auto& item : item_order) {
    for (const char* verdict : {"negative", "suspect", "positive", "invalid"}) {
      const auto found = by_item.find({item, verdict});
      if (found == by_item.end()) continue;
      const auto words = verdict_words(verdict).zh;
      per_item.rows.push_back({item, words, std::to_string(found->second)});
      chart.bars.push_back(Bar{item + " · " + words, static_cast<double>(found->second), tone_of(verdict)});
    }
  }
  const std::vector<Figure> figures{
      {"samples", {"Samples", "样品"}, std::to_string(sample_numbers.size())},
      {"tests", {"Tests run", "检测次数"}, std::to_string(tests->size())},
      {"pass", {"Pass", "合格"}, std::to_string(pass)},
      {"fail", {"Fail (confirmed positive)", "不合格（确认阳性）"}, std::to_string(fail)},
      {"pending", {"Retest pending", "待复检"}, std::to_string(pending)},
  };

  HtmlWriter html;
  const std::string title = "快检日报 · " + market->name + " · " + day;
  begin_page(html, title, PageStyle::report);
  html.open("h1").text("快检日报").element("span", "Daily booth report", {{"class", "en"}}).close();
  html.element("p",
               market->name + "（" + market->code + "）" + (market->township.empty() ? "" : " · " + market->township) +
                   " · " + day + (query.booth.empty() ? "" : " · " + query.booth),
               {{"class", "meta"}});
  write_figures(html, figures);
  write_heading(html, "检测结果分布", "Results per item and verdict");
  html.raw(render_bar_chart(chart));
  write_table(html, per_item);
  write_heading(html, "样品", "Samples");
  write_table(html, samples);
  write_heading(html, "检测记录", "Tests run");
  write_table(html, results);
  write_heading(html, "阳性样品及处置", "Positives and their disposal");
  write_table(html, positives);
  html.open("footer").text("生成于 " + to_local_text(query.now, offset) + " · kuaijian").close();
  report.html = html.take();
  report.tables = {figures_table("daily-figures", {"Figures", "概况"}, figures), std::move(samples), std::move(results),
                   std::move(positives), std::move(per_item)};
  return report;
}

}  // namespace kj::lims::reports
