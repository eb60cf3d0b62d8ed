"""Shared fixtures: every test gets its own database, config path and a fixed today."""

from __future__ import annotations

import pytest

from rung.core.demo import load_demo
from rung.core.store import Store

TODAY = "2026-11-23"  # a Monday


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No test touches the user's database or config; today is pinned."""
    monkeypatch.setenv("RUNG_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("RUNG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("RUNG_TODAY", TODAY)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "rung.db"


@pytest.fixture
def store(db_path):
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def demo_store(db_path):
    s = Store(db_path)
    load_demo(s)
    yield s
    s.close()
