// The booth's sync client: pushes due outbox records to the county hub in signed batches and
// applies the hub's per-record answers (receipt → sent; rejected → dead with the reason;
// no answer or 5xx → backoff, dead after max_attempts). Time and randomness are inputs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "lims/storage/database.hpp"
#include "lims/sync/hub_transport.hpp"
#include "lims/sync/outbox_queue.hpp"
#include "lims/time.hpp"

namespace kj::lims::sync {

struct SyncSettings {
  std::string booth_id;
  std::string secret;
  std::size_t batch_size = 200;
  RetryPolicy retry;
};

// Where nonces come from: 128 random bits as hex in production; injectable for tests.
using NonceSource = std::function<std::string()>;
std::string random_nonce();

struct PushReport {
  int batches = 0;
  int delivered = 0;
  int rejected = 0;
  int failed = 0;
  int dead = 0;
  bool hub_reachable = true;
};

class SyncClient {
 public:
  SyncClient(storage::Database& db, HubTransport& transport, SyncSettings settings, UniformSource uniform,
             NonceSource nonce = random_nonce)
      : db_(db),
        transport_(transport),
        settings_(std::move(settings)),
        uniform_(std::move(uniform)),
        nonce_(std::move(nonce)) {}

  // Pushes one batch of due records; an empty report (batches 0) when nothing was due.
  Result<PushReport> push_batch(Timestamp now);
  // Pushes batches until nothing is due or a batch made no progress (hub down, all failing).
  Result<PushReport> push_all(const std::function<Timestamp()>& clock);

  // A signed exchange with the hub (used for pulls as well).
  Result<HubReply> signed_exchange(const std::string& method, const std::string& path, const std::string& body,
                                   Timestamp now);

 private:
  storage::Database& db_;
  HubTransport& transport_;
  SyncSettings settings_;
  UniformSource uniform_;
  NonceSource nonce_;
};

// The JSON body of a push, as the hub reads it: {"records":[{"entity","uuid","version","payload"}]}.
std::string push_body(const std::vector<OutboxRecord>& records);

// Maps the hub's answer to one outcome per record (records absent from the answer: failed).
std::vector<Outcome> read_push_reply(const std::vector<OutboxRecord>& records, const HubReply& reply);

}  // namespace kj::lims::sync
