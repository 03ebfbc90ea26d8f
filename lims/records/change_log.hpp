// Records a change to a record: the audit entry and, for records the hub receives, the outbox
// row — both in the caller's transaction, so a change is never stored without either
// (STYLE rule 8). Every repository write ends with one call here.
#pragma once

#include <string>

#include "lims/storage/database.hpp"
#include "lims/time.hpp"

namespace kj::lims {

// Who is changing things, when, and why; passed down from the command.
struct Actor {
  std::string name;
  Timestamp now;
  std::string reason;  // empty unless the action needs one (corrections, overrides)
};

// `entity` is the table, `id` the row; the row must exist. uuid/version are read from it.
void record_change(storage::Database& db, const Actor& actor, std::string_view action, std::string_view entity,
                   std::int64_t id);

}  // namespace kj::lims
