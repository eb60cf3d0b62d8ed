"""Import profiles (data in schemas/import_profiles/*.toml) and header-based detection."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from ..resources import list_files, read_toml

_PACKAGE = "schemas.import_profiles"
FUZZY_THRESHOLD = 85.0


@dataclass(frozen=True)
class Profile:
    """One CSV format: its required headers, field synonyms and date formats."""

    name: str
    kind: str  # applications | contacts | messages
    source: str
    required: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    date_formats: tuple[str, ...]
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


@cache
def load_profiles() -> dict[str, Profile]:
    """Every bundled profile by name."""
    profiles: dict[str, Profile] = {}
    for file_name in list_files(_PACKAGE, ".toml"):
        raw: dict[str, Any] = read_toml(_PACKAGE, file_name)
        if "name" not in raw:
            continue  # stages.toml and other shared tables
        profiles[raw["name"]] = Profile(
            name=raw["name"],
            kind=raw["kind"],
            source=raw.get("source", "import"),
            required=tuple(header_key(r) for r in raw.get("required", [])),
            columns={f: tuple(s) for f, s in raw["columns"].items()},
            date_formats=tuple(raw.get("date_formats", [])),
            default_stage=raw.get("default_stage", "applied"),
            fuzzy=bool(raw.get("fuzzy", False)),
            utc=bool(raw.get("utc", False)),
            empty_values=frozenset(raw.get("empty_values", [])),
        )
    return profiles


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
