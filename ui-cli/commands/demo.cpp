// kuaijian demo — the main job, on the embedded SQLite default. It grows with each capability
// and only ever shows what is really built: today it creates a fresh database in a new data
// folder, loads config/, and reports what it set up.
#include <fmt/format.h>

#include <cstdlib>
#include <ostream>

#include "lims/config/config.hpp"
#include "lims/store.hpp"
#include "protocols/json_writer.hpp"
#include "protocols/registry.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/config_summary.hpp"

namespace kj::cli {
namespace {

Result<std::filesystem::path> make_demo_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kuaijian-demo-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return make_error(make_error_code(lims::Errc::database_unavailable),
                      "cannot create a demo data folder in " + std::filesystem::temp_directory_path().string(),
                      "无法在 " + std::filesystem::temp_directory_path().string() + " 中创建演示数据文件夹");
  }
  return std::filesystem::path(pattern);
}

int run_demo(Context& context) {
  const auto config = lims::config::load_config(context.config_dir());
  if (!config) return report(context, config.error());
  const auto dir = make_demo_dir();
  if (!dir) return report(context, dir.error());
  const auto db_path = *dir / "kuaijian.db";
  lims::StoreInfo info;
  auto db = lims::open_store(db_path, /*create=*/true, &info);
  if (!db) return report(context, db.error());
  if (auto recorded = lims::record_installation(*db, config->installation, Context::now()); !recorded) {
    return report(context, recorded.error());
  }

  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object();
    json.key("data_dir").value(dir->string());
    json.key("db").value(db_path.string());
    json.key("schema_version").value(info.schema_version);
    json.key("config");
    write_config_summary(json, *config);
    json.key("protocols").begin_array();
    for (const auto& p : protocols::known_protocols()) json.value(p.name);
    json.end_array();
    json.end_object();
    context.out << json.str() << '\n';
    return 0;
  }
  auto& out = context.out;
  out << context.t("kuaijian demo\n", "快检演示\n");
  out << context.tf("1. Created a fresh data folder: {}\n", "1. 新建数据文件夹：{}\n", dir->string());
  out << context.tf("2. Created the database {} (embedded SQLite, schema version {}).\n",
                    "2. 新建数据库 {}（内置 SQLite，结构版本 {}）。\n", db_path.string(), info.schema_version);
  out << context.t("3. Loaded and validated the configuration:\n", "3. 读取并校验配置：\n");
  print_config_summary(context, *config);
  out << context.tf("4. Protocols known to this build: {}\n", "4. 本程序支持的协议：{}\n", [] {
    std::string names;
    for (const auto& p : protocols::known_protocols()) names += (names.empty() ? "" : ", ") + std::string(p.name);
    return names;
  }());
  out << context.tf("The demo data stays in {} for you to inspect; delete it when done.\n",
                    "演示数据保留在 {}，可供查看，用完请删除。\n", dir->string());
  return 0;
}

}  // namespace

void register_demo(CLI::App& app, Context& context) {
  auto* demo = app.add_subcommand("demo", context.t("Run the demonstration on a fresh database",
                                                    "在新数据库上运行演示"));
  demo->callback([&context] { context.exit_code = run_demo(context); });
}

}  // namespace kj::cli
