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
from functools import cache, lru_cache

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
    """Character 3–5-grams and word 1–2-grams of each text: (owner, hash, count) rows.

    Each text's rows are remembered (re-filing after a correction reads the same texts
    again), so only texts not seen lately are cut into grams."""
    missing = [t for t in dict.fromkeys(texts) if t not in _ROWS]
    if missing:
        owner, gram, count = _features(missing)
        bounds = np.searchsorted(owner, np.arange(len(missing) + 1))
        if len(_ROWS) + len(missing) > _ROWS_MAX:
            _ROWS.clear()
        for i, text in enumerate(missing):
            _ROWS[text] = (gram[bounds[i] : bounds[i + 1]], count[bounds[i] : bounds[i + 1]])
    rows = [_ROWS[t] for t in texts]
    sizes = np.array([len(g) for g, _ in rows], dtype=np.int64)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
    if not rows:
        return owner, np.zeros(0, dtype=np.uint64), np.zeros(0)
    return owner, np.concatenate([g for g, _ in rows]), np.concatenate([c for _, c in rows])


_ROWS: dict[str, tuple[np.ndarray, np.ndarray]] = {}
_ROWS_MAX = 50_000


def _features(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    parts = [gram_table(list(texts)), _word_features(texts)]
    owner = np.concatenate([p[0] for p in parts])
    gram = np.concatenate([p[1] for p in parts])
    count = np.concatenate([p[2] for p in parts]).astype(np.float64)
    order = np.argsort(owner, kind="stable")
    return owner[order], gram[order], count[order]


def _joined_features(
    texts: Sequence[str],
    base: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features of ``texts``, those of the first ``base`` ones from the cache."""
    head = _base_features(tuple(texts[:base])) if base else None
    tail = _features(texts[base:]) if len(texts) > base else None
    if head is None:
        return tail if tail is not None else _features([])
    if tail is None:
        return head
    return (
        np.concatenate([head[0], tail[0] + base]),
        np.concatenate([head[1], tail[1]]),
        np.concatenate([head[2], tail[2]]),
    )


@lru_cache(maxsize=4)
def _base_features(texts: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return _features(texts)


@dataclass
class Prediction:
    """The classifier's gap for a text (an index into its labels), its confidence, and
    whether a content word of the text was met in that label's training texts (a text of
    words it never saw for the label is out of its depth, however sure the scores look)."""

    label: int
    confidence: float
    supported: bool = True


# Words every label's texts use: they are no evidence for one label.
_COMMON = frozenset(
    """
    about above after again against also another because been before being candidate
    candidates could didn doesn enough experience feedback felt from have having into just
    lack lacked lacking lacks look looking many more most much need needed needs other over
    role said should some someone something team than that their them then there these they
    think this those through very want wanted wants were what when where which while with
    would your yours you're they're we're really still quite wasn weren isn aren
""".split()
)


def content_stems(text: str) -> set[str]:
    """The stems (first six letters) of a text's words of four letters or more."""
    return {w[:6] for w in _WORD.findall(text) if len(w) >= 4 and w not in _COMMON}


class Classifier:
    """Complement Naive Bayes over TF-IDF weighted n-grams; build once per training set."""

    def __init__(
        self,
        texts: Sequence[str],
        labels: Sequence[int],
        weights: Sequence[float],
        n_labels: int,
        base: int = 0,
    ) -> None:
        """``base``: how many of the first texts are the fixed training set (seeds and
        corpus), whose features are computed once per process."""
        self.n_labels = n_labels
        owner, gram, count = _joined_features(texts, base)
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
        self.weights_by_label = np.ascontiguousarray(log_theta.T)  # one row per label

    def _weigh(
        self, owner: np.ndarray, index: np.ndarray, count: np.ndarray, n_docs: int
    ) -> np.ndarray:
        """Sublinear term frequency times idf, each document scaled to unit length."""
        value = (1.0 + np.log(count)) * self.idf[index]
        norm = np.sqrt(np.bincount(owner, weights=value**2, minlength=n_docs))
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
        columns = self.weights_by_label
        for k in range(self.n_labels):  # one weighted count per label: faster than a reduce
            out[:, k] = -np.bincount(owner, weights=columns[k][index] * value, minlength=len(texts))
        out[:, ~self.present] = -np.inf
        return out

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """The best label of each text, with a confidence: how far the best label's score
        stands above the second's, in standard deviations of the text's scores (the raw
        scores of one text differ by millionths; their spread is what says how sure)."""
        raw = self.scores(texts)
        out: list[Prediction] = []
        if not len(raw):
            return out
        finite = np.isfinite(raw)
        masked = np.where(finite, raw, np.nan)
        spread = np.nan_to_num(np.nanstd(masked, axis=1))
        ranked = np.where(finite, raw, -np.inf)
        order = np.argsort(ranked, axis=1)
        best, second = order[:, -1], order[:, -2]
        rows = np.arange(len(raw))
        margin = ranked[rows, best] - ranked[rows, second]
        for i in range(len(raw)):
            if spread[i] <= 0.0:
                out.append(Prediction(-1, 0.0))
            else:
                out.append(Prediction(int(best[i]), float(margin[i] / spread[i])))
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


def build_classifier(
    slugs: Sequence[str], seeds: Sequence[Sequence[str]], user_examples: Sequence[tuple[int, str]]
) -> Classifier:
    """A classifier for these gaps (by index; one more label, ``len(slugs)``, for no
    reason given): their seeds, the shipped corpus and the user's own placements."""
    base_texts, base_labels, base_weights = _base_examples(
        tuple(slugs), tuple(tuple(s) for s in seeds)
    )
    texts, labels, weights = list(base_texts), list(base_labels), list(base_weights)
    base = len(texts)
    for i, text in user_examples:
        texts.append(training_text(text))
        labels.append(i)
        weights.append(USER_WEIGHT)
    return Classifier(texts, labels, weights, len(slugs) + 1, base=base)


@lru_cache(maxsize=8)
def _base_examples(
    slugs: tuple[str, ...],
    seeds: tuple[tuple[str, ...], ...],
) -> tuple[tuple[str, ...], tuple[int, ...], tuple[float, ...]]:
    """The seeds and the shipped corpus as (texts, labels, weights), read once per gap set."""
    index = {slug: i for i, slug in enumerate(slugs)}
    index[NO_REASON_LABEL] = len(slugs)
    texts: list[str] = []
    labels: list[int] = []
    for i, phrases in enumerate(seeds):
        for phrase in phrases:
            texts.append(normalize(phrase))
            labels.append(i)
    for text, label in corpus():
        if label in index:
            texts.append(text)
            labels.append(index[label])
    return tuple(texts), tuple(labels), (1.0,) * len(texts)
