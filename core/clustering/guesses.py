"""Which gap an answer names: the user's reply to "which experience did they mean?" (or,
for a form letter, "what did they say was missing?") read against every live gap.

An answer is already a reason, so it is scored clause by clause with the scorer's own
signals (patterns, character n-grams, rapidfuzz, the texts the user placed by hand) without
the test that drops clauses giving no reason ("budget" alone is an answer). It *names* a gap
when its best gap other than the generic "more experience" scores at least the scorer's
assignment threshold; otherwise the user picks from ``guess_gaps``, likeliest first, and the
pick (with the answer) teaches the scorer, so the next such answer is recognized.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from ..store import Store
from .assign import scorer_for
from .normalize import clauses, normalize
from .scoring import ASSIGN_THRESHOLD, Scorer
from .taxonomy import GENERIC_SLUG


@dataclass(frozen=True)
class GapGuess:
    """A live gap and how closely an answer reads like it (0 = not at all)."""

    slug: str
    label: str
    kind: str  # "gap" (yours to close) or "external" (the company's reason)
    score: float


def guess_gaps(store: Store, answer: str, *, exclude: str | None = None) -> list[GapGuess]:
    """Every live gap (but ``exclude``), the likeliest for ``answer`` first: the scorer's
    best clause score, ties broken by rapidfuzz against the gap's label and description,
    then by label."""
    scorer, gaps = scorer_for(store)
    scores = _answer_scores(scorer, answer)
    text = normalize(answer)
    ranked = []
    for gap, score in zip(gaps, scores, strict=True):
        if gap.slug == exclude:
            continue
        near = fuzz.token_set_ratio(text, normalize(f"{gap.label} {gap.description or ''}"))
        ranked.append(
            (
                -float(score),
                -near,
                gap.label.casefold(),
                GapGuess(gap.slug, gap.label, gap.kind, round(float(score), 3)),
            )
        )
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]


def named_gap(store: Store, answer: str) -> str | None:
    """The slug of the gap ``answer`` names, or None when rung does not recognize it (its
    best gap scores under the threshold, or is the generic "more experience")."""
    for guess in guess_gaps(store, answer):
        if guess.slug == GENERIC_SLUG:
            continue
        return guess.slug if guess.score >= ASSIGN_THRESHOLD else None
    return None


def gap_label(store: Store, slug: str) -> str:
    """A gap's label (the one it was merged into, if it was), or the slug if it is gone."""
    row = store.query_one("SELECT label, merged_into FROM gaps WHERE slug = ?", [slug])
    while row is not None and row["merged_into"] is not None:
        row = store.query_one(
            "SELECT label, merged_into FROM gaps WHERE id = ?", [row["merged_into"]]
        )
    return str(row["label"]) if row is not None else slug


def _answer_scores(scorer: Scorer, answer: str) -> np.ndarray:
    """Per gap, the best score of any clause of the answer (the whole answer if it has no
    clause)."""
    parts = [p for p in (list(clauses(answer)) or [normalize(answer)]) if p.strip()]
    if not parts or not scorer.gaps:
        return np.zeros(len(scorer.gaps))
    return np.maximum(scorer.clause_scores(parts), 0.0).max(axis=0)
