"""End-to-end: the real `rung` command in tmux, driven with send-keys, read with capture-pane."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from rung.core.resources import read_text

pytestmark = pytest.mark.tmux

RUNG = str(Path(sys.executable).with_name("rung"))
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One detached tmux session running a command at 80x24."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.name = f"rung-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        shell = f"env {exports} TERM=xterm-256color {' '.join(command)}; sleep 5"
        # a private tmux server per session: no race with a server that is still exiting
        self.tmux = ["tmux", "-L", self.name]
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", shell],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)
            time.sleep(pause)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)
        time.sleep(0.2)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "RUNG_CONFIG": str(tmp_path / "config.toml"),
        "RUNG_TODAY": "2026-11-23",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


@needs_tmux
def test_demo_add_application_quit_and_reopen(tmp_path):
    keep = tmp_path / "demo"
    session = Tmux([RUNG, "demo", "--keep", str(keep)], _env(tmp_path))
    try:
        session.wait_for("Sable Robotics")
        session.keys("j", "j", "Enter")
        session.wait_for("When")
        session.keys("Escape")
        session.wait_for("applications")
        session.keys("a")
        session.wait_for("New application")
        session.type("Zephyr Aerospace")
        session.keys("Enter")
        session.type("VP Engineering")
        session.keys("C-s")
        session.wait_for("Zephyr Aeros")  # at 80 columns the Company column cuts it with …
        session.keys("q")
        time.sleep(0.5)
    finally:
        session.close()
    again = Tmux([RUNG, "--db", str(keep / "demo.db")], _env(tmp_path))
    try:
        screen = again.wait_for("Zephyr Aeros")
        assert "VP Engineering" in screen
        demo_apps = len(
            list(csv.DictReader(io.StringIO(read_text("sample_data", "applications.csv"))))
        )
        assert f"{demo_apps + 1} applications" in screen
        again.keys("q")
    finally:
        again.close()


@needs_tmux
def test_log_an_interaction_with_a_contact(tmp_path):
    db = tmp_path / "rung.db"
    subprocess.run(
        [
            RUNG,
            "--db",
            str(db),
            "add",
            "contact",
            "Priya Raman",
            "--company",
            "Northwind",
            "--relationship",
            "mentor",
        ],
        check=True,
        capture_output=True,
    )
    session = Tmux([RUNG, "--db", str(db)], _env(tmp_path))
    try:
        session.wait_for("Welcome to rung")
        session.keys("2")
        session.wait_for("Priya Raman")
        session.keys("l")
        session.wait_for("Log an interaction")
        session.type("Mock interview on managing managers")
        session.keys("C-s")
        session.wait_for("Logged call with Priya Raman")
        session.keys("Enter")
        screen = session.wait_for("Mock interview on managing managers")
        assert "every 60d" in screen
        session.keys("q")
    finally:
        session.close()
    listed = subprocess.run(
        [RUNG, "--db", str(db), "list", "contacts", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '"last_contacted": "2026-11-23' in listed


@needs_tmux
def test_find_a_contact_by_a_misspelled_name_and_log_a_call(tmp_path):
    keep = tmp_path / "demo"
    session = Tmux([RUNG, "demo", "--keep", str(keep)], _env(tmp_path))
    try:
        session.wait_for("Sable Robotics")
        session.keys("C-f")
        session.wait_for("search names")
        session.type("ingird dhal")
        screen = session.wait_for("Ingrid Dahl")
        assert "ingird → ingrid" in screen
        session.keys("Enter")
        session.wait_for("Interactions")
        session.keys("l")
        session.wait_for("Log an interaction with Ingrid Dahl")
        session.type("Thanked her for the Quarry Labs intro")
        session.keys("C-s")
        session.wait_for("Logged call with Ingrid Dahl")
        session.wait_for("Thanked her for the Quarry Labs intro")
        session.keys("q")
        time.sleep(0.5)
    finally:
        session.close()
    listed = subprocess.run(
        [RUNG, "--db", str(keep / "demo.db"), "search", "thanked quarry", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Ingrid Dahl" in listed


@needs_tmux
def test_ladder_shows_the_stall_and_takes_a_target_level(tmp_path):
    keep = tmp_path / "demo"
    session = Tmux([RUNG, "demo", "--keep", str(keep)], _env(tmp_path))
    try:
        session.wait_for("Sable Robotics")
        session.keys("6")
        screen = session.wait_for("where the search stalls: Director, final rounds")
        assert "At Director you reach final rounds" in screen
        session.keys("t")
        session.wait_for("Target level")
        session.type("dir")
        session.keys("Enter")
        screen = session.wait_for("Ready for Director?")
        assert "Managing managers" in screen
        session.keys("q")
        time.sleep(0.5)
    finally:
        session.close()
    assert 'target_level = "director"' in (tmp_path / "config.toml").read_text()
    ladder = subprocess.run(
        [RUNG, "--db", str(keep / "demo.db"), "ladder", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **_env(tmp_path)},
    ).stdout
    assert json.loads(ladder)["target"] == "director"
