// kuaijian event — "you order, we test" events (你点我检 / 你送我检): create one, record or
// import citizens' orders, turn the most ordered foods into tasks, register walk-in samples
// with the citizen's contact, record consultations, close it, and show its summary. The
// samples are then tested through the normal `batch run` flow.
#include <fmt/format.h>

#include <memory>
#include <ostream>

#include "lims/events/events.hpp"
#include "lims/judgement/rulebook.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/result_view.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

std::string kind_text(const Context& context, const std::string& kind) {
  return kind == "send" ? context.t("you bring, we test", "你送我检") : context.t("you order, we test", "你点我检");
}

std::string standing_text(const Context& context, const std::string& verdict) {
  if (verdict == "retest_pending") return context.t("retest pending", "待复检");
  if (verdict == "untested") return context.t("not yet tested", "待检测");
  return verdict_word(context, verdict);
}

void write_event_json(protocols::JsonWriter& json, const lims::EventRow& e) {
  json.begin_object().key("code").value(e.code).key("uuid").value(e.uuid).key("title").value(e.title);
  json.key("kind").value(e.kind).key("place").value(e.place).key("market").value(e.market_code);
  json.key("day").value(e.day).key("starts").value(e.starts).key("ends").value(e.ends);
  json.key("booth").value(e.booth).key("state").value(e.state).key("closed_at").value(e.closed_at).end_object();
}

int print_event(Context& context, const Result<lims::EventRow>& e, const char* en, const char* zh) {
  if (!e) return report(context, e.error());
  if (context.json) {
    protocols::JsonWriter json;
    write_event_json(json, *e);
    context.out << json.str() << '\n';
  } else {
    context.out << context.tf(en, zh, e->code, e->title, e->day, e->starts, e->ends, e->place) << '\n';
  }
  return 0;
}

int done(Context& context, const Status& status, const std::string& en, const std::string& zh) {
  if (!status) return report(context, status.error());
  if (!context.json) context.out << (context.lang == Lang::zh ? zh : en) << '\n';
  return 0;
}

int show_summary(Context& context, const std::string& code) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto rules = lims::make_rulebook(session->config);
  if (!rules) return report(context, rules.error());
  const auto s = lims::summarize_event(session->db, *rules, code);
  if (!s) return report(context, s.error());
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("event");
    write_event_json(json, s->event);
    json.key("orders").value(s->orders).key("votes").value(s->votes).key("samples").value(s->samples);
    json.key("batches").value(s->batches).key("tested").value(s->tested).key("positives").value(s->positives);
    json.key("consultations").value(s->consultations).key("most_ordered").begin_array();
    for (const auto& t : s->most_ordered) {
      json.begin_object().key("food").value(t.food).key("item").value(t.item).key("votes").value(t.votes);
      json.key("orders").value(t.orders).key("task").value(t.task_title).end_object();
    }
    json.end_array().key("samples_tested").begin_array();
    for (const auto& l : s->lines) {
      json.begin_object().key("sample").value(l.sample_number).key("name").value(l.sample_name);
      json.key("source").value(l.source).key("stall").value(l.stall).key("item").value(l.item_code);
      json.key("verdict").value(l.verdict).key("value").value(l.value_text).key("tested_at").value(l.tested_at);
      json.key("case").value(l.case_number).key("case_state").value(l.case_state).end_object();
    }
    json.end_array().end_object();
    context.out << json.str() << '\n';
    return 0;
  }
  const auto& e = s->event;
  context.out << context.tf(
      "{} {} — {} ({}), {} {}–{}, {}{}\n", "{} {} — {}（{}），{} {}–{}，{}{}\n", e.code, e.title,
      kind_text(context, e.kind), e.state == "open" ? context.t("open", "进行中") : context.t("closed", "已结束"),
      e.day, e.starts, e.ends, e.place, e.market_code.empty() ? std::string() : " (" + e.market_code + ")");
  context.out << context.tf(
      "Orders: {} ({} votes); samples: {}, tested {} in {} batches; positives: {}; consultations: {}.\n",
      "点检：{} 条（{} 票）；样品 {} 批，已检测 {} 批（{} 个检测批次）；阳性 {} 批；咨询 {} 人次。\n", s->orders,
      s->votes, s->samples, s->tested, s->batches, s->positives, s->consultations);
  if (!s->most_ordered.empty()) {
    context.out << context.t("Most ordered:\n", "点检最多：\n");
    Table table({context.t("Food", "食品"), context.t("Item", "项目"), context.t("Votes", "票数"),
                 context.t("Orders", "条数"), context.t("Task", "任务")});
    for (const auto& t : s->most_ordered) {
      table.add({t.food, t.item, std::to_string(t.votes), std::to_string(t.orders), t.task_title});
    }
    table.print(context.out);
  }
  if (!s->lines.empty()) {
    context.out << context.t("Samples:\n", "样品：\n");
    Table table({context.t("Sample", "样品"), context.t("Stall", "摊位"), context.t("Item", "项目"),
                 context.t("Value", "数值"), context.t("Standing", "结论"), context.t("Case", "处置案件")});
    for (const auto& l : s->lines) {
      table.add({l.sample_number + " " + l.sample_name, l.stall, l.item_name, l.value_text,
                 standing_text(context, l.verdict), l.case_number.empty() ? "" : l.case_number + " " + l.case_state});
    }
    table.print(context.out);
  }
  return 0;
}

}  // namespace

