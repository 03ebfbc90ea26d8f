// The county hub's own database schema: numbered migrations kept in code (the hub's database is
// not the booth's), applied by the same storage::migrate as the booth's.
#pragma once

#include <span>

#include "lims/storage/migrations.hpp"

namespace kj::lims::hub {

std::span<const storage::Migration> hub_migrations();

}  // namespace kj::lims::hub
