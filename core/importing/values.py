"""Cell values: per-column memoized date formats, stage mapping, empties."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache, lru_cache

from dateutil import parser as dateutil_parser

from ..resources import read_toml
from ..text import fold

_COMMON_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
                   "%m/%d/%Y", "%d.%m.%Y", "%m/%d/%y, %I:%M %p", "%d %b %Y")


_DIRECTIVES = {"Y": r"(?P<Y>\d{4})", "m": r"(?P<m>\d{1,2})", "d": r"(?P<d>\d{1,2})",
               "y": r"(?P<y>\d{2})", "H": r"(?P<H>\d{1,2})", "I": r"(?P<I>\d{1,2})",
               "M": r"(?P<M>\d{2})", "S": r"(?P<S>\d{2})", "p": r"(?P<p>[AaPp][Mm])"}

Moment = tuple[str, str]  # (ISO date, ISO moment: the date, or the time with Z when UTC)


def _fast_pattern(fmt: str) -> re.Pattern[str] | None:
    """A regex equivalent of a numeric strptime format (None for formats like %b)."""
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            directive = _DIRECTIVES.get(fmt[i + 1])
            if directive is None:
                return None
            out.append(directive)
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return re.compile("".join(out))


@lru_cache(maxsize=8192)
def _iso_day(year: int, month: int, day: int) -> str:
    """ISO text of a calendar date; ValueError for one that does not exist (2/30)."""
    return date(year, month, day).isoformat()


@cache
def compile_format(fmt: str) -> Callable[[str], Moment | None]:
    """A function reading one strptime format into (ISO date, ISO moment), or None when
    the value does not have that shape (ValueError when it has the shape but is no real
    date, 2/30). Numeric formats become one regex match, about ten times faster than
    strptime; others (month names) go through strptime."""
    pattern = _fast_pattern(fmt)
    with_time = _has_time(fmt)
    if pattern is None:
        def by_strptime(value: str) -> Moment | None:
            parsed = datetime.strptime(value, fmt)
            return _moment(parsed if with_time else parsed.date())
        return by_strptime
    index = {name: number - 1 for name, number in pattern.groupindex.items()}
    four, two, month, day = (index.get(k, -1) for k in "Yymd")
    hour24, hour12, minute, second, ampm = (index.get(k, -1) for k in "HIMSp")
    fullmatch = pattern.fullmatch

    def by_pattern(value: str) -> Moment | None:
        match = fullmatch(value)
        if match is None:
            return None
        g = match.groups()
        if four >= 0:
            year = int(g[four])
        else:
            short = int(g[two])
            year = 2000 + short if short < 69 else 1900 + short
        iso_day = _iso_day(year, int(g[month]), int(g[day]))
        if not with_time:
            return iso_day, iso_day
        if hour12 >= 0:
            hour = int(g[hour12])
            if not 1 <= hour <= 12:
                raise ValueError("hour out of range")
            hour = hour % 12 + (12 if g[ampm] in ("PM", "pm", "Pm", "pM") else 0)
        else:
            hour = int(g[hour24])
        mins = int(g[minute]) if minute >= 0 else 0
        secs = int(g[second]) if second >= 0 else 0
        if hour > 23 or mins > 59 or secs > 59:
            raise ValueError("time out of range")
        return iso_day, f"{iso_day}T{hour:02d}:{mins:02d}:{secs:02d}"

    return by_pattern


def _has_time(fmt: str) -> bool:
    return "%H" in fmt or "%I" in fmt


def _moment(value: datetime | date) -> Moment:
    return iso_date(value), iso_moment(value, utc=False)


class DateColumn:
    """Reads one column's dates: the format that worked last is tried first, and each
    distinct cell is read once."""

    _CACHE_MAX = 65536

    def __init__(self, formats: tuple[str, ...], utc: bool = False) -> None:
        self.formats = list(dict.fromkeys(formats + _COMMON_FORMATS))
        self.utc = utc
        self._read: dict[str, Moment] = {}

    def read(self, value: str) -> Moment:
        """(ISO date, ISO moment) of a cell, memoized; ValueError when unreadable. The
        moment is the date when no time is given, else the time (with Z when UTC)."""
        found = self._read.get(value)
        if found is None:
            found = self._parse(value.strip())
            if self.utc and len(found[1]) > 10:
                found = (found[0], found[1] + "Z")
            if len(self._read) >= self._CACHE_MAX:
                self._read.clear()
            self._read[value] = found
        return found

    def _parse(self, value: str) -> Moment:
        for i, fmt in enumerate(self.formats):
            try:
                parsed = compile_format(fmt)(value)
            except ValueError:
                continue
            if parsed is None:
                continue
            if i:
                self.formats.insert(0, self.formats.pop(i))
            return parsed
        try:
            fallback = dateutil_parser.parse(value)
        except (ValueError, OverflowError, TypeError):
            raise ValueError(f"not a date: {value[:40]!r}") from None
        if not (1970 <= fallback.year <= 2100):
            raise ValueError(f"date out of range: {value[:40]!r}")
        if fallback.tzinfo is not None:
            return _moment(fallback.astimezone(UTC).replace(tzinfo=None))
        return _moment(fallback if ":" in value else fallback.date())


def iso_date(value: datetime | date) -> str:
    """The date part as ISO text."""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def iso_moment(value: datetime | date, utc: bool) -> str:
    """A date stays a date; a time is ISO, with Z when it is UTC."""
    if isinstance(value, datetime):
        text = value.replace(microsecond=0).isoformat()
        return text + "Z" if utc else text
    return value.isoformat()


@cache
def _stage_table() -> tuple[dict[str, str], tuple[tuple[tuple[str, ...], str], ...]]:
    raw = read_toml("schemas.import_profiles", "stages.toml")
    exact = {fold(k): v for k, v in raw["exact"].items()}
    keywords = tuple((tuple(fold(m) for m in k["match"]), k["stage"]) for k in raw["keywords"])
    return exact, keywords


@lru_cache(maxsize=4096)
def map_stage(status: str, default: str) -> str:
    """The rung stage a status text means ("2nd round" -> interviewing); default if none."""
    folded = fold(status)
    if not folded:
        return default
    exact, keywords = _stage_table()
    if folded in exact:
        return exact[folded]
    for needles, stage in keywords:
        if any(n in folded for n in needles):
            return stage
    return default
