-- Reminders: what to say, to whom, and how it recurs.
CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id   TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    creator_id     TEXT NOT NULL,
    -- 'member': a direct message to recipient_id; 'channel': a post in recipient_id.
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('member', 'channel')),
    recipient_id   TEXT NOT NULL,
    thread_id      TEXT,
    circle_id      INTEGER REFERENCES circles (id) ON DELETE SET NULL,
    body           TEXT NOT NULL,
    -- JSON recurrence (rule, local time, anchor date); NULL for a one-off.
    recurrence     TEXT,
    timezone       TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('active', 'paused', 'done', 'cancelled')),
    fired          INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);
CREATE INDEX reminders_by_creator ON reminders (community_id, creator_id);
CREATE INDEX reminders_by_recipient ON reminders (community_id, recipient_id);

-- All future work. One row per schedulable thing; a recurring one is
-- rescheduled in place with occurrence + 1.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    ref_id      INTEGER NOT NULL,
    occurrence  INTEGER NOT NULL DEFAULT 0,
    due_at      INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'running', 'paused', 'done', 'failed', 'cancelled')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER,
    last_error  TEXT,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX jobs_by_ref ON jobs (kind, ref_id);
CREATE INDEX jobs_pending ON jobs (due_at) WHERE state = 'pending';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
