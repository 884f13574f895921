-- Programme figures (`stats`).

-- Every time someone joined a circle, kept when they leave: retention asks
-- how long the people who joined stayed active, leavers included.
CREATE TABLE circle_joins (
    circle_id    BIGINT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    community_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    joined_at    BIGINT NOT NULL,
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id) ON DELETE CASCADE
);
CREATE INDEX circle_joins_by_community ON circle_joins (community_id, user_id, joined_at);
CREATE INDEX circle_joins_by_circle ON circle_joins (circle_id, user_id, joined_at);
INSERT INTO circle_joins (circle_id, community_id, user_id, joined_at)
    SELECT circle_id, community_id, user_id, joined_at FROM circle_members;
CREATE FUNCTION circle_joins_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO circle_joins (circle_id, community_id, user_id, joined_at)
    VALUES (NEW.circle_id, NEW.community_id, NEW.user_id, NEW.joined_at);
    RETURN NULL;
END;
$$;
CREATE TRIGGER circle_joins_record AFTER INSERT ON circle_members
    FOR EACH ROW EXECUTE FUNCTION circle_joins_record();

-- Check-ins of a period, read without visiting the table.
CREATE INDEX checkins_by_time ON checkins (community_id, created_at, circle_id, user_id);
CREATE INDEX goals_by_community ON goals (community_id, created_at);
CREATE INDEX round_people_by_time ON round_people (community_id, joined_at, user_id);

-- Counts the writes of a run's answers (taken under the run's row lock), so
-- that a process can tell whether the answers it opened earlier are still
-- the answers there are without opening them again. A count of writes: it
-- says nothing about who answered, what, or when.
ALTER TABLE pulse_runs ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
