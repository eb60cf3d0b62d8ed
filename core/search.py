"""Full-text search over every record, tolerant of typos in names.

One FTS5 index (``search_index``) covers companies, applications, contacts, interactions and
feedback. A query's words are matched as prefixes; a word that occurs nowhere in the index is
corrected against the words of record titles (names) with rapidfuzz, so "cloudfare" finds
Cloudflare. Hits carry the matched words wrapped in markers for highlighting.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from .search_kinds import KINDS as KINDS  # its home; rung.core.search.KINDS as before
from .store import Store
from .text import strip_accents

INDEXED_TABLES: tuple[str, ...] = (
    "companies",
    "applications",
    "contacts",
    "interactions",
    "feedback",
)
HIGHLIGHT_OPEN = "\x02"
HIGHLIGHT_CLOSE = "\x03"

_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_FUZZY_LEN = 4
_FUZZY_CUTOFF = 80.0
_LOOSE_CUTOFF = 72.0
_MENTIONS = frozenset({"interaction", "feedback"})
_RANKED_MAX = 1500  # rank by bm25 up to this many matches, else newest first
MAX_QUERY_CHARS = 512  # a longer query is cut here (at a word's end) before it is read
MAX_QUERY_WORDS = 32  # distinct words of a query searched, the first ones


@dataclass
class SearchHit:
    """One record that matched, with the matched words marked in ``title``/``snippet``."""

    kind: str
    ref_id: int
    title: str
    snippet: str
    score: float
    corrected: dict[str, str] = field(default_factory=dict)  # typed word -> word used

    def plain_title(self) -> str:
        """The title without highlight markers."""
        return self.title.replace(HIGHLIGHT_OPEN, "").replace(HIGHLIGHT_CLOSE, "")

    def plain_snippet(self) -> str:
        """The snippet without highlight markers."""
        return self.snippet.replace(HIGHLIGHT_OPEN, "").replace(HIGHLIGHT_CLOSE, "")


def _index_word(word: str) -> str:
    """A query word as the index holds its words (FTS5's ``unicode61 remove_diacritics``
    tokenizer): casefolded, accents stripped. No ``core.text.fold``: a word has no
    punctuation to collapse."""
    return strip_accents(word.casefold())


def query_words(query: str) -> list[str]:
    """The words of a query, folded like the index folds them."""
    return [_index_word(w) for w in _WORD.findall(query)]


@dataclass(frozen=True)
class BoundedQuery:
    """What is searched of a query: its first ``MAX_QUERY_CHARS`` characters, their
    distinct words (the first ``MAX_QUERY_WORDS``), and what was cut, said for the user."""

    text: str
    words: list[str]
    note: str | None = None  # "query cut: …", None when the whole query is searched


def bound_query(query: str) -> BoundedQuery:
    """``query`` bounded: a 100 KB paste costs what 512 characters cost. A repeated word
    counts once (every word must match anyway), so only really new words are cut."""
    cuts = []
    text = query
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        last = next(reversed(list(_WORD.finditer(text))), None)
        if last is not None and last.end() == len(text) and _WORD.match(query, len(text)):
            text = text[: last.start()] or text  # not in mid-word (unless it is one word)
        cuts.append(f"its first {len(text)} of {len(query)} characters")
    words = list(dict.fromkeys(query_words(text)))
    if len(words) > MAX_QUERY_WORDS:
        cuts.append(f"its first {MAX_QUERY_WORDS} of {len(words)} different words")
        words = words[:MAX_QUERY_WORDS]
    note = f"query cut: searched {' and '.join(cuts)}" if cuts else None
    return BoundedQuery(text, words, note)


class _Vocabulary:
    """The distinct words of record titles, cached until the database changes."""

    def __init__(self) -> None:
        self._key: tuple[int, int] | None = None
        self.title_terms: list[str] = []

    def refresh(self, store: Store) -> None:
        key = (store.conn.total_changes, int(store.scalar("PRAGMA data_version") or 0))
        if key == self._key:
            return
        rows = store.conn.execute("SELECT term FROM search_vocab WHERE col = 'title'").fetchall()
        self.title_terms = sorted(term for (term,) in rows)
        self._key = key


_VOCAB: dict[str, _Vocabulary] = {}


def _vocabulary(store: Store) -> _Vocabulary:
    vocab = _VOCAB.setdefault(str(store.path) + f"#{id(store)}", _Vocabulary())
    vocab.refresh(store)
    return vocab


def _occurs(store: Store, word: str) -> bool:
    row = store.conn.execute(
        "SELECT 1 FROM search_index WHERE search_index MATCH ? LIMIT 1", [f'"{word}"*']
    ).fetchone()
    return row is not None


def correct_words(store: Store, words: list[str], *, loose: bool = False) -> dict[str, str]:
    """Typo corrections for words that match nothing: ``{"cloudfare": "cloudflare"}``.

    ``loose``: also words of three letters and words that match something as a prefix
    ("nor" in "nor quresi" is a slip for "noor"), with a lower cutoff.
    """
    from rapidfuzz import fuzz, process

    vocab = _vocabulary(store)
    corrections: dict[str, str] = {}
    for word in words:
        if len(word) < (_MIN_FUZZY_LEN - 1 if loose else _MIN_FUZZY_LEN):
            continue
        if not loose and _occurs(store, word):
            continue
        best = process.extractOne(
            word,
            vocab.title_terms,
            scorer=fuzz.ratio,
            score_cutoff=_LOOSE_CUTOFF if loose else _FUZZY_CUTOFF,
        )
        if best is not None and not best[0].startswith(word):
            corrections[word] = best[0]
    return corrections


def _match_expression(words: list[str], alternatives: dict[str, str] | None = None) -> str:
    """FTS5 query: every word as a prefix; a word with an alternative matches either."""
    parts = []
    for w in words:
        other = (alternatives or {}).get(w)
        parts.append(f'("{w}"* OR "{other}"*)' if other else f'"{w}"*')
    return " AND ".join(parts)


def search(
    store: Store, query: str, *, limit: int = 50, kinds: tuple[str, ...] | None = None
) -> list[SearchHit]:
    """Records matching every word of ``query`` (as prefixes), best first.

    Words that match nothing are replaced by the closest word of a record title, so
    misspelled names still find their record. Empty queries return nothing. A long query
    is bounded first (``bound_query``: its note says what was cut).
    """
    words = bound_query(query).words
    if not words:
        return []
    corrections: dict[str, str] = {}
    hits = _run(store, words, limit, kinds)
    if len(hits) < limit:
        corrections = correct_words(store, words)
        if corrections:
            fixed = [corrections.get(w, w) for w in words]
            seen = {(h.kind, h.ref_id) for h in hits}
            for hit in _run(store, fixed, limit - len(hits), kinds):
                if (hit.kind, hit.ref_id) not in seen:
                    hit.corrected = corrections
                    hits.append(hit)
    if not hits:  # nothing at all: let every word be a slip, and keep what was typed too
        loose = correct_words(store, words, loose=True)
        if loose:
            hits = _run(store, words, limit, kinds, alternatives=loose)
            for hit in hits:
                hit.corrected = loose
    return hits


def _run(
    store: Store,
    words: list[str],
    limit: int,
    kinds: tuple[str, ...] | None,
    alternatives: dict[str, str] | None = None,
) -> list[SearchHit]:
    """Title matches first, then matches anywhere; each tier ranked by bm25 when small,
    else newest first (scoring tens of thousands of rows would blow the 20 ms budget)."""
    expr = _match_expression(words, alternatives)
    hits: list[SearchHit] = []
    seen: set[tuple[str, int]] = set()
    for match in (f"title : ({expr})", expr):
        remaining = limit - len(hits)
        if remaining <= 0:
            break
        kind_sql, kind_params = "", []
        if kinds:
            kind_sql = f" AND kind IN ({', '.join('?' for _ in kinds)})"
            kind_params = list(kinds)
        matched = store.conn.execute(
            f"SELECT count(*) FROM search_index WHERE search_index MATCH ?{kind_sql}",
            [match, *kind_params],
        ).fetchone()[0]
        if not matched:
            continue
        order = "bm25(search_index, 0.0, 0.0, 4.0, 1.0)" if matched <= _RANKED_MAX else "rowid DESC"
        rows = store.conn.execute(
            "SELECT kind, ref_id, "
            f"highlight(search_index, 2, '{HIGHLIGHT_OPEN}', '{HIGHLIGHT_CLOSE}'), "
            f"snippet(search_index, 3, '{HIGHLIGHT_OPEN}', '{HIGHLIGHT_CLOSE}', '…', 12), "
            f"bm25(search_index, 0.0, 0.0, 4.0, 1.0) "
            f"FROM search_index WHERE search_index MATCH ?{kind_sql} "
            f"ORDER BY {order} LIMIT ?",
            [match, *kind_params, remaining + len(seen)],
        ).fetchall()
        # records themselves before what mentions them (a contact before its interactions)
        rows.sort(key=lambda row: row[0] in _MENTIONS)
        for kind, ref_id, title, snippet, score in rows:
            key = (kind, int(ref_id))
            if key in seen or len(hits) >= limit:
                continue
            seen.add(key)
            hits.append(
                SearchHit(
                    kind=kind,
                    ref_id=int(ref_id),
                    title=title or "",
                    snippet=(snippet or "").strip(),
                    score=-score,
                )
            )
    return hits


@cache
def _trigger_insert(trigger_sql: str) -> tuple[str, str]:
    """(rowid expression, value list) of an ``*_ai`` trigger's INSERT INTO search_index."""
    match = re.search(r"VALUES\s*\((.*)\);\s*END;?\s*$", trigger_sql, re.DOTALL)
    if match is None:
        raise RuntimeError("unexpected search trigger shape")
    values = match.group(1)
    depth = 0
    for i, ch in enumerate(values):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            return values[:i].strip(), values
    raise RuntimeError("unexpected search trigger shape")


