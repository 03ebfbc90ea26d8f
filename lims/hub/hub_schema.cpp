#include "lims/hub/hub_schema.hpp"

namespace kj::lims::hub {
namespace {

// Booths and their secrets; nonces seen within the replay window; every version of every
// record as received (the evidence), and the latest version per record (what views read).
constexpr std::string_view kHubCore = R"sql(
CREATE TABLE booth (
  id          INTEGER PRIMARY KEY,
  booth_id    TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  secret      TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE nonce (
  booth_id  TEXT NOT NULL,
  nonce     TEXT NOT NULL,
  seen_at   INTEGER NOT NULL,   -- unix seconds, for purging after the window
  PRIMARY KEY (booth_id, nonce)
) STRICT, WITHOUT ROWID;
CREATE INDEX nonce_seen ON nonce(seen_at);

CREATE TABLE record_version (
  id              INTEGER PRIMARY KEY,
  entity          TEXT NOT NULL,
  uuid            TEXT NOT NULL,
  version         INTEGER NOT NULL CHECK (version >= 1),
  booth_id        TEXT NOT NULL,
  payload         TEXT NOT NULL,
  payload_sha256  TEXT NOT NULL,
  receipt         TEXT NOT NULL UNIQUE,
  received_at     TEXT NOT NULL,
  UNIQUE (entity, uuid, version)
) STRICT;

CREATE TABLE record (
  entity       TEXT NOT NULL,
  uuid         TEXT NOT NULL,
  booth_id     TEXT NOT NULL,   -- the booth that first stored it: the only one that may write it
  version      INTEGER NOT NULL,
  payload      TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  PRIMARY KEY (entity, uuid)
) STRICT;
CREATE INDEX record_entity ON record(entity, booth_id);

-- Master data the county publishes to booths (markets, stalls, items, limits, plans, tasks).
CREATE TABLE master_record (
  kind        TEXT NOT NULL,
  key         TEXT NOT NULL,
  payload     TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (kind, key)
) STRICT;
CREATE INDEX master_updated ON master_record(kind, updated_at);
)sql";

// Master data pulled incrementally: each record counts its versions, and every change takes the
// next number of one hub-wide sequence, so a booth asks for "everything after N" and never
// misses nor re-reads a change (timestamps of one second would tie).
constexpr std::string_view kMasterVersions = R"sql(
ALTER TABLE master_record ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE master_record ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE master_record SET seq = rowid;
CREATE UNIQUE INDEX master_seq ON master_record(seq);
CREATE INDEX master_kind_seq ON master_record(kind, seq);
)sql";

constexpr storage::Migration kMigrations[] = {
    {1, "hub_core", kHubCore},
    {2, "master_versions", kMasterVersions},
};

}  // namespace

std::span<const storage::Migration> hub_migrations() {
  return kMigrations;
}

}  // namespace kj::lims::hub
