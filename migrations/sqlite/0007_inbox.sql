-- Inputs received from a platform and not yet answered. A row is written
-- before an input is handled and its answer (serialized) once it is, and
-- both are cleared as soon as the answer is delivered; an `answer` job
-- (ref_id = id) delivers it if the process dies first. The key
-- (a Discord interaction id, a Matrix event id) stays a week so that a
-- redelivered event is answered once.
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    platform    TEXT NOT NULL,
    event_key   TEXT NOT NULL,
    -- What the adapter needs to answer it later (a Discord interaction
    -- token: a credential for 15 minutes, cleared with the input).
    origin      TEXT,
    input       TEXT,
    answer      TEXT,
    replies     BOOLEAN NOT NULL DEFAULT TRUE,
    state       TEXT NOT NULL CHECK (state IN ('received', 'handled', 'answered')),
    received_at INTEGER NOT NULL,
    UNIQUE (platform, event_key)
);
CREATE INDEX inbox_by_time ON inbox (received_at);
