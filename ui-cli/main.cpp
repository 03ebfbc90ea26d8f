// kuaijian: builds the object graph (context, subcommands), parses the command line, and maps
// every failure to one line in the user's language and an exit code (ui-cli/exit_codes.hpp).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "ui-cli/commands/commands.hpp"
#include "ui-cli/context.hpp"
#include "ui-cli/exit_codes.hpp"
#include "ui-cli/i18n.hpp"

int main(int argc, char** argv) {
  using kj::cli::Context;
  Context context(std::cout, std::cerr);
  context.lang = kj::cli::detect_lang(argc, argv);

  CLI::App app{context.t("kuaijian — food-safety rapid testing for county markets: analyzers, results, "
                         "disposal cases and the county hub.",
                         "快检 — 县域农贸市场食品安全快速检测：检测设备、检测结果、核查处置与县级汇总。"),
               "kuaijian"};
  app.get_formatter()->column_width(34);
  kj::cli::localize_help(app, context.lang);
  app.set_help_flag("-h,--help", context.t("Show this help and exit", "显示帮助并退出"));
  app.set_version_flag("--version", std::string("kuaijian ") + KJ_VERSION,
                       context.t("Show the version and exit", "显示版本并退出"));
  // Option groups are headings in --help; set before any option is added.
  app.option_defaults()->group(context.t("Options", "选项"));
  std::string lang_text;
  app.add_option(
         "--lang", lang_text,
         context.t("Language of messages: zh or en (default: from LANG)", "提示语言：zh 或 en（默认取自 LANG）"))
      ->check(CLI::IsMember({"zh", "en"}));
  app.add_flag("--json", context.json, context.t("Machine-readable JSON output", "输出机器可读的 JSON"));
  app.add_option(
      "--db", context.db_option,
      context.t("Database file (default: $KJ_HOME/kuaijian.db)", "数据库文件（默认：$KJ_HOME/kuaijian.db）"));
  app.add_option("--config", context.config_option,
                 context.t("Config folder (default: $KJ_CONFIG, ./config, or the built-in one)",
                           "配置文件夹（默认：$KJ_CONFIG、./config 或内置配置）"));
  app.add_option("--user", context.user_option,
                 context.t("Who is acting, for the audit trail (default: $KJ_USER, else $USER)",
                           "操作人，记入审计记录（默认：$KJ_USER，其次 $USER）"));
  app.require_subcommand(1);
  kj::cli::register_all(app, context);
  for (auto* sub : app.get_subcommands({})) {
    sub->group(context.t("Subcommands", "子命令"));
    kj::cli::localize_help(*sub, context.lang);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    context.err << "kuaijian: " << kj::cli::describe_parse_error(error, context.lang) << '\n';
    return kj::cli::exit_code::usage;
  } catch (const std::exception& error) {
    // Only a broken invariant gets here; say so plainly rather than crash.
    context.err << "kuaijian: " << context.t("internal error: ", "内部错误：") << error.what() << '\n';
    return kj::cli::exit_code::internal;
  }
  return context.exit_code;
}
