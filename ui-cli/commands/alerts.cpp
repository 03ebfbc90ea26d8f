// kuaijian alerts [--within 24h] — what is overdue and what falls due soon: every deadline still
// to be met by an open disposal case (each step's and the case's own due date). Exit status 1
// (attention) when anything is overdue, so cron or a monitoring system can act on it; also
// warns when the holiday calendar of the coming weeks' year is missing.
#include <fmt/format.h>

#include <memory>
#include <ostream>

#include "lims/cases/case_labels.hpp"
#include "lims/cases/closure_query.hpp"
#include "lims/records/validate.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/case_view.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/exit_codes.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

// Working-day deadlines reach up to a few weeks ahead: a missing calendar for the year of
// `now` + this is worth saying before a case fails to open.
constexpr auto kCalendarLookahead = std::chrono::days(30);

struct AlertOptions {
  std::string within = "24h";
};

void print_list(const Context& context, const std::vector<lims::PendingDeadline>& items, lims::Timestamp now,
                std::chrono::minutes offset, bool overdue) {
  Table table({context.t("Case", "案件"), context.t("Deadline", "期限"), context.t("Due", "截止"),
               overdue ? context.t("Overdue by", "已逾期") : context.t("Left", "剩余"), context.t("State", "当前状态"),
               context.t("Market", "市场"), context.t("Sample", "样品")});
  for (const auto& p : items) {
    const auto span = std::chrono::duration_cast<std::chrono::seconds>(overdue ? now - p.due_at : p.due_at - now);
    table.add({p.case_number,
               p.deadline == "closed" ? context.t("case due date (closed)", "办结期限")
                                      : context.t(lims::deadline_label(p.deadline)),
               lims::to_local_text(p.due_at, offset), duration_text(context, span),
               context.t(lims::case_label(p.case_state)), p.market_code.empty() ? "-" : p.market_code,
               p.sample_number + " " + p.sample_name});
  }
  table.print(context.out);
}

int run_alerts(Context& context, const AlertOptions& options) {
  const auto within = parse_duration(options.within);
  if (!within) {
    return report(context, lims::invalid_field("within", "a duration such as 24h, 3d or 90m", "时长，如 24h、3d 或 90m",
                                               options.within));
  }
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto offset = session->config.installation.utc_offset;
  const auto now = Context::now();
  const auto pending = lims::pending_deadlines(session->db, now + *within);
  if (!pending) return report(context, pending.error());
  std::vector<lims::PendingDeadline> overdue, soon;
  for (const auto& p : *pending) (p.due_at < now ? overdue : soon).push_back(p);
  const int coming_year = static_cast<int>(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now + offset + kCalendarLookahead)}.year());
  const bool calendar_missing = !session->config.calendars.contains(coming_year);

  if (context.json) {
    const auto line = [&](const lims::PendingDeadline& p, const char* kind) {
      protocols::JsonWriter json;
      json.begin_object().key("kind").value(kind).key("case").value(p.case_number);
      json.key("type").value(to_string(p.type)).key("deadline").value(p.deadline);
      json.key("due_at").value(lims::to_iso8601(p.due_at)).key("state").value(p.case_state);
      json.key("market").value(p.market_code).key("sample").value(p.sample_number).key("item").value(p.item_code);
      json.end_object();
      context.out << json.str() << '\n';
    };
    for (const auto& p : overdue) line(p, "overdue");
    for (const auto& p : soon) line(p, "due_soon");
    if (calendar_missing) {
      protocols::JsonWriter json;
      json.begin_object().key("kind").value("calendar_missing").key("year").value(coming_year);
      json.key("file").value("config/calendar/" + std::to_string(coming_year) + ".json").end_object();
      context.out << json.str() << '\n';
    }
  } else {
    const std::string window = duration_text(context, *within);
    if (overdue.empty()) {
      context.out << context.t("Nothing is overdue.\n", "没有逾期事项。\n");
    } else {
      context.out << context.tf("OVERDUE ({}):\n", "已逾期（{} 项）：\n", overdue.size());
      print_list(context, overdue, now, offset, true);
    }
    if (soon.empty()) {
      context.out << context.tf("Nothing falls due within {}.\n", "{}内没有到期事项。\n", window);
    } else {
      context.out << context.tf("Due within {} ({}):\n", "{}内到期（{} 项）：\n", window, soon.size());
      print_list(context, soon, now, offset, false);
    }
    if (calendar_missing) {
      context.out << context.tf(
          "Warning: config/calendar/{}.json is missing; working-day deadlines reaching into {} cannot be counted and "
          "cases will fail to open. Add it from the State Council's holiday notice.\n",
          "注意：缺少 config/calendar/{}.json，延伸到 {} "
          "年的工作日期限无法计算，案件将无法立案。请按国务院办公厅节假日通知添加。\n",
          coming_year, coming_year);
    }
  }
  return overdue.empty() ? exit_code::ok : exit_code::attention;
}

}  // namespace

void register_alerts(CLI::App& app, Context& context) {
  auto options = std::make_shared<AlertOptions>();
  auto* alerts = app.add_subcommand(
      "alerts", context.t("Overdue and soon-due case deadlines; exit status 1 when anything is overdue",
                          "已逾期和即将到期的案件期限；有逾期时退出码为 1"));
  alerts->add_option(
      "--within", options->within,
      context.t("How far ahead to look (default 24h), e.g. 8h, 3d", "提前多久提醒（默认 24h），如 8h、3d"));
  alerts->callback([&context, options] { context.exit_code = run_alerts(context, *options); });
}

}  // namespace kj::cli
