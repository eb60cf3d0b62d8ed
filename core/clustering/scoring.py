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
        for i, gap in enumerate(gaps):
            for seed in gap.seeds:
                seed_texts.append((i, normalize(seed)))
            for text in examples.get(gap.id, []):
                for clause in clauses(text):
                    seed_texts.append((i, clause))
        self.seed_gap = np.array([g for g, _ in seed_texts], dtype=np.int64)
        self.seed_strings = [t for _, t in seed_texts]
        # TF-IDF over seed n-grams
        docs = [ngrams(t) for t in self.seed_strings]
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d.keys())
        n_docs = max(1, len(docs))
        self.vocab = {g: k for k, g in enumerate(sorted(df))}
        self.idf = np.array([math.log((1 + n_docs) / (1 + df[g])) + 1.0 for g in sorted(df)])
        self.unknown_idf = math.log(1 + n_docs) + 1.0
        centroid = np.zeros((len(self.vocab), max(1, len(gaps))))
        counts = np.zeros(max(1, len(gaps)))
        for (gap_index, _), grams in zip(seed_texts, docs, strict=True):
            vec = self._vector(grams)
            for k, w in vec.items():
                centroid[k, gap_index] += w
            counts[gap_index] += 1
        norms = np.linalg.norm(centroid, axis=0)
        norms[norms == 0] = 1.0
        self.centroid = centroid / norms
        # one combined regex per gap: most clauses match no gap's patterns at all
        self.any_pattern = [
            re.compile("|".join(f"(?:{p.pattern})" for p in gap.patterns)) if gap.patterns
            else None for gap in gaps
        ]
        self.memory: list[tuple[int, dict[int, float]]] = []
        for gap_id, texts in examples.items():
            if gap_id not in self.index:
                continue
            for text in texts:
                for clause in clauses(text):
                    self.memory.append((self.index[gap_id], self._vector(ngrams(clause))))

    def _vector(self, grams: Counter[str]) -> dict[int, float]:
        """Unit TF-IDF vector over the known vocabulary (unknown grams count in the norm)."""
        weights: dict[int, float] = {}
        norm_sq = 0.0
        for gram, count in grams.items():
            k = self.vocab.get(gram)
            w = (1 + math.log(count)) * (self.idf[k] if k is not None else self.unknown_idf)
            norm_sq += w * w
            if k is not None:
                weights[k] = w
        norm = math.sqrt(norm_sq) or 1.0
        return {k: w / norm for k, w in weights.items()}

    def _ngram_scores(self, clause: str) -> tuple[np.ndarray, dict[int, float]]:
        vec = self._vector(ngrams(clause))
        if not vec:
            return np.zeros(len(self.gaps)), vec
        idx = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
        w = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
        return w @ self.centroid[idx], vec

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

    def _memory_scores(self, vec: dict[int, float]) -> np.ndarray:
        out = np.zeros(len(self.gaps))
        for gap_index, example in self.memory:
            if len(example) < len(vec):
                cos = sum(w * vec.get(k, 0.0) for k, w in example.items())
            else:
                cos = sum(w * example.get(k, 0.0) for k, w in vec.items())
            out[gap_index] = max(out[gap_index], cos)
        return out

    def score_texts(self, texts: list[str]) -> list[Assignment]:
        """The best gap for each text (None when nothing scores over the threshold)."""
        if not self.gaps:
            return [Assignment(None, 0.0, np.zeros(0)) for _ in texts]
        split = [clauses(t) for t in texts]
        flat = [c for parts in split for c in parts]
        fuzz_by_gap = np.zeros((len(flat), len(self.gaps)))
        if flat and self.seed_strings:
            matrix = process.cdist(flat, self.seed_strings, scorer=fuzz.token_set_ratio,
                                   workers=-1, dtype=np.uint8)
            order = np.argsort(self.seed_gap, kind="stable")
            sorted_gaps = self.seed_gap[order]
            starts = np.searchsorted(sorted_gaps, np.arange(len(self.gaps)))
            present = np.isin(np.arange(len(self.gaps)), sorted_gaps)
            reduced = np.maximum.reduceat(matrix[:, order], np.minimum(starts, len(order) - 1),
                                          axis=1)
            fuzz_by_gap = np.where(present, reduced, 0) / 100.0
            short = np.array([len(c.split()) < 3 for c in flat])
            fuzz_by_gap[short] = 0.0  # one shared word would score 100
        results = []
        row = 0
        for parts in split:
            best = np.zeros(len(self.gaps))
            for position, clause in enumerate(parts):
                ngram, vec = self._ngram_scores(clause)
                score = (PATTERN_WEIGHT * self._pattern_scores(clause)
                         + NGRAM_WEIGHT * ngram + FUZZ_WEIGHT * fuzz_by_gap[row])
                if self.memory:
                    memory = self._memory_scores(vec)
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
