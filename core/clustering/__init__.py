"""Feedback to gaps: normalize, score against the taxonomy, learn from the user, weigh.

Entry points: ``recluster`` (everything, deterministic), ``log_feedback`` /
``assign_feedback`` (one text, incremental), ``gaps_report`` (the ranked gaps with their
feedback) and ``gaps_summary`` (the same figures without the feedback, for lists), the
user corrections in ``corrections`` and the plans in ``plans``.

The entry points are imported on first use: a reader of the taxonomy or the report (the
Ladder, ``rung ladder``) does not pay for the scorer's numpy and rapidfuzz.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "assign_feedback": ".assign",
    "log_feedback": ".assign",
    "recluster": ".assign",
    "gaps_report": ".report",
    "gaps_summary": ".report",
}

__all__ = ["assign_feedback", "gaps_report", "gaps_summary", "log_feedback", "recluster"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value
