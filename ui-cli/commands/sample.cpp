// kuaijian sample register|list — samples bought or taken at a market. Missing required
// fields are asked for when standard input is a terminal.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "lims/samples/samples.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

// Asks for a value on the terminal; empty when stdin is not a terminal or nothing was typed.
std::string ask(Context& context, const char* en, const char* zh) {
  if (isatty(STDIN_FILENO) == 0) return {};
  context.out << context.t(en, zh) << ": " << std::flush;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

int run_register(Context& context, lims::SampleInput input, const std::string& qr) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  if (input.name.empty()) input.name = ask(context, "Sample name (e.g. 韭菜)", "样品名称（例如 韭菜）");
  if (input.market.empty()) input.market = ask(context, "Market code", "市场代码");
  if (input.stall.empty() && !input.market.empty()) input.stall = ask(context, "Stall number", "摊位号");
  if (!qr.empty()) input.certificate = qr;
  const auto registered =
      lims::register_sample(session->db, actor(context), input, session->config.installation.utc_offset);
  if (!registered) return report(context, registered.error());
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("number").value(registered->number).key("id").value(registered->id.value).end_object();
    context.out << json.str() << '\n';
  } else {
    context.out << context.tf("Registered sample {} ({}).\n", "已登记样品 {}（{}）。\n", registered->number,
                              input.name);
  }
  return 0;
}

}  // namespace

void register_sample(CLI::App& app, Context& context) {
  auto* sample = app.add_subcommand("sample", context.t("Samples: register, list", "样品：登记、列出"));
  sample->require_subcommand(1);
  auto input = std::make_shared<lims::SampleInput>();
  auto qr = std::make_shared<std::string>();
  auto* reg = sample->add_subcommand("register", context.t("Register a sample", "登记样品"));
  reg->add_option("--number", input->number,
                  context.t("Sample number (default: generated)", "样品编号（默认自动生成）"));
  reg->add_option("--name", input->name, context.t("Sample name, e.g. 韭菜", "样品名称，例如 韭菜"));
  reg->add_option("--category", input->category,
                  context.t("Food category, when the name is not in the catalogue", "食品类别（名称不在目录中时）"));
  reg->add_option("--market", input->market, context.t("Market code", "市场代码"));
  reg->add_option("--stall", input->stall, context.t("Stall number", "摊位号"));
  reg->add_option("--origin", input->origin, context.t("Origin (产地)", "产地"));
  reg->add_option("--supplier", input->supplier, context.t("Supplier", "供货者"));
  reg->add_option("--supplier-contact", input->supplier_contact, context.t("Supplier's phone", "供货者电话"));
  reg->add_option("--purchase-date", input->purchase_date,
                  context.t("Purchase date YYYY-MM-DD", "进货日期 YYYY-MM-DD"));
  reg->add_option("--quantity", input->quantity, context.t("Quantity", "数量"));
  reg->add_option("--unit", input->quantity_unit, context.t("Unit of the quantity", "数量单位"));
  reg->add_option("--certificate", input->certificate,
                  context.t("Certificate (承诺达标合格证) number", "承诺达标合格证编号"));
  reg->add_option("--certificate-qr", *qr, context.t("Text of the certificate's QR code", "合格证二维码内容"));
  reg->add_option("--source", input->source, "routine|plan_task|event_order|walk_in|complaint");
  reg->add_option("--task", input->task,
                  context.t("Plan task id (source plan_task)", "抽检任务编号（来源为 plan_task）"));
  reg->add_option("--sampled-at", input->sampled_at,
                  context.t("Sampling time (default: now)", "抽样时间（默认：现在）"));
  reg->add_option("--sampler", input->sampler, context.t("Sampler (default: --user)", "抽样人（默认：--user）"));
  reg->callback([&context, input, qr] { context.exit_code = run_register(context, *input, *qr); });

  auto market = std::make_shared<std::string>();
  auto* list = sample->add_subcommand("list", context.t("List samples", "列出样品"));
  list->add_option("--market", *market, context.t("Only this market (code)", "仅此市场（代码）"));
  list->callback([&context, market] {
    auto session = open_session(context);
    if (!session) return;
    const auto samples = lims::list_samples(session->db, *market);
    if (!samples) {
      context.exit_code = report(context, samples.error());
      return;
    }
    Table table({context.t("Number", "编号"), context.t("Name", "名称"), context.t("Category", "类别"),
                 context.t("Market", "市场"), context.t("Stall", "摊位"), context.t("Vendor", "经营户"),
                 context.t("Sampled", "抽样时间")});
    for (const auto& s : *samples) {
      if (context.json) {
        protocols::JsonWriter json;
        json.begin_object().key("number").value(s.number).key("uuid").value(s.uuid).key("name").value(s.name);
        json.key("category").value(s.category).key("market").value(s.market).key("stall").value(s.stall);
        json.key("vendor").value(s.vendor).key("source").value(s.source).key("sampled_at").value(s.sampled_at);
        json.key("certificate").value(s.certificate).end_object();
        context.out << json.str() << '\n';
      }
      table.add({s.number, s.name, s.category, s.market, s.stall, s.vendor, s.sampled_at});
    }
    if (!context.json) table.print(context.out);
  });
}

}  // namespace kj::cli
