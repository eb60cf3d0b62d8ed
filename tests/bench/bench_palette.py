"""Command palette: time per keystroke with 10 000 applications (budget <= 30 ms).

Types queries one key at a time into the real palette (headless app, 80x24) and times each
keystroke to the first repaint after the palette put up its new list of hits. Prints
median/p95/max next to a baseline measured in the same run: the same keystrokes on an
empty database (the palette's own cost with only the screen and action commands).

Run: .venv/bin/python tests/bench/bench_palette.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from seed import seed_applications  # noqa: E402

from rung.core.store import Store  # noqa: E402

QUERIES = ["northwind 12 director", "harborbank vp", "eng man berlin"]


async def keystroke_ms(store: Store) -> tuple[list[float], list[float]]:
    """Key press to the first repaint after the palette put up its new list of hits, and
    the records provider's own time to produce its hits for each typed prefix."""
    from textual.command import CommandPalette
    from textual.screen import Screen

    from rung.tui.app import RungApp

    listed: list[float] = []
    painted: list[float] = []
    refresh_list = CommandPalette._refresh_command_list
    refresh_screen = Screen._compositor_refresh

    def on_list(self: CommandPalette, *args: object, **kwargs: object) -> None:
        refresh_list(self, *args, **kwargs)
        listed.append(time.perf_counter())

    def on_paint(self: Screen) -> None:
        refresh_screen(self)
        painted.append(time.perf_counter())

    CommandPalette._refresh_command_list = on_list  # type: ignore[method-assign]
    Screen._compositor_refresh = on_paint  # type: ignore[method-assign]
    out: list[float] = []
    results: list[float] = []
    try:
        app = RungApp(store)
        app.PREWARM_AFTER = 3600.0
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for query in QUERIES:
                await pilot.press("ctrl+p")
                await pilot.pause(0.3)
                provider = next(
                    p
                    for p in app.screen._providers  # noqa: SLF001
                    if type(p).__name__ == "RecordsProvider"
                )
                for end in range(1, len(query) + 1):
                    start = time.perf_counter()
                    _ = [hit async for hit in provider.search(query[:end])]
                    results.append((time.perf_counter() - start) * 1000)
                for ch in query:
                    listed.clear()
                    painted.clear()
                    start = time.perf_counter()
                    await pilot.press("space" if ch == " " else ch)
                    await pilot.pause(0.15)  # the palette is done with this key by then
                    if not listed:
                        continue  # no hits: the palette showed "no matches" instead
                    shown = next((t for t in painted if t >= listed[-1]), listed[-1])
                    out.append((shown - start) * 1000)
                await pilot.press("escape")
                await pilot.pause(0.1)
    finally:
        CommandPalette._refresh_command_list = refresh_list  # type: ignore[method-assign]
        Screen._compositor_refresh = refresh_screen  # type: ignore[method-assign]
    return out, results


def summary(name: str, runs: list[float]) -> str:
    p95 = statistics.quantiles(runs, n=20)[-1]
    return (
        f"{name}: median {statistics.median(runs):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(runs):.1f} ms over {len(runs)} keystrokes"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        empty = Store(Path(tmp) / "empty.db")
        base, base_results = asyncio.run(keystroke_ms(empty))
        store = Store(Path(tmp) / "bench.db")
        seed_applications(store, n)
        runs, results = asyncio.run(keystroke_ms(store))
    print(summary(f"palette results (records provider), {n} applications", results))
    print(summary("palette results (records provider), empty database", base_results))
    print(summary(f"keystroke to repaint, {n} applications", runs))
    print(summary("keystroke to repaint, empty database (baseline: Textual's own cost)", base))
    p95 = statistics.quantiles(results, n=20)[-1]
    print(f"budget: results p95 <= 30 ms -> {'OK' if p95 <= 30 else 'OVER'}")


if __name__ == "__main__":
    main()
