-- What has reached a platform, by idempotency key. Platforms forget keys
-- (Discord's nonce check spans minutes, Synapse's transaction ids are
-- time-bounded): a resend long after a crash is recognised here instead.
CREATE TABLE deliveries (
    idempotency_key TEXT PRIMARY KEY,
    sent_at         INTEGER NOT NULL
) WITHOUT ROWID;

-- When a job was first due, kept across retries and postponements, so
-- lateness and "missed" summaries count from it.
ALTER TABLE jobs ADD COLUMN first_due_at INTEGER;

-- Where a personal reminder was set: where it goes (with a mention) when
-- the person's direct messages are closed.
ALTER TABLE reminders ADD COLUMN origin_channel TEXT;

-- Votes stored in key order, not arrival order: with an anonymous poll's
-- keyed-hash voters, no row position tells who voted first.
CREATE TABLE poll_votes_by_key (
    poll_id  INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    voter    TEXT NOT NULL,
    position INTEGER NOT NULL,
    voted_at INTEGER,
    PRIMARY KEY (poll_id, voter, position),
    FOREIGN KEY (poll_id, position) REFERENCES poll_options (poll_id, position)
) WITHOUT ROWID;
INSERT INTO poll_votes_by_key (poll_id, voter, position, voted_at)
    SELECT poll_id, voter, position, voted_at FROM poll_votes ORDER BY poll_id, voter, position;
DROP TABLE poll_votes;
ALTER TABLE poll_votes_by_key RENAME TO poll_votes;
CREATE INDEX poll_votes_by_option ON poll_votes (poll_id, position);