void register_event(CLI::App& app, Context& context) {
  auto* event =
      app.add_subcommand("event", context.t("\"You order, we test\" events (你点我检)", "你点我检 / 你送我检 活动"));
  event->require_subcommand(1);

  auto input = std::make_shared<lims::EventInput>();
  auto* create = event->add_subcommand("create", context.t("Create an event", "创建活动"));
  create
      ->add_option("--title", input->title,
                   context.t("Title, e.g. 你点我检·城南农贸市场", "活动名称，例如 你点我检·城南农贸市场"))
      ->required();
  create->add_option("--kind", input->kind, "order|send (你点我检|你送我检)");
  create->add_option("--place", input->place, context.t("Where", "地点"))->required();
  create->add_option("--market", input->market,
                     context.t("Market code, when held at a market", "市场代码（在市场举办时）"));
  create->add_option("--date", input->day, "YYYY-MM-DD")->required();
  create->add_option("--from", input->starts, context.t("Start time HH:MM", "开始时间 HH:MM"))->required();
  create->add_option("--to", input->ends, context.t("End time HH:MM", "结束时间 HH:MM"))->required();
  create->add_option("--booth", input->booth, context.t("Booth or team that tests", "检测的快检室或小组"));
  create->add_option("--note", input->note, context.t("Note", "备注"));
  create->callback([&context, input] {
    auto session = open_session(context);
    if (!session) return;
    context.exit_code = print_event(
        context, lims::create_event(session->db, actor(context), *input, session->config.installation.utc_offset),
        "Created event {} {} on {} {}–{} at {}.", "已创建活动 {} {}：{} {}–{}，{}。");
  });

  auto code = std::make_shared<std::string>();
  auto order = std::make_shared<lims::OrderInput>();
  auto* order_cmd =
      event->add_subcommand("order", context.t("Record a citizen's order (vote)", "记录市民点检（投票）"));
  order_cmd->add_option("EVENT", *code, context.t("Event code", "活动编号"))->required();
  order_cmd->add_option("--food", order->food, context.t("Food to test, e.g. 韭菜", "要检测的食品，例如 韭菜"))
      ->required();
  order_cmd->add_option("--item", order->item, context.t("Item code (optional)", "检测项目代码（可选）"));
  order_cmd->add_option("--votes", order->votes, context.t("Votes (default 1)", "票数（默认 1）"));
  order_cmd->add_option("--citizen", order->citizen,
                        context.t("Citizen's name (never published)", "市民姓名（不公开）"));
  order_cmd->add_option("--contact", order->contact,
                        context.t("Citizen's phone (never published)", "市民电话（不公开）"));
  order_cmd->callback([&context, code, order] {
    auto session = open_session(context);
    if (!session) return;
    context.exit_code = done(context, lims::add_order(session->db, actor(context), *code, *order),
                             "Order recorded: " + order->food, "已记录点检：" + order->food);
  });

  auto csv = std::make_shared<std::string>();
  auto* import = event->add_subcommand("import", context.t("Import orders from CSV (food,item,votes,citizen,contact)",
                                                           "从 CSV 导入点检（food,item,votes,citizen,contact）"));
  import->add_option("EVENT", *code, context.t("Event code", "活动编号"))->required();
  import->add_option("FILE", *csv, context.t("CSV file", "CSV 文件"))->required();
  import->callback([&context, code, csv] {
    auto session = open_session(context);
  if (!session) return;
  const auto imported = lims::import_orders(session->db, actor(context), *code, *csv);
  if (!imported) {
    context.exit_code = report(context, imported.error());
    return;
  }
  for (const auto& problem : imported->problems) context.err << "kuaijian: " << context.t(problem) << '\n';
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("imported").value(imported->imported).key("refused");
    json.value(static_cast<std::int64_t>(imported->problems.size())).end_object();
    context.out << json.str() << '\n';
  } else {
    context.out << context.tf("Imported {} orders; {} lines refused.", "已导入 {} 条点检；{} 行被拒。",
                              imported->imported, imported->problems.size())
                << '\n';
  }
  context.exit_code = imported->problems.empty() ? 0 : 4;
});

auto top = std::make_shared<int>(5);
auto* tasks =
    event->add_subcommand("tasks", context.t("Turn the most ordered foods into tasks", "将点检最多的食品转为检测任务"));
