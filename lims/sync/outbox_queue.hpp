// The booth's side of the outbox: which records are due for the hub, and what the hub's answer
// does to each (sent with its receipt, retried later, or dead-lettered with the reason).
// Rows are never deleted; a dead row stays visible until an operator re-queues it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lims/storage/database.hpp"
#include "lims/sync/backoff.hpp"
#include "lims/time.hpp"

namespace kj::lims::sync {

struct OutboxRecord {
  std::int64_t id = 0;
  std::string entity;
  std::string uuid;
  std::int64_t version = 0;
  std::string payload;  // JSON object text
  int attempts = 0;
};

// Queued rows due at `now`, oldest first. A row waits while an older version of the same record
// is still unsent (queued in backoff, or dead), so a record's versions reach the hub in order.
Result<std::vector<OutboxRecord>> due_records(storage::Database& db, Timestamp now, std::size_t limit);

// What became of one record of a push.
struct Outcome {
  enum class Kind {
    delivered,  // stored or acknowledged as a duplicate: receipt kept, state sent
    rejected,   // the hub refused this record for good: state dead, with the reason
    failed,     // transient (network, 5xx, answer missing): retried after backoff, dead after N
    deferred,   // not tried because of another record (e.g. a 403 on a sibling): no attempt counted
  };
  std::int64_t id = 0;
  Kind kind = Kind::failed;
  std::string receipt;  // delivered
  std::string error;    // rejected / failed
};

struct RetryPolicy {
  BackoffPolicy backoff;
  int max_attempts = 10;
};

struct ApplySummary {
  int delivered = 0;
  int rejected = 0;
  int failed = 0;
  int dead = 0;  // of the failed, those that reached max_attempts
};

// Applies all outcomes of one push in one transaction, and notes the time of the last success.
Result<ApplySummary> apply_outcomes(storage::Database& db, const std::vector<Outcome>& outcomes, Timestamp now,
                                    const RetryPolicy& policy, const UniformSource& uniform);

struct QueueStatus {
  std::int64_t queued = 0;
  std::int64_t waiting = 0;    // queued rows in backoff after a failure (attempts > 0)
  std::int64_t in_flight = 0;  // rows of the batch a running push has on the wire
  std::int64_t sent = 0;
  std::int64_t dead = 0;
  std::optional<std::string> last_success_at;
  std::optional<std::string> last_attempt_at;
  std::optional<std::string> last_error;
};

Result<QueueStatus> queue_status(storage::Database& db);

struct DeadRecord {
  std::int64_t id = 0;
  std::string entity;
  std::string uuid;
  std::int64_t version = 0;
  int attempts = 0;
  std::string last_error;
};
Result<std::vector<DeadRecord>> dead_records(storage::Database& db, std::size_t limit);

// Re-queues every dead row with a fresh attempt count; returns how many.
Result<std::int64_t> retry_dead(storage::Database& db);

// Bookkeeping of a push in progress (shown by `sync status`; a killed push leaves the mark,
// which the next push clears).
Status mark_in_flight(storage::Database& db, std::int64_t count, Timestamp now);
Status note_push_failure(storage::Database& db, const std::string& error, Timestamp now);

}  // namespace kj::lims::sync
