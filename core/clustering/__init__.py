"""Feedback to gaps: normalize, score against the taxonomy, learn from the user, weigh.

Entry points: ``recluster`` (everything, deterministic), ``log_feedback`` /
``assign_feedback`` (one text, incremental), ``gaps_report`` (the ranked gaps with their
feedback) and ``gaps_summary`` (the same figures without the feedback, for lists), the
user corrections in ``corrections`` and the plans in ``plans``.
"""

from .assign import assign_feedback, log_feedback, recluster
from .report import gaps_report, gaps_summary

__all__ = ["assign_feedback", "gaps_report", "gaps_summary", "log_feedback", "recluster"]
