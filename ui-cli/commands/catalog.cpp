// kuaijian catalog show — the test items, commodities and limits in force in the database.
#include <fmt/format.h>

#include <ostream>

#include "lims/catalogue/catalogue_store.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/session.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {
namespace {

int run_catalog_show(Context& context) {
  auto session = open_session(context);
  if (!session) return context.exit_code;
  const auto items = lims::list_items(session->db);
  const auto commodities = lims::list_commodities(session->db);
  const auto limits = lims::list_limits(session->db);
  for (const Error* error : {items ? nullptr : &items.error(), commodities ? nullptr : &commodities.error(),
                             limits ? nullptr : &limits.error()}) {
    if (error) return report(context, *error);
  }
  if (context.json) {
    for (const auto& i : *items) {
      protocols::JsonWriter json;
      json.begin_object().key("kind").value("item").key("code").value(i.code).key("name_zh").value(i.name_zh);
      json.key("name_en").value(i.name_en).key("method").value(i.method).key("standard").value(i.standard);
      json.key("unit").value(i.unit).key("not_detected").value(i.not_detected).end_object();
      context.out << json.str() << '\n';
    }
    for (const auto& l : *limits) {
      protocols::JsonWriter json;
      json.begin_object().key("kind").value("limit").key("commodity").value(l.commodity).key("item").value(l.item);
      json.key("standard").value(l.standard).key("value").value(l.value).key("unit").value(l.unit);
      json.key("effective_from").value(l.effective_from).key("effective_to").value(l.effective_to).end_object();
      context.out << json.str() << '\n';
    }
    return 0;
  }
  context.out << context.t("Test items\n", "检测项目\n");
  Table item_table({context.t("Code", "代码"), context.t("Name", "名称"), context.t("Method", "方法"),
                    context.t("Standard", "检测依据"), context.t("Unit", "单位")});
  for (const auto& i : *items) {
    item_table.add({i.code, context.lang == Lang::zh ? i.name_zh : i.name_en,
                    i.method + (i.not_detected ? context.t(" (not to be detected)", "（不得检出）") : ""), i.standard,
                    i.unit});
  }
  item_table.print(context.out);
  context.out << '\n' << context.t("Commodities\n", "商品\n");
  Table commodity_table({context.t("Category", "大类"), context.t("Subcategory", "小类"), context.t("Name", "名称")});
  for (const auto& c : *commodities) commodity_table.add({c.category, c.subcategory, c.name});
  commodity_table.print(context.out);
  context.out << '\n' << context.t("Limits\n", "限量\n");
  Table limit_table({context.t("Commodity", "商品"), context.t("Item", "项目"), context.t("Limit", "限量"),
                     context.t("Standard", "标准"), context.t("In force", "有效期")});
  for (const auto& l : *limits) {
    limit_table.add({l.commodity, l.item, fmt::format("{} {}", l.value, l.unit), l.standard,
                     l.effective_from + " – " + (l.effective_to.empty() ? context.t("now", "至今") : l.effective_to)});
  }
  limit_table.print(context.out);
  return 0;
}

}  // namespace

void register_catalog(CLI::App& app, Context& context) {
  auto* catalog = app.add_subcommand("catalog", context.t("The catalogue of items and limits", "检测项目与限量目录"));
  catalog->require_subcommand(1);
  auto* show = catalog->add_subcommand("show", context.t("Show items, commodities and limits", "显示项目、商品与限量"));
  show->callback([&context] { context.exit_code = run_catalog_show(context); });
}

}  // namespace kj::cli
