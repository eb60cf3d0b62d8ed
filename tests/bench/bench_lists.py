"""Benchmark: the record lists' keys at 10 000 applications, side panel on and off.

Pipeline with 10 000 applications (tests/bench/seed.py) and Contacts with 2 000 contacts
and 20 000 interactions, headless at 160x45 (the side panel follows the cursor) and at
80x24 (no panel). Keys: j and k (each move redraws the panel at 160 columns: one
application_timeline or one interactions query), < and > (the column cursor), o (sort by
that column: alternately a new column and the same one reversed), letters typed into the
/ filter and backspace. Each press is timed three ways: to the end of the last repaint that
drew more than a scroll bar (the rows, the panel, the top bar on screen: the figure held to
the budget); to the end of the last repaint of all (Textual redraws a table's scroll bar a
frame or two later); and to idle (``pilot.press`` + ``pilot.pause``), printed next to the
same wait on a bare Textual app (one Static, one binding): the Pilot's own cost.
Budget: key to content on screen p95 <= 50 ms (DESIGN.md). Printed, never asserted.

Run: .venv/bin/python tests/bench/bench_lists.py [PRESSES]
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("RUNG_TODAY", "2026-11-23")
os.environ.setdefault("RUNG_CONFIG", "/nonexistent/rung-bench.toml")

from seed import COMPANIES, seed_applications  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Static  # noqa: E402

from rung.core.store import Store  # noqa: E402
from rung.tui.app import RungApp  # noqa: E402

PRESSES = int(sys.argv[1]) if len(sys.argv) > 1 else 40
APPLICATIONS, CONTACTS, TOUCHES = 10_000, 2_000, 10
BUDGET_MS = 50.0
WARMUP = 3

_painted: list[tuple[float, bool]] = []  # (end of a repaint, it drew more than scroll bars)
_original_refresh = Screen._compositor_refresh


def _recording_refresh(self: Screen) -> None:
    content = any(type(w).__name__ != "ScrollBar" for w in self._dirty_widgets)
    _original_refresh(self)
    _painted.append((time.perf_counter(), content))


Screen._compositor_refresh = _recording_refresh  # type: ignore[method-assign]


def seed_contacts(store: Store, n: int, touches: int, *, seed: int = 2) -> None:
    """``n`` contacts with ``touches`` interactions each over two years (plain inserts)."""
    rng = random.Random(seed)
    stamp = "2026-11-01T09:00:00"
    with store.transaction():
        company = store.scalar("SELECT id FROM companies LIMIT 1")
        for i in range(n):
            name = f"Person {i} {rng.choice(COMPANIES)}"
            cid = store.insert(
                "contacts",
                {
                    "name": name,
                    "normalized_name": name.casefold(),
                    "company_id": company,
                    "relationship": rng.choice(["recruiter", "referrer", "mentor", "peer"]),
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            for _ in range(touches):
                day = (
                    f"20{25 + rng.randint(0, 1)}-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
                )
                store.insert(
                    "interactions",
                    {
                        "contact_id": cid,
                        "at": day,
                        "channel": "call",
                        "summary": "caught up",
                        "created_at": stamp,
                    },
                )


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    )


class Timer:
    """Presses keys and keeps (to content, to the last repaint, to idle) per label."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.idle: dict[str, list[float]] = {}
        self.paint: dict[str, list[float]] = {}
        self.content: dict[str, list[float]] = {}
        self.seen: dict[str, int] = {}

    async def press(self, label: str, key: str) -> None:
        _painted.clear()
        start = time.perf_counter()
        await self.pilot.press(key)
        await self.pilot.pause()
        end = time.perf_counter()
        self.seen[label] = self.seen.get(label, 0) + 1
        if self.seen[label] > WARMUP:
            self.idle.setdefault(label, []).append((end - start) * 1000)
            last = _painted[-1][0] if _painted else start  # nothing to repaint: no wait
            drawn = [t for t, content in _painted if content]
            self.paint.setdefault(label, []).append((last - start) * 1000)
            self.content.setdefault(label, []).append(
                ((drawn[-1] if drawn else start) - start) * 1000
            )


Result = tuple[str, list[float], list[float], list[float]]


async def measure(store: Store, size: tuple[int, int]) -> list[Result]:
    app = RungApp(store)
    out = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for screen_key, name in (("1", "Pipeline"), ("2", "Contacts")):
            await pilot.press(screen_key)
            await pilot.pause()
            found = app.screen.query("#side-panel")  # (absent in code before the panel)
            panel = bool(found) and not found.first().has_class("hidden")
            t = Timer(pilot)
            for _ in range(PRESSES + WARMUP):
                await t.press("j (panel follows)" if panel else "j", "j")
            for _ in range(PRESSES + WARMUP):
                await t.press("k (panel follows)" if panel else "k", "k")
            for i in range(PRESSES + WARMUP):
                step = "less_than_sign" if (i // 3) % 2 else "greater_than_sign"
                await t.press("< / > (column cursor)", step)
                await t.press("o (sort)", "o")
            for _ in range(max(1, (PRESSES + WARMUP) // 4)):
                await pilot.press("slash")
                for ch in "dir":
                    await t.press("filter letter", ch)
                await t.press("filter backspace", "backspace")
                await pilot.press("escape")
                await pilot.pause()
            for label in t.idle:
                out.append(
                    (
                        f"{name} {size[0]}x{size[1]}: {label}",
                        t.content[label],
                        t.paint[label],
                        t.idle[label],
                    )
                )
    return out


class Bare(App):
    BINDINGS = [Binding("j", "tick", "Tick")]

    def compose(self) -> ComposeResult:
        yield Static("0", id="n")

    def action_tick(self) -> None:
        n = self.query_one("#n", Static)
        n.update(str(int(str(n.render())) + 1))


async def baseline() -> list[float]:
    """Press + pause on a bare app: what the Pilot costs by itself."""
    app = Bare()
    out = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(PRESSES + WARMUP):
            start = time.perf_counter()
            await pilot.press("j")
            await pilot.pause()
            out.append((time.perf_counter() - start) * 1000)
    return out[WARMUP:]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        t = time.perf_counter()
        seed_applications(store, APPLICATIONS)
        seed_contacts(store, CONTACTS, TOUCHES)
        print(
            f"seeded {APPLICATIONS} applications, {CONTACTS} contacts with "
            f"{CONTACTS * TOUCHES} interactions in {time.perf_counter() - t:.1f} s"
        )
        rows = []
        for size in ((160, 45), (80, 24)):
            rows += asyncio.run(measure(store, size))
        store.close()
    bare = asyncio.run(baseline())
    print(
        f"{'ms':<44} {'content p50':>11} {'p95':>6} {'max':>6} {'last paint p95':>14} "
        f"{'idle p95':>9}"
    )
    worst = 0.0
    for label, content, paint, idle in rows:
        worst = max(worst, p95(content))
        print(
            f"{label:<44} {statistics.median(content):11.1f} {p95(content):6.1f} "
            f"{max(content):6.1f} {p95(paint):14.1f} {p95(idle):9.1f}"
        )
    print(
        f"{'bare Textual app, press + pause (the Pilot)':<44} {'':>11} {'':>6} {'':>6} "
        f"{'':>14} {p95(bare):9.1f}"
    )
    print(
        f"budget p95 <= {BUDGET_MS:.0f} ms (key to content on screen): "
        f"{'OK' if worst <= BUDGET_MS else 'OVER'} (worst p95 {worst:.1f} ms)"
    )


if __name__ == "__main__":
    main()
