"""How much a gap weighs: recent feedback more (half-life 90 days), later rounds more."""

from __future__ import annotations

from datetime import date

from ..dates import to_date

HALF_LIFE_DAYS = 90.0


def round_factor(round_number: int | None) -> float:
    """A final-round rejection costs more than a screen-out: 1.0, 1.25, 1.5 … capped at 2."""
    if not round_number or round_number < 1:
        return 1.0
    return min(2.0, 1.0 + 0.25 * (round_number - 1))


def feedback_weight(received_on: str | None, round_number: int | None, today: date) -> float:
    """One piece of feedback's weight: 0.5 ** (age / 90 days) × round factor."""
    day = to_date(received_on) or today
    age = max(0, (today - day).days)
    return 0.5 ** (age / HALF_LIFE_DAYS) * round_factor(round_number)


def month_keys(today: date, months: int = 12) -> list[str]:
    """The last ``months`` months as ``YYYY-MM``, oldest first."""
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return keys[::-1]
