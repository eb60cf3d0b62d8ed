"""``rung config path|check|set``: the settings file."""

from __future__ import annotations

import sys

import click

from .common import echo, fail


@click.group()
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
