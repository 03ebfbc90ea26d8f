// The county hub's storage: registered booths, the replay window's nonces, and every record
// version received from booths, stored once per (entity, uuid, version). Thread-safe: the HTTP
// server's worker threads share one store, which serialises access to its one connection.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lims/hub/group_commit.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"

namespace kj::lims::hub {

struct Booth {
  std::string booth_id;
  std::string name;
  std::string secret;
  std::string created_at;
};

// One record of a push, as parsed from the request.
struct IncomingRecord {
  std::string entity;
  std::string uuid;
  std::int64_t version = 0;
  std::string payload;  // canonical JSON text of an object
  std::string problem;  // non-empty when the record is malformed (rejected, never stored)
};

struct RecordAnswer {
  std::string entity;
  std::string uuid;
  std::int64_t version = 0;
  std::string status;  // stored | duplicate | rejected
  std::string receipt;
  std::string error;
};

struct IngestResult {
  std::vector<RecordAnswer> answers;    // one per record, in request order
  std::vector<RecordAnswer> forbidden;  // records first stored by another booth: nothing was stored
};

// A query over the latest version of stored records.
struct RecordQuery {
  std::string entity;
  std::map<std::string, std::string> equals;  // payload field → value (text comparison)
  std::string time_field;                     // payload field compared with from/to
  std::optional<std::string> from;            // inclusive, ISO 8601
  std::optional<std::string> to;              // exclusive
  std::optional<std::string> booth_id;
  std::int64_t limit = 100;
  std::int64_t offset = 0;
};

struct StoredRecord {
  std::string entity;
  std::string uuid;
  std::string booth_id;
  std::int64_t version = 0;
  std::string payload;
  std::string received_at;
};

// One master record as published: `payload` is the canonical JSON text of an object.
struct MasterInput {
  std::string kind;
  std::string key;
  std::string payload;
};

struct MasterRow {
  std::string kind;
  std::string key;
  std::int64_t version = 0;  // 1 when first published, + 1 at every change of the payload
  std::int64_t seq = 0;      // the hub-wide change number: the booths' pull cursor
  std::string payload;
  std::string updated_at;
};

struct MasterPutCounts {
  int added = 0;
  int changed = 0;
  int unchanged = 0;
};

class HubStore {
 public:
  static Result<HubStore> open(const std::filesystem::path& path);
  HubStore(HubStore&& other) noexcept : db_(std::move(other.db_)) {}

  // Registers a booth; the secret is 256 random bits as hex. Names need not be unique.
  Result<Booth> add_booth(const std::string& name, Timestamp now);
  Result<std::vector<Booth>> booths();
  Result<std::optional<Booth>> find_booth(const std::string& booth_id);

  // Records `nonce` for `booth_id`; false when it was already seen within the window.
  // Nonces older than `window` (before `now`) are purged.
  Result<bool> remember_nonce(const std::string& booth_id, const std::string& nonce, std::int64_t now_seconds,
                              std::int64_t window_seconds);

  // Stores a batch durably (in a group commit with concurrent requests; all of it or, on an
  // error, none of it): idempotent by (entity, uuid, version); a version seen
  // before with the same content is a duplicate (same receipt), with other content rejected.
  // When any record belongs to another booth nothing is stored and `forbidden` lists them.
  Result<IngestResult> ingest(const std::string& booth_id, const std::vector<IncomingRecord>& records, Timestamp now);

  Result<std::vector<StoredRecord>> query(const RecordQuery& query);
  Result<std::int64_t> count_versions();  // every stored version, for tests and the status page

  // Master data the county publishes (`kuaijian hub publish`), all in one transaction: a new
  // key is stored as version 1, a changed payload becomes the next version, an identical one
  // changes nothing. Every stored change takes the next number of the hub-wide sequence.
  Result<MasterPutCounts> put_master(const std::vector<MasterInput>& records, Timestamp now);
  Status put_master(const std::string& kind, const std::string& key, const std::string& payload, Timestamp now);
  // The records of `kind` changed after sequence number `since`, in sequence order, at most `limit`.
  Result<std::vector<MasterRow>> master_since(const std::string& kind, std::int64_t since, std::int64_t limit);

  // Runs `work` with exclusive use of the connection (for views that need several queries).
  template <class Work>
  auto with_db(Work&& work) {
    std::lock_guard lock(mutex_);
    return work(db_);
  }

 private:
  explicit HubStore(storage::Database db) : db_(std::move(db)) {}
  storage::Database db_;
  std::mutex mutex_;
  // Nonces and pushed batches of concurrent requests share one durable commit.
  GroupCommit group_{db_, mutex_};
};

}  // namespace kj::lims::hub
