-- Master data pulled from the county hub (lims/sync/master_pull.hpp): how far each kind has
-- been read (the hub's change sequence number), and what became of each record the hub sent.
-- A record the booth could not apply is held here with its payload and the reason, and tried
-- again at every pull until it applies or the hub sends a newer version: never dropped.

CREATE TABLE master_cursor (
  kind       TEXT PRIMARY KEY,
  since      INTEGER NOT NULL CHECK (since >= 0),   -- the last hub sequence number applied
  pulled_at  TEXT NOT NULL
) STRICT;

CREATE TABLE master_applied (
  kind            TEXT NOT NULL,
  key             TEXT NOT NULL,
  version         INTEGER NOT NULL,   -- the hub's version of the record
  payload_sha256  TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('applied', 'held')),
  payload         TEXT,               -- kept while held, to try again
  reason          TEXT,               -- why it is held (English)
  reason_zh       TEXT,               -- why it is held (Chinese)
  at              TEXT NOT NULL,
  PRIMARY KEY (kind, key),
  CHECK ((status = 'held') = (payload IS NOT NULL))
) STRICT;
CREATE INDEX master_applied_held ON master_applied(kind, status);
