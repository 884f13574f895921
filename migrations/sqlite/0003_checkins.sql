-- Who administers a community, as the platform last said; used to escalate nudges.
ALTER TABLE members ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;
-- Nobody away is nudged; nothing is delivered inside quiet hours ("22:00-08:00", local).
ALTER TABLE members ADD COLUMN away_until INTEGER;
ALTER TABLE members ADD COLUMN quiet_hours TEXT;

ALTER TABLE circles ADD COLUMN nudge_after_days INTEGER NOT NULL DEFAULT 14;
ALTER TABLE circles ADD COLUMN last_checkin_at INTEGER;

CREATE TABLE checkins (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    circle_id    INTEGER REFERENCES circles (id) ON DELETE SET NULL,
    user_id      TEXT NOT NULL,
    note         TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX checkins_by_circle ON checkins (circle_id, created_at);
CREATE INDEX checkins_by_member ON checkins (community_id, user_id, created_at);

CREATE TABLE goals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL,
    body         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('open', 'done')),
    created_at   INTEGER NOT NULL,
    done_at      INTEGER
);
CREATE INDEX goals_by_member ON goals (community_id, user_id, state);

-- A nudge's rung on its escalation ladder. Separate from `occurrence`, which
-- only ever grows, so every send has an idempotency key of its own.
ALTER TABLE jobs ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
