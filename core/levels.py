"""Role levels of a manager's ladder, inferred from a title by the rules in levels.toml."""

from __future__ import annotations

import re
from functools import cache

from .resources import read_toml

# The one order of the levels, lowest first: sorting, filters and the Ladder's rows read it.
LEVELS: tuple[str, ...] = ("ic", "lead", "manager", "senior_manager", "director", "vp", "c_level")
_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
LEVEL_LABELS: dict[str, str] = {
    "ic": "IC",
    "lead": "Lead",
    "manager": "Manager",
    "senior_manager": "Sr Manager",
    "director": "Director",
    "vp": "VP",
    "c_level": "C-level",
}


def level_rank(level: str | None) -> int:
    """A level's place in ``LEVELS`` (0 for IC); an unknown level (or none) ranks as IC."""
    return _RANK.get(level or "", 0)


@cache
def _rules() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    table = read_toml("schemas", "levels.toml")
    rules = []
    for rule in table.get("rule", []):
        level = rule["level"]
        if level not in LEVELS:
            raise ValueError(f"levels.toml: unknown level {level!r}")
        rules.append((level, tuple(re.compile(p, re.IGNORECASE) for p in rule["patterns"])))
    return tuple(rules)


def infer_level(title: str | None) -> str:
    """The level a job title implies: "Senior Engineering Manager" -> "senior_manager"."""
    if not title:
        return "ic"
    text = " ".join(title.replace("/", " ").replace(",", " , ").split())
    for level, patterns in _rules():
        if any(p.search(text) for p in patterns):
            return level
    return "ic"


def parse_level(value: str) -> str:
    """A level from user input ("Sr Manager", "vp", "C-level") or ValueError."""
    key = value.strip().casefold().replace("-", "_").replace(" ", "_")
    aliases = {
        "sr_manager": "senior_manager",
        "senior_mgr": "senior_manager",
        "clevel": "c_level",
        "c_suite": "c_level",
        "exec": "c_level",
        "head": "director",
        "mgr": "manager",
    }
    key = aliases.get(key, key)
    if key in LEVELS:
        return key
    for level, label in LEVEL_LABELS.items():
        if label.casefold() == value.strip().casefold():
            return level
    raise ValueError(f"unknown level {value!r} (one of: {', '.join(LEVELS)})")
