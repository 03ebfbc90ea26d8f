// kuaijian market|stall|vendor add|list — where samples come from.
#include <memory>
#include <ostream>

#include "lims/places/places.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

// Prints a new record's id line, or reports the error; returns the exit code.
template <class IdT>
int added(Context& context, const Result<IdT>& id, const char* what_en, const char* what_zh, const std::string& key) {
  if (!id) return report(context, id.error());
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("id").value(id->value).key("key").value(key).end_object();
    context.out << json.str() << '\n';
  } else {
    context.out << context.tf("Added {} {}.\n", "已添加{}：{}。\n", context.t(what_en, what_zh), key);
  }
  return 0;
}

void register_market(CLI::App& app, Context& context) {
  auto* market = app.add_subcommand("market", context.t("Markets: add, list", "市场：添加、列出"));
  market->require_subcommand(1);
  auto input = std::make_shared<lims::MarketInput>();
  auto* add = market->add_subcommand("add", context.t("Register a market", "登记市场"));
  add->add_option("--code", input->code, context.t("Market code (letters, digits)", "市场代码（字母、数字）"))
      ->required();
  add->add_option("--name", input->name, context.t("Market name", "市场名称"))->required();
  add->add_option("--township", input->township, context.t("Township or subdistrict", "所属镇乡/街道"));
  add->add_option("--kind", input->kind, "farmers_market|supermarket|canteen|producer|other");
  add->add_option("--address", input->address, context.t("Address", "地址"));
  add->callback([&context, input] {
    auto session = open_session(context);
    if (!session) return;
    context.exit_code =
        added(context, lims::add_market(session->db, actor(context), *input), "market", "市场", input->code);
  });
  auto* list = market->add_subcommand("list", context.t("List markets", "列出市场"));
  list->callback([&context] {
    auto session = open_session(context);
    if (!session) return;
    const auto markets = lims::list_markets(session->db);
    if (!markets) {
      context.exit_code = report(context, markets.error());
      return;
    }
    Table table({context.t("Code", "代码"), context.t("Name", "名称"), context.t("Township", "镇乡/街道"),
                 context.t("Kind", "类型")});
    for (const auto& m : *markets) {
      if (context.json) {
        protocols::JsonWriter json;
        json.begin_object().key("code").value(m.code).key("name").value(m.name).key("township").value(m.township);
        json.key("kind").value(m.kind).key("uuid").value(m.uuid).end_object();
        context.out << json.str() << '\n';
      }
      table.add({m.code, m.name, m.township, m.kind});
    }
    if (!context.json) table.print(context.out);
  });
}

void register_vendor(CLI::App& app, Context& context) {
  auto* vendor = app.add_subcommand("vendor", context.t("Vendors: add, list", "经营户：添加、列出"));
  vendor->require_subcommand(1);
  auto input = std::make_shared<lims::VendorInput>();
  auto* add = vendor->add_subcommand("add", context.t("Register a vendor", "登记经营户"));
  add->add_option("--name", input->name, context.t("Vendor name", "经营户名称"))->required();
  add->add_option("--id-number", input->id_number,
                  context.t("ID card number or unified social credit code", "身份证号或统一社会信用代码"));
  add->add_option("--phone", input->phone, context.t("Phone", "电话"));
  add->callback([&context, input] {
    auto session = open_session(context);
    if (!session) return;
    context.exit_code =
        added(context, lims::add_vendor(session->db, actor(context), *input), "vendor", "经营户", input->name);
  });
  auto* list = vendor->add_subcommand("list", context.t("List vendors", "列出经营户"));
  list->callback([&context] {
    auto session = open_session(context);
    if (!session) return;
    const auto vendors = lims::list_vendors(session->db);
    if (!vendors) {
      context.exit_code = report(context, vendors.error());
      return;
    }
    Table table({context.t("Name", "名称"), context.t("ID number", "证件号"), context.t("Phone", "电话")});
    for (const auto& v : *vendors) {
      if (context.json) {
        protocols::JsonWriter json;
        json.begin_object().key("name").value(v.name).key("id_number").value(v.id_number);
        json.key("phone").value(v.phone).key("uuid").value(v.uuid).end_object();
        context.out << json.str() << '\n';
      }
      table.add({v.name, v.id_number, v.phone});
    }
    if (!context.json) table.print(context.out);
  });
}

void register_stall(CLI::App& app, Context& context) {
  auto* stall = app.add_subcommand("stall", context.t("Stalls: add, list", "摊位：添加、列出"));
  stall->require_subcommand(1);
  auto input = std::make_shared<lims::StallInput>();
  auto* add = stall->add_subcommand("add", context.t("Register a stall", "登记摊位"));
  add->add_option("--market", input->market, context.t("Market code", "市场代码"))->required();
  add->add_option("--number", input->number, context.t("Stall number", "摊位号"))->required();
  add->add_option("--vendor", input->vendor, context.t("Vendor name", "经营户名称"));
  add->add_option("--vendor-id-number", input->vendor_id_number,
                  context.t("Vendor ID number, when several share the name", "经营户证件号（重名时）"));
  add->callback([&context, input] {
    auto session = open_session(context);
    if (!session) return;
    context.exit_code = added(context, lims::add_stall(session->db, actor(context), *input), "stall", "摊位",
                              input->market + "/" + input->number);
  });
  auto market = std::make_shared<std::string>();
  auto* list = stall->add_subcommand("list", context.t("List stalls", "列出摊位"));
  list->add_option("--market", *market, context.t("Only this market (code)", "仅此市场（代码）"));
  list->callback([&context, market] {
    auto session = open_session(context);
    if (!session) return;
    const auto stalls = lims::list_stalls(session->db, *market);
    if (!stalls) {
      context.exit_code = report(context, stalls.error());
      return;
    }
    Table table({context.t("Market", "市场"), context.t("Stall", "摊位"), context.t("Vendor", "经营户")});
    for (const auto& s : *stalls) {
      if (context.json) {
        protocols::JsonWriter json;
        json.begin_object().key("market").value(s.market_code).key("number").value(s.number);
        json.key("vendor").value(s.vendor).key("uuid").value(s.uuid).end_object();
        context.out << json.str() << '\n';
      }
      table.add({s.market_name + " (" + s.market_code + ")", s.number, s.vendor});
    }
    if (!context.json) table.print(context.out);
  });
}

}  // namespace

void register_places(CLI::App& app, Context& context) {
  register_market(app, context);
  register_stall(app, context);
  register_vendor(app, context);
}

}  // namespace kj::cli
