#include "lims/audit/audit_log.hpp"

#include <map>
#include <string_view>

#include "lims/records/row_json.hpp"
#include "lims/records/sha256.hpp"

namespace kj::lims {
namespace {

const std::string kGenesis(64, '0');

std::string entry_hash(const std::string& prev, const std::string& at, const AuditEntry& e,
                       const std::string& row_hash) {
  // Fields joined by the ASCII unit separator, which none of them may contain unnoticed:
  // the row itself enters only through its hash.
  std::string text;
  for (const std::string_view part : {std::string_view(prev), std::string_view(at), std::string_view(e.actor),
                                      std::string_view(e.action), std::string_view(e.entity)}) {
    text.append(part);
    text.push_back('\x1f');
  }
  text += std::to_string(e.entity_id);
  text.push_back('\x1f');
  text += e.reason;
  text.push_back('\x1f');
  text += row_hash;
  return sha256_hex(text);
}

std::string last_hash(storage::Database& db) {
  auto& select = db.prepare("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
  std::string hash = select.step() ? select.column_text(0) : kGenesis;
  select.reset();
  return hash;
}

}  // namespace

std::optional<RowSnapshot> append_audit(storage::Database& db, const AuditEntry& entry, Timestamp at) {
  auto row = snapshot_row(db, entry.entity, entry.entity_id);
  const std::string row_hash = row ? sha256_hex(row->json) : std::string("deleted");
  const std::string at_text = to_iso8601(at);
  const std::string prev = last_hash(db);
  db.prepare(
        "INSERT INTO audit_log(at, actor, action, entity, entity_id, reason, row_hash, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, at_text)
      .bind(2, entry.actor)
      .bind(3, entry.action)
      .bind(4, entry.entity)
      .bind(5, entry.entity_id)
      .bind(6, entry.reason)
      .bind(7, row_hash)
      .bind(8, prev)
      .bind(9, entry_hash(prev, at_text, entry, row_hash))
      .run();
  return row;
}

Result<AuditReport> verify_audit(storage::Database& db) {
  try {
    AuditReport report;
    const auto found = [&](AuditFinding finding) {
      ++report.breaks;
      if (!report.first_break) report.first_break = std::move(finding);
    };
    // 1. The chain: each entry's hash covers its fields and the previous hash; ids have no gaps.
    std::map<std::pair<std::string, std::int64_t>, std::pair<std::int64_t, std::string>> latest;
    std::string prev = kGenesis;
    std::int64_t expected_id = 1;
    auto& select = db.prepare(
        "SELECT id, at, actor, action, entity, entity_id, reason, row_hash, prev_hash, hash FROM audit_log ORDER BY "
        "id");
    while (select.step()) {
      ++report.entries;
      const std::int64_t id = select.column_int64(0);
      const AuditEntry entry{select.column_text(2), select.column_text(3), select.column_text(4),
                             select.column_int64(5), select.column_text(6)};
      const std::string row_hash = select.column_text(7);
      const std::string recorded_prev = select.column_text(8);
      const std::string hash = select.column_text(9);
      const std::string n = std::to_string(id);
      if (id != expected_id) {
        found({id, entry.entity, entry.entity_id,
               Text{"audit entries before #" + n + " are missing (deleted)",
                    "审计记录 #" + n + " 之前的条目缺失（被删除）"}});
      } else if (recorded_prev != prev) {
        found({id, entry.entity, entry.entity_id,
               Text{"audit entry #" + n + " does not link to the entry before it",
                    "审计记录 #" + n + " 与前一条的链接断开"}});
      } else if (entry_hash(prev, select.column_text(1), entry, row_hash) != hash) {
        found({id, entry.entity, entry.entity_id,
               Text{"audit entry #" + n + " was altered", "审计记录 #" + n + " 被篡改"}});
      }
      prev = hash;
      expected_id = id + 1;
      latest[{entry.entity, entry.entity_id}] = {id, row_hash};
    }
    select.reset();
    // 2. Every audited row must still be as its last entry recorded it.
    for (const auto& [key, last] : latest) {
      const auto& [entity, entity_id] = key;
      ++report.rows_checked;
      const auto row = snapshot_row(db, entity, entity_id);
      const std::string row_hash = row ? sha256_hex(row->json) : std::string("deleted");
      if (row_hash != last.second) {
        const std::string what = entity + " #" + std::to_string(entity_id);
        const std::string n = std::to_string(last.first);
        found({last.first, entity, entity_id,
               row ? Text{what + " was changed after audit entry #" + n + " without being audited",
                          what + " 在审计记录 #" + n + " 之后被改动且未留审计记录"}
                   : Text{what + " was deleted after audit entry #" + n, what + " 在审计记录 #" + n + " 之后被删除"}});
      }
    }
    return report;
  } catch (const storage::StorageError& error) {
    return storage::storage_error(error);
  }
}

}  // namespace kj::lims
