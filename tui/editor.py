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


def edit_text(app: App, text: str) -> str | None:
    """Open ``text`` in the editor; returns the edited text, or None if it failed."""
    with tempfile.TemporaryDirectory(prefix="rung-") as tmp:
        path = Path(tmp) / "edit.md"
        path.write_text(text, encoding="utf-8")
        try:
            with app.suspend():
                code = subprocess.call([*editor_command(), str(path)])
        except (OSError, Exception) as exc:  # SuspendNotSupported, missing editor
            app.notify(f"could not run the editor: {exc}", severity="error")
            return None
        if code != 0:
            app.notify(f"the editor exited with status {code}; text unchanged",
                       severity="warning")
            return None
        return path.read_text(encoding="utf-8").rstrip("\n")
