"""Helpers for Pilot tests of the rung app."""

from __future__ import annotations

from rung.tui.app import RungApp
from rung.tui.widgets.record_table import RecordTable


def table_rows(app: RungApp, selector: str = "#records") -> list[tuple[str, ...]]:
    """The cells of the rows a RecordTable currently shows."""
    return [row.cells for row in app.screen.query_one(selector, RecordTable).rows]


def selected_key(app: RungApp, selector: str = "#records") -> int | None:
    return app.screen.query_one(selector, RecordTable).selected_key


async def type_text(pilot, text: str) -> None:
    """Type text key by key (spaces included)."""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
