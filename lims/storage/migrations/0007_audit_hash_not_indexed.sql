-- The audit log without an index on its hash. The UNIQUE constraint on `hash` gave every
-- audit entry a second b-tree insert under a random 64-character key (storing results went
-- from 31,500 to 36,000 results/s without it), and it guarded nothing: nothing looks an entry
-- up by its hash, and `kuaijian audit verify` finds a copied or forged entry by walking the
-- chain (each entry's hash covers the previous one, and the ids have no gaps). Removing a
-- UNIQUE constraint changes what is stored, so the table is copied, ids and all.

DROP TRIGGER audit_log_is_append_only_u;
DROP TRIGGER audit_log_is_append_only_d;

CREATE TABLE audit_log_new (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,    -- table name
  entity_id   INTEGER NOT NULL, -- row id in that table
  reason      TEXT NOT NULL DEFAULT '',
  row_hash    TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
) STRICT;
INSERT INTO audit_log_new(id, at, actor, action, entity, entity_id, reason, row_hash, prev_hash, hash)
  SELECT id, at, actor, action, entity, entity_id, reason, row_hash, prev_hash, hash FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;

CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_is_append_only_u BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_d BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
