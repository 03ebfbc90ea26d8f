// kuaijian report closure --from DATE --to DATE [--by township|market|type|month] [--json|--csv]
// — the on-time closure rate (按时办结率) of the cases due in a period (local dates, both
// included), for the county and by group; lims/cases/closure_rate.hpp says what counts.
// kuaijian report daily --market CODE [--date D] --out F.html [--csv-dir DIR]
// kuaijian report event CODE --out F.html [--csv-dir DIR]
// kuaijian report monthly --month YYYY-MM [--plan NAME] --out F.html [--csv-dir DIR]
// — the HTML reports with SVG charts of lims/reports, each table also as CSV.
#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <ostream>

#include "lims/cases/closure_query.hpp"
#include "lims/config/config.hpp"
#include "lims/records/validate.hpp"
#include "lims/reports/daily_report.hpp"
#include "lims/reports/event_report.hpp"
#include "lims/reports/monthly_report.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

struct ClosureOptions {
  std::string from;
  std::string to;
  std::string by = "overall";
  bool json = false;
  bool csv = false;
};

std::string rate_text(const lims::ClosureGroup& g) {
  const auto rate = g.rate_percent();
  return rate ? fmt::format("{:.1f}%", *rate) : "-";
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const char* group_heading(const Context& context, lims::ClosureBy by) {
  switch (by) {
    case lims::ClosureBy::township: return context.t("Township", "镇乡/街道");
    case lims::ClosureBy::market: return context.t("Market", "市场");
    case lims::ClosureBy::type: return context.t("Case type", "案件类型");
    case lims::ClosureBy::month: return context.t("Month due", "到期月份");
    case lims::ClosureBy::overall: break;
  }
  return context.t("County", "县");
}

void print_report(const Context& context, const lims::ClosureReport& r, const ClosureOptions& options,
                  lims::Timestamp now, std::chrono::minutes offset) {
  const auto rows = [&](const auto& each) {
    for (const auto& g : r.groups) each(g, std::string(to_string(r.by)));
    each(r.total, std::string("total"));
  };
  if (options.json) {
    rows([&](const lims::ClosureGroup& g, const std::string& group) {
      protocols::JsonWriter json;
      json.begin_object().key("from").value(options.from).key("to").value(options.to);
      json.key("by").value(to_string(r.by)).key("group").value(group).key("key").value(g.key);
      json.key("label").value(g.label.en).key("label_zh").value(g.label.zh);
      json.key("due").value(g.due()).key("on_time").value(g.on_time).key("closed_late").value(g.closed_late);
      json.key("open_overdue").value(g.open_overdue).key("not_yet_due").value(g.not_yet_due);
      json.key("rate_percent");
      g.rate_percent() ? json.value(*g.rate_percent()) : json.null();
      json.key("at").value(lims::to_iso8601(now)).end_object();
      context.out << json.str() << '\n';
    });
    return;
  }
  if (options.csv) {
    context.out << "group,key,label_zh,label_en,due,on_time,closed_late,open_overdue,not_yet_due,rate_percent\n";
    rows([&](const lims::ClosureGroup& g, const std::string& group) {
      const auto rate = g.rate_percent();
      context.out << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", group, csv_field(g.key), csv_field(g.label.zh),
                                 csv_field(g.label.en), g.due(), g.on_time, g.closed_late, g.open_overdue,
                                 g.not_yet_due, rate ? fmt::format("{:.1f}", *rate) : "");
    });
    return;
  }
  context.out << context.tf("On-time closure, cases due {} to {} (at {}):\n",
                            "按时办结率，{} 至 {} 到期的案件（截至 {}）：\n", options.from, options.to,
                            lims::to_local_text(now, offset));
  Table table({group_heading(context, r.by), context.t("Due", "应办结"), context.t("On time", "按时办结"),
               context.t("Closed late", "超期办结"), context.t("Open overdue", "逾期未结"),
               context.t("Not yet due", "未到期"), context.t("Rate", "按时办结率")});
  rows([&](const lims::ClosureGroup& g, const std::string& group) {
    const std::string label = group == "total" && r.by != lims::ClosureBy::overall
                                  ? context.tf("Total ({})", "合计（{}）", context.t(g.label))
                                  : context.t(g.label);
    table.add({label, std::to_string(g.due()), std::to_string(g.on_time), std::to_string(g.closed_late),
               std::to_string(g.open_overdue), std::to_string(g.not_yet_due), rate_text(g)});
  });
  table.print(context.out);
  context.out << context.t(
      "Rate = on time ÷ (on time + closed late + open overdue); open cases not yet due are not counted.\n",
      "按时办结率 = 按时办结 ÷（按时办结 + 超期办结 + 逾期未结）；未到期的未结案件不计入。\n");
}

