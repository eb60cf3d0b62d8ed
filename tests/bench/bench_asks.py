"""Benchmark: asking back (issue 16) over 5 years of synthetic history.

The weekly review's data (tests/bench/bench_review.py's seed: 2 000 applications, 500
contacts, 2 000 feedback), with 1 000 feedback filed under the generic "more experience",
600 form letters, 300 of them asked (100 answered) and a recruiter at every company; then
the median and p95 of 20 runs of: ``list_asks`` (rung ask --json), ``review_asks`` (the
Review's key), ``ask_stats`` (the Gaps header), ``company_answers`` (the company page),
``draft_why``, and ``build_review`` with and without the asks (its budget: 100 ms).

Run: .venv/bin/python tests/bench/bench_asks.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_review import seed  # noqa: E402

from rung.core import asks, review  # noqa: E402
from rung.core.clustering.taxonomy import GENERIC_SLUG, sync_taxonomy  # noqa: E402
from rung.core.store import Store  # noqa: E402


def make_asks(store: Store) -> None:
    sync_taxonomy(store)
    generic = store.scalar("SELECT id FROM gaps WHERE slug = ?", [GENERIC_SLUG])
    stamp = "2026-11-23T09:00:00"
    with store.transaction():
        store.execute(
            "UPDATE feedback SET gap_id = ?, status = 'confirmed' WHERE id <= 1000", [generic]
        )
        store.execute(
            "UPDATE feedback SET no_reason = 1, text = 'We decided to move forward "
            "with other candidates.' WHERE id > 1000 AND id <= 1600"
        )
        store.execute(
            "UPDATE contacts SET company_id = 1 + (id % 400), relationship = "
            "'recruiter' WHERE id % 2 = 0"
        )
        store.conn.executemany(
            "INSERT INTO asks (kind, feedback_id, application_id, contact_id, message, "
            "asked_on, answer_feedback_id, answered_on, created_at) SELECT 'why', f.id, "
            "f.application_id, 2, 'hi', '2026-01-01', CASE WHEN f.id % 3 = 0 THEN 1700 + f.id "
            "% 300 END, NULL, ? FROM feedback f WHERE f.id = ?",
            [(stamp, i) for i in range(1, 1600, 5)],
        )


def timed(fn, runs: int = 20) -> tuple[float, float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    out.sort()
    return statistics.median(out), out[int(len(out) * 0.95) - 1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        seed(store)
        make_asks(store)
        items = asks.list_asks(store)
        print(
            f"{len(items)} asks, {sum(1 for a in items if a.asked_on)} asked, "
            f"{sum(1 for a in items if a.answered)} answered, "
            f"{sum(1 for a in items if a.contact)} with someone to ask"
        )
        company = items[0].company_id
        for name, fn in [
            ("list_asks (rung ask --json)", lambda: asks.list_asks(store)),
            ("review_asks (the Review's key)", lambda: asks.review_asks(store)),
            ("ask_stats (the Gaps header)", lambda: asks.ask_stats(store)),
            ("company_answers (the company page)", lambda: asks.company_answers(store, company)),
            ("draft_why", lambda: asks.draft_why(store, items[0].feedback_id)),
            ("build_review with the asks", lambda: review.build_review(store)),
        ]:
            median, p95 = timed(fn)
            print(f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms")
        original = review.review_asks
        review.review_asks = lambda store: []  # type: ignore[assignment]
        try:
            median, p95 = timed(lambda: review.build_review(store))
        finally:
            review.review_asks = original  # type: ignore[assignment]
        print(
            f"build_review without the asks: median {median:.1f} ms, p95 {p95:.1f} ms "
            "(budget 100 ms with them)"
        )
        store.close()


if __name__ == "__main__":
    main()
