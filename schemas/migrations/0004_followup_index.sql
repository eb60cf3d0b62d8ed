-- A contact's next open follow-up is read for every contact on the Contacts screen and in
-- the review; with only (done_at, due_on) indexed, SQLite scanned every open follow-up per
-- contact. Measured with tests/bench/bench_review.py (500 contacts, 1 000 follow-ups).
DROP INDEX followups_contact;
CREATE INDEX followups_contact ON followups(contact_id, done_at, due_on);
DROP INDEX followups_application;
CREATE INDEX followups_application ON followups(application_id, done_at, due_on);
