"""`rung review --format json` and `rung gaps --json` on the demo database stay byte-identical
to the output captured before their builders returned dataclasses (the fixtures in
tests/fixtures/contract were written by the CLI of that time: the JSON shape is a contract)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from rung.core.demo import load_demo
from rung.core.store import Store

RUNG = str(Path(sys.executable).with_name("rung"))
FIXTURES = Path(__file__).parent / "fixtures" / "contract"
CASES = {
    "review_w48.json": ["review", "--format", "json"],
    "review_w47.json": ["review", "--week", "2026-W47", "--format", "json"],
    "review_w45.json": ["review", "--week", "2026-W45", "--format", "json"],
    "review_w47_complete.json": [
        *["review", "--week", "2026-W47", "--complete", "--note", "a note", "--format", "json"]
    ],
    "gaps.json": ["gaps", "--json"],
    "gaps_director.json": ["gaps", "--json", "--level", "director"],
    "gaps_senior_manager.json": ["gaps", "--json", "--level", "senior_manager"],
}


@pytest.fixture
def demo_db(db_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")  # the fixtures were captured in UTC
    time.tzset()
    store = Store(db_path)
    load_demo(store)
    store.close()
    yield db_path
    monkeypatch.undo()
    time.tzset()


def test_review_and_gaps_json_unchanged(demo_db):
    for name, args in CASES.items():  # in order: the --complete case writes the W47 review
        result = subprocess.run([RUNG, "--db", str(demo_db), *args], capture_output=True)
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout == (FIXTURES / name).read_bytes(), name
