#include "lims/reports/page.hpp"

namespace kj::lims::reports {
namespace {

// CJK fonts Debian and Windows booths have; the generic family last.
constexpr const char* kFonts =
    "\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",\"WenQuanYi Zen Hei\",\"Microsoft YaHei\",\"PingFang SC\","
    "sans-serif";

std::string board_css() {
  return std::string("html{background:#000;color:#fff}") + "body{margin:0;padding:24px 32px;font-family:" + kFonts +
         ";font-size:30px;line-height:1.35}"
         "header h1{font-size:56px;margin:0 0 4px 0;color:#ffd400}"
         "header .sub{font-size:32px;margin:0 0 6px 0}"
         ".en{display:block;font-size:0.5em;color:#bbb;font-weight:normal}"
         "header .meta{font-size:24px;color:#ddd}"
         ".counts{display:flex;gap:28px;margin:16px 0;font-size:30px}"
         ".counts div{background:#1a1a1a;border:2px solid #555;padding:8px 18px}"
         ".counts b{font-size:44px;color:#ffd400;margin-left:8px}"
         "table{border-collapse:collapse;width:100%}"
         "th{background:#222;color:#ffd400;text-align:left;padding:10px 12px;border-bottom:3px solid #ffd400;"
         "font-size:28px}"
         "td{padding:12px;border-bottom:2px solid #444;vertical-align:top}"
         "th,td.number,td.name,td.stall,td.time{white-space:nowrap}td.number{font-size:26px}"
         "tr.verdict-negative td.verdict{color:#5cff7a;font-weight:bold}"
         "tr.verdict-positive{background:#3a0000}"
         "tr.verdict-positive td.verdict{color:#ff5252;font-weight:bold}"
         "tr.verdict-retest_pending td.verdict,tr.verdict-suspect td.verdict{color:#ffc040;font-weight:bold}"
         "tr.verdict-invalid td.verdict,tr.verdict-untested td.verdict{color:#ccc}"
         "td .note{display:block;font-size:24px;color:#fff;font-weight:normal}"
         "td.none{color:#ccc;text-align:center;padding:40px}"
         "footer{margin-top:20px;font-size:22px;color:#bbb}";
}

std::string report_css() {
  return std::string("body{margin:24px auto;max-width:1100px;padding:0 16px;color:#111;background:#fff;font-family:") +
         kFonts +
         ";font-size:16px;line-height:1.5}"
         "h1{font-size:28px;margin:0 0 4px 0}h2{font-size:21px;margin:28px 0 8px 0;border-bottom:2px solid #1f5fa8}"
         ".en{display:block;font-size:0.75em;color:#555;font-weight:normal}"
         "h1 .en,h2 .en{display:inline;margin-left:10px}"
         ".meta{color:#333}"
         ".figures{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}"
         ".figures div{border:1px solid #999;padding:6px 14px;min-width:110px}"
         ".figures b{display:block;font-size:26px}"
         "table.report-table{border-collapse:collapse;width:100%;margin:8px 0 16px 0}"
         "caption{text-align:left;font-weight:bold;padding:4px 0}caption .en{display:inline;margin-left:8px}"
         "th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}"
         "th{background:#e8eef7}td.num{text-align:right}"
         "tr.none td{color:#666;text-align:center}"
         "svg.kj-chart{display:block;margin:8px 0 16px 0;max-width:100%;height:auto}"
         "footer{margin-top:32px;color:#555;font-size:13px}"
         "@media print{h2{break-after:avoid}table,svg{break-inside:avoid}}";
}

}  // namespace

void begin_page(HtmlWriter& html, const std::string& title, PageStyle style, std::optional<int> refresh_seconds) {
  html.raw("<!DOCTYPE html>\n");
  html.open("html", {{"lang", "zh-CN"}});
  html.open("head");
  html.empty("meta", {{"charset", "utf-8"}});
  html.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  if (refresh_seconds && *refresh_seconds > 0) {
    html.empty("meta", {{"http-equiv", "refresh"}, {"content", std::to_string(*refresh_seconds)}});
  }
  html.element("title", title);
  html.open("style").raw(style == PageStyle::board ? board_css() : report_css()).close();
  html.close();  // head
  html.open("body", {{"class", style == PageStyle::board ? "board" : "report"}});
}

}  // namespace kj::lims::reports
