"""Character 3–5-grams of texts, hashed: the features both scorers share."""

from __future__ import annotations

from collections import Counter

import numpy as np


def ngrams(text: str) -> Counter[str]:
    """Character 3–5-grams of a text, words padded with spaces."""
    padded = f" {' '.join(text.split())} "
    grams: Counter[str] = Counter()
    for n in (3, 4, 5):
        grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


_PRIME = np.uint64(1_000_003)


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
                part = codes[k : k + size]
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
