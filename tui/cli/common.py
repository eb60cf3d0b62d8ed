"""The ``rung`` command line: bare ``rung`` opens the app; subcommands script the domain.

Errors print one line (``rung: error: …``) and exit non-zero; ``--debug`` shows the
traceback. Textual is imported only by the commands that open the app.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import click

from rung.core.errors import DatabaseCorrupt, RungError, ValidationError
from rung.core.models import to_dict
from rung.core.store import Store, lock_wait_seconds, resolve_db_path, sqlite_error
from rung.core.visible import visible


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
        return resolve_db_path(self.db_option)

    def store(self) -> Store:
        if self._store is None:
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
    click.echo(
        visible(
            f"rung: waiting for another rung… ({holder or 'holder unknown'}; "
            f"up to {lock_wait_seconds():g} s)"
        ),
        err=True,
    )


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
    text = json.dumps(data, ensure_ascii=False)
    click.echo(_JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def _one_line(exc: Exception, state: CliState | None) -> CliError:
    """The one line (and kind) an error of a command is told with."""
    from rung.core.commands.duplicates import PossibleDuplicate

    if isinstance(exc, PossibleDuplicate):  # `rung add` twice: say so, and how to add anyway
        return CliError(
            f"{exc}; --force to add anyway",
            kind=exc.kind,
            details={"duplicates": [m.to_dict() for m in exc.matches]},
        )
    if isinstance(exc, ValidationError):
        return CliError("; ".join(f"{k}: {v}" for k, v in exc.errors.items()), kind=exc.kind)
    if isinstance(exc, RungError):
        return CliError(str(exc), kind=exc.kind)
    if isinstance(exc, sqlite3.Error):
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


_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def emit_json(data: Any) -> None:
    """Print JSON for scripts (UTF-8, stable key order). json.dumps escapes C0 controls;
    DEL and the C1 controls (CSI ``\\x9b`` among them) are escaped here too (``\\u009b``:
    the same JSON value, never obeyed by a terminal). Indented for a person at a terminal;
    one line when piped (scripts, jq): the C encoder, about 10x faster on a big listing."""
    indent = 2 if sys.stdout.isatty() else None
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    click.echo(_JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of text that holds data (names, notes, cells of an imported file):
    its control characters are shown (``␛``), never obeyed by the terminal; newlines and
    tabs stay. Stored text is not changed."""
    click.echo(visible(text, multiline=True), err=err, nl=nl)


def fail(message: str, exit_code: int = 1) -> NoReturn:
    """Stop a command with a one-line error."""
    raise CliError(message, exit_code)


pass_state = click.make_pass_decorator(CliState)


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


# -- app ---------------------------------------------------------------------------------


@cli.command()
@click.option(
    "--keep",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Keep the demo database in DIR instead of a temporary folder.",
)
@pass_state
def demo(state: CliState, keep: str | None) -> None:
    """Open the app on a fresh copy of the demo data (never touches your database)."""
    from rung.tui.launch import run_demo

    run_demo(keep)


# -- add ---------------------------------------------------------------------------------


@cli.group()
def add() -> None:
    """Quick capture from the shell."""


@add.command("application")
@click.argument("company")
@click.argument("title")
@click.option("--stage", default="applied", show_default=True, help="Initial stage.")
@click.option("--level", help="Level (default: inferred from the title).")
@click.option("--applied", "applied_on", metavar="DATE", help="Date applied (default today).")
@click.option("--url", help="Job posting URL.")
@click.option("--location", help="Location.")
@click.option("--salary", help="Salary or range, as text.")
@click.option("--source", default="manual", show_default=True, help="Where it came from.")
@click.option("--notes", help="Notes.")
@click.option(
    "--force",
    is_flag=True,
    help="Add it even if an application at the company "
    "has a title like it (without: a possible duplicate is not added, exit 1).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the new record as JSON.")
