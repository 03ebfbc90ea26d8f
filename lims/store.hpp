// Opening the booth's database: open (creating it if asked), bring the schema up to date,
// and read or write the installation record.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "lims/config/config.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"

namespace kj::lims {

struct StoreInfo {
  int schema_version = 0;
  int migrated_from = 0;
};

// Opens `path` and applies pending migrations. `create` false refuses a missing file.
Result<storage::Database> open_store(const std::filesystem::path& path, bool create, StoreInfo* info = nullptr);

// Records who this installation is; kept unchanged if already recorded.
Status record_installation(storage::Database& db, const config::Installation& installation, Timestamp now);
Result<std::map<std::string, std::string>> read_installation(storage::Database& db);

}  // namespace kj::lims
