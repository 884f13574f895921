-- The phase (its ordinal among all of a round's phases) in which a
-- case-giver was last reminded to listen: one reminder per phase.
ALTER TABLE round_people ADD COLUMN listen_reminded INTEGER;

-- The round whose opening reported a commitment back: a retried opening
-- shows the same report-back.
ALTER TABLE round_commitments ADD COLUMN reported_in INTEGER;
