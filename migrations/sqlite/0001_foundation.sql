-- Instants are epoch milliseconds (UTC) in BIGINT columns on both backends.
CREATE TABLE communities (
    id          TEXT PRIMARY KEY,
    locale      TEXT,
    timezone    TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE members (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_key  TEXT NOT NULL,
    locale       TEXT,
    timezone     TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX members_by_display_key ON members (community_id, display_key);

-- AUTOINCREMENT: ids are never reused, so an old button can never act on a new circle.
CREATE TABLE circles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    topic        TEXT,
    kind         TEXT NOT NULL CHECK (kind IN ('group', 'peer', 'team')),
    capacity     INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    member_count INTEGER NOT NULL DEFAULT 0 CHECK (member_count BETWEEN 0 AND capacity),
    channel_id   TEXT,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    archived_at  INTEGER
);
CREATE UNIQUE INDEX circles_active_name ON circles (community_id, name_key) WHERE archived_at IS NULL;

CREATE TABLE circle_members (
    circle_id    INTEGER NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    community_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('host', 'mentor', 'mentee', 'peer')),
    joined_at    INTEGER NOT NULL,
    PRIMARY KEY (circle_id, user_id),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id) ON DELETE CASCADE
);
CREATE INDEX circle_members_by_member ON circle_members (community_id, user_id);

-- member_count follows circle_members; the CHECK on circles makes an insert
-- into a full circle fail, which serializes concurrent joins in one statement.
CREATE TRIGGER circle_members_count_insert AFTER INSERT ON circle_members
BEGIN
    UPDATE circles SET member_count = member_count + 1 WHERE id = NEW.circle_id;
END;
CREATE TRIGGER circle_members_count_delete AFTER DELETE ON circle_members
BEGIN
    UPDATE circles SET member_count = member_count - 1 WHERE id = OLD.circle_id;
END;
