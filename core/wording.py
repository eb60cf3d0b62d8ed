"""Counted nouns in messages: ``1 piece of feedback``, ``3 pieces of feedback``."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` with the noun that agrees with it: ``plural(1, "week")`` is ``1 week``,
    ``plural(2, "piece of feedback", "pieces of feedback")`` is ``2 pieces of feedback``.
    Without ``many``, an ``s`` is added to ``one``."""
    return f"{count} {one if count == 1 else many or one + 's'}"
