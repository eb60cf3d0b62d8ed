"""Parsing the dates a person types: ISO, US and European forms, and relative words.

One grammar for every date field (the CLI's ``--due``, a form's *When*): ``2026-03-14``,
``3/14/2026``, ``14.03.2026``, ``31.03.`` (this year), ``14 Mar``, ``today``,
``tomorrow``, ``yesterday``, ``friday``, ``next friday``, ``last friday``, ``next week``,
``in 2 weeks``, ``3 days ago``, ``+3d``, ``2w``, ``-1m``; and for a moment, any of those
with a time before or after it: ``tomorrow 15:00``, ``next friday 10am``, ``friday at
9:30pm``, ``15:00`` (today). What none of these covers goes to dateutil
(``March 14th 2026``, ``Sat, 14 Mar 2026 3pm``) when it holds a digit and a word.

``friday`` (or ``this friday``) is the first Friday after today, ``next friday`` the
Friday of next week (weeks run Monday to Sunday), ``last friday`` the latest Friday
before today; a form shows the day as you type. A month is a calendar month (``+1m``
from 31 Jan is 28 Feb).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from . import clock

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNITS = {
    "d": "d",
    "day": "d",
    "days": "d",
    "w": "w",
    "wk": "w",
    "wks": "w",
    "week": "w",
    "weeks": "w",
    "m": "m",
    "mo": "m",
    "mos": "m",
    "month": "m",
    "months": "m",
    "y": "y",
    "yr": "y",
    "yrs": "y",
    "year": "y",
    "years": "y",
}
_RELATIVE = re.compile(
    r"^(?P<in>in\s+)?(?P<sign>[+-]?)\s*(?P<n>\d+|" + "|".join(_NUMBER_WORDS) + r")\s*"
    r"(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
    r"(?:\s+(?P<dir>ago|later|from now|hence))?$"
)
_WEEKDAY = re.compile(r"^(?:(?P<which>next|this|coming|on|last|past|previous)\s+)?(?P<day>[a-z]+)$")
_SHIFT = re.compile(r"^(?P<which>next|last|this)\s+(?P<unit>week|month|year)$")
_DAY_MONTH = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?:\.(?P<y>\d{4}|\d{2})?)?$")
_SLASHED = re.compile(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?$")
_AMPM = r"(?P<ampm>am|pm|a\.m\.|p\.m\.)"
_TIME = (
    r"(?:(?P<h1>\d{1,2}):(?P<m1>\d{2})(?::\d{2})?\s*" + _AMPM.replace("ampm", "ap1") + r"?"
    r"|(?P<h2>\d{1,2})\s*" + _AMPM.replace("ampm", "ap2") + r"|(?P<h3>\d{1,2})h(?P<m3>\d{2})?"
    r"|(?P<word>noon|midday|midnight))"
)
_TIME_AT_END = re.compile(r"(?:^|\s+)(?:(?:at|@)\s*)?" + _TIME + r"$")
_TIME_AT_START = re.compile(r"^(?:(?:at|@)\s*)?" + _TIME + r"(?:\s+|$)")
_BARE_HOUR = re.compile(r"(?:^|\s+)(?:at|@)\s*(?P<h>\d{1,2})$")  # "friday at 10"
_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%m/%d/%y",
    "%d %b %Y",
    "%b %d %Y",
    "%Y%m%d",
)
_HINT = "try 2026-03-14, 31.03., tomorrow, friday, next friday, in 2 weeks, +3d, 2w"


def parse_user_date(value: str, *, today: date | None = None) -> date:
    """A date from what a person typed, or ValueError saying what works.

    Accepts every form of the module docstring; a time typed with it is left out (a
    date field keeps the day).
    """
    day, _ = _parse(value, today or clock.today())
    return day


def parse_user_datetime(value: str, *, today: date | None = None) -> str:
    """A date or date-time from user input as ISO text (a date with no time stays a
    date; a time is kept to the minute). ``now`` is this minute."""
    base = today or clock.today()
    if value.strip().casefold() == "now":
        moment = clock.now() if today is None else datetime.combine(base, clock.now().time())
        return moment.isoformat(timespec="minutes")
    day, at = _parse(value, base)
    if at is None:
        return day.isoformat()
    return datetime.combine(day, at).isoformat(timespec="minutes")


def describe_moment(iso: str) -> str:
    """ISO text as a person reads it back: ``Fri 2026-12-11`` or ``Fri 2026-12-11 10:00``."""
    if "T" in iso or " " in iso.strip():
        moment = datetime.fromisoformat(iso.strip().replace(" ", "T"))
        return f"{_WEEKDAY_SHORT[moment.weekday()]} {moment.date().isoformat()} {moment:%H:%M}"
    day = date.fromisoformat(iso.strip())
    return f"{_WEEKDAY_SHORT[day.weekday()]} {day.isoformat()}"


def _not_a_date(value: str) -> ValueError:
    return ValueError(f"not a date: {value!r} ({_HINT})")


def _parse(value: str, base: date) -> tuple[date, time | None]:
    """The day and, when one was typed, the time of day of ``value``."""
    raw = value.strip()
    if not raw:
        raise ValueError("empty date")
    iso = _iso(raw)
    if iso is not None:
        return iso
    text = " ".join(raw.casefold().replace(",", " ").split())
    at, rest = _split_time(text, raw)
    if not rest:
        return base, at
    day, found = _parse_day(rest, value, base)
    return day, at if at is not None else found


def _split_time(text: str, raw: str) -> tuple[time | None, str]:
    """The time of day typed before or after the day (``tomorrow 15:00``, ``10am fri``,
    ``friday at 10``) and the rest of ``text``; (None, text) when there is none."""
    for pattern in (_TIME_AT_END, _TIME_AT_START):
        match = pattern.search(text)
        if match:
            return _time_of(match, raw), (text[: match.start()] + " " + text[match.end() :]).strip()
    bare = _BARE_HOUR.search(text)
    if bare:
        hour = int(bare.group("h"))
        if hour > 23:
            raise ValueError(f"not a time: {raw!r} (hours go to 23)")
        return time(hour, 0), text[: bare.start()].strip()
    return None, text


def _iso(raw: str) -> tuple[date, time | None] | None:
    """ISO text (``2026-03-14``, ``2026-03-14T15:00``, ``2026-03-14 15:00:00``), or None."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", raw):
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if len(raw) == 10:
        return moment.date(), None
    if moment.tzinfo is not None:  # a stored instant: its day, as before
        return moment.date(), None
    return moment.date(), time(moment.hour, moment.minute)


