// The append-only audit trail. Every insert or update of a record appends one entry (who,
// when, what, why) whose hash chains to the previous entry and covers the row as it now is.
// verify_audit() walks the chain and compares every audited row with its last entry, so an
// edit or deletion made behind the program's back (e.g. with the sqlite3 shell) is named.
#pragma once

#include <optional>
#include <string>

#include "lims/records/row_json.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"

namespace kj::lims {

struct AuditEntry {
  std::string actor;
  std::string action;  // insert, update, sign, correct, …
  std::string entity;  // table
  std::int64_t entity_id;
  std::string reason;
};

// Appends an entry for the row as stored now; returns the row (for the outbox), nothing if
// the row is gone. Call inside the transaction that made the change. Throws StorageError.
std::optional<RowSnapshot> append_audit(storage::Database& db, const AuditEntry& entry, Timestamp at);

struct AuditFinding {
  std::int64_t audit_id = 0;  // the entry where the break shows (0 when none applies)
  std::string entity;
  std::int64_t entity_id = 0;
  Text what;
};

struct AuditReport {
  std::int64_t entries = 0;
  std::int64_t rows_checked = 0;
  std::optional<AuditFinding> first_break;  // nothing when the chain and every row are intact
  int breaks = 0;
};

Result<AuditReport> verify_audit(storage::Database& db);

}  // namespace kj::lims
