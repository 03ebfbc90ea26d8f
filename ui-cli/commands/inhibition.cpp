// kuaijian inhibition --control A0,A3 --sample A0,A3 [--standard …] — the inhibition rate of a
// manual photometer reading: ΔA of control and sample, the rate, and the verdict.
#include <fmt/format.h>

#include <memory>
#include <ostream>
#include <sstream>

#include "lims/judgement/batch_qc.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/judgement/verdict_text.hpp"
#include "lims/records/validate.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"

namespace kj::cli {
namespace {

struct InhibitionOptions {
  std::string control, sample, standard = "GB/T 5009.199-2003";
};

// "0.13966,0.32331" → A0, A3.
Result<lims::AbsorbancePair> parse_pair(const std::string& field, const std::string& text) {
  std::istringstream in(text);
  double a0 = 0, a3 = 0;
  char comma = 0;
  if (!(in >> a0 >> comma >> a3) || comma != ',' || !in.eof() || !std::isfinite(a0) || !std::isfinite(a3)) {
    return lims::invalid_field(field, "two absorbances A0,A3 such as 0.13966,0.32331",
                               "两个吸光度 A0,A3，例如 0.13966,0.32331", text);
  }
  return lims::AbsorbancePair{lims::Absorbance(a0), lims::Absorbance(a3)};
}

int run_inhibition(Context& context, const InhibitionOptions& options) {
  const auto control = parse_pair("--control", options.control);
  if (!control) return report(context, control.error());
  const auto sample = parse_pair("--sample", options.sample);
  if (!sample) return report(context, sample.error());
  // The standards come from config/judgement.json; without a readable config the built-in ones serve.
  std::vector<lims::InhibitionStandard> standards = lims::default_inhibition_standards();
  if (const auto config = lims::config::load_config(context.config_dir())) {
    if (const auto rules = lims::make_rulebook(*config)) standards = rules->inhibition;
  }
  const auto standard = lims::find_inhibition_standard(standards, options.standard);
  if (!standard) return report(context, standard.error());
  const lims::DeltaA delta_control = lims::delta_absorbance(*control);
  const lims::DeltaA delta_sample = lims::delta_absorbance(*sample);
  const std::vector<lims::DeltaA> samples{delta_sample};
  const auto batch = lims::judge_inhibition_batch(delta_control, samples, *standard);
  if (!batch) return report(context, batch.error());
  const auto& outcome = batch->samples.front();
  // The rate's verdict is what this calculator answers; the control check is reported beside it:
  // a run with such a control would be invalid under the batch rule (policy, judgement.json).
  const auto& verdict = outcome.rate_verdict;
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object();
    json.key("standard").value(standard->name);
    if (delta_control.value) json.key("delta_control").value(delta_control.value->value());
    if (delta_sample.value) json.key("delta_sample").value(delta_sample.value->value());
    if (verdict.shown) json.key("inhibition_pct").value(verdict.shown->value());
    json.key("verdict").value(protocols::to_string(verdict.verdict));
    json.key("limit").value(lims::limit_text(*standard));
    json.key("control_valid").value(batch->qc.passed());
    if (!batch->qc.passed()) json.key("control_note").value(batch->qc.reason.en);
    json.end_object();
    context.out << json.str() << '\n';
    return 0;
  }
  context.out << context.tf("Standard: {} (positive at or above {}%)\n", "检测依据：{}（抑制率 ≥ {}% 为阳性）\n",
                            standard->name, standard->positive_at_or_above.value());
  context.out << context.tf("ΔA control: {}\n", "对照 ΔA：{}\n", lims::display_text(delta_control));
  context.out << context.tf("ΔA sample:  {}\n", "样品 ΔA：{}\n", lims::display_text(delta_sample));
  context.out << context.tf("Inhibition rate: {}\n", "抑制率：{}\n", lims::display_text(outcome.inhibition));
  context.out << context.tf("Verdict: {} ({})\n", "判定：{}（{}）\n", context.t(lims::result_text(verdict.verdict)),
                            context.t(lims::conformity_text(verdict.verdict)));
  if (!batch->qc.passed()) {
    context.out << context.tf("Note: {}; a batch with this control would be invalid.\n",
                              "注意：{}；使用该对照的批次将判为无效。\n", context.t(batch->qc.reason));
  }
  return 0;
}

}  // namespace

void register_inhibition(CLI::App& app, Context& context) {
  auto options = std::make_shared<InhibitionOptions>();
  auto* cmd = app.add_subcommand(
      "inhibition", context.t("Inhibition rate of a manual photometer reading", "手工吸光度读数的抑制率计算"));
  cmd->add_option("--control", options->control, context.t("Control absorbances A0,A3", "对照吸光度 A0,A3"))
      ->required();
  cmd->add_option("--sample", options->sample, context.t("Sample absorbances A0,A3", "样品吸光度 A0,A3"))->required();
  cmd->add_option("--standard", options->standard,
                  context.t("Standard (default GB/T 5009.199-2003)", "检测依据（默认 GB/T 5009.199-2003）"));
  cmd->callback([&context, options] { context.exit_code = run_inhibition(context, *options); });
}

}  // namespace kj::cli