def _time_of(match: re.Match[str], raw: str) -> time:
    """The time of day a _TIME match names, or ValueError."""
    word = match.group("word")
    if word:
        return time(0, 0) if word == "midnight" else time(12, 0)
    hour_text = match.group("h1") or match.group("h2") or match.group("h3")
    minute_text = match.group("m1") or match.group("m3") or "0"
    ampm = match.group("ap1") or match.group("ap2")
    hour, minute = int(hour_text), int(minute_text)
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"not a time: {raw!r} (with am/pm, hours go 1-12)")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"not a time: {raw!r} (up to 23:59)")
    return time(hour, minute)


def _parse_day(text: str, value: str, base: date) -> tuple[date, time | None]:
    """The day ``text`` (lower case, one space between words) names, or ValueError."""
    words = {
        "today": 0,
        "now": 0,
        "tomorrow": 1,
        "tmrw": 1,
        "tmr": 1,
        "yesterday": -1,
        "day after tomorrow": 2,
        "the day after tomorrow": 2,
        "day before yesterday": -2,
        "the day before yesterday": -2,
    }
    if text in words:
        return base + timedelta(days=words[text]), None
    weekday = _weekday(text, base)
    if weekday is not None:
        return weekday, None
    shift = _SHIFT.match(text)
    if shift:
        sign = {"next": 1, "last": -1, "this": 0}[shift.group("which")]
        return _add(base, sign, shift.group("unit")[0], value), None
    rel = _RELATIVE.match(text)
    if rel and (rel.group("n").isdigit() or rel.group("in") or rel.group("dir")):
        n = int(rel.group("n")) if rel.group("n").isdigit() else _NUMBER_WORDS[rel.group("n")]
        if rel.group("sign") == "-" or rel.group("dir") == "ago":
            n = -n
        return _add(base, n, _UNITS[rel.group("unit")], value), None
    numeric = _numeric(text, value, base)
    if numeric is not None:
        return numeric, None
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    return _dateutil(text, value, base)


def _weekday(text: str, base: date) -> date | None:
    """``friday``, ``fri``, ``next friday``, ``on thu``, ``last monday``, or None."""
    match = _WEEKDAY.match(text)
    if not match:
        return None
    name = match.group("day")
    if len(name) < 3:
        return None
    target = next((i for i, day in enumerate(_WEEKDAYS) if day.startswith(name)), None)
    if target is None:
        return None
    if match.group("which") in ("last", "past", "previous"):
        return base - timedelta(days=(base.weekday() - target) % 7 or 7)
    if match.group("which") == "next":  # that day of next week
        return base + timedelta(days=7 - base.weekday() + target)
    return base + timedelta(days=(target - base.weekday()) % 7 or 7)


def _add(base: date, n: int, unit: str, value: str) -> date:
    """``base`` moved ``n`` days, weeks, calendar months or years."""
    try:
        if unit == "d":
            return base + timedelta(days=n)
        if unit == "w":
            return base + timedelta(weeks=n)
        from dateutil.relativedelta import relativedelta

        return base + (relativedelta(months=n) if unit == "m" else relativedelta(years=n))
    except (OverflowError, ValueError):
        raise ValueError(f"not a date: {value!r} is too far away") from None


def _numeric(text: str, value: str, base: date) -> date | None:
    """``31.03.``, ``31.03.26``, ``3/14``, ``31/03/2026`` (day first when the month cannot
    be), or None when ``text`` is not of those shapes."""
    dotted = _DAY_MONTH.match(text)
    slashed = _SLASHED.match(text)
    if dotted:
        day, month, year = int(dotted.group("d")), int(dotted.group("m")), dotted.group("y")
    elif slashed:
        month, day, year = int(slashed.group("a")), int(slashed.group("b")), slashed.group("y")
        if month > 12 >= day:
            month, day = day, month
    else:
        return None
    full_year = base.year if not year else int(year) + (2000 if len(year) == 2 else 0)
    try:
        return date(full_year, month, day)
    except ValueError:
        raise ValueError(
            f"no such day: {value.strip()!r} (day {day}, month {month}, {full_year})"
        ) from None


def _dateutil(text: str, value: str, base: date) -> tuple[date, time | None]:
    """What dateutil reads in ``text`` (``march 14th``, ``sat 14 mar 2026 3pm``), when it
    holds both a digit and a word; else ValueError."""
    if not (re.search(r"\d", text) and re.search(r"[a-z]{3}", text)):
        raise _not_a_date(value)
    from dateutil import parser

    try:
        moment = parser.parse(text, default=datetime(base.year, base.month, base.day))
    except (ValueError, OverflowError, parser.ParserError):
        raise _not_a_date(value) from None
    at = None if (moment.hour, moment.minute) == (0, 0) else time(moment.hour, moment.minute)
    return moment.date(), at


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
