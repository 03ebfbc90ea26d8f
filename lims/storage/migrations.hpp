// Schema migrations: numbered SQL scripts (lims/storage/migrations/NNNN_name.sql) embedded at
// build time. Each is applied with its PRAGMA user_version bump in one BEGIN IMMEDIATE
// transaction, so a failing migration leaves the database exactly as it was.
#pragma once

#include <span>
#include <string_view>

#include "lims/storage/database.hpp"

namespace kj::lims::storage {

struct Migration {
  int version;  // 1, 2, 3 … without gaps
  std::string_view name;
  std::string_view sql;
};

// The migrations compiled into this program, in version order.
std::span<const Migration> embedded_migrations();

struct MigrationReport {
  int from_version;
  int to_version;
};

// Brings `db` to the newest version in `migrations`. Refuses a database newer than the program.
Result<MigrationReport> migrate(Database& db, std::span<const Migration> migrations = embedded_migrations());

}  // namespace kj::lims::storage
