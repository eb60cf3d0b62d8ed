-- The search index loses its prefix indexes (prefix = '2 3'). They stored every term three
-- times, which was half the cost of indexing an import (0.35 of 0.75 s per 100 000
-- applications), and bought little: search over 100 000 records answers a query in
-- p95 6.4 ms with them and 6.1 ms without; two-letter prefixes in 3.9 and 5.7 ms
-- (tests/bench/bench_search.py; budget 20 ms). "word"* queries work the same.
-- FTS5 fixes its options at creation, so the index is created again and refilled
-- through the update triggers (an UPDATE OF an indexed column re-indexes the row).
DROP TABLE search_vocab;
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,
    ref_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, 'col');
UPDATE companies SET name = name;
UPDATE applications SET title = title;
UPDATE contacts SET name = name;
UPDATE interactions SET summary = summary;
UPDATE feedback SET text = text;
