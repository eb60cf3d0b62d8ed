"""Scoring clauses against gaps: explicit patterns, character n-grams and rapidfuzz.

Three signals per (clause, gap), measured on hand-labeled feedback (see
tests/bench/bench_cluster_quality.py):
- patterns: the gap's regular expressions (strongest; an earlier match in the clause
  counts a little more, so the first-named reason wins);
- character 3–5-gram TF-IDF cosine to the gap's seed centroid (robust to typos and word
  forms);
- rapidfuzz ``token_set_ratio`` to the gap's best seed, for all clauses and seeds at once
  with ``process.cdist``.
Texts the user put into a gap by hand are remembered one by one: a new clause close to one
of them goes where the user put it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from .classifier import build_classifier
from .grams import gram_table
from .literals import PatternIndex
from .normalize import clauses, normalize
from .reasons import reason_clauses
from .taxonomy import GENERIC_SLUG, GapRow

PATTERN_WEIGHT = 0.6
NGRAM_WEIGHT = 0.28
FUZZ_WEIGHT = 0.12
ASSIGN_THRESHOLD = 0.3
MEMORY_THRESHOLD = 0.55
POSITION_DECAY = 0.1
# The second stage (classifier.py), in standard deviations of a text's label scores, set on
# labeled text it was not trained on (tests/bench/bench_cluster_quality.py --calibrate):
CONFIDENT = 0.6  # a combined score this strong (a pattern spoke) is not second-guessed
CLASSIFIER_CONFIDENCE = 0.8  # the classifier names the gap of a text nothing else claimed
OVERRIDE_CONFIDENCE = 1.5  # ... or, for a gap the user taught, re-files a weak claim
FORM_LETTER_CONFIDENCE = 1.5  # ... or says a text nothing claimed gives no reason after all
_BATCH = 2000  # clauses per n-gram batch


_PATTERN_CACHE: dict[tuple, dict[str, np.ndarray]] = {}


@dataclass
class Assignment:
    """Where one text goes: a gap index (or None) and the winning score."""

    gap: int | None
    score: float
    scores: np.ndarray
    no_reason: bool = False  # a form letter, thanks or the candidate's own withdrawal


class Scorer:
    """Scores texts against a fixed set of gaps; build once, reuse for every text."""

    def __init__(self, gaps: list[GapRow], user_examples: dict[int, list[str]] | None = None):
        self.gaps = gaps
        self.index = {g.id: i for i, g in enumerate(gaps)}
        self.generic = next((i for i, g in enumerate(gaps) if g.slug == GENERIC_SLUG), None)
        examples = user_examples or {}
        seed_texts: list[tuple[int, str]] = []
        example_positions: list[int] = []
        for i, gap in enumerate(gaps):
            for seed in gap.seeds:
                seed_texts.append((i, normalize(seed)))
            for text in examples.get(gap.id, []):
                for clause in clauses(text):
                    example_positions.append(len(seed_texts))
                    seed_texts.append((i, clause))
        # gaps the user taught by hand: there the classifier may overrule a weak claim
        self.taught = {i for i, gap in enumerate(gaps) if examples.get(gap.id)}
        self.classifier = build_classifier(
            [g.slug for g in gaps],
            [g.seeds for g in gaps],
            [(i, text) for i, gap in enumerate(gaps) for text in examples.get(gap.id, [])],
        )
        self.seed_gap = np.array([g for g, _ in seed_texts], dtype=np.int64)
        self.seed_strings = [t for _, t in seed_texts]
        # TF-IDF over seed n-grams (hashed), one unit vector per seed
        n_docs = max(1, len(self.seed_strings))
        owner, gram, count = gram_table(self.seed_strings)
        self.vocab, df = np.unique(gram, return_counts=True)
        self.idf = np.log((1 + n_docs) / (1 + df)) + 1.0
        self.unknown_idf = math.log(1 + n_docs) + 1.0
        index = np.searchsorted(self.vocab, gram)
        weight = (1 + np.log(count)) * self.idf[index]
        norm = np.sqrt(np.bincount(owner, weights=weight**2, minlength=n_docs))
        weight = weight / norm[owner]
        width = max(1, len(gaps))
        centroid = np.zeros((len(self.vocab), width))
        np.add.at(centroid, (index, self.seed_gap[owner]), weight)
        norms = np.linalg.norm(centroid, axis=0)
        norms[norms == 0] = 1.0
        centroid /= norms
        # user examples are remembered one by one, as extra columns next to the centroids
        is_example = np.zeros(n_docs, dtype=bool)
        for position in example_positions:
            is_example[position] = True
        column = np.cumsum(is_example) - 1
        rows = is_example[owner]
        memory = np.zeros((len(self.vocab), int(is_example.sum())))
        np.add.at(memory, (index[rows], column[owner[rows]]), weight[rows])
        self.memory_gap = self.seed_gap[is_example]
        self.matrix = np.hstack([centroid, memory])
        # every gap's patterns in one list, each behind the literals its matches contain:
        # most patterns cannot match a given clause, and a substring test says so cheaply
        self.patterns = [(i, p) for i, gap in enumerate(gaps) for p in gap.patterns]
        self.pattern_index = PatternIndex([p for _, p in self.patterns])
        self.pattern_key = (
            tuple((i, p.pattern) for i, p in self.patterns),
            self.generic,
            len(gaps),
        )

    def _ngram_batch(self, clauses_: list[str]) -> np.ndarray:
        """Cosine of each clause's TF-IDF vector to every centroid and every user example."""
        out = np.zeros((len(clauses_), self.matrix.shape[1]))
        for begin in range(0, len(clauses_), _BATCH):
            chunk = clauses_[begin : begin + _BATCH]
            owner, gram, count = gram_table(chunk)
            if not len(owner):
                continue
            pos = np.searchsorted(self.vocab, gram)
            pos_clipped = np.minimum(pos, len(self.vocab) - 1)
            known = (pos < len(self.vocab)) & (self.vocab[pos_clipped] == gram)
            weight = (1 + np.log(count)) * np.where(known, self.idf[pos_clipped], self.unknown_idf)
            norm = np.sqrt(np.bincount(owner, weights=weight**2, minlength=len(chunk)))
            norm[norm == 0] = 1.0
            weight = weight / norm[owner]
            k_owner, k_pos, k_weight = owner[known], pos[known], weight[known]
            if not len(k_owner):
                continue
            contrib = self.matrix[k_pos] * k_weight[:, None]
            starts = np.flatnonzero(np.r_[True, k_owner[1:] != k_owner[:-1]])
            out[begin + k_owner[starts]] = np.add.reduceat(contrib, starts, axis=0)
        return out

    def _cached_pattern_scores(self, clause: str) -> np.ndarray:
        """``_pattern_scores``, remembered per clause for scorers of the same patterns (a
        correction rebuilds the scorer; its patterns say the same of every clause)."""
        cache = _PATTERN_CACHE.setdefault(self.pattern_key, {})
        found = cache.get(clause)
        if found is None:
            if len(cache) > 100_000:
                cache.clear()
            found = cache[clause] = self._pattern_scores(clause)
        return found

    def _pattern_scores(self, clause: str) -> np.ndarray:
        """Per gap: how strongly its patterns speak for the clause (0 when none match)."""
        out = np.zeros(len(self.gaps))
        hits: dict[int, list[int]] = {}
        for k in self.pattern_index.candidates(clause):
            gap, pattern = self.patterns[k]
            if (match := pattern.search(clause)) is not None:
                hits.setdefault(gap, []).append(match.start())
        length = max(1, len(clause))
        for i, starts in hits.items():
            strength = {1: 0.75, 2: 0.9}.get(len(starts), 1.0)
            out[i] = strength * (1.0 - 0.15 * min(starts) / length)
        if self.generic is not None and out[self.generic] > 0:
            others = np.delete(out, self.generic)
            if others.size and others.max() > 0:
                out[self.generic] *= 0.6  # "more X experience" is X, not "more experience"
        return out

    def score_texts(self, texts: list[str]) -> list[Assignment]:
        """The best gap for each text (None when nothing scores over the threshold).

        Each distinct text is split once and each distinct clause scored once (feedback
        repeats a lot: the same reason in many e-mails); a text's score for a gap is its
        best clause's, the later clauses discounted a little.
        """
        if not self.gaps or not texts:
            return [Assignment(None, 0.0, np.zeros(0)) for _ in texts]
        by_text: dict[str, tuple[Any, ...]] = {}
        distinct = []
        for text in dict.fromkeys(texts):
            if reason_clauses(text):
                distinct.append(text)
            else:
                by_text[text] = (None, 0.0, np.zeros(len(self.gaps)), True)
        if not distinct:
            return [Assignment(*by_text[text]) for text in texts]
        row_of: dict[str, int] = {}
        pair_rows: list[int] = []  # one (text, clause) pair per entry, texts in order
        pair_positions: list[int] = []
        text_starts: list[int] = []
        for text in distinct:
            text_starts.append(len(pair_rows))
            for position, clause in enumerate(reason_clauses(text)):
                pair_rows.append(row_of.setdefault(clause, len(row_of)))
                pair_positions.append(min(position, 6))
        base = self._clause_scores(list(row_of))
        decay = 1.0 - POSITION_DECAY * np.array(pair_positions)
        pairs = base[pair_rows] * decay[:, None]
        best = np.maximum(np.maximum.reduceat(pairs, text_starts, axis=0), 0.0)
        top = best.argmax(axis=1)
        # the second stage reads what the patterns and n-grams left (or only just claimed)
        strength = best[np.arange(len(distinct)), top]
        # what nothing claimed; with the user's corrections, also what was only just claimed
        ask = [
            i
            for i in range(len(distinct))
            if strength[i] < ASSIGN_THRESHOLD or (self.taught and strength[i] < CONFIDENT)
        ]
        predictions = dict(
            zip(
                ask,
                self.classifier.predict([" ".join(reason_clauses(distinct[i])) for i in ask]),
                strict=True,
            )
        )
        for i, text in enumerate(distinct):
            score = float(best[i, top[i]])
            gap = int(top[i]) if score >= ASSIGN_THRESHOLD else None
            guess = predictions.get(i)
            no_reason = False
            if guess is not None and guess.label >= 0:
                if guess.label == len(self.gaps):  # reads like a form letter after all
                    if gap is None and guess.confidence >= FORM_LETTER_CONFIDENCE:
                        no_reason = True
                elif gap is None and guess.confidence >= CLASSIFIER_CONFIDENCE and guess.supported:
                    gap, score = guess.label, ASSIGN_THRESHOLD + 0.01 * guess.confidence
                elif (
                    gap is not None
                    and guess.label != gap
                    and guess.label in self.taught
                    and guess.confidence >= OVERRIDE_CONFIDENCE
                ):
                    gap = guess.label  # the user's corrections firmly disagree with a weak claim
            by_text[text] = (gap, score, best[i], no_reason)
        return [Assignment(*by_text[text]) for text in texts]

    def clause_scores(self, flat: list[str]) -> np.ndarray:
        """Each clause's score for each gap, read as a reason whatever it says (no test for
        a form letter, no position discount): for the user's own answers."""
        return self._clause_scores(flat)

    def _clause_scores(self, flat: list[str]) -> np.ndarray:
        """Each clause's score for each gap: patterns, n-gram cosine, rapidfuzz and the
        user's remembered examples, combined (before the position discount)."""
        n_gaps = len(self.gaps)
        patterns = np.array([self._cached_pattern_scores(c) for c in flat]).reshape(
            len(flat), n_gaps
        )
        fuzz_by_gap = np.zeros((len(flat), n_gaps))
        # rapidfuzz only where no pattern spoke (there it is the one word-level signal left)
        # and not for clauses under three words (one shared word would score 100)
        long_enough = np.array([len(c.split()) >= 3 for c in flat])
        need = np.flatnonzero((patterns.max(axis=1, initial=0.0) == 0) & long_enough)
        if len(need) and self.seed_strings:
            matrix = process.cdist(
                [flat[i] for i in need],
                self.seed_strings,
                scorer=fuzz.token_set_ratio,
                workers=-1,
                dtype=np.uint8,
            )
            fuzz_by_gap[need] = self._best_per_gap(matrix, self.seed_gap) / 100.0
        cosines = self._ngram_batch(flat)
        score = (
            PATTERN_WEIGHT * patterns
            + NGRAM_WEIGHT * cosines[:, :n_gaps]
            + FUZZ_WEIGHT * fuzz_by_gap
        )
        if len(self.memory_gap):
            memory = np.maximum(self._best_per_gap(cosines[:, n_gaps:], self.memory_gap), 0.0)
            score = np.where(
                memory >= MEMORY_THRESHOLD, np.maximum(score, 0.45 + memory * 0.6), score
            )
        return score

    def _best_per_gap(self, matrix: np.ndarray, column_gap: np.ndarray) -> np.ndarray:
        """Row-wise maximum over the columns of each gap (0 for gaps with no column)."""
        order = np.argsort(column_gap, kind="stable")
        sorted_gaps = column_gap[order]
        present, starts = np.unique(sorted_gaps, return_index=True)
        out = np.zeros((matrix.shape[0], len(self.gaps)), dtype=matrix.dtype)
        out[:, present] = np.maximum.reduceat(matrix[:, order], starts, axis=1)
        return out
