"""Benchmark: clustering 10 000 feedback texts from scratch, one new text, the gaps report.

Budgets: 10 000 texts <= 2 s on 2 cores; one new text assigned <= 20 ms. Texts are drawn
from the labeled fixtures with random prefixes/suffixes (recruiter boilerplate) so they are
not all identical. Baseline in the same run: a bare rapidfuzz cdist of the same texts
against the same seeds (the part of the work no scorer can skip).

Run: .venv/bin/python tests/bench/bench_cluster_speed.py
"""

from __future__ import annotations

import csv
import random
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
PREFIXES = ["", "Hi Sam, thanks for your time. ", "Unfortunately, ", "Feedback from the panel: ",
            "Dear candidate, after careful consideration we will not proceed. "]
SUFFIXES = ["", " Best, Marta", " We wish you luck.", " Happy to chat.", ""]


def corpus(n: int) -> list[str]:
    rng = random.Random(3)
    base = []
    for name in ("feedback_labeled.csv", "heldout.csv", "fresh.csv"):
        with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
            base += [r["text"] for r in csv.DictReader(fh)]
    return [rng.choice(PREFIXES) + rng.choice(base) + rng.choice(SUFFIXES) for _ in range(n)]


def main() -> None:
    texts = corpus(10_000)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        stamp = now_iso()
        with store.transaction():
            store.conn.executemany(
                "INSERT INTO feedback (text, received_on, created_at) VALUES (?, ?, ?)",
                [(t, f"2026-{(i % 12) + 1:02d}-15", stamp) for i, t in enumerate(texts)])
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
    print(f"10 000 texts from scratch (recluster, incl. DB writes): {full:.2f} s "
          f"(budget 2 s) -> {'OK' if full <= 2 else 'OVER'}; assigned {counts['assigned']}, "
          f"unclustered {counts['unclustered']}")
    print(f"baseline, bare cdist of the texts vs the seeds: {baseline:.2f} s "
          f"(rung/baseline {full / baseline:.1f}x)")
    print(f"one new text (log + assign, incl. commit): median {statistics.median(singles):.1f} ms, "
          f"max {max(singles):.1f} ms (budget 20 ms)")
    print(f"gaps report over 10 000 texts: median {statistics.median(reports):.0f} ms")


if __name__ == "__main__":
    main()
