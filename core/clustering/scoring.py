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
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .normalize import clauses, normalize
from .taxonomy import GENERIC_SLUG, GapRow

PATTERN_WEIGHT = 0.6
NGRAM_WEIGHT = 0.28
FUZZ_WEIGHT = 0.12
ASSIGN_THRESHOLD = 0.3
MEMORY_THRESHOLD = 0.55
POSITION_DECAY = 0.05


def ngrams(text: str) -> Counter[str]:
    """Character 3–5-grams of a text, words padded with spaces."""
    padded = f" {' '.join(text.split())} "
    grams: Counter[str] = Counter()
    for n in (3, 4, 5):
        grams.update(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


_PRIME = np.uint64(1_000_003)
_BATCH = 2000


def gram_table(strings: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Character 3–5-grams of many strings at once, as (owner, gram hash, count) arrays.

    The same grams as ``ngrams`` (words padded with spaces), hashed with a 64-bit
    polynomial, counted per string; rows are sorted by (owner, hash).
    """
    padded = [f" {' '.join(s.split())} " for s in strings]
    joined = "\x00".join(padded)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.cumsum([0] + [len(p) + 1 for p in padded[:-1]])
    owner_of = np.zeros(len(codes), dtype=np.int64)
    owner_of[starts[1:]] = 1
    owner_of = np.cumsum(owner_of)
    owners, hashes = [], []
    with np.errstate(over="ignore"):
        for n in (3, 4, 5):
            size = len(codes) - n + 1
            if size <= 0:
                continue
            h = np.full(size, n, dtype=np.uint64)
            valid = np.ones(size, dtype=bool)
            for k in range(n):
                part = codes[k:k + size]
                h = h * _PRIME + part
                valid &= part != 0
            owners.append(owner_of[:size][valid])
            hashes.append(h[valid])
    if not owners:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.astype(np.uint64), empty
    owner = np.concatenate(owners)
    gram = np.concatenate(hashes)
    order = np.lexsort((gram, owner))
    owner, gram = owner[order], gram[order]
    new = np.ones(len(owner), dtype=bool)
    new[1:] = (owner[1:] != owner[:-1]) | (gram[1:] != gram[:-1])
    first = np.flatnonzero(new)
    counts = np.diff(np.append(first, len(owner)))
    return owner[first], gram[first], counts


@dataclass
class Assignment:
    """Where one text goes: a gap index (or None) and the winning score."""

    gap: int | None
    score: float
    scores: np.ndarray


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
        norm = np.sqrt(np.bincount(owner, weights=weight ** 2, minlength=n_docs))
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
        # one combined regex per gap: most clauses match no gap's patterns at all
        self.any_pattern = [
            re.compile("|".join(f"(?:{p.pattern})" for p in gap.patterns)) if gap.patterns
            else None for gap in gaps
        ]

    def _ngram_batch(self, clauses_: list[str]) -> np.ndarray:
        """Cosine of each clause's TF-IDF vector to every centroid and every user example."""
        out = np.zeros((len(clauses_), self.matrix.shape[1]))
        for begin in range(0, len(clauses_), _BATCH):
            chunk = clauses_[begin:begin + _BATCH]
            owner, gram, count = gram_table(chunk)
            if not len(owner):
                continue
            pos = np.searchsorted(self.vocab, gram)
            pos_clipped = np.minimum(pos, len(self.vocab) - 1)
            known = (pos < len(self.vocab)) & (self.vocab[pos_clipped] == gram)
            weight = (1 + np.log(count)) * np.where(known, self.idf[pos_clipped],
                                                    self.unknown_idf)
            norm = np.sqrt(np.bincount(owner, weights=weight ** 2, minlength=len(chunk)))
            norm[norm == 0] = 1.0
            weight = weight / norm[owner]
            k_owner, k_pos, k_weight = owner[known], pos[known], weight[known]
            if not len(k_owner):
                continue
            contrib = self.matrix[k_pos] * k_weight[:, None]
            starts = np.flatnonzero(np.r_[True, k_owner[1:] != k_owner[:-1]])
            out[begin + k_owner[starts]] = np.add.reduceat(contrib, starts, axis=0)
        return out

    def _pattern_scores(self, clause: str) -> np.ndarray:
        out = np.zeros(len(self.gaps))
        length = max(1, len(clause))
        for i, gap in enumerate(self.gaps):
            combined = self.any_pattern[i]
            if combined is None or combined.search(clause) is None:
                continue
            hits = [m.start() for p in gap.patterns if (m := p.search(clause))]
            if hits:
                strength = {1: 0.75, 2: 0.9}.get(len(hits), 1.0)
                out[i] = strength * (1.0 - 0.15 * min(hits) / length)
        if self.generic is not None and out[self.generic] > 0:
            others = np.delete(out, self.generic)
            if others.size and others.max() > 0:
                out[self.generic] *= 0.6  # "more X experience" is X, not "more experience"
        return out

    def score_texts(self, texts: list[str]) -> list[Assignment]:
        """The best gap for each text (None when nothing scores over the threshold)."""
        if not self.gaps:
            return [Assignment(None, 0.0, np.zeros(0)) for _ in texts]
        split = [clauses(t) for t in texts]
        flat = [c for parts in split for c in parts]
        patterns = np.array([self._pattern_scores(c) for c in flat]).reshape(
            len(flat), len(self.gaps))
        fuzz_by_gap = np.zeros((len(flat), len(self.gaps)))
        # rapidfuzz only where no pattern spoke: there it is the one word-level signal left
        need = np.flatnonzero(patterns.max(axis=1, initial=0.0) == 0) if flat else []
        if len(need) and self.seed_strings:
            matrix = process.cdist([flat[i] for i in need], self.seed_strings,
                                   scorer=fuzz.token_set_ratio, workers=-1, dtype=np.uint8)
            order = np.argsort(self.seed_gap, kind="stable")
            sorted_gaps = self.seed_gap[order]
            starts = np.searchsorted(sorted_gaps, np.arange(len(self.gaps)))
            present = np.isin(np.arange(len(self.gaps)), sorted_gaps)
            reduced = np.maximum.reduceat(matrix[:, order], np.minimum(starts, len(order) - 1),
                                          axis=1)
            fuzz_by_gap[need] = np.where(present, reduced, 0) / 100.0
            short = np.array([len(c.split()) < 3 for c in flat])
            fuzz_by_gap[short] = 0.0  # one shared word would score 100
        cosines = self._ngram_batch(flat)
        n_gaps = len(self.gaps)
        results = []
        row = 0
        for parts in split:
            best = np.zeros(n_gaps)
            for position in range(len(parts)):
                score = (PATTERN_WEIGHT * patterns[row]
                         + NGRAM_WEIGHT * cosines[row, :n_gaps] + FUZZ_WEIGHT * fuzz_by_gap[row])
                if len(self.memory_gap):
                    memory = np.zeros(n_gaps)
                    np.maximum.at(memory, self.memory_gap, cosines[row, n_gaps:])
                    score = np.where(memory >= MEMORY_THRESHOLD,
                                     np.maximum(score, 0.45 + memory * 0.6), score)
                score *= 1.0 - POSITION_DECAY * min(position, 6)
                best = np.maximum(best, score)
                row += 1
            top = int(best.argmax())
            if best[top] >= ASSIGN_THRESHOLD:
                results.append(Assignment(top, float(best[top]), best))
            else:
                results.append(Assignment(None, float(best[top]), best))
        return results
