-- Pulse surveys: questions asked again and again (runs), answered in private.
CREATE TABLE pulses (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    -- Where it was created: closed direct messages fall back here.
    channel_id       TEXT NOT NULL,
    creator_id       TEXT NOT NULL,
    title            TEXT NOT NULL,
    -- The language and zone its summaries are written in (the creator's).
    locale           TEXT NOT NULL,
    timezone         TEXT NOT NULL,
    anonymous        BOOLEAN NOT NULL,
    -- Results of a question (or of a group of answers) show only with at
    -- least this many answers.
    min_answers      BIGINT NOT NULL DEFAULT 3 CHECK (min_answers >= 3),
    promoter_min     BIGINT NOT NULL DEFAULT 9,
    passive_min      BIGINT NOT NULL DEFAULT 7,
    audience         TEXT NOT NULL DEFAULT 'community'
                     CHECK (audience IN ('community', 'circle', 'role')),
    circle_id        BIGINT REFERENCES circles (id) ON DELETE SET NULL,
    role             TEXT CHECK (role IN ('host', 'mentor', 'mentee', 'peer')),
    open_for_ms      BIGINT NOT NULL,
    -- How long before a run closes those who have not answered hear again.
    remind_before_ms BIGINT,
    -- JSON recurrence (rule, local time, anchor date); NULL for one run.
    recurrence       TEXT,
    next_run_at      BIGINT,
    state            TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'paused', 'closed')),
    -- A circle's own feedback after its meetings: what its mentees say of
    -- a session, or what its mentors say of their mentees' progress.
    feedback         TEXT CHECK (feedback IN ('session', 'progress')),
    created_at       BIGINT NOT NULL
);
CREATE INDEX pulses_by_community ON pulses (community_id);
CREATE INDEX pulses_by_circle ON pulses (circle_id) WHERE feedback IS NOT NULL;

CREATE TABLE pulse_questions (
    pulse_id BIGINT NOT NULL REFERENCES pulses (id) ON DELETE CASCADE,
    position BIGINT NOT NULL CHECK (position BETWEEN 1 AND 10),
    kind     TEXT NOT NULL CHECK (kind IN ('scale', 'nps', 'choice', 'multi', 'text')),
    prompt   TEXT NOT NULL,
    -- Choice labels, or a scale's two end labels, one per line.
    options  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (pulse_id, position)
);

CREATE TABLE pulse_runs (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pulse_id  BIGINT NOT NULL REFERENCES pulses (id) ON DELETE CASCADE,
    number    BIGINT NOT NULL,
    opens_at  BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    closed_at BIGINT,
    UNIQUE (pulse_id, number)
);

-- Who a run was sent to (not whether or what they answered).
CREATE TABLE pulse_recipients (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id       BIGINT NOT NULL REFERENCES pulse_runs (id) ON DELETE CASCADE,
    community_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    fallback_channel TEXT,
    UNIQUE (run_id, user_id)
);

-- One row per person who answered a run. `respondent` is a keyed hash of
-- run and member (the key is kept outside the database; a named pulse keeps
-- the member's id) and `sealed` their answers, encrypted (ChaCha20-Poly1305)
-- under a key derived from the same secret. No time and no member id: with
-- the database alone neither a row nor its place among the others (the
-- order rows were written in) says who answered what.
CREATE TABLE pulse_responses (
    run_id     BIGINT NOT NULL REFERENCES pulse_runs (id) ON DELETE CASCADE,
    respondent TEXT NOT NULL,
    sealed     TEXT NOT NULL,
    PRIMARY KEY (run_id, respondent)
);

-- The language the platform last said a member uses (a Discord client's):
-- what scheduled messages to them are written in when they chose none.
ALTER TABLE members ADD COLUMN platform_locale TEXT;

-- Whether a circle's people are asked for feedback after its meetings.
ALTER TABLE circles ADD COLUMN feedback BOOLEAN NOT NULL DEFAULT TRUE;
