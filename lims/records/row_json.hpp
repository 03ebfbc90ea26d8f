// A stored row as canonical JSON (columns in table order, numbers in shortest round-trip
// form). The same text feeds the audit chain's row hash and the outbox payload, so what is
// audited is exactly what is sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lims/storage/database.hpp"

namespace kj::lims {

// Tables whose rows are audited and synchronised. Table names cannot be bound as parameters,
// so only names of this list are ever put into SQL text.
bool is_record_table(std::string_view table);

struct RowSnapshot {
  std::string json;
  std::optional<std::string> uuid;  // the row's uuid column, if it has one
  std::int64_t version = 1;         // the row's version column, 1 if it has none
};

// The row `id` of `table`, or nothing when there is no such row. Throws StorageError.
std::optional<RowSnapshot> snapshot_row(storage::Database& db, std::string_view table, std::int64_t id);

}  // namespace kj::lims
