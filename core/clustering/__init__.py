"""Feedback to gaps: normalize, score against the taxonomy, learn from the user, weigh.

Entry points: ``recluster`` (everything, deterministic), ``log_feedback`` /
``assign_feedback`` (one text, incremental), ``gaps_report`` (the ranked gaps with their
feedback), the user corrections in ``corrections`` and the plans in ``plans``.
"""

from .assign import assign_feedback, gaps_report, log_feedback, recluster

__all__ = ["assign_feedback", "gaps_report", "log_feedback", "recluster"]
