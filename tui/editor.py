"""Editing long text in the user's $EDITOR with the app suspended."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App


def editor_command() -> list[str]:
    """``$VISUAL`` or ``$EDITOR`` split into argv, else ``vi``."""
    raw = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(raw)


def editor_set() -> bool:
    """Whether the user named an editor (``$VISUAL`` or ``$EDITOR``)."""
    return bool(os.environ.get("VISUAL") or os.environ.get("EDITOR"))


def run_editor(app: App, path: Path) -> int | None:
    """Run the editor on ``path`` with the app suspended; its exit status, or None when it
    could not run (said in a toast). A headless app (tests) has no terminal to hand over:
    a named editor runs without suspending."""
    try:
        if app.is_headless and editor_set():
            return subprocess.call([*editor_command(), str(path)], stdin=subprocess.DEVNULL)
        with app.suspend():
            return subprocess.call([*editor_command(), str(path)])
    except (OSError, Exception) as exc:  # SuspendNotSupported, missing editor
        app.notify(f"could not run the editor: {exc}", severity="error")
        return None


def edit_text(app: App, text: str) -> str | None:
    """Open ``text`` in the editor; returns the edited text, or None if it failed."""
    with tempfile.TemporaryDirectory(prefix="rung-") as tmp:
        path = Path(tmp) / "edit.md"
        path.write_text(text, encoding="utf-8")
        code = run_editor(app, path)
        if code is None:
            return None
        if code != 0:
            app.notify(f"the editor exited with status {code}; text unchanged", severity="warning")
            return None
        return path.read_text(encoding="utf-8").rstrip("\n")
