-- "You order, we test" events (你点我检 / 你送我检): an event at a place on a day within a time
-- window; citizens' orders (votes for a food or item to test), the tasks the top orders became,
-- consultations answered on the spot. Samples registered at an event (walk-ins, or for an
-- order) carry the event; a walk-in keeps the citizen's contact, which is never published.

CREATE TABLE event (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 1,
  code        TEXT NOT NULL UNIQUE,          -- E20261123-01: local date and a running number
  title       TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('order', 'send')),   -- 你点我检 | 你送我检
  place       TEXT NOT NULL,
  market_id   INTEGER REFERENCES market(id),
  day         TEXT NOT NULL,                 -- YYYY-MM-DD, local
  starts      TEXT NOT NULL,                 -- HH:MM, local
  ends        TEXT NOT NULL,                 -- HH:MM, local, after starts
  booth       TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  closed_at   TEXT,
  created_at  TEXT NOT NULL,
  CHECK (ends > starts),
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
) STRICT;
CREATE INDEX event_day ON event(day);

CREATE TABLE event_order (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 1,
  event_id    INTEGER NOT NULL REFERENCES event(id),
  food        TEXT NOT NULL,                 -- what the citizen wants tested, e.g. 韭菜
  item        TEXT NOT NULL DEFAULT '',      -- a catalogue item code, or '' for "whatever applies"
  votes       INTEGER NOT NULL DEFAULT 1 CHECK (votes > 0),
  citizen     TEXT NOT NULL DEFAULT '',      -- a name or nickname; never published
  contact     TEXT NOT NULL DEFAULT '',      -- phone; never published
  source      TEXT NOT NULL CHECK (source IN ('entered', 'import')),
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX event_order_event ON event_order(event_id, food);

CREATE TABLE consultation (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  version     INTEGER NOT NULL DEFAULT 1,
  event_id    INTEGER NOT NULL REFERENCES event(id),
  topic       TEXT NOT NULL,
  answer      TEXT NOT NULL DEFAULT '',
  citizen     TEXT NOT NULL DEFAULT '',      -- never published
  contact     TEXT NOT NULL DEFAULT '',      -- never published
  at          TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX consultation_event ON consultation(event_id);

ALTER TABLE sample ADD COLUMN event_id INTEGER REFERENCES event(id);
ALTER TABLE sample ADD COLUMN citizen_contact TEXT;   -- a walk-in's phone; never published
CREATE INDEX sample_event ON sample(event_id);
ALTER TABLE task ADD COLUMN event_id INTEGER REFERENCES event(id);
