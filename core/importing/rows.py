"""Map and validate the records of a table into plain rows for the writer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from ..text import normalize_linkedin_profile, normalize_url
from .profiles import Profile, map_headers
from .reader import Table
from .report import RowError
from .values import DateColumn, Moment, map_stage

_DATE_FIELDS = ("applied_on", "saved_on", "follow_up", "connected_on", "at")
_LABELS = {"company": "company", "title": "title"}
PROGRESS_EVERY = 2048  # rows between progress reports


@dataclass
class Prepared:
    """The valid rows of one table, its errors, and the header mapping used."""

    table: Table
    profile: Profile
    mapping: dict[str, int]
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0

    @property
    def contact_relationship(self) -> str | None:
        """What the sheet's contact column says the person is, from its header."""
        index = self.mapping.get("contact")
        if index is None:
            return None
        header = self.table.header[index].casefold()
        for word, relationship in (("recruit", "recruiter"), ("hiring", "hiring_manager"),
                                   ("referr", "referrer"), ("mentor", "mentor")):
            if word in header:
                return relationship
        return None


def prepare(table: Table, profile: Profile, limit: int | None = None, *,
            mapping: dict[str, int] | None = None,
            progress: Callable[[str, int, int], None] | None = None) -> Prepared:
    """Every record of ``table`` mapped through ``profile`` (or the given ``mapping``:
    field -> column index); bad values become errors. ``progress("reading", done, total)``
    is called every few thousand rows (total estimated from the line count)."""
    mapping = dict(mapping) if mapping is not None else map_headers(profile, table.header)
    estimate = table.text.count("\n", table.body_offset) + 1 if progress else 0
    out = Prepared(table, profile, mapping)
    columns = {f: DateColumn(profile.date_formats, profile.utc) for f in _DATE_FIELDS}
    width = len(table.header)
    empties = profile.empty_values
    names, indexes = tuple(mapping), tuple(mapping.values())
    highest = max(indexes, default=-1)
    pick = _picker(indexes)
    build = {"applications": _application, "contacts": _contact, "messages": _message}[profile.kind]
    strip = str.strip
    rows_read = 0
    for line, cells in table.records():
        rows_read += 1
        if progress is not None and not rows_read % PROGRESS_EVERY:
            progress("reading", rows_read, max(estimate, rows_read))
        count = len(cells)
        if count > width and any(c.strip() for c in cells[width:]):
            out.errors.append(RowError(line, table.header[-1],
                                       f"the row has {count} cells, the header {width}"))
            continue
        picked = pick(cells) if count > highest else [cells[i] if i < count else ""
                                                       for i in indexes]
        values = {name: value for name, value in zip(names, map(strip, picked), strict=True)
                  if value and value not in empties}
        try:
            row = build(values, columns, profile)
        except _Bad as bad:
            out.errors.append(RowError(line, _header_of(table, mapping, bad.field), bad.message))
            continue
        row["line"] = line
        out.rows.append(row)
        if limit is not None and rows_read >= limit:
            break
    out.rows_read = rows_read
    return out


def _picker(indexes: tuple[int, ...]) -> Callable[[list[str]], Sequence[str]]:
    """The cells at ``indexes`` of a record, in one call."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if indexes:
        only = indexes[0]
        return lambda cells: (cells[only],)
    return lambda cells: ()


class _Bad(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def _header_of(table: Table, mapping: dict[str, int], field_name: str) -> str:
    index = mapping.get(field_name)
    return table.header[index] if index is not None else field_name


def _date(values: dict[str, str], columns: dict[str, DateColumn], name: str) -> Moment | None:
    """(ISO date, ISO moment) of a date cell, None when empty."""
    raw = values.get(name)
    if raw is None:
        return None
    try:
        return columns[name].read(raw)
    except ValueError as exc:
        raise _Bad(name, str(exc)) from None


def _application(values: dict[str, str], columns: dict[str, DateColumn],
                 profile: Profile) -> dict[str, Any]:
    company = values.get("company")
    if not company:
        raise _Bad("company", "the company is empty")
    title = values.get("title")
    if not title:
        raise _Bad("title", "the job title is empty")
    applied = _date(values, columns, "applied_on") if "applied_on" in values else None
    saved = _date(values, columns, "saved_on") if "saved_on" in values else None
    follow_up = _date(values, columns, "follow_up") if "follow_up" in values else None
    status = values.get("status")
    stage = map_stage(status, profile.default_stage) if status else profile.default_stage
    if status is None and applied is None and saved is not None:
        stage = "saved"
    salary = values.get("salary")
    if not salary and (values.get("salary_min") or values.get("salary_max")):
        salary = "–".join(v for v in (values.get("salary_min"), values.get("salary_max")) if v)
    moment = applied or saved
    url = values.get("url")
    return {
        "company": company, "title": title, "url": url, "url_key": normalize_url(url),
        "applied_on": applied[0] if applied is not None and stage != "saved" else None,
        "at": moment[1] if moment is not None else None,
        "stage": stage, "status_raw": status, "location": values.get("location"),
        "salary": salary, "notes": values.get("notes") or values.get("answers"),
        "follow_up": follow_up[0] if follow_up is not None else None,
        "source": values.get("source_col") or profile.source,
        "contact": values.get("contact"),
        # what a recruiter or the user wrote; LinkedIn's answers are the applicant's own
        "may_carry_feedback": bool(values.get("notes")),
    }


def _contact(values: dict[str, str], columns: dict[str, DateColumn],
             profile: Profile) -> dict[str, Any]:
    name = " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v)
    if not name:
        raise _Bad("first_name", "the name is empty")
    connected = _date(values, columns, "connected_on")
    return {
        "name": name, "company": values.get("company"), "title": values.get("title"),
        "email": values.get("email"),
        "linkedin_url": normalize_linkedin_profile(values.get("linkedin_url")),
        "connected_on": connected[0] if connected is not None else None,
    }


def _message(values: dict[str, str], columns: dict[str, DateColumn],
             profile: Profile) -> dict[str, Any]:
    at = _date(values, columns, "at")
    if at is None:
        raise _Bad("at", "the date is empty")
    return {
        "conversation_id": values.get("conversation_id", ""),
        "title": values.get("conversation_title", ""),
        "sender": values.get("sender", ""),
        "sender_url": normalize_linkedin_profile(values.get("sender_url")),
        "recipient": values.get("recipient", ""),
        "recipient_urls": [normalize_linkedin_profile(u) for u in
                           values.get("recipient_urls", "").split(",") if u.strip()],
        "at": at[1],
        "subject": values.get("subject", ""), "content": values.get("content", ""),
    }
