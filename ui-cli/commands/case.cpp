// kuaijian case list|show|open|step|extend|close — disposal cases (核查处置): a rapid-test case
// for each confirmed positive, a lab sampling case for each non-conforming lab conclusion,
// stepped through to closure against the deadlines of config/deadlines.json.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <ostream>

#include "lims/cases/case_extension.hpp"
#include "lims/cases/case_labels.hpp"
#include "lims/cases/case_opening.hpp"
#include "lims/cases/case_rules.hpp"
#include "lims/cases/case_steps.hpp"
#include "lims/cases/case_timing.hpp"
#include "lims/cases/evidence_store.hpp"
#include "lims/config/config.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/records/validate.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/case_view.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

struct ListOptions {
  bool open = false;
  bool overdue = false;
  std::string due_within;
  std::string market;
  std::string type;
};

struct OpenOptions {
  std::string type;
  std::string result;
  std::string sample;
  std::string item;
  std::string received_at;
  std::string note;
  std::string from_case;
  std::vector<std::string> evidence;
};

struct StepOptions {
  std::string id;
  std::string step;
  std::vector<std::string> evidence;
  std::string note;
  std::optional<double> quantity;
  std::string unit;
  std::string method;
  std::string supervisor;
};

struct ExtendOptions {
  std::string id;
  std::string until;
  std::string approver;
  std::string reason;
};

// The session plus the case rules, or nothing with the error reported.
struct CaseSession {
  Session session;
  lims::CaseRules rules;
  [[nodiscard]] std::chrono::minutes offset() const { return session.config.installation.utc_offset; }
};

std::optional<CaseSession> open_case_session(Context& context) {
  auto session = open_session(context);
  if (!session) return std::nullopt;
  auto rules = lims::make_case_rules(session->config);
  if (!rules) {
    context.exit_code = report(context, rules.error());
    return std::nullopt;
  }
  return CaseSession{std::move(*session), std::move(*rules)};
}

// YYYY-MM-DD (the start, or with `end_of_day` the last second, of that local day) or an ISO 8601 time.
Result<lims::Timestamp> parse_time(const char* field, const std::string& text, std::chrono::minutes offset,
                                   bool end_of_day) {
  if (const auto date = lims::config::parse_date(text)) {
    const auto start = std::chrono::sys_seconds(std::chrono::sys_days(*date)) - offset;
    return end_of_day ? start + std::chrono::days(1) - std::chrono::seconds(1) : start;
  }
  if (const auto t = lims::parse_iso8601(text, offset)) return *t;
  return lims::invalid_field(field, "a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM[:SS][+08:00]",
                             "日期 YYYY-MM-DD 或时间 YYYY-MM-DDTHH:MM[:SS][+08:00]", text);
}

Result<std::vector<lims::EvidenceRef>> store_files(const CaseSession& cs, const std::vector<std::string>& files) {
  std::vector<lims::EvidenceRef> out;
  const auto store = lims::evidence_dir_for(cs.session.db.path());
  for (const auto& file : files) {
    auto ref = lims::store_evidence(store, file);
    if (!ref) return ref.error();
    out.push_back(std::move(*ref));
  }
  return out;
}

int show_result(Context& context, const Result<lims::DisposalCase>& c, std::chrono::minutes offset, bool full) {
  if (!c) return report(context, c.error());
  const auto now = Context::now();
  if (context.json) {
    protocols::JsonWriter json;
    write_case_json(json, *c, now, offset);
    context.out << json.str() << '\n';
  } else if (full) {
    print_case(context, *c, now, offset);
  } else {
    print_case_brief(context, *c, now, offset);
  }
  return 0;
}

