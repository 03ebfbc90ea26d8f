// The one table that maps every error code of every layer to a CLI exit code and an HTTP
// status (for the hub). Documented in the README; scripts and cron jobs rely on it.
#pragma once

#include <span>
#include <string_view>
#include <system_error>

namespace kj::cli {

namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int attention = 1;  // the command worked and found something to act on (overdue cases)
inline constexpr int usage = 2;      // unknown option or subcommand, bad argument, unreadable input file
inline constexpr int rejected_frames = 3;  // decode: some frames were rejected, the good ones printed
inline constexpr int invalid_input = 4;
inline constexpr int config_invalid = 5;
inline constexpr int database = 6;
inline constexpr int not_found = 7;
inline constexpr int conflict = 8;
inline constexpr int device = 9;
inline constexpr int integrity = 10;
inline constexpr int internal = 70;
}  // namespace exit_code

struct ExitInfo {
  std::string_view name;  // stable machine name, e.g. "config_invalid"
  int exit_code;
  int http_status;
};

// The row for `code`; an unknown code maps to the internal-error row.
const ExitInfo& exit_info(std::error_code code);

}  // namespace kj::cli
