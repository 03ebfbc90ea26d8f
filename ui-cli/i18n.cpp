#include "ui-cli/i18n.hpp"

#include <cstdlib>
#include <optional>
#include <string_view>

namespace kj::cli {
namespace {

std::optional<Lang> lang_from_text(std::string_view text) {
  if (text.starts_with("zh")) return Lang::zh;
  if (text.starts_with("en")) return Lang::en;
  return std::nullopt;
}

}  // namespace

Lang detect_lang(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) {
      if (auto lang = lang_from_text(argv[i + 1])) return *lang;
    }
    if (arg.starts_with("--lang=")) {
      if (auto lang = lang_from_text(arg.substr(7))) return *lang;
    }
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    const std::string_view locale = value;
    if (locale == "C" || locale == "POSIX" || locale.starts_with("C.")) return Lang::zh;
    return locale.starts_with("zh") ? Lang::zh : Lang::en;
  }
  return Lang::zh;
}

void localize_help(CLI::App& app, Lang lang) {
  if (lang != Lang::zh) return;
  auto formatter = app.get_formatter();
  formatter->label("Usage", "用法");
  formatter->label("OPTIONS", "选项");
  formatter->label("SUBCOMMAND", "子命令");
  formatter->label("SUBCOMMANDS", "子命令");
  formatter->label("Positionals", "位置参数");
  formatter->label("REQUIRED", "必填");
  formatter->label("Env", "环境变量");
  formatter->label("Needs", "需要");
  formatter->label("Excludes", "排除");
}

std::string describe_parse_error(const CLI::ParseError& error, Lang lang) {
  const std::string detail = error.what();
  if (lang == Lang::en) return detail + " (see --help)";
  // Matched by type: CLI11 does not always give its errors their class name.
  std::string what = "命令行用法错误";
  if (dynamic_cast<const CLI::ExtrasError*>(&error)) what = "无法识别的参数";
  if (dynamic_cast<const CLI::RequiredError*>(&error)) what = "缺少必需的参数或子命令";
  if (dynamic_cast<const CLI::ValidationError*>(&error) || dynamic_cast<const CLI::ConversionError*>(&error)) {
    what = "参数值无效";
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error)) what = "参数个数不对";
  if (dynamic_cast<const CLI::ExcludesError*>(&error)) what = "参数不能同时使用";
  if (dynamic_cast<const CLI::RequiresError*>(&error)) what = "参数需要与其他参数一起使用";
  return what + "（" + detail + "）；用 --help 查看用法";
}

}  // namespace kj::cli