tasks->add_option("EVENT", *code, context.t("Event code", "活动编号"))->required();
tasks->add_option("--top", *top, context.t("How many (default 5)", "数量（默认 5）"));
tasks->callback([&context, code, top] {
  auto session = open_session(context);
  if (!session) return;
  const auto made = lims::orders_to_tasks(session->db, actor(context), *code, *top);
  if (!made) {
    context.exit_code = report(context, made.error());
    return;
  }
  for (const auto& title : *made) context.out << title << '\n';
  if (!context.json && made->empty()) context.out << context.t("No new task.\n", "没有新的任务。\n");
});

auto sample = std::make_shared<lims::SampleInput>();
auto contact = std::make_shared<std::string>();
auto* reg = event->add_subcommand("register", context.t("Register a sample at the event", "在活动现场登记样品"));
reg->add_option("EVENT", *code, context.t("Event code", "活动编号"))->required();
reg->add_option("--name", sample->name, context.t("Sample name, e.g. 韭菜", "样品名称，例如 韭菜"))->required();
reg->add_option("--category", sample->category,
                context.t("Food category, when the name is not in the catalogue", "食品类别（名称不在目录中时）"));
reg->add_option("--stall", sample->stall,
                context.t("Stall number (for samples taken from a stall)", "摊位号（从摊位抽取时）"));
reg->add_option("--origin", sample->origin, context.t("Origin (产地)", "产地"));
reg->add_option("--source", sample->source, "walk_in|event_order");
reg->add_option("--contact", *contact,
                context.t("The citizen's phone, for the result (never published)", "市民电话，用于告知结果（不公开）"));
reg->callback([&context, code, sample, contact] {
  auto session = open_session(context);
  if (!session) return;
  const auto registered = lims::register_event_sample(session->db, actor(context), *code, *sample, *contact,
                                                      session->config.installation.utc_offset);
  if (!registered) {
    context.exit_code = report(context, registered.error());
    return;
  }
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("number").value(registered->number).key("id").value(registered->id.value).end_object();
    context.out << json.str() << '\n';
  } else {
    context.out << context.tf("Registered sample {} ({}) at event {}.", "已在活动 {2} 登记样品 {0}（{1}）。",
                              registered->number, sample->name, *code)
                << '\n';
  }
});

auto consultation = std::make_shared<lims::ConsultationInput>();
auto* consult = event->add_subcommand("consult", context.t("Record a consultation", "记录咨询"));
consult->add_option("EVENT", *code, context.t("Event code", "活动编号"))->required();
consult->add_option("--topic", consultation->topic, context.t("What was asked", "咨询内容"))->required();
consult->add_option("--answer", consultation->answer, context.t("What was answered", "解答"));
consult->add_option("--citizen", consultation->citizen,
                    context.t("Citizen's name (never published)", "市民姓名（不公开）"));
consult->add_option("--contact", consultation->contact,
                    context.t("Citizen's phone (never published)", "市民电话（不公开）"));
consult->callback([&context, code, consultation] {
  auto session = open_session(context);
  if (!session) return;
  context.exit_code = done(context, lims::record_consultation(session->db, actor(context), *code, *consultation),
                           "Consultation recorded.", "已记录咨询。");
});

auto* close = event->add_subcommand("close", context.t("Close the event", "结束活动"));
close->add_option("EVENT", *code, context.t("Event code", "活动编号"))->required();
close->callback([&context, code] {
  auto session = open_session(context);
  if (!session) return;
  context.exit_code = print_event(context, lims::close_event(session->db, actor(context), *code),
                                  "Closed event {} {} ({} {}–{}, {}).", "已结束活动 {} {}（{} {}–{}，{}）。");
});

auto* show = event->add_subcommand("show", context.t("An event's summary", "活动汇总"));
show->add_option("EVENT", *code, context.t("Event code", "活动编号"))->required();
show->callback([&context, code] { context.exit_code = show_summary(context, *code); });

auto* list = event->add_subcommand("list", context.t("List events", "列出活动"));
list->callback([&context] {
  auto session = open_session(context);
  if (!session) return;
  const auto events = lims::list_events(session->db);
  if (!events) {
    context.exit_code = report(context, events.error());
    return;
  }
  Table table({context.t("Code", "编号"), context.t("Title", "名称"), context.t("Date", "日期"),
               context.t("Time", "时间"), context.t("Place", "地点"), context.t("State", "状态")});
  for (const auto& e : *events) {
    if (context.json) {
      protocols::JsonWriter json;
      write_event_json(json, e);
      context.out << json.str() << '\n';
    }
    table.add({e.code, e.title, e.day, e.starts + "–" + e.ends, e.place,
               e.state == "open" ? context.t("open", "进行中") : context.t("closed", "已结束")});
  }
  if (!context.json) table.print(context.out);
});
}  // namespace kj::cli

}  // namespace kj::cli
