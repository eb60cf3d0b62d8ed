"""Forms with 10 000 applications: opening a record picker and each keystroke in it, in a
date field (the day read back) and in a choice field (type-ahead). Budget: 50 ms p95 per
keystroke; opening the picker loads the candidates once (not per key).

Each figure is a key press to the first repaint after the form handled it (the picker
filled its list, the date field its preview, the choice field its value), in a headless
app at 80x24; the baseline is a key typed into a plain text field of the same form (to
its first repaint).

Run: .venv/bin/python tests/bench/bench_forms.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from seed import seed_applications  # noqa: E402

from rung.core.store import Store  # noqa: E402

QUERIES = ["northwind 12 director", "harborbank vp", "eng man berlin", "wern"]
DATES = ["next friday 10am", "in 2 weeks", "31.03.", "tomorrow 15:00"]


def _timed(cls: type, name: str, marks: list[float]) -> Callable[[], None]:
    """Record when ``cls.name`` returns; the undo of the patch."""
    original = getattr(cls, name)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        marks.append(time.perf_counter())
        return result

    setattr(cls, name, wrapper)
    return lambda: setattr(cls, name, original)


async def measure(store: Store) -> dict[str, list[float]]:
    """Milliseconds per open and per keystroke, by what was typed into."""
    from textual.screen import Screen

    from rung.tui.app import RungApp
    from rung.tui.screens.dialogs import FormScreen
    from rung.tui.widgets.choice_field import ChoiceField
    from rung.tui.widgets.record_picker import PickerScreen

    marks: list[float] = []
    painted: list[float] = []
    undo = [
        _timed(PickerScreen, "_fill", marks),
        _timed(FormScreen, "_input_changed", marks),
        _timed(ChoiceField, "type_ahead", marks),
        _timed(Screen, "_compositor_refresh", painted),
    ]
    out: dict[str, list[float]] = {
        "picker open": [],
        "picker key": [],
        "date key": [],
        "choice key": [],
        "text key (baseline)": [],
    }

    async def key(pilot: Any, name: str, what: str) -> None:
        marks.clear()
        painted.clear()
        start = time.perf_counter()
        await pilot.press("space" if name == " " else name)
        await pilot.pause(0.1)
        done = marks[-1] if marks else start
        shown = next((t for t in painted if t >= done), done)
        out[what].append((shown - start) * 1000)

    try:
        app = RungApp(store)
        app.PREWARM_AFTER = 3600.0
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for query, day in zip(QUERIES, DATES, strict=True):
                await pilot.press("F")  # a follow-up: Due (a date), Application (a picker)
                await pilot.pause()
                app.screen.query_one("#field-application").focus()
                await pilot.pause()
                await key(pilot, "enter", "picker open")
                assert isinstance(app.screen, PickerScreen)
                for ch in query:
                    await key(pilot, ch, "picker key")
                await pilot.press("escape")
                await pilot.pause()
                app.screen.query_one("#field-due_on").focus()
                await pilot.press("ctrl+u")
                for ch in day:
                    await key(pilot, ch, "date key")
                app.screen.query_one("#field-what").focus()
                for ch in query:
                    await key(pilot, ch, "text key (baseline)")
                await pilot.press("escape", "y")
                await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one("#field-stage").focus()
            for word in ["interviewing", "offer", "saved", "applied"] * 2:
                await pilot.pause(1.1)  # the type-ahead starts again
                for ch in word:
                    await key(pilot, ch, "choice key")
    finally:
        for step in undo:
            step()
    return out


def summary(name: str, runs: list[float]) -> str:
    if len(runs) < 2:
        return f"{name}: {runs[0]:.1f} ms" if runs else f"{name}: no runs"
    p95 = statistics.quantiles(runs, n=20)[-1]
    return (
        f"{name}: median {statistics.median(runs):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(runs):.1f} ms over {len(runs)}"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        seed_applications(store, n)
        runs = asyncio.run(measure(store))
    for name, values in runs.items():
        print(summary(f"{name}, {n} applications", values))


if __name__ == "__main__":
    main()
