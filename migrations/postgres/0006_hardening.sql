-- What has reached a platform, by idempotency key. Platforms forget keys
-- (Discord's nonce check spans minutes, Synapse's transaction ids are
-- time-bounded): a resend long after a crash is recognised here instead.
CREATE TABLE deliveries (
    idempotency_key TEXT PRIMARY KEY,
    sent_at         BIGINT NOT NULL
);
CREATE INDEX deliveries_by_time ON deliveries (sent_at);

-- When a job was first due, kept across retries and postponements, so
-- lateness and "missed" summaries count from it.
ALTER TABLE jobs ADD COLUMN first_due_at BIGINT;

-- Where a personal reminder was set: where it goes (with a mention) when
-- the person's direct messages are closed.
ALTER TABLE reminders ADD COLUMN origin_channel TEXT;
