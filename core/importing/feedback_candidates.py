"""Which texts (recruiter messages, tracker notes) carry rejection feedback."""

from __future__ import annotations

import re

_FEEDBACK = re.compile(
    r"unfortunately|decided to (?:move|go) forward with|not (?:be )?moving forward|"
    r"other candidates?|another candidate|more experience|position has been filled|"
    r"role has been filled|went with (?:someone|a candidate|another)|decided not to proceed|"
    r"not (?:to )?proceed|regret to inform|not selected|closer match|stronger match|"
    r"lack(?:ed|s)? (?:of )?(?:experience|depth)|feedback", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Message text without HTML tags and with collapsed spaces."""
    return " ".join(_TAGS.sub(" ", text).split())


def carries_feedback(text: str) -> bool:
    """True when the text reads like a rejection or interview feedback."""
    return bool(text) and _FEEDBACK.search(text) is not None
