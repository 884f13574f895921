-- Peer-problem rounds: a community's own protocols, rounds with their clock,
-- the people in them, what they said, and the case-giver's commitments.

CREATE TABLE round_protocols (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    -- The text definition it was added with (`round protocol add`).
    definition   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (community_id, name_key)
);

CREATE TABLE rounds (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    circle_id        BIGINT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    -- Where its thread opens.
    channel_id       TEXT NOT NULL,
    -- A built-in key, or a community protocol's name key with its name and
    -- definition as they were when the round was made.
    protocol         TEXT NOT NULL,
    protocol_name    TEXT,
    definition       TEXT,
    mode             TEXT NOT NULL CHECK (mode IN ('live', 'async')),
    pace_ms          BIGINT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('scheduled', 'running', 'paused', 'done', 'cancelled')),
    starts_at        BIGINT NOT NULL,
    -- The case-giver someone asked for at `round start`.
    asked_case_giver TEXT,
    rotations        BIGINT NOT NULL DEFAULT 1,
    rotation         BIGINT NOT NULL DEFAULT 0,
    phase            BIGINT NOT NULL DEFAULT 0,
    phase_started_at BIGINT,
    phase_ends_at    BIGINT,
    warned           BOOLEAN NOT NULL DEFAULT FALSE,
    -- What was left of the phase when it was paused.
    remaining_ms     BIGINT,
    -- Counts every change of the round's clock: commands and the round's job
    -- act only on the tick they read, so two moderators pressing "next" at
    -- once advance it once, and a retried job re-announces rather than
    -- advancing twice.
    tick             BIGINT NOT NULL DEFAULT 0,
    last_event       TEXT NOT NULL DEFAULT 'created',
    started_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    ended_at         BIGINT
);
CREATE INDEX rounds_by_circle ON rounds (circle_id, created_at);
CREATE INDEX rounds_by_community ON rounds (community_id, state);

CREATE TABLE round_people (
    round_id     BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    community_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    -- Held for the whole round; case-givers are `case_order` 0, 1, … in
    -- rotation order (NULL: gives no case).
    role         TEXT NOT NULL CHECK (role IN ('participant', 'moderator', 'note-taker')),
    case_order   BIGINT,
    joined_at    BIGINT NOT NULL,
    PRIMARY KEY (round_id, user_id)
);
CREATE INDEX round_people_by_user ON round_people (community_id, user_id);

CREATE TABLE round_notes (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id     BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    community_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    rotation     BIGINT NOT NULL,
    phase        BIGINT NOT NULL,
    body         TEXT NOT NULL,
    chars        BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX round_notes_by_round ON round_notes (round_id, rotation, phase);

CREATE TABLE round_commitments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id     BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    community_id TEXT NOT NULL,
    circle_id    BIGINT NOT NULL,
    user_id      TEXT NOT NULL,
    body         TEXT NOT NULL,
    due_at       BIGINT,
    created_at   BIGINT NOT NULL,
    -- When the circle's next round showed it in its report-back.
    reported_at  BIGINT
);
CREATE INDEX round_commitments_by_circle ON round_commitments (circle_id, reported_at);
