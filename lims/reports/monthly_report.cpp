#include "lims/reports/monthly_report.hpp"

#include <cstdio>

#include "lims/cases/closure_query.hpp"
#include "lims/plans/plan_progress.hpp"
#include "lims/plans/plan_progress_query.hpp"
#include "lims/records/validate.hpp"
#include "lims/reports/board_lines.hpp"
#include "lims/reports/page.hpp"
#include "lims/reports/svg_chart.hpp"

namespace kj::lims::reports {
namespace {

std::string one_decimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string month_text(int year, unsigned month) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u", year, month);
  return buffer;
}

struct MonthPlan {
  std::optional<PlanRef> plan;
  std::vector<QuotaCell> quotas;
  std::vector<DoneCell> done;
  ProgressNames names;
};

// The month's live quotas and the samples of the month that count as done (what
// plan_progress_query.cpp reads for the whole year, cut to one month).
MonthPlan read_month_plan(storage::Database& db, const PlanRef& plan, const MonthlyQuery& q, const DayBounds& month) {
  MonthPlan out;
  out.plan = plan;
  auto& quotas = db.prepare(
      "SELECT q.category_id, q.township_id, q.market_id, q.month, q.batches FROM plan_quota q "
      "WHERE q.plan_id = ? AND q.month = ? "
      "AND EXISTS (SELECT 1 FROM task k WHERE k.quota_id = q.id AND k.status <> 'cancelled') ORDER BY q.id");
  quotas.bind(1, plan.id.value).bind(2, static_cast<int>(q.month));
  while (quotas.step()) {
    QuotaCell cell;
    cell.category = CategoryId{quotas.column_int64(0)};
    if (const auto township = quotas.column_optional_int64(1)) cell.township = TownshipId{*township};
    if (const auto market = quotas.column_optional_int64(2)) cell.market = MarketId{*market};
    cell.month = static_cast<int>(quotas.column_int64(3));
    cell.batches = quotas.column_int64(4);
    out.quotas.push_back(cell);
  }
  auto& done = db.prepare(
      "SELECT coalesce(s.category_id, c.category_id), s.market_id, m.township_id, count(*) "
      "FROM sample s LEFT JOIN commodity c ON c.id = s.commodity_id LEFT JOIN market m ON m.id = s.market_id "
      "WHERE s.sampled_at >= ?1 AND s.sampled_at < ?2 AND coalesce(s.category_id, c.category_id) IS NOT NULL "
      "  AND EXISTS (SELECT 1 FROM result r WHERE r.sample_id = s.id AND r.verdict <> 'invalid' "
      "              AND NOT EXISTS (SELECT 1 FROM result n WHERE n.supersedes = r.id)) "
      "GROUP BY 1, 2, 3");
  done.bind(1, month.from).bind(2, month.to);
  while (done.step()) {
    DoneCell cell;
    cell.category = CategoryId{done.column_int64(0)};
    if (const auto market = done.column_optional_int64(1)) cell.market = MarketId{*market};
    if (const auto township = done.column_optional_int64(2)) cell.township = TownshipId{*township};
    cell.month = static_cast<int>(q.month);
    cell.samples = done.column_int64(3);
    out.done.push_back(cell);
  }
  auto& categories = db.prepare("SELECT id, name FROM category");
  while (categories.step()) out.names.categories[categories.column_int64(0)] = categories.column_text(1);
  auto& townships = db.prepare("SELECT id, name FROM township");
  while (townships.step()) out.names.townships[townships.column_int64(0)] = townships.column_text(1);
  auto& markets = db.prepare("SELECT id, code, name FROM market");
  while (markets.step()) {
    out.names.markets[markets.column_int64(0)] = MarketName{markets.column_text(1), markets.column_text(2)};
  }
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> count_by(storage::Database& db, const std::string& sql,
                                                           const DayBounds& month) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  auto& s = db.prepare(sql);
  s.bind(1, month.from).bind(2, month.to);
  while (s.step()) out.emplace_back(s.column_text(0), s.column_int64(1));
  return out;
}

std::int64_t count_of(storage::Database& db, const std::string& sql, const DayBounds& month) {
  auto& s = db.prepare(sql);
  s.bind(1, month.from).bind(2, month.to);
  s.step();
  const auto n = s.column_int64(0);
  s.reset();
  return n;
}

ReportTable progress_table(std::string name, Text caption, Column group, const Progress& progress) {
  ReportTable table{std::move(name),
                    std::move(caption),
                    {std::move(group),
                     {"quota", {"Quota (batches)", "任务量（批次）"}, true},
                     {"done", {"Done", "已完成"}, true},
                     {"expected", {"Expected by now", "应完成"}, true},
                     {"percent", {"Percent", "完成率 %"}, true},
                     {"lagging", {"Lagging", "滞后"}}},
                    {}};
  auto add = [&](const ProgressRow& r, const std::string& label) {
    table.rows.push_back({label, std::to_string(r.quota), std::to_string(r.done), std::to_string(r.expected),
                          one_decimal(r.percent), r.lagging ? "是" : "否"});
  };
  for (const auto& r : progress.rows) add(r, r.label.zh.empty() ? r.key : r.label.zh);
  add(progress.total, "合计");
  return table;
}

BarChart progress_chart(std::string title, const Progress& progress) {
  BarChart chart{std::move(title), "%", {}, 100, 760, 1};
  for (const auto& r : progress.rows) {
    chart.bars.push_back(Bar{r.label.zh.empty() ? r.key : r.label.zh, r.percent, r.lagging ? "bad" : "ok"});
    if (r.percent > chart.max) chart.max = r.percent;
  }
  return chart;
}

}  // namespace

