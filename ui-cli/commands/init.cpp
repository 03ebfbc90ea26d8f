// kuaijian init — creates (or upgrades) the booth's database and records the installation.
#include <fmt/format.h>

#include <ostream>

#include "lims/catalogue/catalogue_store.hpp"
#include "lims/config/config.hpp"
#include "lims/store.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/commands/commands.hpp"

namespace kj::cli {
namespace {

int run_init(Context& context) {
  const auto config = lims::config::load_config(context.config_dir());
  if (!config) return report(context, config.error());
  const auto path = context.db_path();
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  lims::StoreInfo info;
  auto db = lims::open_store(path, /*create=*/true, &info);
  if (!db) return report(context, db.error());
  if (auto recorded = lims::record_installation(*db, config->installation, Context::now()); !recorded) {
    return report(context, recorded.error());
  }
  const auto synced = lims::sync_catalogue(*db, *config);
  if (!synced) return report(context, synced.error());
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object().key("db").value(path.string()).key("schema_version").value(info.schema_version);
    json.key("migrated_from").value(info.migrated_from);
    json.key("items").value(synced->items).key("limits").value(synced->limits).key("devices").value(synced->devices);
    json.end_object();
    context.out << json.str() << '\n';
  } else if (info.migrated_from == info.schema_version) {
    context.out << context.tf("Database {} is up to date (schema version {}).\n",
                              "数据库 {} 已是最新（结构版本 {}）。\n", path.string(), info.schema_version);
  } else {
    context.out << context.tf("Database {} ready: schema version {} (was {}).\n",
                              "数据库 {} 已就绪：结构版本 {}（原为 {}）。\n", path.string(), info.schema_version,
                              info.migrated_from);
  }
  if (!context.json) {
    context.out << context.tf("Catalogue from {}: {} items, {} commodities, {} limits, {} devices.\n",
                              "目录来自 {}：{} 个检测项目、{} 种商品、{} 条限量、{} 台设备。\n", config->dir.string(),
                              synced->items, synced->commodities, synced->limits, synced->devices);
  }
  return 0;
}

}  // namespace

void register_init(CLI::App& app, Context& context) {
  auto* init = app.add_subcommand("init", context.t("Create or upgrade the database", "创建或升级数据库"));
  init->callback([&context] { context.exit_code = run_init(context); });
}

}  // namespace kj::cli
