// kuaijian plan import FILE [--replace] — loads the county's yearly sampling plan (CSV or JSON,
//   format in lims/plans/plan_file.hpp) into quotas and tasks, all or nothing.
// kuaijian plan progress [--year Y] [--plan NAME] [--by category|township|market|month] — batches
//   done against quota; exit 1 (attention) when any group or the total is lagging.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "lims/errors.hpp"
#include "lims/plans/plan_file.hpp"
#include "lims/plans/plan_import.hpp"
#include "lims/plans/plan_progress_query.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/exit_codes.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

constexpr std::size_t kMaxPlanFile = 16 * 1024 * 1024;  // a county plan is a few hundred rows

struct PlanImportOptions {
  std::string file;
  bool replace = false;
};

struct PlanProgressOptions {
  std::optional<int> year;
  std::string plan;
  std::string by = "overall";
};

std::optional<std::string> read_input(const std::string& file) {
  std::ostringstream content;
  if (file == "-") {
    content << std::cin.rdbuf();
    return content.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  content << in.rdbuf();
  return content.str();
}

// The file's name in front of an error about its contents.
Error in_file(const std::string& file, const Error& error) {
  return Error{error.code, Text{file + ": " + error.detail.en, file + "：" + error.detail.zh}};
}

void print_import(const Context& context, const lims::ImportSummary& s) {
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("plan_uuid").value(s.uuid).key("year").value(s.year).key("plan").value(s.name);
    json.key("replaced").value(s.replaced).key("rows").value(static_cast<std::int64_t>(s.rows));
    json.key("batches").value(s.batches).key("quotas_added").value(s.quotas_added);
    json.key("quotas_changed").value(s.quotas_changed).key("quotas_unchanged").value(s.quotas_unchanged);
    json.key("tasks_cancelled").value(s.tasks_cancelled);
    json.key("kept").begin_array();
    for (const auto& kept : s.kept) {
      json.begin_object().key("category").value(kept.category).key("place").value(kept.place);
      json.key("month").value(kept.month).key("batches").value(kept.batches).end_object();
    }
    json.end_array().key("townships_created").begin_array();
    for (const auto& township : s.townships_created) json.value(township);
    json.end_array().end_object();
    context.out << json.str() << '\n';
    return;
  }
  context.out << context.tf(
      s.replaced ? "Replaced plan {} \"{}\": {} rows, {} batches in all.\n"
                 : "Imported plan {} \"{}\": {} rows, {} batches in all.\n",
      s.replaced ? "已替换计划 {}“{}”：{} 行，共 {} 批。\n" : "已导入计划 {}“{}”：{} 行，共 {} 批。\n", s.year, s.name,
      s.rows, s.batches);
  if (s.replaced) {
    context.out << context.tf("Quotas: {} added, {} changed, {} unchanged; {} tasks cancelled.\n",
                              "配额：新增 {} 条，修改 {} 条，未变 {} 条；取消任务 {} 条。\n", s.quotas_added,
                              s.quotas_changed, s.quotas_unchanged, s.tasks_cancelled);
  } else {
    context.out << context.tf("{} monthly quotas, each with its task.\n", "共 {} 条月度配额，各附一项任务。\n",
                              s.quotas_added);
  }
  for (const auto& kept : s.kept) {
    context.out << context.tf(
        "Kept {} · {} · month {} ({} batches): no longer in the plan, but samples refer to its task.\n",
        "保留 {} · {} · {}月（{} 批）：已不在计划中，但已有样品关联其任务。\n", kept.category, kept.place, kept.month,
        kept.batches);
  }
  for (const auto& township : s.townships_created) {
    context.out << context.tf("New township: {}.\n", "新增镇乡：{}。\n", township);
  }
}

int run_import(Context& context, const PlanImportOptions& options) {
  const auto text = read_input(options.file);
  if (!text) {
    context.err << "kuaijian: " << context.tf("cannot read {}", "无法读取 {}", options.file) << '\n';
    return exit_code::usage;
  }
  if (text->size() > kMaxPlanFile) {
    return report(context, make_error(make_error_code(lims::Errc::invalid_input),
                                      options.file + ": expected a plan file of at most 16 MiB",
                                      options.file + "：计划文件应不超过 16 MiB"));
  }
  const auto file = lims::parse_plan(*text, lims::detect_plan_format(options.file, *text));
  if (!file) return report(context, in_file(options.file, file.error()));
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto summary = lims::import_plan(session->db, *file, lims::ImportOptions{options.replace}, actor(context));
  if (!summary) return report(context, in_file(options.file, summary.error()));
  print_import(context, *summary);
  return exit_code::ok;
}

const char* group_heading(const Context& context, lims::ProgressBy by) {
  switch (by) {
    case lims::ProgressBy::category: return context.t("Category", "类别");
    case lims::ProgressBy::township: return context.t("Township", "镇乡/街道");
    case lims::ProgressBy::market: return context.t("Market", "市场");
    case lims::ProgressBy::month: return context.t("Month", "月份");
    case lims::ProgressBy::overall: break;
  }
  return context.t("Plan", "计划");
}

