#include "ui-cli/context.hpp"

#include <cstdlib>
#include <ostream>
#include <stdexcept>
#include <string>

#include "lims/time.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/exit_codes.hpp"

namespace kj::cli {
namespace {

std::filesystem::path data_dir() {
  if (const char* home = std::getenv("KJ_HOME"); home && *home) return home;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "kuaijian";
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".local" / "share" / "kuaijian";
  }
  return std::filesystem::current_path();
}

}  // namespace

std::filesystem::path Context::db_path() const {
  if (!db_option.empty()) return db_option;
  return data_dir() / "kuaijian.db";
}

std::filesystem::path Context::config_dir() const {
  if (!config_option.empty()) return config_option;
  if (const char* dir = std::getenv("KJ_CONFIG"); dir && *dir) return dir;
  if (std::filesystem::exists("config/kuaijian.json")) return "config";
  return KJ_DEFAULT_CONFIG_DIR;
}

std::string Context::user() const {
  if (!user_option.empty()) return user_option;
  for (const char* name : {"KJ_USER", "USER", "LOGNAME"}) {
    if (const char* value = std::getenv(name); value && *value) return value;
  }
  return "operator";
}

// KJ_NOW (ISO 8601, e.g. 2025-09-26T09:00:00+08:00; without an offset Beijing time is meant)
// replaces the clock — for tests and demonstrations only, so deadlines, overdue cases and
// alerts can be shown without waiting for them. Everything recorded then carries that time.
std::chrono::sys_seconds Context::now() {
  if (const char* fixed = std::getenv("KJ_NOW"); fixed && *fixed) {
    if (auto t = lims::parse_iso8601(fixed, std::chrono::hours(8))) return *t;
    throw std::invalid_argument(
        std::string("KJ_NOW: expected an ISO 8601 time such as 2025-09-26T09:00:00+08:00 (got \"") + fixed + "\")");
  }
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

int report(const Context& context, const Error& error) {
  const ExitInfo& info = exit_info(error.code);
  if (context.json) {
    protocols::JsonWriter json;
    json.begin_object();
    json.key("error").value(error.detail.en);
    json.key("error_zh").value(error.detail.zh);
    json.key("code").value(info.name);
    json.key("exit").value(info.exit_code);
    json.end_object();
    context.err << json.str() << '\n';
  } else {
    context.err << "kuaijian: " << error.detail.in(context.lang) << '\n';
  }
  return info.exit_code;
}

}  // namespace kj::cli
