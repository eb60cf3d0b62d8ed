"""Composition root: build the App for a Store, run it, or run it on the demo data."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from rung.core.config import load_settings
from rung.core.store import Store
from rung.tui.app import RungApp


def make_app(store: Store, *, demo: bool = False) -> RungApp:
    """The App for ``store``, with the user's settings (problems are shown as a toast, as
    plain text: a value like ``"[/bold]"`` is no markup)."""
    settings, problems = load_settings()
    if not problems and (settings.theme or settings.keymap):
        problems = _app_problems()
        bad = {p.key.removeprefix("keymap.") for p in problems if p.key.startswith("keymap.")}
        settings.keymap = {k: v for k, v in settings.keymap.items() if k not in bad}
    app = RungApp(store, demo=demo, settings=settings)
    if problems:
        message = "; ".join(str(p) for p in problems[:3])
        app.call_later(
            app.notify,
            f"config: {message} (defaults used)",
            severity="warning",
            timeout=10,
            markup=False,
        )
    return app


def _app_problems() -> list:
    """The theme and the keys of the settings file checked against Textual (binding ids
    only by ``rung config check``: they need every screen imported)."""
    from rung.core.config import check_settings, config_path
    from rung.tui.settings_check import is_key, theme_names

    try:
        text = config_path().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return check_settings(text, themes=theme_names(), is_key=is_key)


def run_app(store: Store, *, demo: bool = False) -> None:
    """Run the app on ``store`` until the user quits."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise SystemExit(
            "rung: error: the app needs a terminal (use a subcommand, "
            "e.g. rung list applications, for scripts)"
        )
    store.kind = "the rung app"  # what another writer waiting on it is told
    app = make_app(store, demo=demo)
    app.run()
    if app.database_error:  # the app ended on it: one line, no traceback
        from rung.core.visible import visible

        raise SystemExit(f"rung: error: {visible(app.database_error)}")


def run_demo(keep_dir: str | None = None) -> None:
    """Run the app on a fresh copy of the demo data in a temp dir (or ``keep_dir``)."""
    from rung.core.demo import build_demo_database

    folder = Path(keep_dir) if keep_dir else Path(tempfile.mkdtemp(prefix="rung-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    build_demo_database(path)
    store = Store(path)
    try:
        run_app(store, demo=True)
    finally:
        store.close()
        if not keep_dir:
            shutil.rmtree(folder, ignore_errors=True)
