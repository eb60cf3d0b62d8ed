"""Benchmark: what "who can vouch" adds to the weekly review (budget: the review's 100 ms).

bench_review's 5 years of history; then ``promote_vouchers`` and ``build_review`` with
nobody tagged (one query), and again with 100 contacts tagged, every open application
interviewed and 60 of them with an exec round ahead (a worst case: a real search has one
to three final rounds at a time). Median and max of 20 runs.

Run: .venv/bin/python tests/bench/bench_vouch.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_review import seed  # noqa: E402

from rung.core.clustering.taxonomy import sync_taxonomy  # noqa: E402
from rung.core.review import build_review  # noqa: E402
from rung.core.store import Store  # noqa: E402
from rung.core.vouch import final_rounds, promote_vouchers, vouch_calls  # noqa: E402

TODAY = date(2026, 11, 23)  # bench_review's history ends here (run with RUNG_TODAY=2026-11-23)


def timed(fn: Callable[[], object], runs: int = 20) -> tuple[float, float]:
    fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return statistics.median(out), max(out)


def tag_and_interview(store: Store) -> None:
    """100 vouchers, a first round for every open application, 60 exec rounds ahead, a
    third of the feedback in one gap and a third in another."""
    rng = random.Random(3)
    stamp = "2026-11-01T00:00:00"
    sync_taxonomy(store)
    apps = [
        r["id"]
        for r in store.query(
            "SELECT id FROM applications WHERE stage IN ('applied', 'screening', 'interviewing')"
        )
    ]
    gaps = [r["id"] for r in store.query("SELECT id FROM gaps WHERE kind = 'gap'")]
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO interviews (application_id, round, kind, scheduled_at, created_at) "
            "VALUES (?, 1, 'recruiter_screen', '2026-11-10', ?)",
            [(a, stamp) for a in apps],
        )
        store.conn.executemany(
            "INSERT INTO interviews (application_id, round, kind, scheduled_at, created_at) "
            "VALUES (?, 2, 'exec', ?, ?)",
            [(a, f"2026-11-{rng.randint(24, 30)}T10:00", stamp) for a in apps[:60]],
        )
        store.execute("UPDATE feedback SET gap_id = ? WHERE id % 3 = 0", [gaps[1]])
        store.execute("UPDATE feedback SET gap_id = ? WHERE id % 3 = 1", [gaps[2]])
        store.conn.executemany(
            "INSERT OR IGNORE INTO contact_gaps (contact_id, gap_id, created_at) VALUES (?, ?, ?)",
            [(c, rng.choice(gaps), stamp) for c in range(1, 101)],
        )
    print(
        f"{len(apps)} open applications, {len(final_rounds(store, TODAY))} in a final "
        f"round, {len(vouch_calls(store, TODAY))} vouchers promoted"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        seed(store)
        for label in ("nobody tagged", "100 tagged, 60 final rounds"):
            if label != "nobody tagged":
                tag_and_interview(store)
            vouch_ms = timed(lambda: promote_vouchers(store, [], TODAY))
            review_ms = timed(lambda: build_review(store))
            print(
                f"{label}: promote_vouchers median {vouch_ms[0]:.2f} ms (max "
                f"{vouch_ms[1]:.2f}); build_review median {review_ms[0]:.1f} ms (max "
                f"{review_ms[1]:.1f}; budget 100 ms)"
            )
        store.close()


if __name__ == "__main__":
    main()
