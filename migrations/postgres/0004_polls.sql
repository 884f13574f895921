CREATE TABLE polls (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    channel_id   TEXT NOT NULL,
    thread_id    TEXT,
    circle_id    BIGINT REFERENCES circles (id) ON DELETE SET NULL,
    creator_id   TEXT NOT NULL,
    question     TEXT NOT NULL,
    -- The language and zone its messages are written in (the creator's).
    locale       TEXT NOT NULL,
    timezone     TEXT NOT NULL,
    multi        BOOLEAN NOT NULL,
    anonymous    BOOLEAN NOT NULL,
    hide_results BOOLEAN NOT NULL,
    closes_at    BIGINT,
    closed_at    BIGINT,
    -- How many people have a vote in, kept by each vote's transaction.
    voters       BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE INDEX polls_open ON polls (community_id, channel_id) WHERE closed_at IS NULL;

CREATE TABLE poll_options (
    poll_id  BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position BIGINT NOT NULL CHECK (position BETWEEN 1 AND 20),
    label    TEXT NOT NULL,
    PRIMARY KEY (poll_id, position)
);

-- `voter` is the member's id, or for an anonymous poll a keyed hash of the
-- poll and the member whose key is kept outside the database: duplicates are
-- still refused, but no row leads back to a person. Anonymous votes carry no
-- time either, so they cannot be matched against logs.
CREATE TABLE poll_votes (
    poll_id  BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    voter    TEXT NOT NULL,
    position BIGINT NOT NULL,
    voted_at BIGINT,
    PRIMARY KEY (poll_id, voter, position),
    FOREIGN KEY (poll_id, position) REFERENCES poll_options (poll_id, position)
);
CREATE INDEX poll_votes_by_option ON poll_votes (poll_id, position);
