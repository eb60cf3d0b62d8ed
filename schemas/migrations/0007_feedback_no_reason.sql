-- Feedback that gives no reason (a form letter: "we have decided to move forward with other
-- candidates", the candidate's own withdrawal) is marked, not filed: it counts in no gap and
-- is what the user should ask about. 1 = no reason given; set by the clustering, cleared when
-- the user places the feedback or records an answer that gives the reason.
ALTER TABLE feedback ADD COLUMN no_reason INTEGER NOT NULL DEFAULT 0;
