// What every subcommand receives: the user's language, output mode, where the database and
// config live, and the streams to write to. Built once in main and passed by reference.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <string>

#include "protocols/result.hpp"

namespace kj::cli {

struct Context {
  Context(std::ostream& out_stream, std::ostream& err_stream) : out(out_stream), err(err_stream) {}

  Lang lang = Lang::zh;
  bool json = false;
  std::string db_option;      // --db, empty when not given
  std::string config_option;  // --config, empty when not given
  std::string user_option;    // --user, empty when not given
  // The booth's offset from UTC for times shown to people (config/kuaijian.json sets it when a
  // command loads config; Asia/Shanghai until then). Stored times stay UTC.
  std::chrono::minutes utc_offset{8 * 60};
  std::ostream& out;
  std::ostream& err;
  int exit_code = 0;

  // Picks the text of the user's language.
  [[nodiscard]] const char* t(const char* en, const char* zh) const { return lang == Lang::zh ? zh : en; }
  [[nodiscard]] const std::string& t(const Text& text) const { return text.in(lang); }
  // Formats the text of the user's language with fmt: tf("{} results", "{} 条结果", n).
  template <class... Args>
  [[nodiscard]] std::string tf(const char* en, const char* zh, Args&&... args) const {
    return fmt::format(fmt::runtime(t(en, zh)), std::forward<Args>(args)...);
  }

  [[nodiscard]] std::filesystem::path db_path() const;
  [[nodiscard]] std::filesystem::path config_dir() const;
  // Who is acting: --user, else $KJ_USER, else $USER; recorded in the audit trail.
  [[nodiscard]] std::string user() const;
  [[nodiscard]] static std::chrono::sys_seconds now();
};

// Writes `error` as one line on stderr (JSON with --json) and returns its exit code.
int report(const Context& context, const Error& error);

}  // namespace kj::cli
