// kuaijian result list|show|sign|correct|add — results, their signatures and corrections.
#include <fmt/format.h>

#include <memory>
#include <ostream>

#include "lims/cases/case_rules.hpp"
#include "lims/catalogue/catalogue_store.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/results/results.hpp"
#include "lims/samples/samples.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/result_view.hpp"
#include "ui-cli/session.hpp"

namespace kj::cli {
namespace {

std::optional<protocols::Verdict> parse_verdict(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return protocols::verdict_from_string(text);
}

int bad_verdict(Context& context, const char* field, const std::string& text) {
  return report(
      context,
      make_error(make_error_code(lims::Errc::invalid_input),
                 std::string(field) + ": expected negative, positive, suspect or invalid (got \"" + text + "\")",
                 std::string(field) + "：应为 negative、positive、suspect 或 invalid（实际为“" + text + "”）"));
}

int show_one(Context& context, const Result<lims::ResultRow>& row) {
  if (!row) return report(context, row.error());
  if (context.json) {
    protocols::JsonWriter json;
    write_result_json(json, *row);
    context.out << json.str() << '\n';
  } else {
    print_results(context, {*row});
  }
  return 0;
}

struct ManualOptions {
  std::string sample, item, standard, value, verdict, unit;
  bool lab_conclusion = false;
};

// Says which disposal case the stored result opened or belongs to (the result itself is shown
// as usual; with --json the case is found with `kuaijian case list`).
void say_case(Context& context, const lims::Ingested& ingested) {
  if (ingested.case_number.empty() || context.json) return;
  context.out << (ingested.case_opened
                      ? context.tf("Disposal case {} opened: `kuaijian case show {}` gives its deadlines.",
                                   "已立核查处置案件 {}：`kuaijian case show {}` 查看各项期限。", ingested.case_number,
                                   ingested.case_number)
                      : context.tf("Belongs to disposal case {}.", "属于核查处置案件 {}。", ingested.case_number))
              << '\n';
}

}  // namespace

void register_result(CLI::App& app, Context& context) {
  auto* result = app.add_subcommand(
      "result", context.t("Results: list, show, sign, correct, add", "检测结果：列出、查看、签名、更正、录入"));
  result->require_subcommand(1);

  auto filter = std::make_shared<lims::ResultFilter>();
  auto* list = result->add_subcommand("list", context.t("List current results", "列出检测结果"));
  list->add_option("--sample", filter->sample, context.t("Only this sample (number)", "仅此样品（编号）"));
  list->add_option("--verdict", filter->verdict, "negative|positive|suspect|invalid");
  list->add_flag("--unsigned", filter->unsigned_only,
                 context.t("Only results not yet signed by the reviewer", "仅未经复核签名的结果"));
  list->add_flag("--held", filter->held_only, context.t("Only results held for review", "仅待复核的结果"));
  list->callback([&context, filter] {
    auto session = open_session(context);
    if (!session) return;
    const auto rows = lims::list_results(session->db, *filter);
    if (!rows) {
      context.exit_code = report(context, rows.error());
      return;
    }
    if (context.json) {
      for (const auto& r : *rows) {
        protocols::JsonWriter json;
        write_result_json(json, r);
        context.out << json.str() << '\n';
      }
    } else {
      print_results(context, *rows);
    }
  });

  auto id = std::make_shared<std::string>();
  auto* show = result->add_subcommand("show", context.t("Show a result and its versions", "查看检测结果及其各版本"));
  show->add_option("RESULT", *id, context.t("Result uuid (or its first characters)", "结果 uuid（或其前几位）"))
      ->required();
  show->callback([&context, id] {
    auto session = open_session(context);
    if (!session) return;
    const auto row = lims::find_result(session->db, *id);
    if (!row) {
      context.exit_code = report(context, row.error());
      return;
    }
    const auto history = lims::result_history(session->db, row->uuid);
    if (!history) {
      context.exit_code = report(context, history.error());
      return;
    }
    if (context.json) {
      for (const auto& r : *history) {
        protocols::JsonWriter json;
        write_result_json(json, r);
        context.out << json.str() << '\n';
      }
      return;
    }
    const auto& r = *row;
    context.out << context.tf("Result {} (version {})\n", "检测结果 {}（第 {} 版）\n", r.uuid, r.version);
    context.out << context.tf("  Sample {} {}; item {} ({}); {} under {}\n",
                              "  样品 {} {}；项目 {}（{}）；方法 {}，依据 {}\n", r.sample_number, r.sample_name,
                              r.item_name, r.item_code, r.method, r.standard);
    context.out << context.tf("  Value {}; limit {}; verdict {}{}\n", "  数值 {}；限值 {}；判定 {}{}\n", value_text(r),
                              r.limit_text.empty() ? "-" : r.limit_text, verdict_word(context, r.verdict),
                              r.device_verdict.empty() ? std::string()
                                                       : context.tf(" (device: {})", "（设备判定：{}）",
                                                                    verdict_word(context, r.device_verdict)));
    context.out << context.tf("  Tester {} {}; reviewer {} {}\n", "  检测员 {} {}；复核人 {} {}\n", r.tester,
                              r.tester_signed_at.empty() ? context.t("(not signed)", "（未签名）") : r.tester_signed_at,
                              r.reviewer.empty() ? "-" : r.reviewer, r.reviewer_signed_at);
    context.out << context.t("  Versions:\n", "  各版本：\n");
    for (const auto& v : *history) {
      context.out << fmt::format("    v{}  {}  {}  {}\n", v.version, value_text(v), verdict_word(context, v.verdict),
                                 v.correction_reason);
    }
  });

  struct SignOptions {
    std::string id, as = "reviewer", decision;
  };
  auto sign = std::make_shared<SignOptions>();
  auto* sign_cmd =
      result->add_subcommand("sign", context.t("Sign a result as tester or reviewer", "以检测员或复核人身份签名"));
  sign_cmd
      ->add_option("RESULT", sign->id, context.t("Result uuid (or its first characters)", "结果 uuid（或其前几位）"))
      ->required();
  sign_cmd->add_option("--as", sign->as, "tester|reviewer")->check(CLI::IsMember({"tester", "reviewer"}));
  sign_cmd->add_option("--decision", sign->decision,
                       context.t("Reviewer's verdict for a result held for review", "待复核结果的复核判定"));
  sign_cmd->callback([&context, sign] {
    const auto decision = parse_verdict(sign->decision);
    if (!sign->decision.empty() && !decision) {
      context.exit_code = bad_verdict(context, "decision", sign->decision);
      return;
    }
    auto session = open_session(context);
    if (!session) return;
    context.exit_code = show_one(
        context, lims::sign_result(session->db, actor(context), sign->id,
                                   sign->as == "tester" ? lims::SignRole::tester : lims::SignRole::reviewer, decision));
  });

  struct CorrectOptions {
    std::string id, reason, verdict;
    std::optional<double> value;
  };
  auto correct = std::make_shared<CorrectOptions>();
  auto* correct_cmd =
      result->add_subcommand("correct", context.t("Record a corrected version of a result", "记录检测结果的更正版本"));
  correct_cmd
      ->add_option("RESULT", correct->id, context.t("Result uuid (or its first characters)", "结果 uuid（或其前几位）"))
      ->required();
  correct_cmd->add_option("--value", correct->value,
                          context.t("Corrected value (judged again)", "更正后的数值（重新判定）"));
  correct_cmd->add_option("--verdict", correct->verdict, "negative|positive|suspect|invalid");
  correct_cmd->add_option("--reason", correct->reason, context.t("Why (required)", "更正原因（必填）"))->required();
  correct_cmd->callback([&context, correct] {
    const auto verdict = parse_verdict(correct->verdict);
    if (!correct->verdict.empty() && !verdict) {
      context.exit_code = bad_verdict(context, "verdict", correct->verdict);
      return;
    }
    auto session = open_session(context);
    if (!session) return;
    const auto rules = lims::make_rulebook(session->config);
    if (!rules) {
      context.exit_code = report(context, rules.error());
      return;
    }
    context.exit_code = show_one(context, lims::correct_result(session->db, actor(context, correct->reason), *rules,
                                                               correct->id, lims::Correction{correct->value, verdict}));
  });

  auto manual = std::make_shared<ManualOptions>();
  auto* add = result->add_subcommand("add", context.t("Enter a result by hand (manual reading, lab method)",
                                                      "手工录入检测结果（手工读数、实验室方法）"));
  add->add_option("--sample", manual->sample, context.t("Sample number", "样品编号"))->required();
  add->add_option("--item", manual->item, context.t("Item code", "项目代码"))->required();
  add->add_option("--value", manual->value,
                  context.t("Value (number, or text such as 未检出)", "数值（或文字，如 未检出）"));
  add->add_option("--unit", manual->unit, context.t("Unit (default: the item's)", "单位（默认：项目的单位）"));
  add->add_option("--verdict", manual->verdict,
                  context.t("Verdict read by eye (strips without a reader)", "目视判定（无读数仪的试纸）"));
  add->add_option("--standard", manual->standard,
                  context.t("Standard (default: the item's)", "检测依据（默认：项目的标准）"));
  add->add_flag("--lab-conclusion", manual->lab_conclusion,
                context.t("The result is a lab's conclusion on a supervisory sample (监督抽检); a non-conforming one "
                          "opens a lab disposal case",
                          "该结果为监督抽检的实验室检验结论；不合格时立即立实验室核查处置案件"));
  add->callback([&context, manual] {
    const auto verdict = parse_verdict(manual->verdict);
    if (!manual->verdict.empty() && !verdict) {
      context.exit_code = bad_verdict(context, "verdict", manual->verdict);
      return;
    }
    auto session = open_session(context);
    if (!session) return;
    const auto rules = lims::make_rulebook(session->config);
    if (!rules) {
      context.exit_code = report(context, rules.error());
      return;
    }
    const auto cases = lims::make_case_rules(session->config);
    if (!cases) {
      context.exit_code = report(context, cases.error());
      return;
    }
    // Checked first so that a typing mistake is refused rather than held.
    if (const auto item = lims::find_item(session->db, manual->item); !item) {
      context.exit_code = report(context, item.error());
      return;
    }
    if (const auto sample = lims::find_sample(session->db, manual->sample); !sample) {
      context.exit_code = report(context, sample.error());
      return;
    }
    // A manual entry is an observation of the built-in "manual" device: the same judgement applies.
    protocols::Observation observation;
    observation.protocol = "manual";
    observation.sample_id = manual->sample;
    observation.item_code = manual->item;
    if (!manual->value.empty()) {
      char* end = nullptr;
      const double number = std::strtod(manual->value.c_str(), &end);
      if (end != nullptr && *end == '\0') {
        observation.value = number;
      } else {
        observation.value = manual->value;
      }
    }
    if (!manual->unit.empty()) observation.unit = manual->unit;
    if (!manual->standard.empty()) observation.standard = manual->standard;
    observation.verdict = verdict;
    const auto ingested =
        lims::ingest_observation(session->db, actor(context), *rules, "manual", observation, std::nullopt,
                                 lims::Provenance{"manual", "", manual->lab_conclusion}, &*cases);
    if (!ingested) {
      context.exit_code = report(context, ingested.error());
      return;
    }
    if (ingested->held) {
      context.exit_code = report(context, Error{make_error_code(lims::Errc::invalid_input), ingested->held_reason});
      return;
    }
    context.exit_code = show_one(context, lims::find_result(session->db, ingested->result_uuid));
    say_case(context, *ingested);
  });
}

}  // namespace kj::cli
