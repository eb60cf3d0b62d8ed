"""Application stages and their order."""

from __future__ import annotations

STAGES: tuple[str, ...] = (
    "saved",
    "applied",
    "screening",
    "interviewing",
    "offer",
    "accepted",
    "rejected",
    "withdrawn",
    "ghosted",
)
ACTIVE_STAGES: tuple[str, ...] = ("saved", "applied", "screening", "interviewing", "offer")
TERMINAL_STAGES: tuple[str, ...] = ("accepted", "rejected", "withdrawn", "ghosted")
STAGE_RANK: dict[str, int] = {stage: i for i, stage in enumerate(STAGES)}


def parse_stage(value: str) -> str:
    """A stage from user input, case-insensitive, or ValueError naming the choices."""
    key = value.strip().casefold()
    if key in STAGE_RANK:
        return key
    matches = [s for s in STAGES if s.startswith(key)] if key else []
    if len(matches) == 1:
        return matches[0]
    raise ValueError(f"unknown stage {value!r} (one of: {', '.join(STAGES)})")


def is_progress(old: str | None, new: str) -> bool:
    """True when ``new`` is further along than ``old`` (a terminal stage always is)."""
    if old is None:
        return True
    if old in TERMINAL_STAGES:
        return False
    return new in TERMINAL_STAGES or STAGE_RANK[new] > STAGE_RANK[old]
