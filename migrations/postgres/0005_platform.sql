-- What adapters remember about the platform, so a restart loses nothing.

-- The platform's id for each message sent under an idempotency key, so a
-- later `Outgoing::replaces` edits it (a poll's live tally), even after a restart.
CREATE TABLE sent_messages (
    platform        TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    channel_id      TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    sent_at         BIGINT NOT NULL,
    PRIMARY KEY (platform, idempotency_key)
);
CREATE INDEX sent_messages_by_message ON sent_messages (platform, message_id);

-- Small adapter facts (the fingerprint of the registered slash commands).
CREATE TABLE adapter_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A direct message the platform refused (DMs closed) and where the person
-- was mentioned instead.
CREATE TABLE delivery_fallbacks (
    platform        TEXT NOT NULL,
    community_id    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    channel_id      TEXT,
    idempotency_key TEXT,
    reason          TEXT NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX delivery_fallbacks_user ON delivery_fallbacks (community_id, user_id);

-- A circle that has a discussion thread: its posts and nudges go there.
ALTER TABLE circles ADD COLUMN discussion_thread BOOLEAN NOT NULL DEFAULT FALSE;
