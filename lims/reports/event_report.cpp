#include "lims/reports/event_report.hpp"

#include <map>

#include "lims/cases/case_labels.hpp"
#include "lims/events/events.hpp"
#include "lims/reports/board.hpp"
#include "lims/reports/page.hpp"
#include "lims/reports/svg_chart.hpp"

namespace kj::lims::reports {
namespace {

std::string source_words(const std::string& source) {
  if (source == "walk_in") return "市民送检";
  if (source == "event_order") return "你点我检";
  if (source == "routine") return "日常抽检";
  if (source == "plan_task") return "计划任务";
  if (source == "complaint") return "投诉";
  return source;
}

std::string tone_of(const std::string& standing) {
  if (standing == "negative") return "ok";
  if (standing == "positive") return "bad";
  if (standing == "retest_pending" || standing == "suspect") return "warn";
  return "neutral";
}

}  // namespace

Result<Report> event_report(storage::Database& db, const Rulebook& rules, const EventReportQuery& query) {
  auto found = summarize_event(db, rules, query.event);
  if (!found) return found.error();
  const EventSummary& s = *found;
  const auto offset = query.utc_offset;

  const std::vector<Figure> figures{
      {"orders", {"Orders", "点单数"}, std::to_string(s.orders)},
      {"votes", {"Votes", "票数"}, std::to_string(s.votes)},
      {"samples", {"Samples", "样品（批次）"}, std::to_string(s.samples)},
      {"batches", {"Analyzer runs", "检测批次"}, std::to_string(s.batches)},
      {"tested", {"Samples tested", "已检测样品"}, std::to_string(s.tested)},
      {"positives", {"Positive samples", "阳性样品"}, std::to_string(s.positives)},
      {"consultations", {"Consultations", "咨询"}, std::to_string(s.consultations)},
  };

  ReportTable orders{"event-orders",
                     {"Most ordered foods", "市民点单最多的食品"},
                     {{"rank", {"Rank", "排名"}, true},
                      {"food", {"Food", "食品"}},
                      {"item", {"Item", "检测项目"}},
                      {"votes", {"Votes", "票数"}, true},
                      {"orders", {"Orders", "点单数"}, true},
                      {"task", {"Task", "检测任务"}}},
                     {}};
  BarChart orders_chart{"市民点单最多的食品（票）", "", {}, 0, 760, 0};
  int rank = 0;
  for (const auto& t : s.most_ordered) {
    orders.rows.push_back(
        {std::to_string(++rank), t.food, t.item, std::to_string(t.votes), std::to_string(t.orders), t.task_title});
    orders_chart.bars.push_back(Bar{t.food, static_cast<double>(t.votes), "neutral"});
  }

  ReportTable samples{"event-samples",
                      {"Samples tested", "检测样品"},
                      {{"sample_number", {"Sample No.", "样品编号"}},
                       {"sample_name", {"Sample", "样品名称"}},
                       {"source", {"Source", "来源"}},
                       {"item", {"Item", "检测项目"}},
                       {"standing", {"Conclusion", "结论"}},
                       {"value", {"Latest value", "最近检测值"}, true},
                       {"tested_at", {"Tested", "检测时间"}},
                       {"case", {"Disposal case", "处置案件"}}},
                      {}};
  ReportTable positives{"event-positives",
                        {"Positives and their disposal", "阳性样品及处置"},
                        {{"sample_number", {"Sample No.", "样品编号"}},
                         {"sample_name", {"Sample", "样品名称"}},
                         {"item", {"Item", "检测项目"}},
                         {"case_number", {"Case", "案件编号"}},
                         {"state", {"State", "处置进度"}}},
                        {}};
  std::map<std::string, int> by_standing;
  for (const auto& l : s.lines) {
    const auto item = l.item_name.empty() ? l.item_code : l.item_name;
    samples.rows.push_back({l.sample_number, l.sample_name, source_words(l.source), item, standing_text(l.verdict).zh,
                            l.value_text, local_clock(l.tested_at, offset), l.case_number});
    ++by_standing[l.verdict];
    if (l.verdict == "positive") {
      positives.rows.push_back({l.sample_number, l.sample_name, item, l.case_number,
                                l.case_number.empty() ? "处置中" : case_label(l.case_state).zh});
    }
  }
  BarChart standing_chart{"检测结论（样品 × 项目）", "", {}, 0, 760, 0};
  for (const char* standing : {"negative", "positive", "retest_pending", "suspect", "invalid", "untested"}) {
    const auto found_standing = by_standing.find(standing);
    if (found_standing == by_standing.end()) continue;
    standing_chart.bars.push_back(
        Bar{standing_text(standing).zh, static_cast<double>(found_standing->second), tone_of(standing)});
  }

  HtmlWriter html;
  begin_page(html, "你点我检活动报告 · " + s.event.title, PageStyle::report);
  html.open("h1").text("你点我检活动报告").element("span", "Event report", {{"class", "en"}}).close();
  html.element("p",
               s.event.title + "（" + s.event.code + "）· " + s.event.place + " · " + s.event.day + " " +
                   s.event.starts + "–" + s.event.ends + (s.event.state == "closed" ? " · 已结束" : ""),
               {{"class", "meta"}});
  write_figures(html, figures);
  write_heading(html, "市民点单", "Orders");
  html.raw(render_bar_chart(orders_chart));
  write_table(html, orders);
  write_heading(html, "检测结果", "Results");
  html.raw(render_bar_chart(standing_chart));
  write_table(html, samples);
  write_heading(html, "阳性样品及处置", "Positives and their disposal");
  write_table(html, positives);
  html.open("footer")
      .text("生成于 " + to_local_text(query.now, offset) + " · 本报告不含市民个人信息 · kuaijian")
      .close();

  Report report;
  report.html = html.take();
  report.tables = {figures_table("event-figures", {"Figures", "概况"}, figures), std::move(orders), std::move(samples),
                   std::move(positives)};
  return report;
}

}  // namespace kj::lims::reports
