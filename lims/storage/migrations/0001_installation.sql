-- The installation: one row per setting of this database (booth identity, creation time).
CREATE TABLE installation (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
