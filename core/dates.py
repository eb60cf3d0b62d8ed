"""Parsing the dates a person types: ISO, US and European forms, and relative words."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from . import clock

_RELATIVE = re.compile(r"^([+-]?)(\d+)\s*([dwm])$")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def parse_user_date(value: str, *, today: date | None = None) -> date:
    """A date from what a person typed, or ValueError with the forms that work.

    Accepts ``2026-03-14``, ``3/14/2026``, ``14.03.2026``, ``today``, ``tomorrow``,
    ``yesterday``, ``+3d``, ``2w``, ``-1m`` and weekday names (the next one).
    """
    text = value.strip().casefold()
    base = today or clock.today()
    if not text:
        raise ValueError("empty date")
    if text == "today":
        return base
    if text == "tomorrow":
        return base + timedelta(days=1)
    if text == "yesterday":
        return base - timedelta(days=1)
    if text in _WEEKDAYS or text[:3] in [d[:3] for d in _WEEKDAYS] and len(text) <= 4:
        target = next(i for i, d in enumerate(_WEEKDAYS) if d.startswith(text[:3]))
        delta = (target - base.weekday()) % 7 or 7
        return base + timedelta(days=delta)
    rel = _RELATIVE.match(text)
    if rel:
        sign = -1 if rel.group(1) == "-" else 1
        n = int(rel.group(2)) * sign
        unit = rel.group(3)
        days = n if unit == "d" else n * 7 if unit == "w" else n * 30
        try:
            return base + timedelta(days=days)
        except OverflowError:
            raise ValueError(f"not a date: {value!r} is too far away") from None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%m/%d/%y", "%d %b %Y", "%b %d %Y"):
        try:
            return datetime.strptime(value.strip().replace(",", ""), fmt).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        pass
    raise ValueError(
        f"not a date: {value!r} (try 2026-03-14, 3/14/2026, today, tomorrow, +3d, 2w, friday)"
    )


def parse_user_datetime(value: str, *, today: date | None = None) -> str:
    """A date or date-time from user input as ISO text (a date with no time stays a date)."""
    text = value.strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).isoformat(timespec="minutes")
        except ValueError:
            continue
    parts = text.rsplit(" ", 1)
    if len(parts) == 2 and re.fullmatch(r"\d{1,2}:\d{2}", parts[1]):
        day = parse_user_date(parts[0], today=today)
        hour, minute = (int(x) for x in parts[1].split(":"))
        if hour > 23 or minute > 59:
            raise ValueError(f"not a time: {parts[1]!r}")
        return datetime(day.year, day.month, day.day, hour, minute).isoformat(timespec="minutes")
    return parse_user_date(text, today=today).isoformat()


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days``, held at the first or last representable date instead of
    overflowing (a cadence of 3 000 000 days is "never", not a crash)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def to_date(value: str | None) -> date | None:
    """The date part of stored ISO text (date, naive or ``Z`` time), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None



def iso_week(day: date) -> str:
    """The ISO week of a date as ``YYYY-Www``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
