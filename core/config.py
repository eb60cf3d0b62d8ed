"""The user's settings: a TOML file in the platform config dir.

A bad file never stops rung: ``load_settings`` returns the defaults plus a list of
problems, each naming the key and the line, for the app to show.

Example ``config.toml``::

    theme = "gruvbox"
    stale_days = 14
    ghost_after_days = 21
    target_level = "director"   # the Ladder's readiness is for this level

    [cadence]            # days between touches, by relationship
    recruiter = 30
    mentor = 60

    [keymap]             # binding id = keys (see the help screen for ids)
    "pipeline.add" = "n"
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tomllib
from collections.abc import Callable, Collection, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .errors import RungError
from .levels import LEVELS, parse_level

CONFIG_ENV = "RUNG_CONFIG"
#: The longest cadence a contact or the settings may have (ten years).
MAX_CADENCE_DAYS = 3650
#: Allowed values of the whole-number settings, inclusive.
RANGES = {"stale_days": (1, 365), "ghost_after_days": (1, 365), "cadence": (1, MAX_CADENCE_DAYS)}


@dataclass
class Settings:
    """Settings with their defaults."""

    theme: str | None = None
    stale_days: int = 14
    ghost_after_days: int = 21
    target_level: str | None = None  # a core.levels level: the Ladder's readiness is for it
    cadence: dict[str, int] = field(default_factory=dict)
    keymap: dict[str, str] = field(default_factory=dict)

    def review_options(self) -> dict[str, Any]:
        """What the weekly review takes from the settings (``build_review`` and
        ``complete_review``'s keywords), for the Review screen and ``rung review`` alike."""
        return {
            "stale_days": self.stale_days,
            "ghost_days": self.ghost_after_days,
            "cadence": self.cadence,
        }


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


def line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The 1-based line where ``key`` is set (quoted or bare), in ``[table]`` when given
    (else before the first table), or None."""
    start, end = 0, len(text)
    headers = list(re.finditer(r"^\s*\[\s*([^\]]*?)\s*\]", text, re.MULTILINE))
    if table is None:
        end = headers[0].start() if headers else end
    else:
        found = next((h for h in headers if h.group(1).strip("\"'") == table), None)
        if found is None:
            return None
        start = found.end()
        later = [h.start() for h in headers if h.start() > found.start()]
        end = later[0] if later else end
    pattern = re.compile(rf"""^[ \t]*["']?{re.escape(key)}["']?[ \t]*=""", re.MULTILINE)
    match = pattern.search(text, start, end) or (pattern.search(text) if table is None else None)
    return text.count("\n", 0, match.start()) + 1 if match else None


def parse_target_level(value: Any) -> str | None:
    """A level as ``target_level`` takes it ("director", "Sr Manager", "vp"), or None."""
    if not isinstance(value, str):
        return None
    try:
        return parse_level(value)
    except ValueError:
        return None


def _whole_number(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def parse_settings(text: str) -> tuple[Settings, list[ConfigProblem]]:
    """Settings from TOML text; invalid entries are skipped and reported."""
    settings = Settings()
    problems: list[ConfigProblem] = []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(exc)
        return settings, [ConfigProblem(line, "(file)", f"not valid TOML: {exc}")]
    for key, value in data.items():
        line = line_of(text, key)
        if key == "theme":
            if isinstance(value, str) and value.strip():
                settings.theme = value.strip()
            else:
                problems.append(ConfigProblem(line, key, "must be a theme name (text)"))
        elif key in ("stale_days", "ghost_after_days"):
            low, high = RANGES[key]
            number = _whole_number(value, low, high)
            if number is None:
                problems.append(
                    ConfigProblem(
                        line,
                        key,
                        f"must be a whole number of days from {low} to {high}, not {value!r}",
                    )
                )
            else:
                setattr(settings, key, number)
        elif key == "target_level":
            level = parse_target_level(value)
            if level is None:
                problems.append(
                    ConfigProblem(
                        line, key, f"must be a level (one of: {', '.join(LEVELS)}), not {value!r}"
                    )
                )
            else:
                settings.target_level = level
        elif key == "cadence":
            if not isinstance(value, dict):
                problems.append(ConfigProblem(line, key, "must be a table: [cadence]"))
                continue
            low, high = RANGES["cadence"]
            for rel, days in value.items():
                number = _whole_number(days, low, high)
                if number is None:
                    problems.append(
                        ConfigProblem(
                            line_of(text, rel, "cadence"),
                            f"cadence.{rel}",
                            f"must be a whole number of days from {low} to {high}, not {days!r}",
                        )
                    )
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
                    problems.append(
                        ConfigProblem(
                            line_of(text, binding_id, "keymap"),
                            f"keymap.{binding_id}",
                            'must be keys as text, e.g. "ctrl+n"',
                        )
                    )
        else:
            known = "theme, stale_days, ghost_after_days, target_level, [cadence], [keymap]"
            problems.append(ConfigProblem(line, key, f"unknown setting (known: {known})"))
    return settings, problems


def check_settings(
    text: str,
    *,
    binding_ids: Collection[str] | None = None,
    themes: Collection[str] | None = None,
    is_key: Callable[[str], bool] | None = None,
) -> list[ConfigProblem]:
    """Every problem of a settings file's text, each with its line: what
    ``parse_settings`` finds, and, given what only the app knows (core knows no Textual),
    keymap ids that name no binding (``binding_ids``), keys no keyboard sends
    (``is_key`` says whether one key, like ``ctrl+n``, is one) and unknown ``themes``."""
    settings, problems = parse_settings(text)
    if themes is not None and settings.theme is not None and settings.theme not in themes:
        close = difflib.get_close_matches(settings.theme, list(themes), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        problems.append(
            ConfigProblem(
                line_of(text, "theme"),
                "theme",
                f"unknown theme {settings.theme!r} ({hint}one of: {', '.join(sorted(themes))})",
            )
        )
    for binding_id, keys in settings.keymap.items():
        line = line_of(text, binding_id, "keymap")
        if binding_ids is not None and binding_id not in binding_ids:
            close = difflib.get_close_matches(binding_id, list(binding_ids), n=1)
            hint = f": did you mean {close[0]!r}?" if close else ""
            problems.append(
                ConfigProblem(
                    line,
                    f"keymap.{binding_id}",
                    f"no binding has this id{hint} (the help screen, ?, shows the ids)",
                )
            )
        if is_key is not None:
            bad = [k.strip() for k in keys.split(",") if not is_key(k.strip())]
            if bad:
                problems.append(
                    ConfigProblem(
                        line,
                        f"keymap.{binding_id}",
                        f"not a key: {', '.join(map(repr, bad))} (keys "
                        "look like ctrl+n, f2, escape, a, question_mark)",
                    )
                )
    problems.sort(key=lambda p: p.line or 0)
    return problems


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


class SettingsError(RungError):
    """The settings file cannot be edited (not valid TOML, not a regular file, unreadable):
    the message names the file (and the line); nothing was written."""

    kind = "settings"


def save_setting(
    key: str, value: str | int, path: Path | None = None, *, table: str | None = None
) -> Path:
    """Set one setting (text like the theme, or a whole number) at the top level or in
    ``[table]`` (created when missing), keeping every other key, comment and the layout.

    The file is replaced atomically (``safe_write.replaced``); a symlink is followed (its
    target is edited, the link stays). Raises ``SettingsError`` naming the file (and line)
    for a file that is not valid TOML or not a regular file (a FIFO, a device: never read,
    never replaced), and when it cannot be written; then nothing is written."""
    # tomlkit, not tomllib: it edits a document and writes back its comments and layout.
    # Imported here: only a save needs it (~20 ms of a start otherwise).
    import tomlkit
    import tomlkit.exceptions

    from .safe_write import OutputError, replaced, resolve_target

    target = path or config_path()
    try:
        resolved = resolve_target(target)
        info = os.stat(resolved) if os.path.lexists(resolved) else None
    except (OSError, OutputError) as exc:
        raise SettingsError(f"{target}: cannot read ({exc}); nothing written") from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise SettingsError(
            f"{target}: not a regular file (rung edits only a settings file); nothing written"
        )
    try:
        text = resolved.read_text(encoding="utf-8") if info is not None else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{target}: cannot read ({exc}); nothing written") from exc
    try:
        tomllib.loads(text)  # what load_settings reads must stay readable by it
        document = tomlkit.parse(text)
    except (tomllib.TOMLDecodeError, tomlkit.exceptions.ParseError) as exc:
        line = _toml_error_line(exc)
        where = f"{target}:{line}" if line else str(target)
        raise SettingsError(f"{where}: not valid TOML ({exc}); nothing written") from exc
    if table is None:
        document[key] = value
    else:
        section = document.get(table)
        if section is None:
            section = tomlkit.table()
            document.add(table, section)
        elif not isinstance(section, MutableMapping):
            where = f"{target}:{line_of(text, table) or ''}".rstrip(":")
            raise SettingsError(f"{where}: {table} is not a table; nothing written")
        section[key] = value
    edited = tomlkit.dumps(document)
    readback = tomllib.loads(edited)
    if (readback if table is None else readback.get(table, {})).get(key) != value:
        raise SettingsError(f"{target}: {key} would not read back as set; nothing written")
    try:
        resolved.parent.mkdir(parents=True, exist_ok=True)
        with replaced(resolved, shown=target) as partial:
            partial.write_text(edited, encoding="utf-8")
    except (OSError, OutputError) as exc:
        raise SettingsError(str(exc)) from exc
    return target


def _toml_error_line(exc: Exception) -> int | None:
    """The line a TOML parse error names: its ``lineno`` (tomllib, Python 3.14+) or
    ``line`` (tomlkit) attribute, else the "(at line 2, column 13)" of its message."""
    line = getattr(exc, "lineno", None) or getattr(exc, "line", None)
    if isinstance(line, int):
        return line
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


#: The top-level settings ``set_setting`` (``rung config set``) writes.
SETTABLE = ("theme", "stale_days", "ghost_after_days", "target_level")


def set_setting(key: str, value: str, path: Path | None = None) -> tuple[str | int, Path]:
    """Check and save one top-level setting typed as text (``rung config set target_level
    director``): a level is read as ``parse_level`` reads it, days as a whole number in
    range. Returns the value saved and the file; ValueError saying what is allowed."""
    saved: str | int
    if key not in SETTABLE:
        close = difflib.get_close_matches(key, SETTABLE, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(
            f"cannot set {key!r} ({hint}settable: {', '.join(SETTABLE)}; "
            "[cadence] and [keymap] are edited in the file)"
        )
    if key == "target_level":
        level = parse_target_level(value)
        if level is None:
            raise ValueError(
                f"target_level must be a level (one of: {', '.join(LEVELS)}), not {value!r}"
            )
        saved = level
    elif key in RANGES:
        low, high = RANGES[key]
        number = _whole_number(int(value), low, high) if value.strip().isdigit() else None
        if number is None:
            raise ValueError(
                f"{key} must be a whole number of days from {low} to {high}, not {value!r}"
            )
        saved = number
    else:
        saved = value.strip()
        if not saved:
            raise ValueError(f"{key} must not be empty")
    return saved, save_setting(key, saved, path)