int run_closure(Context& context, ClosureOptions options) {
  const auto first = lims::config::parse_date(options.from);
  if (!first) return report(context, lims::invalid_field("from", "a date YYYY-MM-DD", "日期 YYYY-MM-DD", options.from));
  const auto last = lims::config::parse_date(options.to);
  if (!last) return report(context, lims::invalid_field("to", "a date YYYY-MM-DD", "日期 YYYY-MM-DD", options.to));
  if (options.json) context.json = true;  // errors as JSON too
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto offset = session->config.installation.utc_offset;
  const auto now = Context::now();
  const auto r = lims::load_closure_report(
      session->db, lims::ClosurePeriod{std::chrono::sys_days(*first), std::chrono::sys_days(*last)}, now,
      lims::parse_closure_by(options.by).value_or(lims::ClosureBy::overall), session->config.installation.county_name,
      offset);
  if (!r) return report(context, r.error());
  print_report(context, *r, options, now, offset);
  return 0;
}

// Options shared by the HTML reports.
struct PageOptions {
  std::string kind;  // daily | event | monthly
  std::string market;
  std::string date;
  std::string event;
  std::string month;
  std::string plan;
  std::string out;
  std::string csv_dir;
};

int write_report(Context& context, const PageOptions& options, const lims::reports::Report& r) {
  std::ofstream file(options.out, std::ios::binary | std::ios::trunc);
  file << r.html;
  file.close();
  if (!file)
    return report(context, lims::invalid_field("out", "a file that can be written", "可写入的文件", options.out));
  if (!options.csv_dir.empty()) {
    const auto written = lims::reports::write_csv_files(options.csv_dir, r.tables);
    if (!written) return report(context, written.error());
  }
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("report").value(options.kind).key("out").value(options.out).key("csv");
    json.begin_array();
    if (!options.csv_dir.empty()) {
      for (const auto& t : r.tables) json.value((std::filesystem::path(options.csv_dir) / (t.name + ".csv")).string());
    }
    json.end_array().end_object();
    context.out << json.str() << '\n';
    return 0;
  }
  context.out << context.tf("Report written to {}.\n", "报表已写入 {}。\n", options.out);
  if (!options.csv_dir.empty()) {
    context.out << context.tf("{} table(s) as CSV in {}:", "{} 张表格已导出为 CSV，位于 {}：", r.tables.size(),
                              options.csv_dir);
    for (const auto& t : r.tables) context.out << ' ' << t.name << ".csv";
    context.out << '\n';
  }
  return 0;
}

int run_page(Context& context, const PageOptions& options) {
  std::optional<lims::config::Date> date;
  if (!options.date.empty()) {
    date = lims::config::parse_date(options.date);
    if (!date)
      return report(context, lims::invalid_field("date", "a date YYYY-MM-DD", "日期 YYYY-MM-DD", options.date));
  }
  std::optional<lims::config::Date> month;
  if (options.kind == "monthly") {
    month = options.month.size() == 7 ? lims::config::parse_date(options.month + "-01") : std::nullopt;
    if (!month) return report(context, lims::invalid_field("month", "a month YYYY-MM", "月份 YYYY-MM", options.month));
  }
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto offset = session->config.installation.utc_offset;
  const auto now = Context::now();
  const auto rulebook = lims::make_rulebook(session->config);
  if (!rulebook) return report(context, rulebook.error());
  Result<lims::reports::Report> r = lims::reports::Report{};
  if (options.kind == "daily") {
    const lims::LocalDay day =
        date ? std::chrono::sys_days(*date) : std::chrono::floor<std::chrono::days>(now + offset);
    r = lims::reports::daily_report(
        session->db, *rulebook,
        lims::reports::DailyQuery{options.market, day, session->config.installation.booth_name, now, offset});
  } else if (options.kind == "event") {
    r = lims::reports::event_report(session->db, *rulebook,
                                    lims::reports::EventReportQuery{options.event, now, offset});
  } else {
    r = lims::reports::monthly_report(
        session->db, lims::reports::MonthlyQuery{static_cast<int>(month->year()), static_cast<unsigned>(month->month()),
                                                 options.plan, session->config.installation.county_name, now, offset});
  }
  if (!r) return report(context, r.error());
  return write_report(context, options, *r);
}

}  // namespace

