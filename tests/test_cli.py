"""The command line: quick capture, listings, backup, check, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from rung.core.store import Store
from rung.tui.cli import cli

RUNG = str(Path(sys.executable).with_name("rung"))


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_add_and_list_applications(db_path):
    result = run(
        db_path,
        "add",
        "application",
        "Acme Inc.",
        "Senior Engineering Manager",
        "--applied",
        "2026-03-14",
        "--url",
        "https://acme.example.com/jobs/1",
    )
    assert result.exit_code == 0, result.output
    assert "added application 1: Acme Inc. — Senior Engineering Manager" in result.output
    run(db_path, "add", "application", "ACME", "Director of Engineering", "--stage", "screening")
    data = json.loads(run(db_path, "list", "applications", "--json").output)
    assert [a["level"] for a in data] == ["director", "senior_manager"]
    assert {a["company_id"] for a in data} == {1}
    assert set(data[0]) >= {"id", "company", "title", "level", "stage", "applied_on", "url"}
    only = json.loads(run(db_path, "list", "applications", "--stage", "screening", "--json").output)
    assert [a["title"] for a in only] == ["Director of Engineering"]
    text = run(db_path, "list", "applications").output
    assert text.splitlines()[0].split() == ["id", "company", "title", "level", "stage", "applied"]


def test_add_contact_and_followup(db_path):
    result = run(
        db_path,
        "add",
        "contact",
        "Dana Reyes",
        "--company",
        "Acme",
        "--relationship",
        "recruiter",
        "--email",
        "dana@example.com",
        "--json",
    )
    contact = json.loads(result.output)
    assert contact["relationship"] == "recruiter" and contact["company"] == "Acme"
    result = run(
        db_path,
        "add",
        "followup",
        "Send thank-you",
        "--due",
        "tomorrow",
        "--contact",
        str(contact["id"]),
    )
    assert "due 2026-11-24" in result.output
    items = json.loads(run(db_path, "list", "followups", "--json").output)
    assert items[0]["contact"] == "Dana Reyes"
    people = json.loads(run(db_path, "list", "contacts", "--json").output)
    assert people[0]["name"] == "Dana Reyes"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["add", "application", "Acme", "EM", "--applied", "someday"], 1, "applied_on: not a date"),
        (["add", "application", " ", "EM"], 1, "company: a company is required"),
        (["add", "contact", "Dana", "--relationship", "boss"], 1, "unknown relationship"),
        (["add", "followup", "x", "--contact", "99"], 1, "no contact with id 99"),
        (["list", "applications", "--stage", "bogus"], 2, "unknown stage 'bogus'"),
        (["list", "nothing"], 2, "no such command 'nothing'"),
    ],
)
def test_errors_are_one_line_without_traceback(db_path, args, code, words):
    result = run(db_path, *args)
    assert result.exit_code == code
    assert words in result.output
    assert "Traceback" not in result.output


def test_real_process_error_goes_to_stderr(db_path):
    proc = subprocess.run(
        [RUNG, "--db", str(db_path), "add", "application", "Acme", "EM", "--applied", "nope"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("rung: error: applied_on: not a date")


def test_debug_shows_the_traceback(tmp_path):
    bogus = tmp_path / "dir.db"
    bogus.mkdir()
    plain = subprocess.run(
        [RUNG, "--db", str(bogus), "list", "applications"], capture_output=True, text=True
    )
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    debug = subprocess.run(
        [RUNG, "--debug", "--db", str(bogus), "list", "applications"],
        capture_output=True,
        text=True,
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_backup_and_check(db_path, tmp_path):
    run(db_path, "add", "application", "Acme", "EM")
    result = run(db_path, "backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 0, result.output
    copy = Store(tmp_path / "copy.db")
    assert copy.count("applications") == 1
    copy.close()
    check = json.loads(run(db_path, "check", "--json").output)
    assert check["ok"] is True and check["schema_version"] == check["latest_version"]
    assert "integrity: ok" in run(db_path, "check").output
    assert run(tmp_path / "missing.db", "backup", str(tmp_path / "x.db")).exit_code == 1


def test_rung_db_env_is_used(tmp_path, monkeypatch):
    target = tmp_path / "env.db"
    monkeypatch.setenv("RUNG_DB", str(target))
    assert CliRunner().invoke(cli, ["add", "application", "Acme", "EM"]).exit_code == 0
    assert target.exists()


def test_version_is_the_installed_distributions():
    from importlib.metadata import version

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"rung, version {version('rung')}\n"


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(("name", "command"), list(_commands(cli)))
def test_every_command_has_help(name, command):
    assert command.help, f"rung {name} has no help"


def test_output_cut_short_by_a_pipe_is_not_an_error(demo_store, db_path):
    proc = subprocess.Popen(
        [RUNG, "--db", str(db_path), "list", "applications"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()  # like `| head -1`: read a little, then go away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 0
    assert err == ""


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["bogus"], "rung: error: no such command 'bogus' (try rung --help)"),
        (
            ["list", "applications", "--bogus"],
            "rung: error: no such option '--bogus' (try rung list applications --help)",
        ),
        (["--bogus"], "rung: error: no such option '--bogus' (try rung --help)"),
        (
            ["add", "application"],
            "rung: error: missing argument 'COMPANY' (try rung add application --help)",
        ),
        (
            ["export"],
            "rung: error: missing option '--format'. Choose from: csv, json, md, ics "
            "(try rung export --help)",
        ),
    ],
)
def test_usage_errors_are_one_line_exit_2_without_the_usage_dump(db_path, args, line):
    proc = subprocess.run([RUNG, "--db", str(db_path), *args], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == line + "\n"  # one line: no "Usage:", no "Error:"


def test_a_usage_error_with_json_is_an_error_object_too(db_path):
    result = run(db_path, "list", "applications", "--bogus", "--json")
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert json.loads(first) == {
        "error": "no such option '--bogus' (try rung list applications --help)",
        "kind": "usage",
    }


# what a command that does not cluster must not load (each costs tens of ms at start-up)
_HEAVY = ("numpy", "rapidfuzz", "textual", "rich", "sqlite_utils", "dateutil")


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["list", "applications", "--json"],
        ["list", "contacts", "--json"],
        ["list", "followups", "--json"],
    ],
)
def test_a_command_that_does_not_cluster_loads_no_heavy_library(tmp_path, args):
    """Locks the CLI's speed without timing it: a fresh interpreter runs the command, then
    lists the heavy libraries it imported (none may be)."""
    db = tmp_path / "rung.db"
    assert (
        CliRunner().invoke(cli, ["--db", str(db), "add", "application", "Acme", "EM"]).exit_code
        == 0
    )
    code = (
        "import sys\n"
        "from rung.tui.cli import cli\n"
        f"try: cli.main({['--db', str(db), *args]!r}, prog_name='rung')\n"
        "except SystemExit as exc: assert not exc.code, exc.code\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(_HEAVY)!r}), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd="/"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