@contextmanager
def bulk_index(store: Store) -> Iterator[None]:
    """Inside a transaction: rows inserted in the block skip the per-row index triggers and
    are indexed at the end in one INSERT … SELECT per table. The ``*_ai`` triggers are
    dropped for the block and created again from their own SQL (a rollback restores them
    too), so an insert costs no trigger at all; the index expressions are read from the
    triggers, so both stay the same.
    """
    marks = {
        t: int(store.scalar(f"SELECT coalesce(max(id), 0) FROM {t}") or 0) for t in INDEXED_TABLES
    }
    triggers = {
        t: store.scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [f"{t}_ai"]
        )
        for t in INDEXED_TABLES
    }
    for table in INDEXED_TABLES:
        store.execute(f"DROP TRIGGER {table}_ai")
    try:
        yield
    except BaseException:
        # The caller's rollback restores the triggers. SQLite may have rolled back by
        # itself already (a full disk does): creating them again would then fail with
        # "trigger … already exists" and hide the real error, so never let that happen.
        if store.conn.in_transaction:
            try:
                for sql in triggers.values():
                    store.execute(sql)
            except sqlite3.Error:
                pass
        raise
    for sql in triggers.values():
        store.execute(sql)
    for table, mark in marks.items():
        rowid, values = _trigger_insert(triggers[table])
        store.execute(
            f"DELETE FROM search_index WHERE rowid IN "
            f"(SELECT {rowid} FROM {table} AS new WHERE new.id > ?)",
            [mark],
        )
        store.execute(
            f"INSERT INTO search_index (rowid, kind, ref_id, title, body) "
            f"SELECT {values} FROM {table} AS new WHERE new.id > ?",
            [mark],
        )
