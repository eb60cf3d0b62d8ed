"""Benchmark: the Ladder over 5 years of synthetic history (budget <= 100 ms for the JSON).

The weekly review's 5-year data set (bench_review.seed: 2 000 applications, ~20 000 stage
events, 2 000 pieces of feedback, contacts and interactions), plus ~5 000 interviews, the
feedback filed under the taxonomy's gaps (some linked to an interview, some form letters)
and 300 evidence entries. Then, with target level director:

- ``build_ladder`` + ``ladder_json``, median and p95 of 20 runs (the budget);
- ``rung ladder --json`` end to end in a subprocess (median of 5), next to ``rung
  --version`` (rung's own start) and a bare ``python -c "import click"``.

Run: .venv/bin/python tests/bench/bench_ladder.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_review import seed  # noqa: E402  (the 5-year history the review is timed on)

from rung.core.clustering.taxonomy import sync_taxonomy  # noqa: E402
from rung.core.ladder import build_ladder, ladder_json  # noqa: E402
from rung.core.store import Store  # noqa: E402

KINDS = ["recruiter_screen", "hiring_manager", "technical", "panel", "exec", "case_presentation"]


def add_interviews_and_gaps(store: Store) -> None:
    """Interviews for the applications that got past applying, feedback filed under gaps
    and tied to interviews, evidence for a few gaps."""
    rng = random.Random(17)
    sync_taxonomy(store)
    gaps = [r["id"] for r in store.query("SELECT id FROM gaps")]
    stamp = "2026-11-23T09:00:00"
    apps = store.query("SELECT id, applied_on FROM applications")
    rows, next_id, by_app = [], 1, {}
    for app in apps:
        for number in range(1, rng.choice([0, 0, 1, 2, 3, 4, 5]) + 1):
            kind = KINDS[min(number - 1, len(KINDS) - 1)] if number > 1 else KINDS[0]
            rows.append(
                (
                    next_id,
                    app["id"],
                    number,
                    kind,
                    f"{app['applied_on']}T10:00",
                    rng.choice(["passed", "failed", None, "cancelled"]),
                    stamp,
                )
            )
            by_app.setdefault(app["id"], []).append(next_id)
            next_id += 1
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO interviews (id, application_id, round, kind, scheduled_at, outcome, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        updates = []
        for fid, app_id in store.execute("SELECT id, application_id FROM feedback"):
            interview = rng.choice(by_app.get(app_id, [None]))
            no_reason = int(rng.random() < 0.3)
            updates.append((None if no_reason else rng.choice(gaps), interview, no_reason, fid))
        store.conn.executemany(
            "UPDATE feedback SET gap_id = ?, interview_id = ?, no_reason = ? WHERE id = ?", updates
        )
        store.conn.executemany(
            "INSERT INTO evidence (gap_id, text, happened_on, created_at) VALUES (?, ?, ?, ?)",
            [
                (
                    rng.choice(gaps),
                    f"evidence {i}",
                    f"202{rng.randint(3, 6)}-0{rng.randint(1, 9)}-15",
                    stamp,
                )
                for i in range(300)
            ],
        )
    events = store.count("stage_events") + store.count("interviews") + store.count("feedback")
    print(
        f"plus {store.count('interviews')} interviews, {store.count('evidence')} evidence: "
        f"{events} events (stage events + interviews + feedback)"
    )


def cli_ms(db: Path, config: Path, args: list[str], runs: int = 5) -> list[float]:
    env = {**os.environ, "RUNG_DB": str(db), "RUNG_CONFIG": str(config)}
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        config = Path(tmp) / "config.toml"
        config.write_text('target_level = "director"\n', encoding="utf-8")
        store = Store(db)
        seed(store)
        add_interviews_and_gaps(store)
        ladder_json(build_ladder(store, target="director"))  # warm the caches
        runs = []
        for _ in range(20):
            start = time.perf_counter()
            data = ladder_json(build_ladder(store, target="director"))
            runs.append((time.perf_counter() - start) * 1000)
        store.close()
        size = len(json.dumps(data))
        rung = str(Path(sys.executable).with_name("rung"))
        end_to_end = cli_ms(db, config, [rung, "ladder", "--json"])
        floor = cli_ms(db, config, [sys.executable, "-c", "import click"])
        version = cli_ms(db, config, [rung, "--version"])
    p95 = statistics.quantiles(runs, n=20, method="inclusive")[-1]
    print(
        f"build_ladder + ladder_json: median {statistics.median(runs):.1f} ms, p95 "
        f"{p95:.1f} ms, min {min(runs):.1f} ms, {size} bytes of JSON (budget 100 ms) -> "
        f"{'OK' if p95 <= 100 else 'OVER'}"
    )
    print(
        f"rung ladder --json, end to end: median {statistics.median(end_to_end):.0f} ms; "
        f"rung --version: {statistics.median(version):.0f} ms; "
        f"python -c 'import click': {statistics.median(floor):.0f} ms"
    )
    print(f"summary: {data['summary']}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
