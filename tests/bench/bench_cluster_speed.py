"""Benchmark: clustering 10 000 feedback texts from scratch, one new text, the gaps report.

Budgets: 10 000 texts <= 2 s on 2 cores; one new text assigned <= 20 ms. Texts are drawn
from the labeled fixtures with random prefixes/suffixes (recruiter boilerplate) so they are
not all identical (they still repeat, as real feedback does; a second run makes every
sentence distinct to show the cost without repeats). Baseline in the same run: a bare rapidfuzz cdist of the same texts
against the same seeds (the part of the work no scorer can skip).

Run: .venv/bin/python tests/bench/bench_cluster_speed.py
"""

from __future__ import annotations

import csv
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from rung.core.clock import now_iso
from rung.core.clustering import gaps_report, log_feedback, recluster
from rung.core.clustering.assign import scorer_for
from rung.core.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "clustering"
PREFIXES = [
    "",
    "Hi Sam, thanks for your time. ",
    "Unfortunately, ",
    "Feedback from the panel: ",
    "Dear candidate, after careful consideration we will not proceed. ",
]
SUFFIXES = ["", " Best, Marta", " We wish you luck.", " Happy to chat.", ""]


def corpus(n: int) -> list[str]:
    rng = random.Random(3)
    base = []
    for name in ("feedback_labeled.csv", "heldout.csv", "fresh.csv"):
        with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
            base += [r["text"] for r in csv.DictReader(fh)]
    return [rng.choice(PREFIXES) + rng.choice(base) + rng.choice(SUFFIXES) for _ in range(n)]


def distinct(texts: list[str]) -> list[str]:
    """The same texts with a reference number in every sentence: no clause repeats, so
    the scorer's per-clause cache cannot help (the worst case for it)."""
    return [
        _SENTENCE_END.sub(lambda m, i=i: f" ref {i}{m.group(1)}{m.group(2)}", t) + f" ref {i}"
        for i, t in enumerate(texts)
    ]


_SENTENCE_END = re.compile(r"([.;!?,])(\s|$)")


def seeded_store(path: Path, texts: list[str]) -> Store:
    store = Store(path)
    stamp = now_iso()
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO feedback (text, received_on, created_at) VALUES (?, ?, ?)",
            [(t, f"2026-{(i % 12) + 1:02d}-15", stamp) for i, t in enumerate(texts)],
        )
    return store


def main() -> None:
    texts = corpus(10_000)
    with tempfile.TemporaryDirectory() as tmp:
        store = seeded_store(Path(tmp) / "bench.db", texts)
        scorer, _ = scorer_for(store)
        start = time.perf_counter()
        base = process.cdist(texts, scorer.seed_strings, scorer=fuzz.token_set_ratio, workers=-1)
        baseline = time.perf_counter() - start
        del base
        start = time.perf_counter()
        counts = recluster(store)
        full = time.perf_counter() - start
        log_feedback(store, "warm up the cache please")
        singles = []
        for text in texts[:50]:
            t = time.perf_counter()
            log_feedback(store, text)
            singles.append((time.perf_counter() - t) * 1000)
        reports = []
        for _ in range(5):
            t = time.perf_counter()
            gaps_report(store)
            reports.append((time.perf_counter() - t) * 1000)
        store.close()
        unique = distinct(texts)
        store = seeded_store(Path(tmp) / "distinct.db", unique)
        scorer_for(store)
        start = time.perf_counter()
        unique_counts = recluster(store)
        unique_full = time.perf_counter() - start
        store.close()
    print(
        f"10 000 texts from scratch (recluster, incl. DB writes): {full:.2f} s "
        f"(budget 2 s) -> {'OK' if full <= 2 else 'OVER'}; assigned {counts['assigned']}, "
        f"unclustered {counts['unclustered']}"
    )
    print(
        f"  same, every sentence made distinct (no repeated clause): {unique_full:.2f} s; "
        f"assigned {unique_counts['assigned']}"
    )
    print(
        f"baseline, bare cdist of the texts vs the seeds: {baseline:.2f} s "
        f"(rung/baseline {full / baseline:.1f}x)"
    )
    print(
        f"one new text (log + assign, incl. commit): median {statistics.median(singles):.1f} ms, "
        f"max {max(singles):.1f} ms (budget 20 ms)"
    )
    print(f"gaps report over 10 000 texts: median {statistics.median(reports):.0f} ms")


if __name__ == "__main__":
    main()