void write_row(protocols::JsonWriter& json, const lims::PlanProgress& loaded, std::string_view group,
               const lims::ProgressRow& row) {
  json.begin_object().key("year").value(loaded.plan.year).key("plan").value(loaded.plan.name);
  json.key("group").value(group).key("key").value(row.key);
  json.key("label").value(row.label.en).key("label_zh").value(row.label.zh);
  json.key("quota").value(row.quota).key("done").value(row.done).key("percent").value(row.percent);
  json.key("expected").value(row.expected).key("lagging").value(row.lagging);
}

void print_progress(const Context& context, const lims::PlanProgress& loaded, lims::Timestamp now,
                    std::chrono::minutes utc_offset) {
  const auto& progress = loaded.progress;
  if (context.json) {
    // JSON Lines: one line per group, then the total.
    for (const auto& row : progress.rows) {
      protocols::JsonWriter json;
      write_row(json, loaded, lims::to_string(progress.by), row);
      json.end_object();
      context.out << json.str() << '\n';
    }
    protocols::JsonWriter json;
    write_row(json, loaded, "total", progress.total);
    json.key("unplanned").value(progress.unplanned).key("at").value(lims::to_iso8601(now)).end_object();
    context.out << json.str() << '\n';
    return;
  }
  context.out << context.tf("Plan {} \"{}\", at {}:\n", "计划 {}“{}”，截至 {}：\n", loaded.plan.year, loaded.plan.name,
                            lims::to_local_text(now, utc_offset));
  Table table({group_heading(context, progress.by), context.t("Quota", "计划批次"), context.t("Done", "已完成"),
               context.t("Done %", "完成率"), context.t("Due by now", "应完成"), context.t("Status", "状态")});
  const auto add = [&](const lims::ProgressRow& row) {
    table.add({context.t(row.label), std::to_string(row.quota), std::to_string(row.done),
               fmt::format("{:.1f}%", row.percent), std::to_string(row.expected),
               row.lagging ? context.t("LAGGING", "滞后") : context.t("on track", "正常")});
  };
  for (const auto& row : progress.rows) add(row);
  add(progress.total);
  table.print(context.out);
  if (progress.unplanned > 0) {
    context.out << context.tf("{} more tested samples of {} match no quota of this plan.\n",
                              "另有 {} 批 {} 年已检样品不属于本计划的任何配额。\n", progress.unplanned,
                              loaded.plan.year);
  }
}

int run_progress(Context& context, const PlanProgressOptions& options) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto utc_offset = session->config.installation.utc_offset;
  const auto now = Context::now();
  lims::ProgressQuery query;
  query.year = options.year;
  query.plan = options.plan;
  query.by = lims::parse_progress_by(options.by).value_or(lims::ProgressBy::overall);
  query.now = now;
  query.utc_offset = utc_offset;
  const auto loaded = lims::load_plan_progress(session->db, query);
  if (!loaded) return report(context, loaded.error());
  print_progress(context, *loaded, now, utc_offset);
  const auto& progress = loaded->progress;
  const bool lagging = progress.total.lagging || std::any_of(progress.rows.begin(), progress.rows.end(),
                                                             [](const auto& row) { return row.lagging; });
  return lagging ? exit_code::attention : exit_code::ok;
}

}  // namespace

void register_plan(CLI::App& app, Context& context) {
  auto* plan = app.add_subcommand("plan", context.t("Sampling plans: import, progress", "抽检计划：导入、进度"));
  plan->require_subcommand(1);

  auto import_options = std::make_shared<PlanImportOptions>();
  auto* import = plan->add_subcommand(
      "import", context.t("Import a yearly sampling plan (CSV or JSON); a bad row rejects the whole file",
                          "导入年度抽检计划（CSV 或 JSON）；任一行有误则整个文件不导入"));
  import
      ->add_option(
          "FILE", import_options->file,
          context.t("Plan file: .csv (year,plan,category,township,market,month,batches) or .json; - for "
                    "standard input",
                    "计划文件：.csv（year,plan,category,township,market,month,batches）或 .json；- 表示标准输入"))
      ->required();
  import->add_flag("--replace", import_options->replace,
                   context.t("Replace the quotas of a plan already imported (tasks that samples use are kept)",
                             "替换已导入计划的配额（已有样品关联的任务予以保留）"));
  import->callback([&context, import_options] { context.exit_code = run_import(context, *import_options);
});

auto progress_options = std::make_shared<PlanProgressOptions>();
auto* progress = plan->add_subcommand(
    "progress", context.t("Batches done against quota; exit 1 when lagging", "已完成批次与计划对比；滞后时退出码为 1"));
progress
    ->add_option("--year", progress_options->year,
                 context.t("Plan year (default: this year)", "计划年度（默认：今年）"))
    ->check(CLI::Range(2000, 2100));
progress->add_option("--plan", progress_options->plan,
                     context.t("Plan name, when the year has several", "计划名称（该年有多个计划时）"));
progress
    ->add_option("--by", progress_options->by,
                 context.t("Group by category, township, market or month (default: overall)",
                           "按类别（category）、镇乡（township）、市场（market）或月份（month）分组（默认：总体）"))
    ->check(CLI::IsMember({"overall", "category", "township", "market", "month"}));
progress->callback([&context, progress_options] { context.exit_code = run_progress(context, *progress_options); });
}  // namespace kj::cli

}  // namespace kj::cli
