"""Helpers for Pilot tests of the rung app."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from rung.tui.app import RungApp
from rung.tui.widgets.record_table import RecordTable


def table_rows(app: RungApp, selector: str = "#records") -> list[tuple[str, ...]]:
    """The cells of the rows a RecordTable currently shows."""
    return [row.cells for row in app.screen.query_one(selector, RecordTable).rows]


def selected_key(app: RungApp, selector: str = "#records") -> int | None:
    return app.screen.query_one(selector, RecordTable).selected_key


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text key by key (spaces included)."""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def until(
    pilot: Pilot, condition: Callable[[], object], *, timeout: float = 5.0, what: str = ""
) -> None:
    """Let the app run until ``condition()`` holds (a worker done, a list filled, a screen
    shown): no fixed sleep, so as fast as the app. Fails naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what or condition}: not so")


async def palette_settled(pilot: Pilot) -> None:
    """Wait until the command palette has gathered the hits of what was typed last."""
    from textual.command import CommandPalette
    from textual.worker import WorkerState

    app = pilot.app
    group = CommandPalette._GATHER_COMMANDS_GROUP  # noqa: SLF001 - checked in test_textual_internals

    def settled() -> bool:
        gathering = any(
            w.group == group and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in app.workers
        )
        return (
            isinstance(app.screen, CommandPalette)
            and app.screen.has_class("-ready")
            and not gathering
        )

    await until(pilot, settled, what="the palette's hits")
