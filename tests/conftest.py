"""Shared fixtures: every test gets its own database, config path and a fixed today.

The demo database is loaded once per session (per xdist worker) into a template file, and
each test that wants it gets its own copy of that file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import textual._wait as textual_wait

from rung.core.demo import load_demo
from rung.core.store import Store

TODAY = "2026-11-23"  # a Monday

#: xdist workers for a plain `python -m pytest`. On 2 cores 3 beat 2 (the Pilot tests idle
#: part of their time); see issue 18's closing note for the measurements.
WORKERS = 3

#: How often Pilot's idle wait (textual._wait.wait_for_idle, under every press and pause)
#: looks whether the app went idle: Textual polls every 20 ms, twice per key press, which
#: made typing a sentence cost seconds; 5 ms keeps its rule (idle = under 1/20 CPU).
IDLE_POLL = 1 / 200


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Run in WORKERS xdist processes unless the command line says how (``-n N``, ``-n 0``,
    ``-p no:xdist``), or a debugger or a collection only is asked for, or in a worker."""
    option = config.option
    if (
        not config.pluginmanager.hasplugin("xdist")
        or hasattr(config, "workerinput")
        or option.usepdb
        or option.collectonly
    ):
        return
    if option.numprocesses is None:
        option.numprocesses = WORKERS
    if option.numprocesses and option.dist == "no":
        option.dist = "loadgroup"  # an xdist_group's tests (the wheel's) share one worker


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: object) -> None:
    """xdist: tell each worker the distribution chosen above (a worker reads its own from
    the command line, where pytest_cmdline_main's choice is not)."""
    node.workerinput["rung_dist"] = node.config.option.dist  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput and workerinput.get("rung_dist") == "loadgroup":
        config.option.loadgroup = True  # xdist then sends an xdist_group's tests together


def _quicker_idle_polls() -> None:
    """Poll for idle every IDLE_POLL s in Pilot's waits (a Textual internal:
    tests/test_textual_internals.py checks it is still read at each call)."""
    textual_wait.SLEEP_GRANULARITY = IDLE_POLL
    textual_wait.SLEEP_IDLE = IDLE_POLL / 20


_quicker_idle_polls()


def _isolate(monkeypatch: pytest.MonkeyPatch, where: Path) -> None:
    """Point every path rung reads or writes into ``where``; pin today."""
    monkeypatch.setenv("RUNG_DB", str(where / "default.db"))
    monkeypatch.setenv("RUNG_CONFIG", str(where / "config.toml"))
    monkeypatch.setenv("RUNG_TODAY", TODAY)
    monkeypatch.setenv("XDG_CACHE_HOME", str(where / "cache"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's database or config; today is pinned."""
    _isolate(monkeypatch, tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rung.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, loaded once for the session (each xdist worker has its own)."""
    where = tmp_path_factory.mktemp("demo-template")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, where)
        path = where / "demo.db"
        with Store(path) as s:
            load_demo(s)
    leftovers = [p.name for p in where.glob("demo.db-*")]
    assert not leftovers, f"the closed demo template left {leftovers}: a copy would miss them"
    return path


@pytest.fixture
def demo_db(db_path: Path, demo_template: Path) -> Path:
    """A fresh copy of the demo database at ``db_path`` (closed: open it, or run rung on it)."""
    shutil.copyfile(demo_template, db_path)
    return db_path


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    s = Store(demo_db)
    yield s
    s.close()
