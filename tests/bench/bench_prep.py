"""Benchmark: the prep sheet over 5 years of synthetic history (what ``p`` costs).

The Ladder's data set (bench_ladder: 2 000 applications, ~20 000 events, feedback filed
under gaps, 300 evidence entries), plus 200 who-can-vouch tags. For the Director
application with the most feedback at its company, with an interview ahead:

- ``prep_sheet`` + ``render_prep``, median and p95 of 20 runs (no budget in DESIGN; the
  Ladder's 100 ms is the yardstick, since the sheet reads the Ladder);
- ``rung prep ID`` end to end in a subprocess (median of 5).

Run: .venv/bin/python tests/bench/bench_prep.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_ladder import add_interviews_and_gaps, cli_ms  # noqa: E402
from bench_review import seed  # noqa: E402

from rung.core.prep import prep_sheet, render_prep  # noqa: E402
from rung.core.store import Store  # noqa: E402


def add_vouches_and_one_interview(store: Store) -> int:
    """200 contact-gap tags and an exec interview ahead; the application prepared for."""
    rng = random.Random(5)
    contacts = [r["id"] for r in store.query("SELECT id FROM contacts")]
    gaps = [r["id"] for r in store.query("SELECT id FROM gaps WHERE kind = 'gap'")]
    app_id = store.scalar(
        "SELECT a.id FROM applications a JOIN feedback f ON f.application_id IN "
        "(SELECT id FROM applications b WHERE b.company_id = a.company_id) "
        "WHERE a.level = 'director' GROUP BY a.id ORDER BY count(*) DESC LIMIT 1"
    )
    with store.transaction():
        store.conn.executemany(
            "INSERT OR IGNORE INTO contact_gaps (contact_id, gap_id, created_at) "
            "VALUES (?, ?, '2026-11-01')",
            [(rng.choice(contacts), rng.choice(gaps)) for _ in range(200)],
        )
        store.insert(
            "interviews",
            {
                "application_id": app_id,
                "round": 4,
                "kind": "exec",
                "scheduled_at": "2026-11-27T10:00",
                "with_whom": "Dana Lee (CTO)",
                "created_at": "2026-11-20T10:00",
            },
        )
    return int(app_id)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        config = Path(tmp) / "config.toml"
        config.write_text("", encoding="utf-8")
        store = Store(db)
        seed(store)
        add_interviews_and_gaps(store)
        app_id = add_vouches_and_one_interview(store)
        text = render_prep(prep_sheet(store, app_id))  # warm the caches
        runs = []
        for _ in range(20):
            start = time.perf_counter()
            text = render_prep(prep_sheet(store, app_id))
            runs.append((time.perf_counter() - start) * 1000)
        store.close()
        rung = str(Path(sys.executable).with_name("rung"))
        end_to_end = cli_ms(db, config, [rung, "prep", str(app_id)])
    p95 = statistics.quantiles(runs, n=20, method="inclusive")[-1]
    print(
        f"prep_sheet + render_prep (application {app_id}): median "
        f"{statistics.median(runs):.1f} ms, p95 {p95:.1f} ms, {len(text)} characters, "
        f"{text.count(chr(10))} lines"
    )
    print(f"rung prep {app_id}, end to end: median {statistics.median(end_to_end):.0f} ms")


if __name__ == "__main__":
    main()
