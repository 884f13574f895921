-- Instants are epoch milliseconds (UTC) in BIGINT columns on both backends.
CREATE TABLE communities (
    id          TEXT PRIMARY KEY,
    locale      TEXT,
    timezone    TEXT,
    created_at  BIGINT NOT NULL
);

CREATE TABLE members (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_key  TEXT NOT NULL,
    locale       TEXT,
    timezone     TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX members_by_display_key ON members (community_id, display_key);

CREATE TABLE circles (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    topic        TEXT,
    kind         TEXT NOT NULL CHECK (kind IN ('group', 'peer', 'team')),
    capacity     BIGINT NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    member_count BIGINT NOT NULL DEFAULT 0 CHECK (member_count BETWEEN 0 AND capacity),
    channel_id   TEXT,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    archived_at  BIGINT
);
CREATE UNIQUE INDEX circles_active_name ON circles (community_id, name_key) WHERE archived_at IS NULL;

CREATE TABLE circle_members (
    circle_id    BIGINT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    community_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('host', 'mentor', 'mentee', 'peer')),
    joined_at    BIGINT NOT NULL,
    PRIMARY KEY (circle_id, user_id),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id) ON DELETE CASCADE
);
CREATE INDEX circle_members_by_member ON circle_members (community_id, user_id);

-- member_count follows circle_members; the CHECK on circles makes an insert
-- into a full circle fail, and the row lock serializes concurrent joins.
CREATE FUNCTION circle_members_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE circles SET member_count = member_count + 1 WHERE id = NEW.circle_id;
    ELSE
        UPDATE circles SET member_count = member_count - 1 WHERE id = OLD.circle_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER circle_members_count AFTER INSERT OR DELETE ON circle_members
    FOR EACH ROW EXECUTE FUNCTION circle_members_count();
