// kuaijian config check [PATH] — loads and validates a config folder and says what it holds.
#include <fmt/format.h>

#include <memory>
#include <ostream>

#include "lims/cases/case_rules.hpp"
#include "lims/config/config.hpp"
#include "lims/judgement/rulebook.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/config_summary.hpp"

namespace kj::cli {
namespace {

struct ConfigCheckOptions {
  std::string path;
};

int run_config_check(Context& context, const ConfigCheckOptions& options) {
  const auto dir = options.path.empty() ? context.config_dir() : std::filesystem::path(options.path);
  const auto config = lims::config::load_config(dir);
  if (!config) return report(context, config.error());
  // The files parse; now the rules built from them must hold together too (judgement rules,
  // deadline rules against the case state machine), as every command that uses them needs.
  if (const auto rules = lims::make_rulebook(*config); !rules) return report(context, rules.error());
  if (const auto cases = lims::make_case_rules(*config); !cases) return report(context, cases.error());
  if (context.json) {
    protocols::JsonWriter json;
    write_config_summary(json, *config);
    context.out << json.str() << '\n';
  } else {
    print_config_summary(context, *config);
    context.out << context.t("Config is valid.", "配置有效。") << '\n';
  }
  return 0;
}

}  // namespace

void register_config(CLI::App& app, Context& context) {
  auto* config = app.add_subcommand("config", context.t("Check the config files", "检查配置文件"));
  config->require_subcommand(1);
  auto options = std::make_shared<ConfigCheckOptions>();
  auto* check = config->add_subcommand(
      "check", context.t("Validate a config folder and summarise it", "校验配置文件夹并列出其内容"));
  check->add_option("PATH", options->path,
                    context.t("Config folder (default: the one in use)", "配置文件夹（默认：当前使用的配置）"));
  check->callback([&context, options] { context.exit_code = run_config_check(context, *options); });
}

}  // namespace kj::cli
