"""Benchmark: the Ladder screen (key 6) over 5 years of synthetic history.

Budget: opening the Ladder <= 150 ms (issue 17), keypress to repaint <= 50 ms p95 (DESIGN).
Data: bench_ladder's (bench_review's 5-year history: 2 000 applications, ~20 000 stage
events, feedback, contacts; plus ~5 000 interviews, feedback filed under gaps, 300 evidence
entries), target level director.

Times, headless (80x24), p50/p95 of 20 fresh apps each:
- ``build_ladder`` alone (what the screen's thread worker reads);
- key 6 from the Pipeline to the Ladder painted *with its data* (the sentence, the matrix),
  after 2.5 s on the Pipeline (the app has built the screens ahead: what a user sees), and
  with nothing built ahead (Textual's first-visit cost included);
- baseline on the same apps: key 4 to the Review painted (an existing screen, built ahead),
  and key 1 back to the Pipeline;
- cursor keys on the matrix (j k l h, 40 presses on one app): keypress to the repaint.

Run: .venv/bin/python tests/bench/bench_ladder_screen.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_ladder import add_interviews_and_gaps  # noqa: E402
from bench_review import seed  # noqa: E402

from rung.core.config import Settings  # noqa: E402
from rung.core.ladder import build_ladder  # noqa: E402
from rung.core.store import Store  # noqa: E402

BUDGET_MS = 150
KEY_BUDGET_MS = 50
RUNS = 20


def stats(runs: list[float]) -> str:
    p95 = statistics.quantiles(runs, n=20, method="inclusive")[-1] if len(runs) > 1 else runs[0]
    return f"p50 {statistics.median(runs):.0f} ms, p95 {p95:.0f} ms, max {max(runs):.0f} ms"


def p95(runs: list[float]) -> float:
    return statistics.quantiles(runs, n=20, method="inclusive")[-1]


async def screen_ms(store: Store, *, prewarmed: bool, runs: int = RUNS) -> dict[str, list[float]]:
    """Key 6 to the Ladder painted with its data, key 4 to the Review painted, key 1 back
    to the Pipeline painted, in ``runs`` fresh apps; and, on the last app, cursor keys."""
    from textual.screen import Screen

    from rung.tui.app import RungApp
    from rung.tui.screens.ladder import LadderScreen
    from rung.tui.screens.review import ReviewScreen

    painted: list[tuple[float, Screen, bool]] = []
    original = Screen._compositor_refresh

    def record(self: Screen) -> None:
        original(self)
        drawn = (
            getattr(self, "ladder", None) is not None
            if isinstance(self, LadderScreen)
            else bool(getattr(self, "review", True))
        )
        painted.append((time.perf_counter(), self, drawn))

    async def paint_of(kind: type | Screen, since: int = 0) -> float:
        while True:
            for t, s, drawn in painted[since:]:
                if (s is kind if isinstance(kind, Screen) else isinstance(s, kind)) and drawn:
                    return t
            await asyncio.sleep(0.0005)

    out: dict[str, list[float]] = {"ladder": [], "review": [], "pipeline": [], "keys": []}
    Screen._compositor_refresh = record  # type: ignore[method-assign]
    try:
        for run in range(runs):
            app = RungApp(store, settings=Settings(target_level="director"))
            app.PREWARM_AFTER = 0.3 if prewarmed else 3600.0
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause(2.5 if prewarmed else 0.3)
                home = app.screen
                for key, kind, name in (
                    ("6", LadderScreen, "ladder"),
                    ("4", ReviewScreen, "review"),
                    ("1", home, "pipeline"),
                ):
                    painted.clear()
                    start = time.perf_counter()
                    await pilot.press(key)
                    out[name].append((await paint_of(kind) - start) * 1000)
                    await app.workers.wait_for_complete()
                    await pilot.pause(0.2)
                if run == runs - 1:  # cursor keys on the matrix
                    await pilot.press("6")
                    await app.workers.wait_for_complete()
                    await pilot.pause(0.3)
                    ladder = app.screen
                    assert isinstance(ladder, LadderScreen) and ladder.matrix.rows
                    for key in "jjkkllhh" * 5:
                        painted.clear()
                        start = time.perf_counter()
                        await pilot.press(key)
                        out["keys"].append((await paint_of(ladder) - start) * 1000)
                        await pilot.pause(0.02)
    finally:
        Screen._compositor_refresh = original  # type: ignore[method-assign]
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        seed(store)
        add_interviews_and_gaps(store)
        print(
            f"{store.count('applications')} applications, {store.count('stage_events')} "
            f"stage events"
        )
        build_ladder(store, target="director")
        reads = []
        for _ in range(RUNS):
            start = time.perf_counter()
            build_ladder(store, target="director")
            reads.append((time.perf_counter() - start) * 1000)
        warm = asyncio.run(screen_ms(store, prewarmed=True))
        cold = asyncio.run(screen_ms(store, prewarmed=False, runs=5))
        store.close()
    print(f"build_ladder (read in the screen's thread worker): {stats(reads)}")
    for name, runs in (
        ("built ahead (after 2.5 s on the Pipeline)", warm["ladder"]),
        ("built on the keypress (5 apps)", cold["ladder"]),
    ):
        verdict = "OK" if p95(runs) <= BUDGET_MS else "OVER"
        print(
            f"key 6 to the Ladder painted with its data, {name}: {stats(runs)} "
            f"(budget {BUDGET_MS} ms) -> {verdict}"
        )
    print(
        f"baseline, key 4 to the Review painted: built ahead {stats(warm['review'])}; "
        f"built on the keypress {stats(cold['review'])}"
    )
    print(f"baseline, key 1 back to the Pipeline: {stats(warm['pipeline'])}")
    verdict = "OK" if p95(warm["keys"]) <= KEY_BUDGET_MS else "OVER"
    print(
        f"matrix cursor keys (j k l h) to repaint: {stats(warm['keys'])} "
        f"(budget {KEY_BUDGET_MS} ms) -> {verdict}"
    )


if __name__ == "__main__":
    main()
