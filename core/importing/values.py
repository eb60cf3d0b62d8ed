"""Cell values: per-column memoized date formats, stage mapping, empties."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache, lru_cache

from dateutil import parser as dateutil_parser

from ..resources import read_toml
from ..text import fold

_COMMON_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
)


_DIRECTIVES = {
    "Y": r"(?P<Y>\d{4})",
    "m": r"(?P<m>\d{1,2})",
    "d": r"(?P<d>\d{1,2})",
    "y": r"(?P<y>\d{2})",
    "H": r"(?P<H>\d{1,2})",
    "I": r"(?P<I>\d{1,2})",
    "M": r"(?P<M>\d{2})",
    "S": r"(?P<S>\d{2})",
    "p": r"(?P<p>[AaPp]\.?[Mm]\.?)",
}

Moment = tuple[str, str]  # (ISO date, ISO moment: the date, or the time; Z when UTC)


class DateProblem(ValueError):
    """A date cell rung cannot read for sure; ``kind`` groups it in the report."""

    def __init__(self, kind: str, message: str, moment: Moment | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.moment = moment  # what was read all the same (a guess the report names)


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
        elif fmt[i] == " ":
            out.append(r"\s*" if i and fmt[i - 1] == "," else r"\s+")
            i += 1
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return re.compile("".join(out))


@lru_cache(maxsize=8192)
def _iso_day(year: int, month: int, day: int) -> str:
    """ISO text of a calendar date; ValueError for one that does not exist (2/30)."""
    return date(year, month, day).isoformat()


def _is_utc_format(fmt: str) -> bool:
    return fmt.endswith(("Z", "UTC", "%z", "GMT"))


@cache
def compile_format(fmt: str) -> Callable[[str], Moment | None]:
    """A function reading one strptime format into (ISO date, ISO moment), or None when
    the value does not have that shape (ValueError when it has the shape but is no real
    date, 2/30). A time keeps the precision its format has (``T14:22`` or ``T14:22:05``)
    and a ``Z`` when the format says UTC. Numeric formats become one regex match, about
    ten times faster than strptime; others (month names) go through strptime."""
    pattern = _fast_pattern(fmt)
    with_time = _has_time(fmt)
    seconds = "%S" in fmt
    zone = "Z" if _is_utc_format(fmt) else ""
    if pattern is None:

        def by_strptime(value: str) -> Moment | None:
            parsed = datetime.strptime(value, fmt)
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(UTC).replace(tzinfo=None)
            return _moment(parsed if with_time else parsed.date(), seconds, zone)

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
            hour = hour % 12 + (12 if g[ampm][0] in "Pp" else 0)
        else:
            hour = int(g[hour24])
        mins = int(g[minute]) if minute >= 0 else 0
        secs = int(g[second]) if second >= 0 else 0
        if hour > 23 or mins > 59 or secs > 59:
            raise ValueError("time out of range")
        if seconds:
            return iso_day, f"{iso_day}T{hour:02d}:{mins:02d}:{secs:02d}{zone}"
        return iso_day, f"{iso_day}T{hour:02d}:{mins:02d}{zone}"

    return by_pattern


def _has_time(fmt: str) -> bool:
    return "%H" in fmt or "%I" in fmt


def _moment(value: datetime | date, seconds: bool = True, zone: str = "") -> Moment:
    if isinstance(value, datetime):
        spec = "seconds" if seconds or value.second else "minutes"
        return value.date().isoformat(), value.isoformat(timespec=spec) + zone
    return value.isoformat(), value.isoformat()


# d/m/y or m/d/y (any of / . - between), with anything after (a time)
_NUMERIC = re.compile(r"\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})\b")
_DATE_TOKEN = re.compile(r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}\b")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]{3,9})\.?", re.I)
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?", re.I)
_MONTH_ONLY = re.compile(
    r"(?P<y1>(?:19|20)\d{2})[-/.](?P<m1>\d{1,2})|"
    r"(?P<m2>\d{1,2}|[A-Za-z]{3,9})\.?[-/., ]+(?P<y2>(?:19|20)\d{2})"
)
_SHORT_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.I
)


def _day_first(fmt: str) -> bool | None:
    """True for a numeric format with the day before the month, False for month first."""
    d, m = fmt.find("%d"), fmt.find("%m")
    if d < 0 or m < 0:
        return None
    return d < m


class DateColumn:
    """Reads one column's dates: the format that worked last is tried first, each distinct
    cell is read once, and ``settle`` looks at the whole column first so that ``03/04/2026``
    is read the way the column's unambiguous dates are written (or flagged when the column
    mixes both ways), and ``8-Jul`` takes the year its column's other dates share."""

    _CACHE_MAX = 65536

    def __init__(self, formats: tuple[str, ...], utc: bool = False) -> None:
        self.formats = list(dict.fromkeys(formats + _COMMON_FORMATS))
        self.utc = utc
        self._read: dict[str, tuple[Moment | None, DateProblem | None]] = {}
        self.mixed = False  # day-first and month-first values both in the column
        self.day_first: bool | None = None
        self.year: int | None = None
        self._clashing: set[str] = set()

    def settle(self, values: set[str]) -> None:
        """Learn the column from its distinct cells before any is read."""
        by_separator: dict[str, set[bool]] = {}
        for fmt in self.formats:
            order = _day_first(fmt)
            if order is not None and "%b" not in fmt and "%B" not in fmt:
                first = min(fmt.find("%d"), fmt.find("%m"))
                by_separator.setdefault(fmt[first + 2 : first + 3], set()).add(order)
        clashing = {sep for sep, orders in by_separator.items() if len(orders) == 2}
        if clashing:  # both orders possible for some cells: look at the cells
            evidence_day = evidence_month = False
            for value in values:
                match = _NUMERIC.match(value)
                if match is None or match.group(2) not in clashing:
                    continue
                a, b = int(match.group(1)), int(match.group(3))
                evidence_day |= a > 12 >= b
                evidence_month |= b > 12 >= a
            self.mixed = evidence_day and evidence_month
            self._clashing = clashing
            if evidence_day and not evidence_month:
                self.day_first = True
                self.formats.sort(key=lambda f: _day_first(f) is False)
            elif evidence_month and not evidence_day:
                self.day_first = False
                self.formats.sort(key=lambda f: _day_first(f) is True)
        years = set()
        for value in values:
            moment, _ = self.read_noted(value, settling=True)
            if moment is not None:
                years.add(moment[0][:4])
        self.year = int(years.pop()) if len(years) == 1 else None
        if self.year is not None:  # year-less cells read before the year was known
            for value, (_, problem) in list(self._read.items()):
                if problem is not None and problem.kind == "yearless_date":
                    del self._read[value]

    def read(self, value: str) -> Moment:
        """(ISO date, ISO moment) of a cell, memoized; ValueError when unreadable."""
        moment, problem = self.read_noted(value)
        if moment is None:
            raise problem or DateProblem("bad_date", f"not a date: {value[:40]!r}")
        return moment

    def read_noted(
        self,
        value: str,
        settling: bool = False,
    ) -> tuple[Moment | None, DateProblem | None]:
        """(moment or None, what was wrong or guessed) for a cell, memoized."""
        found = self._read.get(value)
        if found is None:
            try:
                found = (self._parse(value.strip()), None)
            except DateProblem as problem:
                found = (problem.moment, problem)
            except ValueError as exc:
                found = (None, DateProblem("bad_date", str(exc)))
            if found[1] is None and found[0] is None:
                found = (None, DateProblem("bad_date", f"not a date: {value[:40]!r}"))
            if found[0] is None and found[1] is not None and found[1].kind == "bad_date":
                several = _DATE_TOKEN.findall(value)
                if len(several) > 1:
                    try:
                        first = self._parse(several[0])
                        found = (
                            first,
                            DateProblem(
                                "two_dates", f"two dates in one cell: kept the first, {several[0]}"
                            ),
                        )
                    except ValueError:
                        pass
            moment = found[0]
            if (
                moment is not None
                and self.utc
                and len(moment[1]) > 10
                and not moment[1].endswith("Z")
            ):
                found = ((moment[0], moment[1] + "Z"), found[1])
            if len(self._read) >= self._CACHE_MAX:
                self._read.clear()
            self._read[value] = found
        return found

    def _parse(self, value: str) -> Moment:
        if self.mixed:
            match = _NUMERIC.match(value)
            if match is not None and match.group(2) in self._clashing:
                a, b = int(match.group(1)), int(match.group(3))
                if a <= 12 and b <= 12 and a != b:
                    raise DateProblem(
                        "ambiguous_date",
                        f"ambiguous date {value[:40]!r}: this column has "
                        "day-first and month-first dates, so it could be either",
                    )
                if a > 12 >= b or b > 12 >= a:  # one reading only: take it
                    day, month = (a, b) if a > 12 else (b, a)
                    year = int(match.group(4))
                    year += 0 if year > 99 else 2000 if year < 69 else 1900
                    iso = _iso_day(year, month, day)
                    return iso, iso
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
        yearless = self._yearless(value)
        if yearless is not None:
            return yearless
        month_only = _MONTH_ONLY.fullmatch(value)
        if month_only is not None:
            year_text: str = month_only.group("y1") or month_only.group("y2")
            month_text: str = month_only.group("m1") or month_only.group("m2")
            number = (
                int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3].lower())
            )
            if number and 1 <= number <= 12:
                iso = _iso_day(int(year_text), number, 1)
                raise DateProblem(
                    "month_only",
                    f"{value[:40]!r} names a month, not a day: read as its 1st",
                    (iso, iso),
                )
        if not _YEAR.search(value):
            raise DateProblem("bad_date", f"not a date: {value[:40]!r}")
        try:
            fallback = dateutil_parser.parse(value)
        except (ValueError, OverflowError, TypeError):
            raise DateProblem("bad_date", f"not a date: {value[:40]!r}") from None
        if not (1970 <= fallback.year <= 2100):
            raise DateProblem("bad_date", f"date out of range: {value[:40]!r}")
        if fallback.tzinfo is not None:
            return _moment(fallback.astimezone(UTC).replace(tzinfo=None), zone="Z")
        if ":" in value:
            return _moment(fallback, seconds=value.count(":") > 1)
        return _moment(fallback.date())

    def _yearless(self, value: str) -> Moment | None:
        """A day and month with no year ("8-Jul", "Jul 8", "8/7"): the column's year, or a
        DateProblem; None when the value is not of that shape."""
        month = day = None
        if (m := _DAY_MONTH.fullmatch(value)) and m.group(2)[:3].lower() in _MONTHS:
            day, month = int(m.group(1)), _MONTHS[m.group(2)[:3].lower()]
        elif (m := _MONTH_DAY.fullmatch(value)) and m.group(1)[:3].lower() in _MONTHS:
            day, month = int(m.group(2)), _MONTHS[m.group(1)[:3].lower()]
        elif (m := _SHORT_NUMERIC.fullmatch(value)) and self.day_first is not None:
            a, b = int(m.group(1)), int(m.group(2))
            day, month = (a, b) if self.day_first else (b, a)
        if month is None or day is None:
            return None
        if self.year is None:
            raise DateProblem(
                "yearless_date",
                f"{value[:40]!r} has no year, and the column's other dates do not settle one",
            )
        iso = _iso_day(self.year, month, day)
        return iso, iso


