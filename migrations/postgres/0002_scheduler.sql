-- Reminders: what to say, to whom, and how it recurs.
CREATE TABLE reminders (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id   TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    creator_id     TEXT NOT NULL,
    -- 'member': a direct message to recipient_id; 'channel': a post in recipient_id.
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('member', 'channel')),
    recipient_id   TEXT NOT NULL,
    thread_id      TEXT,
    circle_id      BIGINT REFERENCES circles (id) ON DELETE SET NULL,
    body           TEXT NOT NULL,
    -- JSON recurrence (rule, local time, anchor date); NULL for a one-off.
    recurrence     TEXT,
    timezone       TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('active', 'paused', 'done', 'cancelled')),
    fired          BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL
);
CREATE INDEX reminders_by_creator ON reminders (community_id, creator_id);
CREATE INDEX reminders_by_recipient ON reminders (community_id, recipient_id);

-- All future work. One row per schedulable thing; a recurring one is
-- rescheduled in place with occurrence + 1.
CREATE TABLE jobs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL,
    ref_id      BIGINT NOT NULL,
    occurrence  BIGINT NOT NULL DEFAULT 0,
    due_at      BIGINT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'running', 'paused', 'done', 'failed', 'cancelled')),
    attempts    BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error  TEXT,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX jobs_by_ref ON jobs (kind, ref_id);
CREATE INDEX jobs_pending ON jobs (due_at) WHERE state = 'pending';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
