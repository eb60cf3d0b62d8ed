"""The current date and time, in one place so tests and the demo can fix it.

Set ``RUNG_TODAY=YYYY-MM-DD`` to pin "today" (tests, demo screenshots).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time


def today() -> date:
    """Today's local date, or ``RUNG_TODAY`` when set."""
    pinned = os.environ.get("RUNG_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return date.today()


def now() -> datetime:
    """The local naive time now; on a pinned day, noon of that day."""
    if os.environ.get("RUNG_TODAY"):
        return datetime.combine(today(), time(12, 0))
    return datetime.now().replace(microsecond=0)


def now_iso() -> str:
    """``now()`` as ISO text, to the second."""
    return now().isoformat(timespec="seconds")


def utc_now_iso() -> str:
    """The UTC time now as ISO text with a trailing Z."""
    return datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
