"""The kinds of record the search finds, apart from ``core.search`` (which needs the store
and its regexes): ``rung search --kind`` lists them without loading any of that."""

from __future__ import annotations

KINDS: tuple[str, ...] = ("application", "company", "contact", "interaction", "feedback")
