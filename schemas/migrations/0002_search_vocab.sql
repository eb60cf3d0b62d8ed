-- The terms of the full-text index, per column: search corrects typos in names
-- ("cloudfare" -> "cloudflare") against the words that really occur in titles.
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, 'col');
