#include "lims/records/change_log.hpp"

#include "lims/audit/audit_log.hpp"

namespace kj::lims {

void record_change(storage::Database& db, const Actor& actor, std::string_view action, std::string_view entity,
                   std::int64_t id) {
  const auto row =
      append_audit(db, AuditEntry{actor.name, std::string(action), std::string(entity), id, actor.reason}, actor.now);
  // Records with a uuid travel to the hub; link rows (e.g. batch_channel) travel inside their parents.
  if (!row || !row->uuid) return;
  // A record changed twice before it was sent keeps one row per version: the hub applies them in order.
  db.prepare(
        "INSERT INTO outbox(entity, uuid, version, payload, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(entity, uuid, version) DO UPDATE SET payload = excluded.payload, state = 'queued', "
        "attempts = 0, next_attempt_at = NULL, last_error = NULL")
      .bind(1, entity)
      .bind(2, *row->uuid)
      .bind(3, row->version)
      .bind(4, row->json)
      .bind(5, to_iso8601(actor.now))
      .run();
}

}  // namespace kj::lims
