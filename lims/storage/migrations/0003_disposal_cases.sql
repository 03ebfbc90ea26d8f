-- Disposal cases (核查处置, lims/cases/): one case per confirmed rapid-test positive or
-- non-conforming lab conclusion, its steps (append-only), the deadlines its events started,
-- the extensions of its due date, and a per-month tally of closed cases for the on-time
-- closure report. Times are ISO 8601 UTC text in one fixed format ('2025-09-26T01:00:00Z'),
-- so comparing the text compares the times.

CREATE TABLE disposal_case (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  version         INTEGER NOT NULL DEFAULT 1,
  number          TEXT NOT NULL UNIQUE,   -- R20250926-001 (rapid) / L20250926-001 (lab): local date opened
  type            TEXT NOT NULL CHECK (type IN ('rapid', 'lab')),
  state           TEXT NOT NULL,          -- the main track of lims/cases/case_machine.hpp
  recheck_state   TEXT NOT NULL DEFAULT 'none',  -- lab cases: the producer's recheck request
  sample_id       INTEGER NOT NULL REFERENCES sample(id),
  item_id         INTEGER REFERENCES test_item(id),
  result_id       INTEGER REFERENCES result(id),         -- the result whose positive opened it
  market_id       INTEGER REFERENCES market(id),         -- the sample's market, for reports
  parent_case_id  INTEGER REFERENCES disposal_case(id),  -- a lab case escalated from a rapid case
  opened_at       TEXT NOT NULL,   -- t0: positive confirmed / lab conclusion received
  initial_due_at  TEXT NOT NULL,   -- the closed deadline as first computed
  due_at          TEXT NOT NULL,   -- the closed deadline, as extended
  due_month       TEXT NOT NULL,   -- local (installation time zone) YYYY-MM of due_at
  closed_at       TEXT,
  outcome         TEXT CHECK (outcome IN ('closed', 'released')),
  created_at      TEXT NOT NULL,
  CHECK ((closed_at IS NULL) = (outcome IS NULL)),
  CHECK (due_at >= initial_due_at)
) STRICT;
-- One rapid case per positive sample × item; one lab case per sample's conclusion.
CREATE UNIQUE INDEX disposal_case_one_rapid ON disposal_case(sample_id, item_id) WHERE type = 'rapid';
CREATE UNIQUE INDEX disposal_case_one_lab ON disposal_case(sample_id) WHERE type = 'lab';
-- Open cases by due date: overdue and due-soon lists, and the open part of the closure report.
CREATE INDEX disposal_case_open_due ON disposal_case(due_at, type, market_id) WHERE closed_at IS NULL;
-- Closed cases by due date (covering): the closure report's partial months.
CREATE INDEX disposal_case_closed_due ON disposal_case(due_at, closed_at, type, market_id) WHERE closed_at IS NOT NULL;
CREATE INDEX disposal_case_market ON disposal_case(market_id, opened_at);

-- A closed case is final, so its counts can be kept in closure_tally; no case is ever deleted.
CREATE TRIGGER disposal_case_closed_is_final BEFORE UPDATE ON disposal_case
WHEN OLD.closed_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'the disposal case is closed; a closed case never changes');
END;
CREATE TRIGGER disposal_case_is_never_deleted BEFORE DELETE ON disposal_case
BEGIN
  SELECT RAISE(ABORT, 'disposal cases are never deleted');
END;

