"""Benchmark: keypress to repaint in a 10 000-application Pipeline, and peak RSS.

Drives the real app headless (App.run_test). For each key it records the time from sending
the key to the end of the first screen repaint (the compositor's refresh) that follows:
keypress to repaint. The Pilot's own idle waits are not counted. Measured for cursor moves
(j) and for each keystroke typed into the `/` filter. Baseline in the same run: the same filter done
with Textual's DataTable (clear + add_rows), the obvious alternative. Budget p95 <= 50 ms.

Run: .venv/bin/python tests/bench/bench_table.py
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("RUNG_TODAY", "2026-11-23")
os.environ.setdefault("RUNG_CONFIG", "/nonexistent/rung-bench.toml")

from seed import seed_applications  # noqa: E402
from textual.app import App  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from rung.core.store import Store  # noqa: E402
from rung.tui.app import RungApp  # noqa: E402

N = 10_000
FILTER = "director berlin"


_painted: list[float] = []
_original_refresh = Screen._compositor_refresh


def _recording_refresh(self: Screen) -> None:
    _original_refresh(self)
    _painted.append(time.perf_counter())


Screen._compositor_refresh = _recording_refresh  # type: ignore[method-assign]


async def key_to_paint(pilot, key: str) -> float:
    """Milliseconds from sending ``key`` to the end of the next repaint."""
    _painted.clear()
    start = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    while not _painted:
        await pilot.pause(0.005)
    return (_painted[0] - start) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def measure_rung(store: Store) -> tuple[list[float], list[float], float]:
    app = RungApp(store)
    moves, filters = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        start = time.perf_counter()
        await pilot.pause()
        first = (time.perf_counter() - start) * 1000
        for _ in range(200):
            moves.append(await key_to_paint(pilot, "j"))
        for _ in range(5):
            await pilot.press("slash")
            for ch in FILTER:
                filters.append(await key_to_paint(pilot, "space" if ch == " " else ch))
            await pilot.press("escape")
            await pilot.pause()
    return moves, filters, first


class DataTableApp(App):
    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Company", "Title", "Level", "Stage", "Applied", "Last", "Days")
        table.add_rows(self.rows)

    def show(self, text: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        words = text.split()
        table.add_rows([r for r in self.rows if all(w in " ".join(r).lower() for w in words)])


async def measure_datatable(rows: list[tuple[str, ...]]) -> list[float]:
    app = DataTableApp(rows)
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(2):
            for i in range(1, len(FILTER) + 1):
                _painted.clear()
                t = time.perf_counter()
                app.show(FILTER[:i])
                while not _painted:
                    await pilot.pause(0.005)
                out.append((_painted[0] - t) * 1000)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        t = time.perf_counter()
        seed_applications(store, N)
        print(f"seeded {N} applications in {time.perf_counter() - t:.1f} s")
        moves, filters, first = asyncio.run(measure_rung(store))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = [
            tuple(
                str(x)
                for x in (
                    r["company_id"],
                    r["title"],
                    r["level"],
                    r["stage"],
                    r["applied_on"],
                    "",
                    "",
                )
            )
            for r in store.query("SELECT * FROM applications")
        ]
        baseline = asyncio.run(measure_datatable(rows))
        store.close()
    print(f"{'keypress -> repaint':<28} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'move (j), rung':<28} {statistics.median(moves):8.1f} {p95(moves):8.1f}")
    print(f"{'filter keystroke, rung':<28} {statistics.median(filters):8.1f} {p95(filters):8.1f}")
    print(
        f"{'filter, DataTable baseline':<28} {statistics.median(baseline):8.1f} "
        f"{p95(baseline):8.1f}"
    )
    worst = max(p95(moves), p95(filters))
    print(
        f"budget p95 <= 50 ms: {'OK' if worst <= 50 else 'OVER'} (worst p95 {worst:.1f} ms); "
        f"filter vs DataTable p95: {p95(filters) / p95(baseline):.2f}x"
    )
    print(f"pipeline open with {N} applications (mount to first pause): {first:.0f} ms")
    print(f"peak RSS with {N} applications in the Pipeline (before the baseline ran): {rss:.0f} MB")


if __name__ == "__main__":
    main()