int run_list(Context& context, const ListOptions& options) {
  lims::CaseFilter filter;
  filter.open_only = options.open;
  filter.overdue_only = options.overdue;
  filter.market = options.market;
  filter.now = Context::now();
  if (!options.type.empty()) filter.type = lims::parse_case_type(options.type);
  if (!options.due_within.empty()) {
    filter.due_within = parse_duration(options.due_within);
    if (!filter.due_within) {
      return report(context, lims::invalid_field("due-within", "a duration such as 24h, 3d or 90m",
                                                 "时长，如 24h、3d 或 90m", options.due_within));
    }
  }
  auto cs = open_case_session(context);
  if (!cs) return context.exit_code;
  const auto cases = lims::list_cases(cs->session.db, filter);
  if (!cases) return report(context, cases.error());
  const auto offset = cs->offset();
  if (context.json) {
    for (const auto& c : *cases) {
      protocols::JsonWriter json;
      json.begin_object().key("number").value(c.number).key("uuid").value(c.uuid);
      json.key("type").value(to_string(c.state.type)).key("state").value(c.state.state);
      json.key("recheck_state").value(c.state.recheck_state).key("market").value(c.market_code);
      json.key("sample").value(c.sample_number).key("sample_name").value(c.sample_name).key("item").value(c.item_code);
      json.key("opened_at").value(lims::to_iso8601(c.opened_at)).key("due_at").value(lims::to_iso8601(c.due_at));
      json.key("closed_at");
      c.closed_at ? json.value(lims::to_iso8601(*c.closed_at)) : json.null();
      json.key("outcome").value(c.outcome).key("extensions").value(c.extensions);
      json.key("timing").value(to_string(lims::case_timing(c.due_at, c.closed_at, filter.now))).end_object();
      context.out << json.str() << '\n';
    }
    return 0;
  }
  if (cases->empty()) {
    context.out << context.t("No cases.\n", "没有案件。\n");
    return 0;
  }
  Table table({context.t("Case", "案件"), context.t("Type", "类型"), context.t("State", "状态"),
               context.t("Market", "市场"), context.t("Sample", "样品"), context.t("Opened", "立案"),
               context.t("Due", "办结期限"), context.t("Standing", "情况")});
  for (const auto& c : *cases) {
    table.add({c.number, c.state.type == lims::CaseType::rapid ? context.t("rapid", "快检") : context.t("lab", "抽检"),
               context.t(lims::case_label(c.state.state)), c.market_code.empty() ? "-" : c.market_code,
               c.sample_number + " " + c.sample_name, lims::to_local_text(c.opened_at, offset),
               lims::to_local_text(c.due_at, offset) + (c.extensions > 0 ? context.t(" (ext.)", "（延）") : ""),
               standing_text(context, c.due_at, c.closed_at, c.outcome, filter.now)});
  }
  table.print(context.out);
  return 0;
}

int run_open(Context& context, const OpenOptions& options) {
  auto cs = open_case_session(context);
  if (!cs) return context.exit_code;
  auto evidence = store_files(*cs, options.evidence);
  if (!evidence) return report(context, evidence.error());
  Result<lims::OpenedCase> opened = lims::OpenedCase{};
  if (options.type == "rapid") {
    if (options.result.empty()) {
      return report(context, lims::invalid_field("result", "the uuid of the confirmed positive result (--result)",
                                                 "经确认阳性的检测结果 uuid（--result）"));
    }
    const auto rulebook = lims::make_rulebook(cs->session.config);
    if (!rulebook) return report(context, rulebook.error());
    opened = lims::open_rapid_case(cs->session.db, actor(context), cs->rules, *rulebook, options.result, *evidence,
                                   options.note);
  } else {
    lims::LabCaseInput input;
    input.sample = options.sample;
    input.item = options.item;
    input.result = options.result;
    input.note = options.note;
    input.escalated_from = options.from_case;
    input.evidence = *evidence;
    if (options.sample.empty() && options.result.empty()) {
      return report(context, lims::invalid_field("sample", "the sample number of the conclusion (--sample)",
                                                 "检验结论所涉样品编号（--sample）"));
    }
    if (!options.received_at.empty()) {
      const auto received = parse_time("conclusion-received-at", options.received_at, cs->offset(), false);
      if (!received) return report(context, received.error());
      input.conclusion_received_at = *received;
    }
    opened = lims::open_lab_case(cs->session.db, actor(context), cs->rules, input);
  }
  if (!opened) return report(context, opened.error());
  if (!context.json) {
    context.out << (opened->created ? context.tf("Opened case {}.\n", "已立案：{}。\n", opened->number)
                                    : context.tf("Case {} is already open for this; nothing changed.\n",
                                                 "已有案件 {}，未作改动。\n", opened->number));
  }
  return show_result(context, lims::load_case(cs->session.db, opened->number), cs->offset(), false);
}

