-- Issues 16 and 17: asking back, warm paths, who can vouch, and the evidence behind a gap.

-- An ask is a message the user sends and wants an answer to:
--   why      a vague rejection ("more experience", which?) or one with no reason: asks the
--            recruiter or hiring manager what was missing; feedback_id is that feedback;
--   intro    asks a contact at a company the user applied to for an introduction;
--   referral asks a contact there for a referral.
-- A draft has asked_on NULL. "Sent" sets asked_on and links the interaction and the follow-up
-- it logged. An answer to a why-ask is feedback on the same application: answer_feedback_id.
CREATE TABLE asks (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('why', 'intro', 'referral')),
    feedback_id        INTEGER REFERENCES feedback(id) ON DELETE CASCADE,
    application_id     INTEGER REFERENCES applications(id) ON DELETE CASCADE,
    contact_id         INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    message            TEXT,
    asked_on           TEXT,
    interaction_id     INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
    followup_id        INTEGER REFERENCES followups(id) ON DELETE SET NULL,
    answer_feedback_id INTEGER REFERENCES feedback(id) ON DELETE SET NULL,
    answered_on        TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX asks_feedback ON asks(feedback_id);
CREATE INDEX asks_application ON asks(application_id);
CREATE INDEX asks_contact ON asks(contact_id);

-- Who can vouch: the gaps a contact can speak to (a former report for people management,
-- a finance partner for budget). One row per (contact, gap); `id` so undo restores it.
CREATE TABLE contact_gaps (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    gap_id     INTEGER NOT NULL REFERENCES gaps(id) ON DELETE CASCADE,
    note       TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (contact_id, gap_id)
);
CREATE INDEX contact_gaps_gap ON contact_gaps(gap_id);

-- Evidence that a gap is closing: a dated entry ("acting manager of 3 for 4 months"),
-- optionally a story to tell in an interview (situation / action / result), optionally the
-- plan action it completes.
CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    gap_id        INTEGER NOT NULL REFERENCES gaps(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    happened_on   TEXT,
    situation     TEXT,
    action        TEXT,
    result        TEXT,
    gap_action_id INTEGER REFERENCES gap_actions(id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX evidence_gap ON evidence(gap_id);
