"""The user's settings: a TOML file in the platform config dir.

A bad file never stops rung: ``load_settings`` returns the defaults plus a list of
problems, each naming the key and the line, for the app to show.

Example ``config.toml``::

    theme = "gruvbox"
    stale_days = 14
    ghost_after_days = 21

    [cadence]            # days between touches, by relationship
    recruiter = 30
    mentor = 60

    [keymap]             # binding id = keys (see the help screen for ids)
    "pipeline.add" = "n"
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

CONFIG_ENV = "RUNG_CONFIG"


@dataclass
class Settings:
    """Settings with their defaults."""

    theme: str | None = None
    stale_days: int = 14
    ghost_after_days: int = 21
    cadence: dict[str, int] = field(default_factory=dict)
    keymap: dict[str, str] = field(default_factory=dict)


@dataclass
class ConfigProblem:
    """One thing wrong in the config file."""

    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.key}: {self.message}"


def config_path() -> Path:
    """Where the config file lives (``RUNG_CONFIG`` overrides)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("rung", appauthor=False)) / "config.toml"


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=', re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _positive_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def parse_settings(text: str) -> tuple[Settings, list[ConfigProblem]]:
    """Settings from TOML text; invalid entries are skipped and reported."""
    settings = Settings()
    problems: list[ConfigProblem] = []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        match = re.search(r"line (\d+)", str(exc))
        if line is None and match:
            line = int(match.group(1))
        return settings, [ConfigProblem(line, "(file)", f"not valid TOML: {exc}")]
    for key, value in data.items():
        line = _line_of(text, key)
        if key == "theme":
            if isinstance(value, str) and value.strip():
                settings.theme = value.strip()
            else:
                problems.append(ConfigProblem(line, key, "must be a theme name (text)"))
        elif key in ("stale_days", "ghost_after_days"):
            number = _positive_int(value)
            if number is None:
                problems.append(ConfigProblem(line, key, f"must be a whole number > 0, not {value!r}"))
            else:
                setattr(settings, key, number)
        elif key == "cadence":
            if not isinstance(value, dict):
                problems.append(ConfigProblem(line, key, "must be a table: [cadence]"))
                continue
            for rel, days in value.items():
                number = _positive_int(days)
                if number is None:
                    problems.append(ConfigProblem(_line_of(text, rel), f"cadence.{rel}",
                                                  f"must be a whole number of days, not {days!r}"))
                else:
                    settings.cadence[rel] = number
        elif key == "keymap":
            if not isinstance(value, dict):
                problems.append(ConfigProblem(line, key, "must be a table: [keymap]"))
                continue
            for binding_id, keys in value.items():
                if isinstance(keys, str) and keys.strip():
                    settings.keymap[binding_id] = keys.strip()
                else:
                    problems.append(ConfigProblem(_line_of(text, binding_id),
                                                  f"keymap.{binding_id}",
                                                  "must be keys as text, e.g. \"ctrl+n\""))
        else:
            known = "theme, stale_days, ghost_after_days, [cadence], [keymap]"
            problems.append(ConfigProblem(line, key, f"unknown setting (known: {known})"))
    return settings, problems


def load_settings(path: Path | None = None) -> tuple[Settings, list[ConfigProblem]]:
    """Read the config file; a missing file means defaults and no problems."""
    target = path or config_path()
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), [ConfigProblem(None, "(file)", f"cannot read {target}: {exc}")]
    return parse_settings(text)


def save_setting(key: str, value: str, path: Path | None = None) -> Path:
    """Set one top-level text setting (e.g. the theme), keeping the rest of the file."""
    target = path or config_path()
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    line = f"{key} = {_toml_string(value)}"
    pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
    first_table = re.search(r"^\s*\[", text, re.MULTILINE)
    head_end = first_table.start() if first_table else len(text)
    if pattern.search(text[:head_end]):
        text = pattern.sub(line, text, count=1)
    else:
        text = line + "\n" + text
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