int run_step(Context& context, const StepOptions& options) {
  auto cs = open_case_session(context);
  if (!cs) return context.exit_code;
  const auto rulebook = lims::make_rulebook(cs->session.config);
  if (!rulebook) return report(context, rulebook.error());
  auto evidence = store_files(*cs, options.evidence);
  if (!evidence) return report(context, evidence.error());
  lims::StepInput input;
  input.step = options.step;
  input.fields = lims::StepFields{options.quantity, options.unit, options.method, options.supervisor, options.note};
  input.evidence = std::move(*evidence);
  const auto c = lims::record_step(cs->session.db, actor(context), cs->rules, *rulebook, options.id, input);
  if (c && !context.json && !c->steps.empty()) {
    const std::string& step = c->steps.back().step;
    context.out << context.tf("Recorded {} ({}).\n", "已记录：{}（{}）。\n", context.t(lims::case_label(step)), step);
  }
  return show_result(context, c, cs->offset(), false);
}

int run_extend(Context& context, const ExtendOptions& options) {
  auto cs = open_case_session(context);
  if (!cs) return context.exit_code;
  const auto until = parse_time("until", options.until, cs->offset(), true);
  if (!until) return report(context, until.error());
  const auto c = lims::extend_case(cs->session.db, actor(context, options.reason), cs->rules, options.id,
                                   lims::ExtensionInput{*until, options.approver, options.reason});
  if (c && !context.json) {
    context.out << context.tf("Due date of {} extended to {} (approved by {}).\n",
                              "案件 {} 办结期限延至 {}（批准人 {}）。\n", c->number,
                              lims::to_local_text(c->due_at, cs->offset()), options.approver);
  }
  return show_result(context, c, cs->offset(), false);
}

}  // namespace

