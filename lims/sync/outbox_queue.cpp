#include "lims/sync/outbox_queue.hpp"

namespace kj::lims::sync {
namespace {

// Sync bookkeeping lives in the installation key/value table (no schema change needed).
void set_setting(storage::Database& db, const char* key, const std::string& value) {
  db.prepare("INSERT INTO installation(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
}

std::optional<std::string> setting(storage::Database& db, const char* key) {
  auto& select = db.prepare("SELECT value FROM installation WHERE key = ?");
  select.bind(1, key);
  if (!select.step()) return std::nullopt;
  auto value = select.column_text(0);
  select.reset();
  return value;
}

std::int64_t count(storage::Database& db, const char* sql) {
  auto& select = db.prepare(sql);
  select.step();
  const auto n = select.column_int64(0);
  select.reset();
  return n;
}

}  // namespace

Result<std::vector<OutboxRecord>> due_records(storage::Database& db, Timestamp now, std::size_t limit) {
  return storage::read<std::vector<OutboxRecord>>([&] {
    auto& select = db.prepare(
        "SELECT o.id, o.entity, o.uuid, o.version, o.payload, o.attempts FROM outbox o "
        "WHERE o.state = 'queued' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) "
        "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.entity = o.entity AND p.uuid = o.uuid "
        "                AND p.id < o.id AND p.state <> 'sent' "
        "                AND (p.state = 'dead' OR p.next_attempt_at > ?)) "
        "ORDER BY o.id LIMIT ?");
    const auto now_text = to_iso8601(now);
    select.bind(1, now_text).bind(2, now_text).bind(3, static_cast<std::int64_t>(limit));
    std::vector<OutboxRecord> out;
    while (select.step()) {
      out.push_back(OutboxRecord{select.column_int64(0), select.column_text(1), select.column_text(2),
                                 select.column_int64(3), select.column_text(4),
                                 static_cast<int>(select.column_int64(5))});
    }
    select.reset();
    return out;
  });
}

Result<ApplySummary> apply_outcomes(storage::Database& db, const std::vector<Outcome>& outcomes, Timestamp now,
                                    const RetryPolicy& policy, const UniformSource& uniform) {
  return db.transact([&]() -> Result<ApplySummary> {
    ApplySummary summary;
    const auto now_text = to_iso8601(now);
    for (const auto& outcome : outcomes) {
      switch (outcome.kind) {
        case Outcome::Kind::delivered:
          db.prepare(
                "UPDATE outbox SET state = 'sent', receipt = ?, sent_at = ?, last_error = NULL, "
                "attempts = attempts + 1, next_attempt_at = NULL WHERE id = ? AND state = 'queued'")
              .bind(1, outcome.receipt)
              .bind(2, now_text)
              .bind(3, outcome.id)
              .run();
          ++summary.delivered;
          break;
        case Outcome::Kind::rejected:
          db.prepare(
                "UPDATE outbox SET state = 'dead', last_error = ?, attempts = attempts + 1, next_attempt_at = NULL "
                "WHERE id = ? AND state = 'queued'")
              .bind(1, "rejected by the hub: " + outcome.error)
              .bind(2, outcome.id)
              .run();
          ++summary.rejected;
          break;
        case Outcome::Kind::failed: {
          auto& select = db.prepare("SELECT attempts FROM outbox WHERE id = ? AND state = 'queued'");
          select.bind(1, outcome.id);
          if (!select.step()) break;
          const int attempts = static_cast<int>(select.column_int64(0)) + 1;
          select.reset();
          ++summary.failed;
          if (attempts >= policy.max_attempts) {
            db.prepare(
                  "UPDATE outbox SET state = 'dead', attempts = ?, last_error = ?, next_attempt_at = NULL WHERE id = ?")
                .bind(1, attempts)
                .bind(2, "gave up after " + std::to_string(attempts) + " attempts: " + outcome.error)
                .bind(3, outcome.id)
                .run();
            ++summary.dead;
          } else {
            const auto next = now + backoff_delay(policy.backoff, attempts, uniform);
            db.prepare("UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?")
                .bind(1, attempts)
                .bind(2, outcome.error)
                .bind(3, to_iso8601(next))
                .bind(4, outcome.id)
                .run();
          }
          break;
        }
        case Outcome::Kind::deferred: break;
      }
    }
    set_setting(db, "sync.in_flight", "0");
    set_setting(db, "sync.last_attempt_at", now_text);
    if (summary.delivered > 0 || summary.rejected > 0) set_setting(db, "sync.last_success_at", now_text);
    if (summary.failed == 0)
      set_setting(db, "sync.last_error", "");
    else {
      for (const auto& outcome : outcomes) {
        if (outcome.kind == Outcome::Kind::failed) {
          set_setting(db, "sync.last_error", outcome.error);
          break;
        }
      }
    }
    return summary;
  });
}

Result<QueueStatus> queue_status(storage::Database& db) {
  return storage::read<QueueStatus>([&] {
    QueueStatus s;
    s.queued = count(db, "SELECT count(*) FROM outbox WHERE state = 'queued'");
    s.waiting = count(db, "SELECT count(*) FROM outbox WHERE state = 'queued' AND attempts > 0");
    s.sent = count(db, "SELECT count(*) FROM outbox WHERE state = 'sent'");
    s.dead = count(db, "SELECT count(*) FROM outbox WHERE state = 'dead'");
    if (const auto in_flight = setting(db, "sync.in_flight"); in_flight && !in_flight->empty()) {
      s.in_flight = std::stoll(*in_flight);
    }
    s.last_success_at = setting(db, "sync.last_success_at");
    s.last_attempt_at = setting(db, "sync.last_attempt_at");
    s.last_error = setting(db, "sync.last_error");
    if (s.last_error && s.last_error->empty()) s.last_error.reset();
    return s;
  });
}

Result<std::vector<DeadRecord>> dead_records(storage::Database& db, std::size_t limit) {
  return storage::read<std::vector<DeadRecord>>([&] {
    auto& select = db.prepare(
        "SELECT id, entity, uuid, version, attempts, coalesce(last_error, '') FROM outbox WHERE state = 'dead' "
        "ORDER BY id LIMIT ?");
    select.bind(1, static_cast<std::int64_t>(limit));
    std::vector<DeadRecord> out;
    while (select.step()) {
      out.push_back(DeadRecord{select.column_int64(0), select.column_text(1), select.column_text(2),
                               select.column_int64(3), static_cast<int>(select.column_int64(4)),
                               select.column_text(5)});
    }
    select.reset();
    return out;
  });
}

Result<std::int64_t> retry_dead(storage::Database& db) {
  return db.transact([&]() -> Result<std::int64_t> {
    const auto before = count(db, "SELECT count(*) FROM outbox WHERE state = 'dead'");
    // last_error is kept until the next attempt overwrites it, so the operator still sees why.
    db.prepare("UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = NULL WHERE state = 'dead'").run();
    return before;
  });
}

Status mark_in_flight(storage::Database& db, std::int64_t n, Timestamp now) {
  return db.transact([&]() -> Status {
    set_setting(db, "sync.in_flight", std::to_string(n));
    set_setting(db, "sync.last_attempt_at", to_iso8601(now));
    return {};
  });
}

Status note_push_failure(storage::Database& db, const std::string& error, Timestamp now) {
  return db.transact([&]() -> Status {
    set_setting(db, "sync.in_flight", "0");
    set_setting(db, "sync.last_attempt_at", to_iso8601(now));
    set_setting(db, "sync.last_error", error);
    return {};
  });
}

}  // namespace kj::lims::sync
