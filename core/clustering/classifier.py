"""The second stage: a classifier over character and word n-grams that learns.

The taxonomy's patterns are precise but miss wordings nobody wrote down. For the reason
clauses no pattern claims, a Complement Naive Bayes classifier (Rennie et al., 2003: the
weight-normalized, TF-IDF variant) names the gap. It is trained on the taxonomy's seed
phrases, the labeled corpus shipped with rung (``schemas/feedback_corpus.csv``) and every
correction the user made (weighted up, so ten of them move the next texts of their kind).
Training is one pass of counting (milliseconds), so a correction retrains it at once; the
result is deterministic (features are hashed with CRC-32, never Python's salted ``hash``).
It abstains below a confidence calibrated on labeled text it was not trained on.
"""

from __future__ import annotations

import csv
import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..resources import read_text
from .grams import gram_table
from .normalize import normalize
from .reasons import reason_clauses

_WORD = re.compile(r"[a-z0-9&+]+(?:'[a-z]+)?")
_WORD_SALT = np.uint64(0x9E3779B97F4A7C15)
ALPHA = 0.3  # additive smoothing of the complement counts


def _word_features(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word unigrams and bigrams of each text as (owner, hash, count) rows."""
    owners: list[int] = []
    hashes: list[int] = []
    for i, text in enumerate(texts):
        words = _WORD.findall(text)
        grams = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        for gram in grams:
            owners.append(i)
            hashes.append(zlib.crc32(gram.encode()))
    if not owners:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.astype(np.uint64), empty
    owner = np.array(owners, dtype=np.int64)
    gram = np.array(hashes, dtype=np.uint64) ^ _WORD_SALT
    order = np.lexsort((gram, owner))
    owner, gram = owner[order], gram[order]
    new = np.ones(len(owner), dtype=bool)
    new[1:] = (owner[1:] != owner[:-1]) | (gram[1:] != gram[:-1])
    first = np.flatnonzero(new)
    return owner[first], gram[first], np.diff(np.append(first, len(owner)))


def features(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Character 3–5-grams and word 1–2-grams of each text: (owner, hash, count) rows."""
    parts = [gram_table(list(texts)), _word_features(texts)]
    owner = np.concatenate([p[0] for p in parts])
    gram = np.concatenate([p[1] for p in parts])
    count = np.concatenate([p[2] for p in parts]).astype(np.float64)
    order = np.argsort(owner, kind="stable")
    return owner[order], gram[order], count[order]


@dataclass
class Prediction:
    """The classifier's gap for a text (an index into its labels), its confidence, and
    whether a content word of the text was met in that label's training texts (a text of
    words it never saw for the label is out of its depth, however sure the scores look)."""

    label: int
    confidence: float
    supported: bool = True


# Words every label's texts use: they are no evidence for one label.
_COMMON = frozenset("""
    about above after again against also another because been before being candidate
    candidates could didn doesn enough experience feedback felt from have having into just
    lack lacked lacking lacks look looking many more most much need needed needs other over
    role said should some someone something team than that their them then there these they
    think this those through very want wanted wants were what when where which while with
    would your yours you're they're we're really still quite wasn weren isn aren
""".split())


def content_stems(text: str) -> set[str]:
    """The stems (first six letters) of a text's words of four letters or more."""
    return {w[:6] for w in _WORD.findall(text) if len(w) >= 4 and w not in _COMMON}


class Classifier:
    """Complement Naive Bayes over TF-IDF weighted n-grams; build once per training set."""

    def __init__(self, texts: Sequence[str], labels: Sequence[int], weights: Sequence[float],
                 n_labels: int) -> None:
        self.n_labels = n_labels
        owner, gram, count = features(texts)
        self.vocab, inverse = np.unique(gram, return_inverse=True)
        n_docs = max(1, len(texts))
        df = np.bincount(inverse, minlength=len(self.vocab))
        self.idf = np.log((1 + n_docs) / (1 + df)) + 1.0
        value = self._weigh(owner, inverse, count, n_docs)
        label = np.asarray(labels, dtype=np.int64)
        weight = np.asarray(weights, dtype=np.float64)
        per_class = np.zeros((len(self.vocab), n_labels))
        np.add.at(per_class, (inverse, label[owner]), value * weight[owner])
        total = per_class.sum(axis=1, keepdims=True)
        complement = total - per_class + ALPHA
        log_theta = np.log(complement / complement.sum(axis=0, keepdims=True))
        log_theta /= np.abs(log_theta).sum(axis=0, keepdims=True)
        present = np.bincount(label, weights=weight, minlength=n_labels) > 0
        self.present = present
        self.stems: list[set[str]] = [set() for _ in range(n_labels)]
        for text, index in zip(texts, labels, strict=True):
            self.stems[index] |= content_stems(text)
        self.weights = log_theta

    def _weigh(self, owner: np.ndarray, index: np.ndarray, count: np.ndarray,
               n_docs: int) -> np.ndarray:
        """Sublinear term frequency times idf, each document scaled to unit length."""
        value = (1.0 + np.log(count)) * self.idf[index]
        norm = np.sqrt(np.bincount(owner, weights=value ** 2, minlength=n_docs))
        norm[norm == 0] = 1.0
        return value / norm[owner]

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Per text and label: higher is more likely (minus the complement score)."""
        out = np.zeros((len(texts), self.n_labels))
        if not len(texts) or not len(self.vocab):
            return out
        owner, gram, count = features(texts)
        pos = np.searchsorted(self.vocab, gram)
        clipped = np.minimum(pos, len(self.vocab) - 1)
        known = (pos < len(self.vocab)) & (self.vocab[clipped] == gram)
        owner, index, count = owner[known], clipped[known], count[known]
        if not len(owner):
            return out
        value = self._weigh(owner, index, count, len(texts))
        contrib = self.weights[index] * value[:, None]
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        out[owner[starts]] = -np.add.reduceat(contrib, starts, axis=0)
        out[:, ~self.present] = -np.inf
        return out

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """The best label of each text, with a confidence: how far the best label's score
        stands above the second's, in standard deviations of the text's scores (the raw
        scores of one text differ by millionths; their spread is what says how sure)."""
        raw = self.scores(texts)
        out = []
        for row in raw:
            finite = row[np.isfinite(row)]
            spread = float(finite.std()) if len(finite) > 1 else 0.0
            if spread <= 0.0:
                out.append(Prediction(-1, 0.0))
                continue
            order = np.argsort(np.where(np.isfinite(row), row, -np.inf))
            best, second = int(order[-1]), int(order[-2])
            out.append(Prediction(best, float((row[best] - row[second]) / spread)))
        for text, guess in zip(texts, out, strict=True):
            if guess.label >= 0:
                guess.supported = bool(content_stems(text) & self.stems[guess.label])
        return out


NO_REASON_LABEL = "no_reason"
USER_WEIGHT = 8.0  # a user's correction counts as much as eight labeled texts


@cache
def corpus() -> tuple[tuple[str, str], ...]:
    """(text, label) of the labeled feedback shipped with rung (schemas/feedback_corpus.csv),
    each text as the classifier reads it: its reason clauses, normalized."""
    rows = csv.DictReader(io.StringIO(read_text("schemas", "feedback_corpus.csv")))
    return tuple((training_text(r["text"]), r["label"]) for r in rows)


def training_text(text: str) -> str:
    """What the classifier reads of a text: its reason clauses (normalized), else all of it."""
    found = reason_clauses(text)
    return " ".join(found) if found else normalize(text)


def build_classifier(slugs: Sequence[str], seeds: Sequence[Sequence[str]],
                     user_examples: Sequence[tuple[int, str]]) -> Classifier:
    """A classifier for these gaps (by index; one more label, ``len(slugs)``, for no
    reason given): their seeds, the shipped corpus and the user's own placements."""
    index = {slug: i for i, slug in enumerate(slugs)}
    index[NO_REASON_LABEL] = len(slugs)
    texts: list[str] = []
    labels: list[int] = []
    weights: list[float] = []
    for i, phrases in enumerate(seeds):
        for phrase in phrases:
            texts.append(normalize(phrase))
            labels.append(i)
            weights.append(1.0)
    for text, label in corpus():
        if label in index:
            texts.append(text)
            labels.append(index[label])
            weights.append(1.0)
    for i, text in user_examples:
        texts.append(training_text(text))
        labels.append(i)
        weights.append(USER_WEIGHT)
    return Classifier(texts, labels, weights, len(slugs) + 1)
