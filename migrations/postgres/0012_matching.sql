-- Matching: what each member brings to it.

-- Weekly windows in the member's own zone ("mon 18:00-21:00, …").
ALTER TABLE members ADD COLUMN availability TEXT;
-- Left out of matching runs until they resume.
ALTER TABLE members ADD COLUMN matching_paused BOOLEAN NOT NULL DEFAULT FALSE;
