-- CHECK (x IN ('a','b',...)) builds a little lookup table each time a row is checked: an
-- import of 100 000 applications spent about 0.5 s on it (tests/bench/bench_import.py).
-- The same constraints written as OR chains cost nothing measurable. SQLite changes a CHECK
-- only by rebuilding its table, so the two tables imports fill by the thousand are
-- rebuilt (applications, contacts), with their indexes and search triggers.
-- The per-row search triggers also lose their WHEN clause: bulk writes drop and recreate
-- them (rung.core.search.bulk_index), so search_suspended is no longer read.
-- Runs with foreign keys off (rung.core.store runs every migration so and then checks them).
-- legacy_alter_table: the RENAME must not re-check other tables' triggers (companies_au
-- names applications, interactions_ai names contacts) while the old table is gone.
PRAGMA legacy_alter_table = ON;

CREATE TABLE applications_new (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE RESTRICT,
    title       TEXT NOT NULL,
    level       TEXT NOT NULL DEFAULT 'ic'
                CHECK (level = 'ic' OR level = 'lead' OR level = 'manager' OR level = 'senior_manager'
                       OR level = 'director' OR level = 'vp' OR level = 'c_level'),
    location    TEXT,
    url         TEXT,
    url_key     TEXT,            -- normalized job URL (tracking params dropped): dedup key 1
    source      TEXT,            -- linkedin, huntr, teal, referral, manual, ...
    stage       TEXT NOT NULL DEFAULT 'applied'
                CHECK (stage = 'saved' OR stage = 'applied' OR stage = 'screening'
                       OR stage = 'interviewing' OR stage = 'offer' OR stage = 'accepted'
                       OR stage = 'rejected' OR stage = 'withdrawn' OR stage = 'ghosted'),
    status_raw  TEXT,            -- the imported status text, as given
    applied_on  TEXT,
    salary      TEXT,
    notes       TEXT,
    user_edited TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
INSERT INTO applications_new (id, company_id, title, level, location, url, url_key, source, stage, status_raw, applied_on, salary, notes, user_edited, created_at, updated_at)
    SELECT id, company_id, title, level, location, url, url_key, source, stage, status_raw, applied_on, salary, notes, user_edited, created_at, updated_at FROM applications;
DROP TABLE applications;
ALTER TABLE applications_new RENAME TO applications;
CREATE INDEX applications_company ON applications(company_id);
CREATE INDEX applications_url_key ON applications(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX applications_stage ON applications(stage);
CREATE TRIGGER applications_ad AFTER DELETE ON applications BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
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

CREATE TABLE contacts_new (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    normalized_name TEXT NOT NULL,
    company_id      INTEGER REFERENCES companies(id) ON DELETE SET NULL,
    title           TEXT,
    email           TEXT,
    phone           TEXT,
    linkedin_url    TEXT,
    relationship    TEXT
                    CHECK (relationship IS NULL OR relationship = 'recruiter'
                           OR relationship = 'hiring_manager' OR relationship = 'referrer'
                           OR relationship = 'mentor' OR relationship = 'peer'
                           OR relationship = 'former_colleague' OR relationship = 'other'),
    source          TEXT,
    connected_on    TEXT,
    cadence_days    INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
    notes           TEXT,
    user_edited     TEXT NOT NULL DEFAULT '[]',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
INSERT INTO contacts_new (id, name, normalized_name, company_id, title, email, phone, linkedin_url, relationship, source, connected_on, cadence_days, notes, user_edited, created_at, updated_at)
    SELECT id, name, normalized_name, company_id, title, email, phone, linkedin_url, relationship, source, connected_on, cadence_days, notes, user_edited, created_at, updated_at FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_new RENAME TO contacts;
CREATE INDEX contacts_linkedin ON contacts(linkedin_url) WHERE linkedin_url IS NOT NULL;
CREATE INDEX contacts_email ON contacts(email) WHERE email IS NOT NULL;
CREATE INDEX contacts_name ON contacts(normalized_name);
CREATE INDEX contacts_company ON contacts(company_id);
CREATE TRIGGER contacts_ad AFTER DELETE ON contacts BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
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

DROP TRIGGER companies_ai;
CREATE TRIGGER companies_ai AFTER INSERT ON companies BEGIN
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 1, 'company', new.id, new.name,
            coalesce(new.website, '') || ' ' || coalesce(new.notes, ''));
END;
DROP TRIGGER interactions_ai;
CREATE TRIGGER interactions_ai AFTER INSERT ON interactions BEGIN
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 4, 'interaction', new.id,
            coalesce((SELECT name FROM contacts WHERE id = new.contact_id), ''),
            coalesce(new.channel, '') || ' ' || coalesce(new.summary, ''));
END;
DROP TRIGGER feedback_ai;
CREATE TRIGGER feedback_ai AFTER INSERT ON feedback BEGIN
    INSERT INTO search_index(rowid, kind, ref_id, title, body)
    VALUES (new.id * 8 + 5, 'feedback', new.id, coalesce(new.source, ''),
            new.text || ' ' || coalesce(new.clarification, ''));
END;
DROP TABLE search_suspended;
PRAGMA legacy_alter_table = OFF;