-- Closed cases counted per local month of their due date, type and market (0: none), kept by
-- the triggers below in the transaction that closes the case: the closure report adds these
-- for whole months instead of reading every case (a million cases report in milliseconds).
CREATE TABLE closure_tally (
  month      TEXT NOT NULL,
  type       TEXT NOT NULL,
  market_id  INTEGER NOT NULL,
  on_time    INTEGER NOT NULL,
  late       INTEGER NOT NULL,
  PRIMARY KEY (month, type, market_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER disposal_case_tally_on_close AFTER UPDATE OF closed_at ON disposal_case
WHEN OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL
BEGIN
  INSERT INTO closure_tally(month, type, market_id, on_time, late)
  VALUES (NEW.due_month, NEW.type, coalesce(NEW.market_id, 0), NEW.closed_at <= NEW.due_at, NEW.closed_at > NEW.due_at)
  ON CONFLICT(month, type, market_id) DO UPDATE SET on_time = on_time + excluded.on_time, late = late + excluded.late;
END;
CREATE TRIGGER disposal_case_tally_on_insert AFTER INSERT ON disposal_case
WHEN NEW.closed_at IS NOT NULL
BEGIN
  INSERT INTO closure_tally(month, type, market_id, on_time, late)
  VALUES (NEW.due_month, NEW.type, coalesce(NEW.market_id, 0), NEW.closed_at <= NEW.due_at, NEW.closed_at > NEW.due_at)
  ON CONFLICT(month, type, market_id) DO UPDATE SET on_time = on_time + excluded.on_time, late = late + excluded.late;
END;

-- What happened to a case, in order; seq 1 is the opening. Never changed or deleted.
CREATE TABLE case_step (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  version      INTEGER NOT NULL DEFAULT 1,
  case_id      INTEGER NOT NULL REFERENCES disposal_case(id),
  seq          INTEGER NOT NULL CHECK (seq >= 1),
  step         TEXT NOT NULL,
  from_state   TEXT NOT NULL,   -- the state of the step's track before it ('' for the opening, side steps)
  to_state     TEXT NOT NULL,
  at           TEXT NOT NULL,   -- when it happened (the opening: t0)
  recorded_at  TEXT NOT NULL,
  actor        TEXT NOT NULL,
  quantity     REAL CHECK (quantity IS NULL OR quantity >= 0),
  unit         TEXT,
  method       TEXT,
  supervisor   TEXT,
  note         TEXT NOT NULL DEFAULT '',
  evidence     TEXT NOT NULL DEFAULT '[]',  -- JSON [{"sha256", "name", "bytes"}]; files in <data dir>/evidence/<sha256>
  result_id    INTEGER REFERENCES result(id),  -- released: the corrected version of the first result
  UNIQUE (case_id, seq)
) STRICT;
CREATE TRIGGER case_step_is_append_only_u BEFORE UPDATE ON case_step
BEGIN
  SELECT RAISE(ABORT, 'case steps are append-only');
END;
CREATE TRIGGER case_step_is_append_only_d BEFORE DELETE ON case_step
BEGIN
  SELECT RAISE(ABORT, 'case steps are append-only');
END;

-- The deadlines of a case, each fixed when the event it counts from is recorded (so a later
-- change of config/deadlines.json never moves a running deadline). `due` deadlines bind the
-- office and are met by a step; `window` deadlines bound the vendor's or producer's right.
CREATE TABLE case_deadline (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 1,
  case_id     INTEGER NOT NULL REFERENCES disposal_case(id),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('due', 'window')),
  from_event  TEXT NOT NULL,
  from_at     TEXT NOT NULL,
  amount      INTEGER NOT NULL,
  unit        TEXT NOT NULL CHECK (unit IN ('hours', 'days', 'working_days')),
  due_at      TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'met', 'cancelled')),
  met_at      TEXT,
  step_id     INTEGER REFERENCES case_step(id),  -- the step that met or used it
  UNIQUE (case_id, name),
  CHECK ((state = 'met') = (met_at IS NOT NULL))
) STRICT;
-- Alerts: every deadline still to be met, by when it falls.
CREATE INDEX case_deadline_pending ON case_deadline(due_at) WHERE state = 'pending' AND kind = 'due';

-- Approved extensions of a case's due date, in order. Never changed or deleted.
CREATE TABLE case_extension (
  id               INTEGER PRIMARY KEY,
  uuid             TEXT NOT NULL UNIQUE,
  version          INTEGER NOT NULL DEFAULT 1,
  case_id          INTEGER NOT NULL REFERENCES disposal_case(id),
  previous_due_at  TEXT NOT NULL,
  new_due_at       TEXT NOT NULL CHECK (new_due_at > previous_due_at),
  approver         TEXT NOT NULL CHECK (approver <> ''),
  reason           TEXT NOT NULL CHECK (reason <> ''),
  recorded_at      TEXT NOT NULL,
  recorded_by      TEXT NOT NULL
) STRICT;
CREATE INDEX case_extension_case ON case_extension(case_id, id);
CREATE TRIGGER case_extension_is_append_only_u BEFORE UPDATE ON case_extension
BEGIN
  SELECT RAISE(ABORT, 'case extensions are append-only');
END;
CREATE TRIGGER case_extension_is_append_only_d BEFORE DELETE ON case_extension
BEGIN
  SELECT RAISE(ABORT, 'case extensions are append-only');
END;