@pass_state
def add_application_cmd(state: CliState, as_json: bool, force: bool, **fields: Any) -> None:
    """Add an application: rung add application "Acme" "Engineering Manager"."""
    from rung.core.commands.applications import add_application

    app = add_application(state.checked_store(), refuse_duplicates=not force, **fields)
    if as_json:
        emit_json(to_dict(app))
    else:
        click.echo(
            visible(
                f"added application {app.id}: {app.company} — {app.title} "
                f"[{app.level}, {app.stage}]"
            )
        )


@add.command("contact")
@click.argument("name")
@click.option("--company", help="Employer.")
@click.option("--title", help="Their job title.")
@click.option("--email", help="E-mail address.")
@click.option("--phone", help="Phone number.")
@click.option("--linkedin", "linkedin_url", help="LinkedIn profile URL.")
@click.option(
    "--relationship",
    help="recruiter, hiring_manager, referrer, mentor, peer, former_colleague, other.",
)
@click.option("--cadence", "cadence_days", type=int, help="Days between touches.")
@click.option("--notes", help="Notes.")
@click.option(
    "--force",
    is_flag=True,
    help="Add them even if a contact like them exists "
    "(same e-mail or profile, or a name like theirs at the company; without: a "
    "possible duplicate is not added, exit 1).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the new record as JSON.")
@pass_state
def add_contact_cmd(state: CliState, as_json: bool, force: bool, **fields: Any) -> None:
    """Add a contact: rung add contact "Dana Reyes" --company Acme --relationship recruiter."""
    from rung.core.commands.contacts import add_contact

    values = {k: v for k, v in fields.items() if v is not None}
    contact = add_contact(state.checked_store(), refuse_duplicates=not force, **values)
    if as_json:
        emit_json(to_dict(contact))
    else:
        at = f" at {contact.company}" if contact.company else ""
        click.echo(visible(f"added contact {contact.id}: {contact.name}{at}"))


@add.command("followup")
@click.argument("what")
@click.option(
    "--due",
    "due_on",
    default="+7d",
    show_default=True,
    metavar="DATE",
    help="Due date: 2026-03-14, friday, +3d, 2w …",
)
@click.option("--contact", "contact_id", type=int, metavar="ID", help="Contact id.")
@click.option("--application", "application_id", type=int, metavar="ID", help="Application id.")
@click.option("--json", "as_json", is_flag=True, help="Print the new record as JSON.")
@pass_state
def add_followup_cmd(state: CliState, as_json: bool, **fields: Any) -> None:
    """Add a follow-up: rung add followup "Thank-you note" --due tomorrow --contact 3."""
    from rung.core.commands.followups import add_followup

    item = add_followup(state.checked_store(), **fields)
    if as_json:
        emit_json(to_dict(item))
    else:
        click.echo(visible(f"added follow-up {item.id}: {item.what} (due {item.due_on})"))


# -- list --------------------------------------------------------------------------------


def _table(rows: list[list[str]], headers: list[str]) -> None:
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


@cli.group("list")
def list_() -> None:
    """Listings for people and scripts (--json)."""


@list_.command("applications")
@click.option("--stage", help="Only this stage.")
@click.option("--level", help="Only this level.")
@click.option("--json", "as_json", is_flag=True, help="JSON array of records.")
@pass_state
def list_applications_cmd(
    state: CliState, stage: str | None, level: str | None, as_json: bool
) -> None:
    """Applications, most recent activity first."""
    from rung.core.commands.applications import list_applications

    try:
        apps = list_applications(state.store(), stage=stage, level=level)
    except ValueError as exc:
        fail(str(exc), 2)
    if as_json:
        emit_json([to_dict(a) for a in apps])
        return
    _table(
        [[str(a.id), a.company, a.title, a.level, a.stage, a.applied_on or ""] for a in apps],
        ["id", "company", "title", "level", "stage", "applied"],
    )


@list_.command("contacts")
@click.option("--json", "as_json", is_flag=True, help="JSON array of records.")
@pass_state
def list_contacts_cmd(state: CliState, as_json: bool) -> None:
    """Contacts, overdue first."""
    from rung.core.commands.contacts import list_contacts
    from rung.core.config import load_settings

    contacts = list_contacts(state.store(), load_settings()[0].cadence)
    if as_json:
        emit_json([to_dict(c) for c in contacts])
        return
    _table(
        [
            [
                str(c.id),
                c.name,
                c.company or "",
                c.relationship or "",
                (c.last_contacted or "")[:10],
                c.next_followup or c.cadence_due or "",
            ]
            for c in contacts
        ],
        ["id", "name", "company", "relationship", "last", "next due"],
    )


