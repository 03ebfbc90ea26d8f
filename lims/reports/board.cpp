#include "lims/reports/board.hpp"

#include <algorithm>

#include "lims/cases/case_labels.hpp"
#include "lims/events/events.hpp"
#include "lims/places/places.hpp"
#include "lims/records/validate.hpp"
#include "lims/reports/board_lines.hpp"
#include "lims/reports/html_writer.hpp"
#include "lims/reports/page.hpp"

namespace kj::lims::reports {
namespace {

std::string source_text(const BoardLine& line) {
  if (!line.stall.empty()) return line.stall;
  if (line.source == "walk_in") return "市民送检";
  if (line.source == "event_order") return "你点我检";
  return "—";
}

}  // namespace

Text standing_text(std::string_view standing) {
  if (standing == "negative") return {"Pass", "合格"};
  if (standing == "positive") return {"Fail", "不合格"};
  if (standing == "suspect" || standing == "retest_pending") return {"Retest pending", "待复检"};
  if (standing == "invalid") return {"Invalid, to be retested", "无效，待重测"};
  if (standing == "untested") return {"Awaiting test", "待检测"};
  return {std::string(standing), std::string(standing)};
}

Text standing_detail(std::string_view standing) {
  if (standing == "negative") return {"negative", "阴性"};
  if (standing == "positive") return {"positive (confirmed)", "阳性（已确认）"};
  if (standing == "suspect") return {"suspect, retest pending", "可疑，复检中"};
  if (standing == "retest_pending") return {"first test positive, retest pending", "初检阳性，复检中"};
  return {};
}

std::string local_clock(const std::string& iso, std::chrono::minutes utc_offset) {
  const auto at = parse_iso8601(iso, utc_offset);
  if (!at) return {};
  const auto text = to_local_text(*at, utc_offset);  // YYYY-MM-DD HH:MM
  return text.size() >= 16 ? text.substr(11, 5) : text;
}

Result<Board> market_board(storage::Database& db, const Rulebook& rules, const std::string& market_code, LocalDay day,
                           std::chrono::minutes utc_offset) {
  const auto market = find_market(db, market_code);
  if (!market) return market.error();
  Board board;
  board.kind = "market";
  board.code = market->code;
  board.title = market->name;
  board.place = market->township;
  board.day = day_text(day);
  auto lines = market_day_lines(db, rules, market->id, day, utc_offset);
  if (!lines) return lines.error();
  board.lines = std::move(*lines);
  return board;
}

Result<Board> event_board(storage::Database& db, const Rulebook& rules, const std::string& event_key) {
  auto summary = summarize_event(db, rules, event_key);
  if (!summary) return summary.error();
  Board board;
  board.kind = "event";
  board.code = summary->event.code;
  board.title = summary->event.title;
  board.place = summary->event.place;
  board.day = summary->event.day;
  board.window = summary->event.starts + "–" + summary->event.ends;
  for (const auto& l : summary->lines) {
    board.lines.push_back(BoardLine{l.sample_number, l.sample_name, l.stall, l.source, l.item_code, l.item_name,
                                    l.verdict, l.value_text, l.tested_at, l.case_number, l.case_state});
  }
  return board;
}

std::string render_board(const Board& board, const BoardRender& render) {
  HtmlWriter html;
  const std::string heading = board.kind == "event" ? "你点我检 · 检测结果公示" : "食品快检结果公示";
  begin_page(html, heading + " · " + board.title, PageStyle::board, render.refresh_seconds);
  html.open("header");
  html.open("h1").text(heading);
  html.element("span", board.kind == "event" ? "You order, we test: results" : "Rapid food test results",
               {{"class", "en"}});
  html.close();
  html.element("p", board.title, {{"class", "sub"}, {"data-code", board.code}});
  std::string meta = "日期 " + board.day;
  if (!board.window.empty()) meta += "  " + board.window;
  if (!board.place.empty()) meta += "  ·  " + board.place;
  html.element("p", meta, {{"class", "meta"}});
  html.close();

  int tested = 0, pass = 0, fail = 0, pending = 0;
  for (const auto& line : board.lines) {
    if (line.standing != "untested") ++tested;
    if (line.standing == "negative") ++pass;
    if (line.standing == "positive") ++fail;
    if (line.standing == "retest_pending" || line.standing == "suspect") ++pending;
  }
  html.open("section", {{"class", "counts"}});
  const auto count = [&](const char* zh, const char* en, int n, const char* key) {
    html.open("div", {{"data-count", key}}).text(zh).element("b", std::to_string(n));
    html.element("span", en, {{"class", "en"}}).close();
  };
  count("已检测", "tested", tested, "tested");
  count("合格", "pass", pass, "pass");
  count("不合格", "fail", fail, "fail");
  count("待复检", "retest pending", pending, "pending");
  html.close();

  html.open("table", {{"class", "board"}});
  html.open("thead").open("tr");
  for (const auto& [zh, en] : std::vector<std::pair<const char*, const char*>>{{"样品编号", "No."},
                                                                               {"样品", "Sample"},
                                                                               {"摊位", "Stall"},
                                                                               {"检测项目", "Item"},
                                                                               {"结果", "Result"},
                                                                               {"检测时间", "Tested"},
                                                                               {"处置", "Disposal"}}) {
    html.open("th").text(zh).element("span", en, {{"class", "en"}}).close();
  }
  html.close().close();
  html.open("tbody");
  if (board.lines.empty()) {
    html.open("tr").element("td", "今日暂无检测结果 · No results yet today", {{"class", "none"}, {"colspan", "7"}});
    html.close();
  }
  for (const auto& line : board.lines) {
    html.open("tr", {{"class", "verdict-" + line.standing}, {"data-sample", line.sample_number}});
    html.element("td", line.sample_number, {{"class", "number"}});
    html.element("td", line.sample_name, {{"class", "name"}});
    html.element("td", source_text(line), {{"class", "stall"}});
    html.element("td", line.item_name.empty() ? line.item_code : line.item_name, {{"class", "item"}});
    html.open("td", {{"class", "verdict"}}).text(standing_text(line.standing).zh);
    if (const auto detail = standing_detail(line.standing); !detail.zh.empty()) {
      html.element("span", detail.zh, {{"class", "note"}});
    }
    html.close();
    html.element("td", line.tested_at.empty() ? "—" : local_clock(line.tested_at, render.utc_offset),
                 {{"class", "time"}});
    html.open("td", {{"class", "disposal"}});
    if (!line.case_number.empty()) {
      html.text(case_label(line.case_state).zh);
      html.element("span", "案件 " + line.case_number, {{"class", "note"}});
    } else {
      html.text(line.standing == "positive" ? "处置中" : "—");
    }
    html.close();
    html.close();
  }
  html.close().close();
  html.open("footer");
  html.element("p", "更新于 " + to_local_text(render.now, render.utc_offset) +
                        "。不合格产品依法暂停销售、处置。本公示不含个人信息。");
  html.element("p",
               "Updated " + to_local_text(render.now, render.utc_offset) +
                   ". Products that fail are withdrawn from sale and disposed of as the law requires.",
               {{"class", "en"}});
  html.close();
  return html.take();
}

}  // namespace kj::lims::reports
