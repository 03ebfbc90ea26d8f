// What most subcommands start with: the loaded config and the open database, or the error
// already reported (with its exit code) to the user.
#pragma once

#include <optional>

#include "lims/config/config.hpp"
#include "lims/records/change_log.hpp"
#include "lims/storage/database.hpp"
#include "ui-cli/context.hpp"

namespace kj::cli {

struct Session {
  lims::config::Config config;
  lims::storage::Database db;
};

// Loads config and opens the existing database (it must have been created by `kuaijian init`).
// On failure reports the error and sets context.exit_code; returns nothing.
std::optional<Session> open_session(Context& context);

// The acting user and the time, for records; `reason` where the action needs one.
lims::Actor actor(const Context& context, std::string reason = {});

}  // namespace kj::cli
