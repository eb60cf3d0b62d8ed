-- rung data model, version 1: the whole model of DESIGN.md.
-- Dates are ISO-8601 text. A date with no time stays a date ("2026-03-14");
-- naive local times stay naive; zoned times are stored in UTC with a trailing "Z".
-- `user_edited` holds a JSON array of field names the user changed in rung:
-- an import never overwrites those fields.

CREATE TABLE companies (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    normalized_name TEXT NOT NULL UNIQUE,
    website         TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE applications (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE RESTRICT,
    title       TEXT NOT NULL,
    level       TEXT NOT NULL DEFAULT 'ic'
                CHECK (level IN ('ic','lead','manager','senior_manager','director','vp','c_level')),
    location    TEXT,
    url         TEXT,
    url_key     TEXT,            -- normalized job URL (tracking params dropped): dedup key 1
    source      TEXT,            -- linkedin, huntr, teal, referral, manual, ...
    stage       TEXT NOT NULL DEFAULT 'applied'
                CHECK (stage IN ('saved','applied','screening','interviewing','offer','accepted',
                                 'rejected','withdrawn','ghosted')),
    status_raw  TEXT,            -- the imported status text, as given
    applied_on  TEXT,
    salary      TEXT,
    notes       TEXT,
    user_edited TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX applications_company ON applications(company_id);
CREATE INDEX applications_url_key ON applications(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX applications_stage ON applications(stage);

CREATE TABLE stage_events (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    from_stage     TEXT,
    to_stage       TEXT NOT NULL,
    at             TEXT NOT NULL,
    note           TEXT
);
CREATE INDEX stage_events_application ON stage_events(application_id, at);
CREATE INDEX stage_events_at ON stage_events(at);

CREATE TABLE interviews (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    round          INTEGER NOT NULL DEFAULT 1,
    kind           TEXT NOT NULL DEFAULT 'recruiter_screen'
                   CHECK (kind IN ('recruiter_screen','hiring_manager','panel','technical','exec',
                                   'case_presentation','reference','other')),
    scheduled_at   TEXT,
    with_whom      TEXT,
    outcome        TEXT CHECK (outcome IS NULL OR outcome IN ('pending','passed','failed','cancelled')),
    notes          TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX interviews_application ON interviews(application_id);
CREATE INDEX interviews_scheduled ON interviews(scheduled_at);

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    normalized_name TEXT NOT NULL,
    company_id      INTEGER REFERENCES companies(id) ON DELETE SET NULL,
    title           TEXT,
    email           TEXT,
    phone           TEXT,
    linkedin_url    TEXT,
    relationship    TEXT
                    CHECK (relationship IS NULL OR relationship IN
                           ('recruiter','hiring_manager','referrer','mentor','peer',
                            'former_colleague','other')),
    source          TEXT,
    connected_on    TEXT,
    cadence_days    INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
    notes           TEXT,
    user_edited     TEXT NOT NULL DEFAULT '[]',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX contacts_linkedin ON contacts(linkedin_url) WHERE linkedin_url IS NOT NULL;
CREATE INDEX contacts_email ON contacts(email) WHERE email IS NOT NULL;
CREATE INDEX contacts_name ON contacts(normalized_name);
CREATE INDEX contacts_company ON contacts(company_id);

CREATE TABLE interactions (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES applications(id) ON DELETE SET NULL,
    at             TEXT NOT NULL,
    channel        TEXT,            -- email, call, linkedin, coffee, video, message, ...
    summary        TEXT,
    source_key     TEXT,            -- dedup key of an imported message, else NULL
    created_at     TEXT NOT NULL
);
CREATE INDEX interactions_contact ON interactions(contact_id, at);
CREATE INDEX interactions_application ON interactions(application_id);
CREATE UNIQUE INDEX interactions_source_key ON interactions(source_key) WHERE source_key IS NOT NULL;

CREATE TABLE followups (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,
    due_on         TEXT NOT NULL,
    what           TEXT NOT NULL,
    done_at        TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX followups_due ON followups(done_at, due_on);
CREATE INDEX followups_contact ON followups(contact_id);
CREATE INDEX followups_application ON followups(application_id);

CREATE TABLE gaps (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    label           TEXT NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'gap' CHECK (kind IN ('gap','external')),
    description     TEXT,
    origin          TEXT NOT NULL DEFAULT 'taxonomy' CHECK (origin IN ('taxonomy','emergent','user')),
    merged_into     INTEGER REFERENCES gaps(id) ON DELETE SET NULL,  -- a merged gap stays as a tombstone
    plan_started_on TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE feedback (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER REFERENCES applications(id) ON DELETE SET NULL,
    interview_id   INTEGER REFERENCES interviews(id) ON DELETE SET NULL,
    received_on    TEXT,
    source         TEXT,            -- recruiter email, debrief, linkedin message, import, ...
    text           TEXT NOT NULL,   -- stored as given
    gap_id         INTEGER REFERENCES gaps(id) ON DELETE SET NULL,
    assigned_by    TEXT CHECK (assigned_by IS NULL OR assigned_by IN ('auto','user')),
    score          REAL,
    status         TEXT NOT NULL DEFAULT 'confirmed'
                   CHECK (status IN ('confirmed','candidate','dismissed')),  -- candidates come from imports
    clarification  TEXT,            -- the user's answer to "which experience?"
    created_at     TEXT NOT NULL
);
CREATE INDEX feedback_gap ON feedback(gap_id);
CREATE INDEX feedback_application ON feedback(application_id);
CREATE INDEX feedback_received ON feedback(received_on);

CREATE TABLE gap_actions (
    id         INTEGER PRIMARY KEY,
    gap_id     INTEGER NOT NULL REFERENCES gaps(id) ON DELETE CASCADE,
    action     TEXT NOT NULL,
    due_on     TEXT,
    done_at    TEXT,
    evidence   TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX gap_actions_gap ON gap_actions(gap_id);

CREATE TABLE imports (
    id        INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    profile   TEXT NOT NULL,
    at        TEXT NOT NULL,
    rows_read INTEGER NOT NULL DEFAULT 0,
    created   TEXT NOT NULL DEFAULT '{}',   -- JSON {table: n}
    merged    INTEGER NOT NULL DEFAULT 0,
    skipped   INTEGER NOT NULL DEFAULT 0,
    errors    TEXT NOT NULL DEFAULT '[]'    -- JSON [{line, column, message}]
);
CREATE INDEX imports_sha ON imports(sha256);

CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    week         TEXT NOT NULL UNIQUE,       -- ISO week, YYYY-Www
    completed_at TEXT,
    notes        TEXT,
    snapshot     TEXT                        -- JSON of the week's figures as the user saw them
);

-- One full-text index over five tables. rowid = id * 8 + kind code, so a trigger
-- deletes its row by rowid (no scan): 1 company, 2 application, 3 contact,
-- 4 interaction, 5 feedback.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,
    ref_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER companies_ai AFTER INSERT ON companies BEGIN
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 1, 'company', new.id, new.name,
            coalesce(new.website, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER companies_au AFTER UPDATE OF name, website, notes ON companies BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 1, 'company', new.id, new.name,
            coalesce(new.website, '') || ' ' || coalesce(new.notes, ''));
    -- applications and contacts carry the company name in their index rows
    UPDATE applications SET company_id = company_id WHERE company_id = new.id AND old.name <> new.name;
    UPDATE contacts SET company_id = company_id WHERE company_id = new.id AND old.name <> new.name;
END;
CREATE TRIGGER companies_ad AFTER DELETE ON companies BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
END;

CREATE TRIGGER applications_ai AFTER INSERT ON applications BEGIN
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 2, 'application', new.id,
            coalesce((SELECT name FROM companies WHERE id = new.company_id), '') || ' — ' || new.title,
            coalesce(new.location, '') || ' ' || coalesce(new.status_raw, '') || ' ' ||
            coalesce(new.notes, ''));
END;
CREATE TRIGGER applications_au AFTER UPDATE OF title, company_id, location, status_raw, notes
ON applications BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 2, 'application', new.id,
            coalesce((SELECT name FROM companies WHERE id = new.company_id), '') || ' — ' || new.title,
            coalesce(new.location, '') || ' ' || coalesce(new.status_raw, '') || ' ' ||
            coalesce(new.notes, ''));
END;
CREATE TRIGGER applications_ad AFTER DELETE ON applications BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
END;

CREATE TRIGGER contacts_ai AFTER INSERT ON contacts BEGIN
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 3, 'contact', new.id, new.name,
            coalesce(new.title, '') || ' ' ||
            coalesce((SELECT name FROM companies WHERE id = new.company_id), '') || ' ' ||
            coalesce(new.email, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER contacts_au AFTER UPDATE OF name, title, company_id, email, notes ON contacts BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 3, 'contact', new.id, new.name,
            coalesce(new.title, '') || ' ' ||
            coalesce((SELECT name FROM companies WHERE id = new.company_id), '') || ' ' ||
            coalesce(new.email, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER contacts_ad AFTER DELETE ON contacts BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
END;

CREATE TRIGGER interactions_ai AFTER INSERT ON interactions BEGIN
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 4, 'interaction', new.id,
            coalesce((SELECT name FROM contacts WHERE id = new.contact_id), ''),
            coalesce(new.channel, '') || ' ' || coalesce(new.summary, ''));
END;
CREATE TRIGGER interactions_au AFTER UPDATE OF contact_id, channel, summary ON interactions BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 4, 'interaction', new.id,
            coalesce((SELECT name FROM contacts WHERE id = new.contact_id), ''),
            coalesce(new.channel, '') || ' ' || coalesce(new.summary, ''));
END;
CREATE TRIGGER interactions_ad AFTER DELETE ON interactions BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
END;

CREATE TRIGGER feedback_ai AFTER INSERT ON feedback BEGIN
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 5, 'feedback', new.id, coalesce(new.source, ''),
            new.text || ' ' || coalesce(new.clarification, ''));
END;
CREATE TRIGGER feedback_au AFTER UPDATE OF source, text, clarification ON feedback BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 5;
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 5, 'feedback', new.id, coalesce(new.source, ''),
            new.text || ' ' || coalesce(new.clarification, ''));
END;
CREATE TRIGGER feedback_ad AFTER DELETE ON feedback BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 5;
END;
