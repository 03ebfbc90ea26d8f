#include "ui-cli/session.hpp"

#include "lims/store.hpp"

namespace kj::cli {

std::optional<Session> open_session(Context& context) {
  auto config = lims::config::load_config(context.config_dir());
  if (!config) {
    context.exit_code = report(context, config.error());
    return std::nullopt;
  }
  auto db = lims::open_store(context.db_path(), /*create=*/false);
  if (!db) {
    context.exit_code = report(context, db.error());
    return std::nullopt;
  }
  context.utc_offset = config->installation.utc_offset;
  return Session{std::move(*config), std::move(*db)};
}

lims::Actor actor(const Context& context, std::string reason) {
  return lims::Actor{context.user(), Context::now(), std::move(reason)};
}

}  // namespace kj::cli
