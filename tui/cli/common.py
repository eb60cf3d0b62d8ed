"""What the commands of the ``rung`` command line share: the state the global options
chose (the store, opened on first use), the one-line error, and output that never lets
the data's control characters reach the terminal (``echo``, ``emit_json``, ``table``).

Only click and the light core modules are imported here: every command imports what its
domain needs inside itself, so a command pays for no other's imports.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from rung.core.errors import DatabaseCorrupt
from rung.core.visible import visible

if TYPE_CHECKING:
    from rung.core.store import Store


class CliError(click.ClickException):
    """A user-facing error: printed as one line, exit code 1 (or as given); ``kind`` is
    what a ``--json`` run prints with it (``{"error": …, "kind": …}``, plus ``details``:
    ``"duplicates"`` for a possible duplicate)."""

    def __init__(
        self,
        message: str,
        exit_code: int = 1,
        kind: str = "error",
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.kind = kind
        self.details = details or {}

    def show(self, file: Any = None) -> None:  # noqa: D102 - click API
        click.echo(f"rung: error: {visible(self.format_message())}", err=True)


@dataclass
class CliState:
    """What the global options chose; opens the store on first use."""

    db_option: str | None = None
    debug: bool = False
    _store: Store | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        from rung.core.store import resolve_db_path

        return resolve_db_path(self.db_option)

    def store(self) -> Store:
        if self._store is None:
            from rung.core.store import Store

            self._store = Store(self.db_path, kind=_command_kind(), on_wait=_say_waiting)
        return self._store

    def checked_store(self) -> Store:
        """The store, once ``PRAGMA quick_check`` passed: ``rung add`` writes nothing into
        a damaged database."""
        store = self.store()
        problems = store.quick_check()
        if problems:
            raise DatabaseCorrupt(
                f"{store.path}: the database fails a quick check ({problems[0]}); nothing "
                "written: rung check says more; restore a backup"
            )
        return store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _command_kind() -> str:
    """What this process is, for another writer that waits on it: "rung import"."""
    ctx = click.get_current_context(silent=True)
    words = ctx.command_path.split()[1:] if ctx is not None else []
    return " ".join(["rung", *words])


def _say_waiting(holder: str | None) -> None:
    """A writer has waited a second for another one's lock: say so (on stderr)."""
    from rung.core.store import lock_wait_seconds

    click.echo(
        visible(
            f"rung: waiting for another rung… ({holder or 'holder unknown'}; "
            f"up to {lock_wait_seconds():g} s)"
        ),
        err=True,
    )


_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def escape_json_controls(text: str) -> str:
    """JSON text with DEL and the C1 controls escaped (``\\u009b``: the same JSON value)."""
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit_json(data: Any) -> None:
    """Print JSON for scripts (UTF-8, stable key order). json.dumps escapes C0 controls;
    DEL and the C1 controls (CSI ``\\x9b`` among them) are escaped here too (``\\u009b``:
    the same JSON value, never obeyed by a terminal). Indented for a person at a terminal;
    one line when piped (scripts, jq): the C encoder, about 10x faster on a big listing."""
    indent = 2 if sys.stdout.isatty() else None
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    click.echo(escape_json_controls(text))


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of text that holds data (names, notes, cells of an imported file):
    its control characters are shown (``␛``), never obeyed by the terminal; newlines and
    tabs stay. Stored text is not changed."""
    click.echo(visible(text, multiline=True), err=err, nl=nl)


def fail(message: str, exit_code: int = 1) -> NoReturn:
    """Stop a command with a one-line error."""
    raise CliError(message, exit_code)


pass_state = click.make_pass_decorator(CliState)


def table(rows: list[list[str]], headers: list[str]) -> None:
    """Rows as aligned columns (each at most 40 wide, cut with …) under their headers."""
    rows = [[visible(c) for c in row] for row in rows]  # imported names: no escapes obeyed
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    widths = [min(w, 40) for w in widths]

    def fit(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        click.echo("  ".join(fit(c, w).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