void register_report(CLI::App& app, Context& context) {
  auto* cmd = app.add_subcommand(
      "report", context.t("Reports: closure (on-time closure rate), daily, event, monthly (HTML with charts, CSV)",
                          "报表：closure（按时办结率）、daily（快检日报）、event（活动报告）、monthly（月度报表）"));
  cmd->require_subcommand(1);
  auto options = std::make_shared<ClosureOptions>();
  auto* closure = cmd->add_subcommand(
      "closure", context.t("On-time closure rate of the cases due in a period", "某期间内到期案件的按时办结率"));
  closure->add_option("--from", options->from, context.t("First day, YYYY-MM-DD", "起始日期 YYYY-MM-DD"))->required();
  closure
      ->add_option("--to", options->to, context.t("Last day, YYYY-MM-DD (included)", "截止日期 YYYY-MM-DD（含当日）"))
      ->required();
  closure
      ->add_option("--by", options->by,
                   context.t("Group by township, market, type or month (default: the county)",
                             "按镇乡（township）、市场（market）、类型（type）或月份（month）分组（默认：全县）"))
      ->check(CLI::IsMember({"overall", "township", "market", "type", "month"}));
  auto* json = closure->add_flag("--json", options->json, context.t("JSON Lines output", "输出 JSON Lines"));
  closure->add_flag("--csv", options->csv, context.t("CSV output", "输出 CSV"))->excludes(json);
  closure->callback([&context, options] {
    if (context.json) options->json = true;  // the global --json
    context.exit_code = run_closure(context, *options);
  });

  const auto page_options = [&context](CLI::App* sub, const std::shared_ptr<PageOptions>& page) {
    sub->add_option("--out", page->out, context.t("The HTML file to write", "输出的 HTML 文件"))->required();
    sub->add_option("--csv-dir", page->csv_dir,
                    context.t("Also write every table as CSV (UTF-8, header row) into this folder",
                              "同时把每张表格导出为 CSV（UTF-8，含表头）到此文件夹"));
    sub->callback([&context, page] { context.exit_code = run_page(context, *page); });
  };
  auto daily_options = std::make_shared<PageOptions>();
  daily_options->kind = "daily";
  auto* daily =
      cmd->add_subcommand("daily", context.t("Daily booth report of a market: samples, results, positives, chart",
                                             "市场快检日报：样品、检测结果、阳性及处置、图表"));
  daily->add_option("--market", daily_options->market, context.t("Market code", "市场编码"))->required();
  daily->add_option("--date", daily_options->date,
                    context.t("Day, YYYY-MM-DD (default: today)", "日期 YYYY-MM-DD（默认今天）"));
  page_options(daily, daily_options);

  auto event_options = std::make_shared<PageOptions>();
  event_options->kind = "event";
  auto* event = cmd->add_subcommand("event", context.t("Report of a \"you order, we test\" event", "你点我检活动报告"));
  event->add_option("event", event_options->event, context.t("Event code (E…)", "活动编号（E…）"))->required();
  page_options(event, event_options);

  auto monthly_options = std::make_shared<PageOptions>();
  monthly_options->kind = "monthly";
  auto* monthly =
      cmd->add_subcommand("monthly", context.t("County monthly report: plan progress, positives, on-time closure",
                                               "县月度报表：计划完成情况、阳性情况、按时办结率"));
  monthly->add_option("--month", monthly_options->month, context.t("Month, YYYY-MM", "月份 YYYY-MM"))->required();
  monthly->add_option("--plan", monthly_options->plan,
                      context.t("The plan's name, when the year has several", "计划名称（当年有多个计划时）"));
  page_options(monthly, monthly_options);
}

}  // namespace kj::cli
