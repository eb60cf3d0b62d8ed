"""Feedback that matched no gap, clustered among itself into emergent gaps."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from .normalize import clauses

LINK_THRESHOLD = 72


def connected_components(matrix: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of indices linked (directly or through others) by similarity >= threshold,
    in order of their first member."""
    parent = list(range(len(matrix)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows, cols = np.nonzero(matrix >= threshold)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if i < j:
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(matrix)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def emergent_groups(texts: list[str], min_size: int = 2) -> list[tuple[list[int], int]]:
    """Groups of similar texts: (member indices, index of the most central member).

    Connected components of the token-set similarity graph over the reason clauses;
    deterministic for the same input.
    """
    if len(texts) < min_size:
        return []
    reasons = [" ".join(clauses(t)[:1]) for t in texts]
    matrix = process.cdist(
        reasons, reasons, scorer=fuzz.token_sort_ratio, workers=-1, dtype=np.uint8
    )
    out = []
    for members in connected_components(matrix, LINK_THRESHOLD):
        if len(members) < min_size:
            continue
        sub = matrix[np.ix_(members, members)].astype(np.int64).sum(axis=1)
        out.append((sorted(members), members[int(sub.argmax())]))
    out.sort(key=lambda g: g[0][0])
    return out


def label_for(text: str, limit: int = 48) -> str:
    """A short label from a central text: its first reason clause, trimmed."""
    clause = clauses(text)[0]
    clause = clause[:1].upper() + clause[1:]
    return clause if len(clause) <= limit else clause[: limit - 1].rstrip() + "…"
