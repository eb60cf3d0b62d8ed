"""The ``rung`` group: its global options (``--db``, ``--debug``, ``--version``), and how
every error of a command is told: one line (``rung: error: …``) and a non-zero exit
(``--debug`` adds the traceback), plus a JSON object on stdout when the command line asked
for JSON. Textual is imported only when the app opens.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import traceback
from typing import Any

import click

from rung.core.errors import RungError, ValidationError

from .common import CliError, CliState, escape_json_controls

_JSON_FLAG = "rung.json"


def _wants_json(args: list[str]) -> bool:
    """Whether the command line asks for JSON (``--json``, ``--format json``)."""
    for index, arg in enumerate(args):
        if arg == "--":
            return False
        if arg in ("--json", "--format=json") or (
            arg == "--format" and args[index + 1 : index + 2] == ["json"]
        ):
            return True
    return False


class RungGroup(click.Group):
    """A click group that turns every error into one readable line (``--debug`` adds the
    traceback), and, when the command line asked for JSON, into a JSON object on stdout
    too: ``{"error": "…", "kind": "locked"}``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_JSON_FLAG] = _wants_json(args)
        return super().parse_args(ctx, args)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The group's own options parsed; a bad one (``rung --bogus``) is one line too."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            line = _usage_line(exc)
            if line is exc:
                raise
            if _wants_json(args):
                _emit_error_json(line)
            raise line from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return self._invoke(ctx)
        except click.ClickException as exc:
            line = _usage_line(exc)
            if ctx.meta.get(_JSON_FLAG):
                _emit_error_json(line)
            if line is not exc:
                raise line from None
            raise

    def _invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.exceptions.Abort() from None
        except BrokenPipeError:  # `rung review | head`: the reader has all it wanted
            _quiet_stdout()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            state = ctx.find_object(CliState)  # made by the group's callback
            if state is not None and state.debug:
                traceback.print_exc()
            raise _one_line(exc, state) from exc
        finally:
            state = ctx.find_object(CliState)
            if state is not None and ctx.parent is None:
                state.close()


def _usage_line(exc: click.ClickException) -> click.ClickException:
    """A usage error (an unknown command or option, a missing argument) as rung's one line
    with exit code 2: ``no such command 'bogus' (try rung --help)``, no usage dump. Other
    errors, and a group called without its command (its help is what was asked), as they
    are."""
    if not isinstance(exc, click.UsageError) or isinstance(exc, click.exceptions.NoArgsIsHelpError):
        return exc
    message = " ".join(exc.format_message().split())  # "Choose from:\n\tcsv,\n\tjson"
    message = message.replace(". Did you mean", "; did you mean")
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    message = message.rstrip(".")
    words = exc.ctx.command_path.split()[1:] if exc.ctx is not None else []
    where = " ".join(["rung", *words])  # the program's name, however it was called
    return CliError(f"{message} (try {where} --help)", exc.exit_code, kind="usage")


def _emit_error_json(exc: click.ClickException) -> None:
    """The error of a ``--json`` run as one JSON object on stdout."""
    kind = getattr(exc, "kind", "usage" if isinstance(exc, click.UsageError) else "error")
    data = {"error": exc.format_message(), "kind": kind, **getattr(exc, "details", {})}
    click.echo(escape_json_controls(json.dumps(data, ensure_ascii=False)))


def _one_line(exc: Exception, state: CliState | None) -> CliError:
    """The one line (and kind) an error of a command is told with."""
    from rung.core.commands.duplicates import PossibleDuplicate

    if isinstance(exc, PossibleDuplicate):  # `rung add` twice: say so, and how to add anyway
        return CliError(
            f"{exc}; --force to add anyway",
            kind=exc.kind,
            details={"duplicates": [m.to_json() for m in exc.matches]},
        )
    if isinstance(exc, ValidationError):
        return CliError("; ".join(f"{k}: {v}" for k, v in exc.errors.items()), kind=exc.kind)
    if isinstance(exc, RungError):
        return CliError(str(exc), kind=exc.kind)
    if isinstance(exc, sqlite3.Error):
        from rung.core.store import sqlite_error

        known = sqlite_error(state.db_path if state is not None else "the database", exc)
        if known is not None:
            return CliError(str(known), kind=known.kind)
    import zipfile
    import zlib

    if isinstance(exc, zlib.error | zipfile.BadZipFile | EOFError):
        return CliError(
            f"damaged compressed data ({exc}): the archive cannot be read; nothing imported",
            kind="damaged_file",
        )
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return CliError(f"{where}{exc.strerror}", kind="os_error")
    return CliError(
        f"{type(exc).__name__}: {exc} (run with --debug for the traceback)", kind="internal"
    )


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so flushing at exit does not hit the closed pipe again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``rung --version``: the installed rung's version (read only when asked)."""
    if not value or ctx.resilient_parsing:
        return
    from rung.core.version import rung_version

    click.echo(f"rung, version {rung_version()}")
    ctx.exit()


@click.group(
    cls=RungGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_option",
    metavar="PATH",
    envvar="RUNG_DB",
    help="Database file (env RUNG_DB; default: the platform's user data dir).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
@click.pass_context
def cli(ctx: click.Context, db_option: str | None, debug: bool) -> None:
    """rung: track applications, contacts and feedback on your way into management.

    Run without a command to open the app.
    """
    ctx.obj = CliState(db_option=db_option, debug=debug)
    if ctx.invoked_subcommand is None:
        from rung.tui.launch import run_app

        run_app(ctx.obj.store())