@list_.command("followups")
@click.option("--all", "include_done", is_flag=True, help="Include done follow-ups.")
@click.option("--json", "as_json", is_flag=True, help="JSON array of records.")
@pass_state
def list_followups_cmd(state: CliState, include_done: bool, as_json: bool) -> None:
    """Follow-ups, earliest due first."""
    from rung.core.commands.followups import list_followups

    items = list_followups(state.store(), include_done=include_done)
    if as_json:
        emit_json([to_dict(f) for f in items])
        return
    _table(
        [
            [
                str(f.id),
                f.due_on,
                f.what,
                f.contact or f.application or "",
                "done" if f.done_at else "",
            ]
            for f in items
        ],
        ["id", "due", "what", "about", ""],
    )


# -- maintenance -------------------------------------------------------------------------


@cli.command()
@click.argument("path", type=click.Path(dir_okay=True))
@pass_state
def backup(state: CliState, path: str) -> None:
    """Copy the database to PATH (safe while the app runs)."""
    if not state.db_path.exists():
        fail(f"{state.db_path}: no database to back up")
    target = state.store().backup(path)
    click.echo(f"backed up {state.db_path} to {target}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def check(state: CliState, as_json: bool) -> None:
    """Check the database's integrity and schema version (writes nothing: no migration,
    no directory made; a file that is not a rung database is refused untouched)."""
    from rung.core.store import latest_version

    path = state.db_path
    try:
        store = Store(path, create=False, migrate=False)
    except DatabaseCorrupt as exc:  # damaged where SQLite reads the schema
        version, problems = None, [str(exc.__cause__ or exc)]
    else:
        with store:
            version, problems = store.schema_version, store.integrity_check()
    result = {
        "path": str(path),
        "schema_version": version,
        "latest_version": latest_version(),
        "ok": not problems,
        "problems": problems,
    }
    if as_json:
        emit_json(result)
    else:
        shown = "unreadable" if version is None else str(version)
        pending = (
            " (migrated when rung next opens it)"
            if version is not None and version < latest_version()
            else ""
        )
        from rung.core.version import rung_version

        echo(
            f"{path}: schema version {shown} "
            f"(rung {rung_version()} writes {latest_version()}){pending}"
        )
        echo("integrity: ok" if not problems else "integrity: FAILED")
        for p in problems:
            echo(f"  {p}")
    if problems:
        sys.exit(1)


@cli.group()
def config() -> None:
    """The settings file (theme, stale days, target level, cadence, keymap)."""


@config.command("path")
def config_path_cmd() -> None:
    """Print where the settings file lives."""
    from rung.core.config import config_path

    click.echo(str(config_path()))


@config.command("check")
def config_check_cmd() -> None:
    """Check the settings file and list its problems (key and line): values out of range,
    keymap ids no binding has, keys no keyboard sends, unknown themes."""
    from rung.core.config import config_path, load_settings

    path = config_path()
    _, problems = load_settings(path)
    if not path.exists():
        click.echo(f"{path}: no settings file (defaults in use)")
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass  # load_settings said why
    else:  # with what only the app knows: its binding ids, keys, themes
        from rung.tui.settings_check import check_config_text

        problems = check_config_text(text)
    if not problems:
        click.echo(f"{path}: ok")
        return
    for problem in problems:
        echo(f"{path}: {problem}", err=True)
    sys.exit(1)


@config.command("set")
@click.argument("key")
@click.argument("value")
def config_set_cmd(key: str, value: str) -> None:
    """Set one setting in the file, the rest kept: rung config set target_level director
    (also theme, stale_days, ghost_after_days)."""
    from rung.core.config import set_setting

    try:
        saved, path = set_setting(key, value)
    except ValueError as exc:
        fail(str(exc), 2)
    echo(f"{path}: {key} = {saved}")
