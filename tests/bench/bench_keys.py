"""Benchmark: every common key of every screen at 10 000 applications (budget p95 <= 50 ms).

Builds a database with the demo data plus 10 000 applications (tests/bench/seed.py), runs
the real app headless at 80x24 and at 160x45, and on each numbered screen (1-5) and on the
Pipeline's board presses the keys people press most, about 50 times each: j, k, pagedown,
pageup, the filter key with letters typed into it, backspace and esc, the screen's sort and
filter keys, h/l and H/L (a card moved one stage, written to the database) on the board,
and the number keys that switch screens.

Two figures per press:
- ``pilot``: time.perf_counter around ``await pilot.press(key)`` + ``await pilot.pause()``
  (a wait that includes the repaint). The Pilot sleeps in 20 ms steps until the process
  is idle (textual._wait.wait_for_idle, four times a press), so this is ~80 ms even for a
  bare app and moves in 20 ms steps: read it against the baseline measured in the same
  run, a keypress on a bare Textual app (one Static, one binding), as ``p95/base``.
- ``paint``: from sending the key to the end of the first screen repaint after it (the
  compositor's refresh, as bench_table.py measures): what a user waits for, and what the
  50 ms budget is checked against.

Prints per key p50/p95 of both, the max of paint, and the worst key of each size.

Run: .venv/bin/python tests/bench/bench_keys.py [PRESSES] [APPLICATIONS]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("RUNG_TODAY", "2026-11-23")
os.environ.setdefault("RUNG_CONFIG", "/nonexistent/rung-bench.toml")

from seed import seed_applications  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Static  # noqa: E402

from rung.core.demo import load_demo  # noqa: E402
from rung.core.store import Store  # noqa: E402

PRESSES = int(sys.argv[1]) if len(sys.argv) > 1 else 50
APPLICATIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
SIZES = [(80, 24), (160, 45)]
BUDGET_MS = 50.0
WARMUP = 3  # presses of each key not counted (first paint of a panel, caches)
PHRASE = "dir"  # typed into each filter box, one key at a time


_painted: list[float] = []
_original_refresh = Screen._compositor_refresh


def _recording_refresh(self: Screen) -> None:
    _original_refresh(self)
    _painted.append(time.perf_counter())


Screen._compositor_refresh = _recording_refresh  # type: ignore[method-assign]


def p95(values: list[float]) -> float:
    """The 95th percentile (the median of a single value)."""
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


@dataclass
class Recorder:
    """Times key presses and keeps them by (screen, key)."""

    pilot: object
    times: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    paints: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    seen: dict[tuple[str, str], int] = field(default_factory=dict)

    async def press(self, screen: str, label: str, key: str) -> float:
        """Press ``key``, wait for the repaint; record it under ``label`` (after warm-up)."""
        _painted.clear()
        start = time.perf_counter()
        await self.pilot.press(key)
        await self.pilot.pause()
        ms = (time.perf_counter() - start) * 1000
        slot = (screen, label)
        self.seen[slot] = self.seen.get(slot, 0) + 1
        if self.seen[slot] > WARMUP:
            self.times.setdefault(slot, []).append(ms)
            if _painted:  # a key that changes nothing on screen paints nothing
                self.paints.setdefault(slot, []).append((_painted[0] - start) * 1000)
        return ms

    async def quiet(self, *keys: str) -> None:
        """Press keys without timing them (getting somewhere)."""
        for key in keys:
            await self.pilot.press(key)
            await self.pilot.pause()

    async def repeat(self, screen: str, key: str, label: str | None = None) -> None:
        for _ in range(PRESSES + WARMUP):
            await self.press(screen, label or key, key)

    async def pairs(self, screen: str, there: str, back: str) -> None:
        """``there`` then ``back``, in turns (keys that would stop at an edge: < >, h l)."""
        for _ in range(PRESSES + WARMUP):
            await self.press(screen, there, there)
            await self.press(screen, back, back)

    async def typing(self, screen: str, opener: str, opener_label: str) -> None:
        """Open the filter (or field) with ``opener``, type PHRASE, backspace, esc."""
        for _ in range(PRESSES + WARMUP):
            await self.press(screen, opener_label, opener)
            for ch in PHRASE:
                await self.press(screen, "letter (typed)", ch)
            await self.press(screen, "backspace (typed)", "backspace")
            await self.press(screen, "esc (leaves the box)", "escape")


def bound(app: App, key: str) -> bool:
    """Is ``key`` bound on the current screen (its focused widget, the screen, the app)?"""
    return key in app.screen.active_bindings


async def run_screen(
    rec: Recorder, app: App, name: str, keys: Iterable[str], typing: tuple[str, str] | None
) -> None:
    """Each key ~PRESSES times; a pair "a|b" in turns; then the typing round."""
    for key in keys:
        there, _, back = key.partition("|")
        if not bound(app, there) or (back and not bound(app, back)):
            print(f"  ({name}: {key} is not bound here; skipped)")
        elif back:
            await rec.pairs(name, there, back)
        else:
            await rec.repeat(name, key)
    if typing and bound(app, typing[0]):
        await rec.typing(name, *typing)


async def measure_rung(store: Store, size: tuple[int, int]) -> Recorder:
    from rung.tui.app import RungApp
    from rung.tui.screens.board import BoardScreen

    app = RungApp(store)
    async with app.run_test(size=size) as pilot:
        rec = Recorder(pilot)
        await pilot.pause(3.0)  # the app builds the other screens ahead (prewarm)
        # screen switches: 1 -> 2 -> 3 -> 4 -> 5 -> 1 ...
        for _ in range(max(5, PRESSES // 5) + WARMUP):
            for key in "23451":
                await rec.press("switch", f"to {key}", key)
        await rec.quiet("1")
        await run_screen(
            rec,
            app,
            "1 Pipeline",
            ["j", "k", "pagedown", "pageup", "t", "greater_than_sign|less_than_sign", "o"],
            ("slash", "/ (opens filter)"),
        )
        await rec.quiet("1", "g")
        # the board: b in and out (the first visit reads the cards: a warm-up press)
        for _ in range(PRESSES + WARMUP):
            await rec.press("board", "b (table -> board)", "b")
            assert isinstance(app.screen, BoardScreen)
            await rec.press("board", "b (board -> table)", "b")
        await rec.quiet("b", *["h"] * 6, "l", "g")  # applied (most cards), its first card
        await rec.pairs("board", "l", "h")
        for key in ["j", "k", "pagedown", "pageup"]:
            await rec.repeat("board", key)
        await rec.quiet("g")
        await rec.pairs("board", "L", "H")  # one card on and back: a stage event each
        await rec.typing("board", "slash", "/ (opens filter)")
        await rec.quiet("b", "2")
        await run_screen(
            rec,
            app,
            "2 Contacts",
            ["j", "k", "pagedown", "pageup", "greater_than_sign|less_than_sign", "o"],
            ("slash", "/ (opens filter)"),
        )
        if bound(app, "tab"):
            for _ in range(PRESSES + WARMUP):
                await rec.press("2 Contacts", "tab (pane)", "tab")
        await rec.quiet("3")
        await run_screen(
            rec, app, "3 Gaps", ["j", "k", "pagedown", "v"], ("slash", "/ (opens filter)")
        )
        await rec.quiet("4")
        await run_screen(
            rec,
            app,
            "4 Review",
            ["j", "k", "pagedown", "space", "left_square_bracket|right_square_bracket", "v"],
            None,
        )
        await rec.quiet("5")
        await run_screen(rec, app, "5 Import", ["j", "k"], ("i", "i (edits the path)"))
    return rec


class Bare(App):
    """The baseline: one Static and one binding that changes it."""

    BINDINGS = [Binding("j", "bump", "Bump")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("0", id="n")

    def action_bump(self) -> None:
        self.count += 1
        self.query_one("#n", Static).update(str(self.count))


async def measure_bare(size: tuple[int, int]) -> Recorder:
    app = Bare()
    async with app.run_test(size=size) as pilot:
        rec = Recorder(pilot)
        await pilot.pause(0.5)
        await rec.repeat("bare", "j")
    return rec


def report(size: tuple[int, int], rec: Recorder, bare: Recorder) -> tuple[str, float, float]:
    """Print the table of one size; return its worst key, its paint p95 and pilot ratio."""
    base, base_paint = bare.times[("bare", "j")], bare.paints.get(("bare", "j"), [0.0])
    base95 = p95(base)
    print(
        f"\n{size[0]}x{size[1]}: baseline, a bare Textual app's key: pilot "
        f"p50 {statistics.median(base):.1f} / p95 {base95:.1f} ms, paint "
        f"p50 {statistics.median(base_paint):.1f} / p95 {p95(base_paint):.1f} ms"
    )
    print(
        f"{'screen':<12} {'key':<22} {'n':>3} {'pilot p50':>9} {'p95':>6} {'p95/base':>8}"
        f" {'painted':>7} {'paint p50':>9} {'p95':>6} {'max':>6}"
    )
    worst = ("", 0.0, 0.0)
    for slot, values in rec.times.items():
        screen, key = slot
        high = p95(values)
        paints = rec.paints.get(slot) or [0.0]
        paint95 = p95(paints)
        flag = "  OVER" if paint95 > BUDGET_MS else ""
        print(
            f"{screen:<12} {key:<22} {len(values):>3} {statistics.median(values):>9.1f} "
            f"{high:>6.1f} {high / base95:>7.2f}x {len(rec.paints.get(slot, [])):>7} "
            f"{statistics.median(paints):>9.1f} "
            f"{paint95:>6.1f} {max(paints):>6.1f}{flag}"
        )
        if paint95 > worst[1]:
            worst = (f"{screen}: {key}", paint95, high / base95)
    print(
        f"worst key at {size[0]}x{size[1]}: {worst[0]}, paint p95 {worst[1]:.1f} ms "
        f"(pilot {worst[2]:.2f}x the bare keypress); budget paint p95 <= {BUDGET_MS:.0f} ms:"
        f" {'OK' if worst[1] <= BUDGET_MS else 'OVER'}"
    )
    return worst


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        start = time.perf_counter()
        load_demo(store)
        seed_applications(store, APPLICATIONS)
        print(
            f"demo data + {APPLICATIONS} applications seeded in "
            f"{time.perf_counter() - start:.1f} s; {PRESSES} presses per key "
            f"(+{WARMUP} warm-up)"
        )
        worsts = []
        for size in SIZES:
            bare = asyncio.run(measure_bare(size))
            rec = asyncio.run(measure_rung(store, size))
            worsts.append((size, report(size, rec, bare)))
        store.close()
    print()
    for size, (key, ms, ratio) in worsts:
        print(
            f"{size[0]}x{size[1]} worst: {key}, paint p95 {ms:.1f} ms, pilot {ratio:.2f}x "
            "the bare keypress"
        )


if __name__ == "__main__":
    main()