Result<Report> monthly_report(storage::Database& db, const MonthlyQuery& q) {
  using namespace std::chrono;
  if (q.month < 1 || q.month > 12) {
    return invalid_field("--month", "a month YYYY-MM", "月份 YYYY-MM", month_text(q.year, q.month));
  }
  const LocalDay first = sys_days(year{q.year} / month{q.month} / 1);
  const LocalDay next = sys_days((year{q.year} / month{q.month} / 1) + months{1});
  const auto offset = q.utc_offset;
  const DayBounds bounds{day_bounds(first, offset).from, day_bounds(next, offset).from};
  const std::string month_label = month_text(q.year, q.month);

  // The plan of the year.
  auto plans = list_plans(db, q.year);
  if (!plans) return plans.error();
  std::vector<PlanRef> candidates = *plans;
  if (!q.plan.empty()) {
    std::erase_if(candidates, [&](const PlanRef& p) { return p.name != q.plan; });
    if (candidates.empty()) {
      return invalid_field("--plan", "the name of a plan of " + std::to_string(q.year),
                           std::to_string(q.year) + " 年某个计划的名称", q.plan);
    }
  }
  if (candidates.size() > 1) {
    std::string names;
    for (const auto& p : candidates) names += (names.empty() ? "" : ", ") + p.name;
    return invalid_field("--plan", "the name of one of the " + std::to_string(q.year) + " plans (" + names + ")",
                         std::to_string(q.year) + " 年计划之一的名称（" + names + "）");
  }
  auto read = storage::read<MonthPlan>([&] {
    storage::Transaction snapshot(db, storage::Transaction::Mode::deferred);
    return candidates.empty() ? MonthPlan{} : read_month_plan(db, candidates.front(), q, bounds);
  });
  if (!read) return read.error();
  const ProgressClock clock{q.year, q.now, offset};
  const Progress by_category = compute_progress(read->quotas, read->done, ProgressBy::category, read->names, clock);
  const Progress by_township = compute_progress(read->quotas, read->done, ProgressBy::township, read->names, clock);

  // Positives: cases opened in the month, less those released on a negative recheck.
  const std::string positives_from =
      "FROM disposal_case d JOIN sample s ON s.id = d.sample_id LEFT JOIN commodity c ON c.id = s.commodity_id "
      "LEFT JOIN test_item i ON i.id = d.item_id "
      "WHERE d.opened_at >= ?1 AND d.opened_at < ?2 AND coalesce(d.outcome, '') <> 'released' ";
  struct Counts {
    std::vector<std::pair<std::string, std::int64_t>> by_commodity, by_item;
    std::int64_t positives = 0, tested = 0;
  };
  auto counts = storage::read<Counts>([&] {
    Counts out;
    out.by_commodity = count_by(
        db, "SELECT coalesce(c.name, s.name), count(*) " + positives_from + "GROUP BY 1 ORDER BY 2 DESC, 1", bounds);
    out.by_item = count_by(
        db,
        "SELECT coalesce(i.name_zh, '实验室检验结论'), count(*) " + positives_from + "GROUP BY 1 ORDER BY 2 DESC, 1",
        bounds);
    out.positives = count_of(db, "SELECT count(*) " + positives_from, bounds);
    out.tested =
        count_of(db,
                 "SELECT count(DISTINCT r.sample_id) FROM result r WHERE r.tested_at >= ?1 AND r.tested_at < ?2 "
                 "AND r.verdict <> 'invalid' AND NOT EXISTS (SELECT 1 FROM result n WHERE n.supersedes = r.id)",
                 bounds);
    return out;
  });
  if (!counts) return counts.error();

  // On-time closure of the cases due in the month, by township.
  auto closure =
      load_closure_report(db, ClosurePeriod{first, next - days{1}}, q.now, ClosureBy::township, q.county, offset);
  if (!closure) return closure.error();

  const auto rate_text = [](const ClosureGroup& g) {
    const auto rate = g.rate_percent();
    return rate ? one_decimal(*rate) : std::string();
  };
  const std::vector<Figure> figures{
      {"quota", {"Quota (batches)", "计划任务量"}, std::to_string(by_category.total.quota)},
      {"done", {"Done", "已完成"}, std::to_string(by_category.total.done)},
      {"samples_tested", {"Samples tested", "检测样品"}, std::to_string(counts->tested)},
      {"positives", {"Positives", "阳性"}, std::to_string(counts->positives)},
      {"cases_due", {"Cases due", "应办结案件"}, std::to_string(closure->total.due())},
      {"on_time_rate", {"On-time closure %", "按时办结率 %"}, rate_text(closure->total)},
  };

  auto positives_table = [](std::string name, Text caption, Column group,
                            const std::vector<std::pair<std::string, std::int64_t>>& rows) {
    ReportTable table{
        std::move(name), std::move(caption), {std::move(group), {"positives", {"Positives", "阳性"}, true}}, {}};
    for (const auto& [key, n] : rows) table.rows.push_back({key, std::to_string(n)});
    return table;
  };
  auto positives_chart = [](std::string title, const std::vector<std::pair<std::string, std::int64_t>>& rows) {
    BarChart chart{std::move(title), "", {}, 0, 760, 0};
    for (const auto& [key, n] : rows) chart.bars.push_back(Bar{key, static_cast<double>(n), "bad"});
    return chart;
  };

  ReportTable closure_table{"monthly-closure-by-township",
                            {"On-time closure by township", "各镇乡（街道）按时办结率"},
                            {{"township", {"Township", "镇乡/街道"}},
                             {"due", {"Due", "应办结"}, true},
                             {"on_time", {"On time", "按时办结"}, true},
                             {"closed_late", {"Closed late", "超期办结"}, true},
                             {"open_overdue", {"Open overdue", "逾期未结"}, true},
                             {"not_yet_due", {"Not yet due", "未到期"}, true},
                             {"rate_percent", {"Rate %", "按时办结率 %"}, true}},
                            {}};
  BarChart closure_chart{"各镇乡（街道）按时办结率", "%", {}, 100, 760, 1};
  auto closure_row = [&](const ClosureGroup& g, const std::string& label) {
    closure_table.rows.push_back({label, std::to_string(g.due()), std::to_string(g.on_time),
                                  std::to_string(g.closed_late), std::to_string(g.open_overdue),
                                  std::to_string(g.not_yet_due), rate_text(g)});
  };
  for (const auto& g : closure->groups) {
    const std::string label = g.label.zh.empty() ? g.key : g.label.zh;
    closure_row(g, label);
    if (const auto rate = g.rate_percent()) {
      closure_chart.bars.push_back(Bar{label, *rate, *rate >= 100.0 ? "ok" : "bad"});
    }
  }
  closure_row(closure->total, "合计");

  auto plan_category = progress_table("monthly-plan-by-category", {"Plan progress by category", "分类别计划完成情况"},
                                      {"category", {"Category", "食品类别"}}, by_category);
  auto plan_township = progress_table("monthly-plan-by-township", {"Plan progress by township", "分镇乡计划完成情况"},
                                      {"township", {"Township", "镇乡/街道"}}, by_township);
  auto commodity_table = positives_table("monthly-positives-by-commodity", {"Positives by commodity", "阳性按食品"},
                                         {"commodity", {"Commodity", "食品"}}, counts->by_commodity);
  auto item_table = positives_table("monthly-positives-by-item", {"Positives by test item", "阳性按检测项目"},
                                    {"item", {"Item", "检测项目"}}, counts->by_item);

  HtmlWriter html;
  const std::string county = q.county.empty() ? std::string() : q.county + " ";
  begin_page(html, county + month_label + " 食品快检月度报表", PageStyle::report);
  html.open("h1").text(county + month_label + " 食品快检月度报表");
  html.element("span", "Monthly report", {{"class", "en"}}).close();
  html.element("p",
               read->plan ? "抽检计划：" + std::to_string(read->plan->year) + " " + read->plan->name
                          : std::to_string(q.year) + " 年没有抽检计划（请用 kuaijian plan import 导入）",
               {{"class", "meta"}});
  write_figures(html, figures);
  write_heading(html, "计划完成情况", "Plan progress against quota");
  html.raw(render_bar_chart(progress_chart("分类别完成率（%）", by_category)));
  write_table(html, plan_category);
  html.raw(render_bar_chart(progress_chart("分镇乡完成率（%）", by_township)));
  write_table(html, plan_township);
  write_heading(html, "阳性情况", "Positives");
  html.raw(render_bar_chart(positives_chart("阳性按食品（件）", counts->by_commodity)));
  write_table(html, commodity_table);
  html.raw(render_bar_chart(positives_chart("阳性按检测项目（件）", counts->by_item)));
  write_table(html, item_table);
  write_heading(html, "按时办结率", "On-time closure");
  html.raw(render_bar_chart(closure_chart));
  write_table(html, closure_table);
  html.element("p", "按时办结率 = 按时办结 ÷（按时办结 + 超期办结 + 逾期未结）；未到期的未结案件不计入。",
               {{"class", "meta"}});
  html.open("footer").text("生成于 " + to_local_text(q.now, offset) + " · kuaijian").close();

  Report report;
  report.html = html.take();
  report.tables = {figures_table("monthly-figures", {"Figures", "概况"}, figures),
                   std::move(plan_category),
                   std::move(plan_township),
                   std::move(commodity_table),
                   std::move(item_table),
                   std::move(closure_table)};
  return report;
}

}  // namespace kj::lims::reports
