"""Benchmark: the Feedback & gaps screen (key 3) opening on 10 000 pieces of feedback.

Budget: <= 150 ms from the keypress to the first paint of the screen with its gap rows.
Data: 300 applications and 10 000 feedback texts (the speed bench's corpus, spread over
14 months and over the applications) added through the core, then clustered once.

Times, headless (80x24), five fresh apps each:
- key 3 after 2.5 s on the Pipeline (the app has built the screens ahead, what a user
  sees), and key 3 with nothing built ahead (Textual's first-visit cost included);
- baseline in the same run, on the same app: key 1 back to the Pipeline (a screen whose
  data does not grow with the feedback);
- ``gaps_summary`` alone (what the screen reads) and ``gaps_report`` (the same with every
  feedback text, what the screen read before).

Run: .venv/bin/python tests/bench/bench_gaps_screen.py
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench_cluster_speed import corpus
from seed import seed_applications

from rung.core.clustering import gaps_report, gaps_summary, recluster
from rung.core.commands.feedback import add_feedback
from rung.core.store import Store

BUDGET_MS = 150


def seed(store: Store) -> None:
    """300 applications, then 10 000 feedback texts on them over the last 14 months."""
    seed_applications(store, 300, seed=7)
    rng = random.Random(11)
    app_ids = [r["id"] for r in store.query("SELECT id FROM applications")]
    with store.transaction():
        for text in corpus(10_000):
            add_feedback(
                store,
                text,
                application_id=rng.choice(app_ids + [None]),
                received_on=f"2025-{rng.randint(9, 12):02d}-{rng.randint(1, 28):02d}"
                if rng.random() < 0.2
                else f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            )
    recluster(store)


def stats(runs: list[float]) -> str:
    p95 = statistics.quantiles(runs, n=20, method="inclusive")[-1] if len(runs) > 1 else runs[0]
    return (
        f"median {statistics.median(runs):.0f} ms, p95 {p95:.0f} ms, max {max(runs):.0f} ms "
        f"({' '.join(f'{r:.0f}' for r in runs)})"
    )


async def screen_ms(
    store: Store, *, prewarmed: bool, runs: int = 7
) -> tuple[list[float], list[float]]:
    """(key 3 to the gaps screen painted with its rows, key 1 back to the Pipeline painted)
    in ``runs`` fresh apps."""
    from textual.screen import Screen

    from rung.tui.app import RungApp
    from rung.tui.screens.gaps import GapsScreen

    painted: list[tuple[float, Screen]] = []
    original = Screen._compositor_refresh

    def record(self: Screen) -> None:
        original(self)
        painted.append((time.perf_counter(), self))

    def gaps_painted() -> float | None:
        return next(
            (t for t, s in painted if isinstance(s, GapsScreen) and s.is_mounted and s.table.rows),
            None,
        )

    async def wait_for(found) -> float:  # noqa: ANN001 - a () -> float | None
        while (t := found()) is None:
            await asyncio.sleep(0.001)
        return t

    Screen._compositor_refresh = record  # type: ignore[method-assign]
    gaps, pipeline = [], []
    try:
        for _ in range(runs):
            app = RungApp(store)
            app.PREWARM_AFTER = 0.5 if prewarmed else 3600.0
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause(2.5 if prewarmed else 0.3)
                home = app.screen
                painted.clear()
                start = time.perf_counter()
                await pilot.press("3")
                gaps.append((await wait_for(gaps_painted) - start) * 1000)
                await pilot.pause(0.3)
                painted.clear()
                start = time.perf_counter()
                await pilot.press("1")
                back = await wait_for(
                    lambda home=home: next((t for t, s in painted if s is home), None)
                )
                pipeline.append((back - start) * 1000)
                assert len(app.screen.table.rows) > 0
    finally:
        Screen._compositor_refresh = original  # type: ignore[method-assign]
    return gaps, pipeline


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        start = time.perf_counter()
        seed(store)
        print(
            f"seeded {store.scalar('SELECT count(*) FROM feedback')} feedback on "
            f"{store.scalar('SELECT count(*) FROM applications')} applications, "
            f"{len(gaps_report(store).gaps)} gaps ({time.perf_counter() - start:.1f} s)"
        )
        reports, summaries = [], []
        for _ in range(10):
            t = time.perf_counter()
            gaps_report(store)
            reports.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            gaps_summary(store)
            summaries.append((time.perf_counter() - t) * 1000)
        warm, warm_home = asyncio.run(screen_ms(store, prewarmed=True))
        cold, cold_home = asyncio.run(screen_ms(store, prewarmed=False))
        store.close()
    print(f"gaps_summary over 10 000 feedback: {stats(summaries)}")
    print(f"gaps_report over 10 000 feedback: {stats(reports)}")
    for name, runs in (
        ("built ahead (after 2.5 s on the Pipeline)", warm),
        ("built on the keypress", cold),
    ):
        verdict = (
            "OK"
            if statistics.quantiles(runs, n=20, method="inclusive")[-1] <= BUDGET_MS
            else "OVER"
        )
        print(
            f"Gaps screen, key 3 to its rows painted, {name}: {stats(runs)} "
            f"(budget {BUDGET_MS} ms) -> {verdict}"
        )
    print(f"baseline, key 1 back to the Pipeline on the same apps: {stats(warm_home + cold_home)}")


if __name__ == "__main__":
    main()
