-- The LIMS core: places, catalogue, devices, plans and tasks, samples, batches, results,
-- observations held for a missing item mapping, the audit chain and the outbox.
-- Conventions: every record that leaves the booth has a uuid (idempotency key for the hub) and
-- a version; times are ISO 8601 UTC text ('…Z'); no row of a signed result is ever changed.

CREATE TABLE township (
  id    INTEGER PRIMARY KEY,
  uuid  TEXT NOT NULL UNIQUE,
  name  TEXT NOT NULL UNIQUE,
  code  TEXT
) STRICT;

CREATE TABLE market (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 1,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  township_id INTEGER REFERENCES township(id),
  kind        TEXT NOT NULL DEFAULT 'farmers_market'
              CHECK (kind IN ('farmers_market', 'supermarket', 'canteen', 'producer', 'other')),
  address     TEXT,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE vendor (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 1,
  name        TEXT NOT NULL,
  id_number   TEXT,            -- ID card number or unified social credit code
  phone       TEXT,
  created_at  TEXT NOT NULL,
  stopped_at  TEXT             -- vendor files are kept >= 6 months after trading stops
) STRICT;
CREATE UNIQUE INDEX vendor_identity ON vendor(name, coalesce(id_number, ''));

CREATE TABLE stall (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 1,
  market_id   INTEGER NOT NULL REFERENCES market(id),
  number      TEXT NOT NULL,
  vendor_id   INTEGER REFERENCES vendor(id),
  created_at  TEXT NOT NULL,
  UNIQUE (market_id, number)
) STRICT;

-- Catalogue: seeded from config/catalogue.json, later also from the county hub.
CREATE TABLE category (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE commodity (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  category_id INTEGER NOT NULL REFERENCES category(id),
  subcategory TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE test_item (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name_zh       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  method        TEXT NOT NULL CHECK (method IN ('inhibition', 'gold_line', 'gold_ratio', 'quantitative')),
  standard      TEXT NOT NULL DEFAULT '',
  unit          TEXT NOT NULL,
  not_detected  INTEGER NOT NULL DEFAULT 0 CHECK (not_detected IN (0, 1))
) STRICT;

CREATE TABLE limit_rule (
  id              INTEGER PRIMARY KEY,
  commodity_id    INTEGER NOT NULL REFERENCES commodity(id),
  item_id         INTEGER NOT NULL REFERENCES test_item(id),
  standard        TEXT NOT NULL,
  value           REAL NOT NULL CHECK (value >= 0),
  unit            TEXT NOT NULL,
  effective_from  TEXT NOT NULL,   -- YYYY-MM-DD
  effective_to    TEXT,            -- YYYY-MM-DD inclusive, NULL = still in force
  UNIQUE (commodity_id, item_id, standard, effective_from)
) STRICT;

-- Devices of this booth and the mapping of the codes they send to catalogue items.
CREATE TABLE device (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  maker     TEXT NOT NULL DEFAULT '',
  model     TEXT NOT NULL DEFAULT '',
  serial    TEXT NOT NULL DEFAULT '',
  protocol  TEXT NOT NULL
) STRICT;

CREATE TABLE device_item_map (
  device_id    INTEGER NOT NULL REFERENCES device(id),
  device_code  TEXT NOT NULL,
  item_id      INTEGER NOT NULL REFERENCES test_item(id),
  PRIMARY KEY (device_id, device_code)
) STRICT;

-- Sampling plans (抽检计划): quotas by category x township/market x month; tasks assigned.
CREATE TABLE plan (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 1,
  year        INTEGER NOT NULL,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (year, name)
) STRICT;

CREATE TABLE plan_quota (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL REFERENCES plan(id),
  category_id  INTEGER NOT NULL REFERENCES category(id),
  township_id  INTEGER REFERENCES township(id),
  market_id    INTEGER REFERENCES market(id),
  month        INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  batches      INTEGER NOT NULL CHECK (batches > 0)
) STRICT;

CREATE TABLE task (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  version      INTEGER NOT NULL DEFAULT 1,
  plan_id      INTEGER REFERENCES plan(id),
  quota_id     INTEGER REFERENCES plan_quota(id),
  market_id    INTEGER REFERENCES market(id),
  category_id  INTEGER REFERENCES category(id),
  commodity_id INTEGER REFERENCES commodity(id),
  title        TEXT NOT NULL,
  batches      INTEGER NOT NULL DEFAULT 1 CHECK (batches > 0),
  due_date     TEXT,               -- YYYY-MM-DD
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE sample (
  id                  INTEGER PRIMARY KEY,
  uuid                TEXT NOT NULL UNIQUE,
  version             INTEGER NOT NULL DEFAULT 1,
  number              TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  commodity_id        INTEGER REFERENCES commodity(id),
  category_id         INTEGER REFERENCES category(id),
  market_id           INTEGER REFERENCES market(id),
  stall_id            INTEGER REFERENCES stall(id),
  vendor_id           INTEGER REFERENCES vendor(id),
  origin              TEXT,
  supplier            TEXT,
  supplier_contact    TEXT,
  purchase_date       TEXT,
  quantity            REAL CHECK (quantity IS NULL OR quantity > 0),
  quantity_unit       TEXT,
  certificate_number  TEXT,   -- 承诺达标合格证 number
  certificate_qr      TEXT,   -- or the text of its QR code
  source              TEXT NOT NULL
                      CHECK (source IN ('routine', 'plan_task', 'event_order', 'walk_in', 'complaint')),
  task_id             INTEGER REFERENCES task(id),
  sampled_at          TEXT NOT NULL,
  sampler             TEXT NOT NULL,
  photos              TEXT NOT NULL DEFAULT '[]',   -- JSON array of content-hash paths
  created_at          TEXT NOT NULL
) STRICT;
CREATE INDEX sample_market ON sample(market_id, sampled_at);

-- One analyzer run. A failed control invalidates every result of the run.
CREATE TABLE batch (
  id                INTEGER PRIMARY KEY,
  uuid              TEXT NOT NULL UNIQUE,
  version           INTEGER NOT NULL DEFAULT 1,
  device_id         INTEGER REFERENCES device(id),
  item_id           INTEGER NOT NULL REFERENCES test_item(id),
  standard          TEXT NOT NULL,
  operator          TEXT NOT NULL,
  started_at        TEXT NOT NULL,
  ended_at          TEXT,
  control_a0        REAL,
  control_a3        REAL,
  control_delta_a   REAL,
  qc_outcome        TEXT NOT NULL DEFAULT 'pending' CHECK (qc_outcome IN ('pending', 'passed', 'failed')),
  qc_reason         TEXT
) STRICT;

CREATE TABLE batch_channel (
  batch_id   INTEGER NOT NULL REFERENCES batch(id),
  channel    INTEGER NOT NULL CHECK (channel >= 1),
  sample_id  INTEGER NOT NULL REFERENCES sample(id),
  PRIMARY KEY (batch_id, channel)
) STRICT;

-- A result row is one version of one test of one sample. A correction is a new row with
-- version + 1, the same uuid, `supersedes` pointing at the old row and a reason.
CREATE TABLE result (
  id                 INTEGER PRIMARY KEY,
  uuid               TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1,
  supersedes         INTEGER REFERENCES result(id),
  correction_reason  TEXT,
  sample_id          INTEGER NOT NULL REFERENCES sample(id),
  item_id            INTEGER NOT NULL REFERENCES test_item(id),
  method             TEXT NOT NULL,
  standard           TEXT NOT NULL,
  batch_id           INTEGER REFERENCES batch(id),
  device_id          INTEGER REFERENCES device(id),
  channel            INTEGER,
  readings           TEXT NOT NULL DEFAULT '{}',   -- JSON: a0, a3, delta_a, c, t, tc …
  value_number       REAL,
  value_text         TEXT,
  unit               TEXT NOT NULL,
  limit_text         TEXT NOT NULL DEFAULT '',
  verdict            TEXT NOT NULL CHECK (verdict IN ('negative', 'positive', 'suspect', 'invalid')),
  device_verdict     TEXT CHECK (device_verdict IN ('negative', 'positive', 'suspect', 'invalid')),
  review             TEXT NOT NULL DEFAULT 'none' CHECK (review IN ('none', 'held', 'decided')),
  review_note        TEXT,
  flags              TEXT NOT NULL DEFAULT '[]',   -- JSON array, e.g. matrix_interference
  test_kind          TEXT NOT NULL CHECK (test_kind IN ('initial', 'retest')),
  first_result_id    INTEGER REFERENCES result(id),
  tester             TEXT NOT NULL,
  tester_signed_at   TEXT,
  reviewer           TEXT,
  reviewer_signed_at TEXT,
  tested_at          TEXT NOT NULL,
  data_source        TEXT NOT NULL CHECK (data_source IN ('instrument', 'manual', 'import')),
  raw_ref            TEXT,        -- capture file + rx offset + length of the device bytes
  raw_hex            TEXT,        -- the device bytes themselves (small)
  created_at         TEXT NOT NULL,
  UNIQUE (uuid, version),
  CHECK ((test_kind = 'initial') = (first_result_id IS NULL))
) STRICT;
CREATE INDEX result_sample ON result(sample_id, item_id);
CREATE INDEX result_first ON result(first_result_id);
CREATE INDEX result_tested ON result(tested_at);

-- A signed result never changes: corrections are new versions.
CREATE TRIGGER result_signed_is_immutable BEFORE UPDATE ON result
WHEN OLD.reviewer_signed_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'result is signed and immutable; record a correction instead');
END;
CREATE TRIGGER result_is_never_deleted BEFORE DELETE ON result
BEGIN
  SELECT RAISE(ABORT, 'results are never deleted; record a correction instead');
END;

-- Observations whose item code the device mapping does not know: held, never dropped.
CREATE TABLE held_observation (
  id            INTEGER PRIMARY KEY,
  device_id     INTEGER NOT NULL REFERENCES device(id),
  device_code   TEXT NOT NULL,
  observation   TEXT NOT NULL,    -- the observation as JSON (observation.md)
  received_at   TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'ingested', 'rejected')),
  result_id     INTEGER REFERENCES result(id),
  resolved_at   TEXT,
  reason        TEXT NOT NULL
) STRICT;
CREATE INDEX held_observation_open ON held_observation(status, device_id, device_code);

-- Append-only audit trail, chained by SHA-256: hash = sha256(prev_hash | fields | row_hash).
-- row_hash is the hash of the audited row as it was after the change, so an edit made
-- behind the program's back (to the row or to this table) is found by `kuaijian audit verify`.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,    -- table name
  entity_id   INTEGER NOT NULL, -- row id in that table
  reason      TEXT NOT NULL DEFAULT '',
  row_hash    TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_is_append_only_u BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_d BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Records to send to the county hub, queued in the same transaction as the change.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  entity           TEXT NOT NULL,
  uuid             TEXT NOT NULL,
  version          INTEGER NOT NULL,
  payload          TEXT NOT NULL,   -- JSON
  created_at       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT,
  last_error       TEXT,
  receipt          TEXT,
  sent_at          TEXT,
  UNIQUE (entity, uuid, version)
) STRICT;
CREATE INDEX outbox_queue ON outbox(state, id);
