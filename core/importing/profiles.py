"""Import profiles (data in schemas/import_profiles/*.toml) and header-based detection.

The loader accepts a profile only as ``PROFILE_KEYS`` describes it: known keys of the
right types, a ``kind`` of ``kinds.KINDS`` whose fields its ``[columns]`` map (those it
needs included), date formats that read the dates they write, a known default stage. Else
``ProfileError`` names the file, the line and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from ..config import line_of
from ..resources import list_files, read_text
from ..stages import STAGES
from .kinds import KINDS, RecordKind
from .values import compile_format

_PACKAGE = "schemas.import_profiles"
FUZZY_THRESHOLD = 85.0


@dataclass(frozen=True)
class Profile:
    """One CSV format: its required headers, field synonyms and date formats."""

    name: str
    kind: str  # a name of kinds.KINDS: applications | contacts | messages | invitations
    source: str
    required: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    date_formats: tuple[str, ...]
    record: RecordKind = field(repr=False, compare=False)  # KINDS[kind]
    default_stage: str = "applied"
    fuzzy: bool = False
    utc: bool = False
    empty_values: frozenset[str] = field(default_factory=frozenset)


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[_\s]+")


@lru_cache(maxsize=4096)
def header_key(name: str) -> str:
    """A header compared case-, space- and style-insensitively: "Company Name",
    "company_name" and "companyName" are one key; "APP SUBMITTED DATE" is
    "app submitted date"."""
    name = name.replace("\ufeff", "").strip().strip('"').strip()
    return _SEPARATORS.sub(" ", _CAMEL.sub(" ", name)).strip().casefold()


class ProfileError(ValueError):
    """A profile file the loader does not accept: ``file:line: key: what is wrong``."""


#: Every key a profile file may have: (type, required).
PROFILE_KEYS: dict[str, tuple[type, bool]] = {
    "name": (str, True),
    "kind": (str, True),
    "columns": (dict, True),
    "source": (str, False),
    "required": (list, False),
    "date_formats": (list, False),
    "default_stage": (str, False),
    "fuzzy": (bool, False),
    "utc": (bool, False),
    "empty_values": (list, False),
}
_SAMPLE = datetime(2026, 3, 14, 15, 9, 26)  # a date whose day, month and hour tell apart


def parse_profile(text: str, where: str) -> Profile | None:
    """The profile a file's TOML ``text`` describes (``where`` names the file in errors),
    None for a shared table that is no profile (stages.toml: no name, kind or columns)."""
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{where}: not valid TOML ({exc})") from exc
    if not {"name", "kind", "columns"} & raw.keys():
        return None

    def refuse(key: str, message: str, table: str | None = None) -> ProfileError:
        line = line_of(text, key, table) or _header_line(text, key)
        shown = f"{table}.{key}" if table else key
        return ProfileError(f"{where}{f':{line}' if line else ''}: {shown}: {message}")

    for key, value in raw.items():
        if key not in PROFILE_KEYS:
            raise refuse(key, f"unknown key (known: {', '.join(PROFILE_KEYS)})")
        wanted = PROFILE_KEYS[key][0]
        if not isinstance(value, wanted):
            raise refuse(key, f"must be {wanted.__name__}, not {type(value).__name__}")
        if isinstance(value, list) and not all(isinstance(v, str) and v for v in value):
            raise refuse(key, "must be a list of non-empty strings")
    for key, (_, is_required) in PROFILE_KEYS.items():
        if is_required and key not in raw:
            raise ProfileError(f"{where}: {key}: missing (a profile has name, kind, [columns])")
    kind = KINDS.get(raw["kind"])
    if kind is None:
        raise refuse("kind", f"unknown kind {raw['kind']!r} (one of: {', '.join(KINDS)})")
    for field_name, synonyms in raw["columns"].items():
        if field_name not in kind.fields:
            raise refuse(
                field_name,
                f"not a field of {kind.name} (fields: {', '.join(sorted(kind.fields))})",
                "columns",
            )
        if not (
            isinstance(synonyms, list) and synonyms and all(isinstance(s, str) for s in synonyms)
        ):
            raise refuse(field_name, "must be a list of the headers it is read from", "columns")
    for needed in kind.needs:
        if not needed & raw["columns"].keys():
            raise refuse("columns", f"{kind.name} need a column for {' or '.join(sorted(needed))}")
    for fmt in raw.get("date_formats", []):
        written = _SAMPLE.strftime(fmt)
        try:
            read = compile_format(fmt)(written)
        except ValueError:
            read = None
        if read is None or read[0] != _SAMPLE.date().isoformat():
            raise refuse("date_formats", f"{fmt!r} does not read back the date it writes")
    stage = raw.get("default_stage", "applied")
    if stage not in STAGES:
        raise refuse("default_stage", f"unknown stage {stage!r} (one of: {', '.join(STAGES)})")
    return Profile(
        name=raw["name"],
        kind=kind.name,
        source=raw.get("source", "import"),
        required=tuple(header_key(r) for r in raw.get("required", [])),
        columns={f: tuple(s) for f, s in raw["columns"].items()},
        date_formats=tuple(raw.get("date_formats", [])),
        record=kind,
        default_stage=stage,
        fuzzy=raw.get("fuzzy", False),
        utc=raw.get("utc", False),
        empty_values=frozenset(raw.get("empty_values", [])),
    )


def _header_line(text: str, table: str) -> int | None:
    """The line of a ``[table]`` header, or None."""
    match = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\]", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_profile_file(path: Path) -> Profile | None:
    """A profile file on disk, checked as the bundled ones are."""
    return parse_profile(path.read_text(encoding="utf-8"), str(path))


@cache
def load_profiles() -> dict[str, Profile]:
    """Every bundled profile by name (each checked by ``parse_profile``)."""
    profiles: dict[str, Profile] = {}
    for file_name in list_files(_PACKAGE, ".toml"):
        where = f"schemas/import_profiles/{file_name}"
        profile = parse_profile(read_text(_PACKAGE, file_name), where)
        if profile is None:
            continue  # stages.toml and other shared tables
        if profile.name in profiles:
            raise ProfileError(f"{where}: name: {profile.name!r} is another file's name")
        profiles[profile.name] = profile
    return profiles


def sheet_fields() -> tuple[str, ...]:
    """What a column of a hand-kept sheet can feed (``rung import --map``, the import
    screen's column picker): the generic profile's fields, in its order."""
    return tuple(load_profiles()["generic"].columns)


def detect(header: list[str]) -> Profile | None:
    """The specific profile whose required headers are all present (most columns wins)."""
    keys = {header_key(h) for h in header}
    best: tuple[int, Profile] | None = None
    for profile in load_profiles().values():
        if not profile.required or not set(profile.required) <= keys:
            continue
        known = {header_key(s) for syns in profile.columns.values() for s in syns}
        score = len(keys & known)
        if best is None or score > best[0]:
            best = (score, profile)
    return best[1] if best else None


def map_headers(profile: Profile, header: list[str]) -> dict[str, int]:
    """field -> column index: exact synonyms first, then (fuzzy profiles) rapidfuzz."""
    keys = [header_key(h) for h in header]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field_name, synonyms in profile.columns.items():
        for syn in synonyms:
            key = header_key(syn)
            if key in keys and keys.index(key) not in used:
                mapping[field_name] = keys.index(key)
                used.add(mapping[field_name])
                break
    if not profile.fuzzy:
        return mapping
    choices = {i: k for i, k in enumerate(keys) if i not in used and k}
    for field_name, synonyms in profile.columns.items():
        if field_name in mapping or not choices:
            continue
        best: tuple[float, int] | None = None
        for syn in synonyms:
            hit = process.extractOne(header_key(syn), choices, scorer=fuzz.ratio)
            if hit and hit[1] >= FUZZY_THRESHOLD and (best is None or hit[1] > best[0]):
                best = (hit[1], hit[2])
        if best is not None:
            mapping[field_name] = best[1]
            del choices[best[1]]
    return mapping