FORMULA_START = ("=", "+", "@")


def looks_like_formula(text: str) -> bool:
    """A cell a spreadsheet would evaluate (``=IF(…)``, ``+1``, ``@x``): text, never a word."""
    return text.startswith(FORMULA_START) or (
        text.startswith("-") and len(text) > 1 and not text[1].isspace()
    )


@cache
def _stage_table() -> tuple[dict[str, str], tuple[tuple[tuple[str, ...], str], ...]]:
    raw = read_toml("schemas.import_profiles", "stages.toml")
    exact = {fold(k): v for k, v in raw["exact"].items()}
    keywords = tuple((tuple(fold(m) for m in k["match"]), k["stage"]) for k in raw["keywords"])
    return exact, keywords


_REPEATS = re.compile(r"([a-z])\1{2,}")


@lru_cache(maxsize=4096)
def map_stage(status: str, default: str) -> str:
    """The rung stage a status text means ("2nd round" -> interviewing); default if none."""
    if looks_like_formula(status.strip()):
        return default  # =IF(1,"Offer","") is a formula's text, not the word offer
    folded = fold(status)
    if not folded:
        return default
    exact, keywords = _stage_table()
    if folded in exact:
        return exact[folded]
    folded = _REPEATS.sub(r"\1", folded)  # "reeejected", "rejecteddd"
    if folded in exact:
        return exact[folded]
    for needles, stage in keywords:
        if any(n in folded for n in needles):
            return stage
    return default
