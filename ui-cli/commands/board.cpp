// kuaijian board (--market CODE [--date YYYY-MM-DD] | --event CODE) --out FILE.html [--refresh S]
// — the public results board (结果公示) as one HTML file for a screen at the booth: the day's
// results of a market, or an event's; no personal data (lims/reports/board.hpp).
#include <fstream>
#include <memory>
#include <ostream>

#include "lims/config/config.hpp"
#include "lims/records/validate.hpp"
#include "lims/reports/board.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/session.hpp"

namespace kj::cli {
namespace {

struct BoardOptions {
  std::string market;
  std::string date;
  std::string event;
  std::string out;
  int refresh = 0;
};

lims::LocalDay today(std::chrono::minutes offset) {
  return std::chrono::floor<std::chrono::days>(Context::now() + offset);
}

int run_board(Context& context, const BoardOptions& options) {
  if (options.market.empty() == options.event.empty()) {
    return report(context, lims::invalid_field("market", "either --market CODE or --event CODE (one of them)",
                                               "--market 市场编码 或 --event 活动编号（二者选一）"));
  }
  std::optional<lims::config::Date> date;
  if (!options.date.empty()) {
    date = lims::config::parse_date(options.date);
    if (!date)
      return report(context, lims::invalid_field("date", "a date YYYY-MM-DD", "日期 YYYY-MM-DD", options.date));
  }
  if (options.refresh < 0) {
    return report(context,
                  lims::invalid_field("refresh", "seconds ≥ 0", "不小于 0 的秒数", std::to_string(options.refresh)));
  }
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto offset = session->config.installation.utc_offset;
  const auto rulebook = lims::make_rulebook(session->config);
  if (!rulebook) return report(context, rulebook.error());
  const auto board = options.event.empty()
                         ? lims::reports::market_board(session->db, *rulebook, options.market,
                                                       date ? std::chrono::sys_days(*date) : today(offset), offset)
                         : lims::reports::event_board(session->db, *rulebook, options.event);
  if (!board) return report(context, board.error());
  lims::reports::BoardRender render{Context::now(), offset, std::nullopt};
  if (options.refresh > 0) render.refresh_seconds = options.refresh;
  const auto html = lims::reports::render_board(*board, render);
  std::ofstream file(options.out, std::ios::binary | std::ios::trunc);
  file << html;
  file.close();
  if (!file) {
    return report(context, lims::invalid_field("out", "a file that can be written", "可写入的文件", options.out));
  }
  int positives = 0;
  for (const auto& line : board->lines) positives += line.standing == "positive" ? 1 : 0;
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("out").value(options.out).key("kind").value(board->kind).key("code").value(board->code);
    json.key("day").value(board->day).key("lines").value(static_cast<std::int64_t>(board->lines.size()));
    json.key("positives").value(static_cast<std::int64_t>(positives)).end_object();
    context.out << json.str() << '\n';
  } else {
    context.out << context.tf("Board of {} ({}) written to {}: {} line(s), {} positive.\n",
                              "{}（{}）的结果公示已写入 {}：{} 行，阳性 {} 行。\n", board->title, board->day,
                              options.out, board->lines.size(), positives);
  }
  return 0;
}

}  // namespace

void register_board(CLI::App& app, Context& context) {
  auto options = std::make_shared<BoardOptions>();
  auto* cmd =
      app.add_subcommand("board", context.t("The public results board of a market's day or of an event, as HTML",
                                            "市场当日或活动的检测结果公示（HTML）"));
  auto* market = cmd->add_option("--market", options->market, context.t("Market code", "市场编码"));
  cmd->add_option("--date", options->date, context.t("Day, YYYY-MM-DD (default: today)", "日期 YYYY-MM-DD（默认今天）"))
      ->needs(market);
  cmd->add_option("--event", options->event, context.t("Event code (E…)", "活动编号（E…）"))->excludes(market);
  cmd->add_option("--out", options->out, context.t("The HTML file to write", "输出的 HTML 文件"))->required();
  cmd->add_option("--refresh", options->refresh,
                  context.t("Reload the page every S seconds (0: never)", "页面每 S 秒自动刷新（0：不刷新）"));
  cmd->callback([&context, options] { context.exit_code = run_board(context, *options); });
}

}  // namespace kj::cli
