"""Snapshots of every screen on the demo data at 80x24 (pytest-textual-snapshot).

A change to what a screen shows fails here with a side-by-side picture in the report; when
the change is wanted, accept it with `pytest tests/test_snapshots.py --snapshot-update` and
look at the new SVGs in tests/__snapshots__ before committing them.
"""

from __future__ import annotations

import pytest

from rung.tui.app import RungApp

SIZE = (80, 24)

SCREENS = {
    "pipeline": [],
    "pipeline_filtered": ["slash", *"director", "enter"],
    "application_detail": ["j", "j", "enter"],
    "contacts": ["2"],
    "contacts_followups": ["2", "tab"],
    "contact_detail": ["2", "enter"],
    "gaps": ["3"],
    "gap_detail": ["3", "enter"],
    "review": ["4"],
    "review_call_unfolded": ["4", "G", "k", "k", "k", "k", "k", "space"],
    "help": ["question_mark"],
    "search": ["ctrl+f", *"brightline"],
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_at_80x24(name, demo_store, snap_compare):
    app = RungApp(demo_store)
    app.PREWARM_AFTER = 3600.0  # build screens on the keypress: the same path every run
    assert snap_compare(app, press=SCREENS[name], terminal_size=SIZE)