void register_case(CLI::App& app, Context& context) {
  auto* cmd = app.add_subcommand("case", context.t("Disposal cases: list, show, open, step, extend, close",
                                                   "核查处置案件：列出、查看、立案、记录步骤、延期、办结"));
  cmd->require_subcommand(1);

  auto list_options = std::make_shared<ListOptions>();
  auto* list = cmd->add_subcommand(
      "list", context.t("List cases, open ones by due date first", "列出案件（未办结的按期限排在前面）"));
  list->add_flag("--open", list_options->open, context.t("Only open cases", "仅未办结的案件"));
  list->add_flag("--overdue", list_options->overdue,
                 context.t("Only open cases past their due date", "仅已逾期未办结的案件"));
  list->add_option("--due-within", list_options->due_within,
                   context.t("Only open cases falling due within this time, e.g. 24h, 3d",
                             "仅在此时长内到期的未办结案件，如 24h、3d"));
  list->add_option("--market", list_options->market, context.t("Only this market (code)", "仅此市场（代码）"));
  list->add_option("--type", list_options->type, "rapid|lab")->check(CLI::IsMember({"rapid", "lab"}));
  list->callback([&context, list_options] { context.exit_code = run_list(context, *list_options); });

  auto id = std::make_shared<std::string>();
  auto* show = cmd->add_subcommand("show", context.t("Show a case: timeline, each deadline and whether it was met",
                                                     "查看案件：时间线、各项期限及是否按时"));
  show->add_option("CASE", *id, context.t("Case number (or uuid)", "案件编号（或 uuid）"))->required();
  show->callback([&context, id] {
    auto cs = open_case_session(context);
    if (!cs) return;
    context.exit_code = show_result(context, lims::load_case(cs->session.db, *id), cs->offset(), true);
  });

  auto open_options = std::make_shared<OpenOptions>();
  auto* open = cmd->add_subcommand(
      "open", context.t("Open a case by hand: rapid --result UUID, or lab --sample N --conclusion-received-at T",
                        "手工立案：rapid --result UUID，或 lab --sample 编号 --conclusion-received-at 时间"));
  open->add_option("TYPE", open_options->type, "rapid|lab")->required()->check(CLI::IsMember({"rapid", "lab"}));
  open->add_option("--result", open_options->result,
                   context.t("Rapid: the confirmed positive result (uuid); lab: the non-conforming lab result",
                             "快检：经确认的阳性结果（uuid）；抽检：不合格的实验室结果"));
  open->add_option("--sample", open_options->sample, context.t("Lab: the sample number", "抽检：样品编号"));
  open->add_option("--item", open_options->item, context.t("Lab: the item code, if one", "抽检：项目代码（如有）"));
  open->add_option(
      "--conclusion-received-at", open_options->received_at,
      context.t("Lab: when the conclusion was received (default: now)", "抽检：收到检验结论的时间（默认：现在）"));
  open->add_option("--from-case", open_options->from_case,
                   context.t("Lab: the rapid-test case this sampling followed", "抽检：由哪个快检案件转来"));
  open->add_option("--note", open_options->note, context.t("Note, e.g. the report number", "说明，如检验报告编号"));
  open->add_option("--evidence", open_options->evidence,
                   context.t("Files to keep (photos, reports)", "留存的文件（照片、报告）"));
  open->callback([&context, open_options] { context.exit_code = run_open(context, *open_options); });

  auto step_options = std::make_shared<StepOptions>();
  auto* step = cmd->add_subcommand(
      "step", context.t("Record a step, e.g. sale_suspended, vendor_notified, disposed, publicized, reported",
                        "记录步骤，如 sale_suspended、vendor_notified、disposed、publicized、reported"));
  step->add_option("CASE", step_options->id, context.t("Case number (or uuid)", "案件编号（或 uuid）"))->required();
  step->add_option(
          "STEP", step_options->step,
          context.t("The step (case show lists those allowed now)", "步骤名称（case show 列出当前可执行的步骤）"))
      ->required();
  step->add_option("--evidence", step_options->evidence,
                   context.t("Files to keep: photos, signed forms (stored by content hash)",
                             "留存的文件：照片、签字单据（按内容哈希保存）"));
  step->add_option("--note", step_options->note, context.t("Note", "说明"));
  step->add_option("--quantity", step_options->quantity, context.t("Quantity (disposal)", "数量（处置）"));
  step->add_option("--unit", step_options->unit, context.t("Unit of the quantity", "数量单位"));
  step->add_option(
      "--method", step_options->method,
      context.t("Method: disposal 无害化销毁|下架|退市; measures 封存|下架|召回|整改; recheck: the lab method",
                "方式：处置 无害化销毁|下架|退市；措施 封存|下架|召回|整改；复检：实验室方法"));
  step->add_option("--supervisor", step_options->supervisor, context.t("Who supervised the disposal", "处置监督人"));
  step->callback([&context, step_options] { context.exit_code = run_step(context, *step_options); });

  auto extend_options = std::make_shared<ExtendOptions>();
  auto* extend =
      cmd->add_subcommand("extend", context.t("Extend the due date with a recorded approval", "经批准延长办结期限"));
  extend->add_option("CASE", extend_options->id, context.t("Case number (or uuid)", "案件编号（或 uuid）"))->required();
  extend
      ->add_option(
          "--until", extend_options->until,
          context.t("New due date: YYYY-MM-DD (end of that day) or a time", "新期限：YYYY-MM-DD（当日结束）或具体时间"))
      ->required();
  extend->add_option("--approver", extend_options->approver, context.t("Who approved it", "批准人"))->required();
  extend->add_option("--reason", extend_options->reason, context.t("Why", "延期理由"))->required();
  extend->callback([&context, extend_options] { context.exit_code = run_extend(context, *extend_options); });

  auto close_options = std::make_shared<StepOptions>();
  auto* close = cmd->add_subcommand("close", context.t("Close a case (the step closed)", "办结案件（即 closed 步骤）"));
  close->add_option("CASE", close_options->id, context.t("Case number (or uuid)", "案件编号（或 uuid）"))->required();
  close->add_option("--note", close_options->note, context.t("Note", "说明"));
  close->add_option("--evidence", close_options->evidence, context.t("Files to keep", "留存的文件"));
  close->callback([&context, close_options] {
    close_options->step = "closed";
    context.exit_code = run_step(context, *close_options);
  });
}

}  // namespace kj::cli
