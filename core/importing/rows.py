"""Map and validate the records of a table into plain rows for the writer.

Row policy (DESIGN.md, Import step 4): a row an exporter writes is never an error. A cell
rung cannot read is left empty (its text kept in the notes) and a row that names no job and
no person is skipped; either way the row gets a warning with its line, column and why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..text import fold, normalize_url, split_company_role
from .feedback_candidates import plain
from .reader import Table
from .report import RowError
from .values import DateColumn, Moment, looks_like_formula, map_stage

if TYPE_CHECKING:  # profiles names each kind's builder here (kinds.py): no cycle at run time
    from .profiles import Profile

_DATE_FIELDS = ("applied_on", "saved_on", "follow_up", "status_on", "connected_on", "at")
PROGRESS_EVERY = 2048  # rows between progress reports
FUSED = "company_title"  # a mapping field: one column holding "Company Role" ("Meta SDE 1")

# What exporters and people write for "nothing here".
EMPTY_CELLS = frozenset(
    {
        "null",
        "n/a",
        "na",
        "n.a.",
        "tbd",
        "tba",
        "-",
        "--",
        "---",
        "—",
        "–",
        "none",
        "nil",
        "#n/a",
        "undefined",
        "?",
        "(blank)",
        "(none)",
    }
)
# A yes/no flag where a person's name is expected (`Recruiter` = yes).
_FLAGS = frozenset(
    {
        "yes",
        "no",
        "y",
        "n",
        "true",
        "false",
        "x",
        "1",
        "0",
        "✓",
        "✔",
        "✗",
        "checked",
        "unchecked",
        "maybe",
    }
)


@dataclass
class Prepared:
    """The rows of one table ready to write, the notes on its rows, and the mapping used."""

    table: Table
    profile: Profile
    mapping: dict[str, int]
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    rows_read: int = 0

    @property
    def skipped(self) -> int:
        """Rows left out while preparing (each has a warning)."""
        return sum(1 for w in self.warnings if w.skipped)

    @property
    def contact_relationship(self) -> str | None:
        """What the sheet's contact column says the person is, from its header."""
        index = self.mapping.get("contact")
        if index is None:
            return None
        header = self.table.header[index].casefold()
        for word, relationship in (
            ("recruit", "recruiter"),
            ("hiring", "hiring_manager"),
            ("referr", "referrer"),
            ("mentor", "mentor"),
        ):
            if word in header:
                return relationship
        return None

    def header_of(self, field_name: str) -> str:
        """The header of the column a field was read from (the field name if none)."""
        index = self.mapping.get(field_name)
        if index is None and field_name in ("company", "title"):
            index = self.mapping.get(FUSED)
        return self.table.header[index] if index is not None else field_name

    def note(
        self, line: int, field_name: str, message: str, kind: str, skipped: bool = False
    ) -> None:
        """A warning on a row."""
        self.warnings.append(RowError(line, self.header_of(field_name), message, kind, skipped))


#: A record's non-empty cells by field -> its row for the writer, or None (skipped, noted).
RowBuilder = Callable[
    [dict[str, str], dict[str, DateColumn], "Profile", int, Prepared], dict[str, Any] | None
]


def _is_empty(value: str) -> bool:
    return not value or (len(value) <= 9 and value.casefold() in EMPTY_CELLS)


def prepare(
    table: Table,
    profile: Profile,
    limit: int | None = None,
    *,
    mapping: dict[str, int],
    progress: Callable[[str, int, int], None] | None = None,
) -> Prepared:
    """Every record of ``table`` mapped through ``profile`` and ``mapping`` (field ->
    column index, ``profiles.map_headers``'s or the user's), built into rows by the
    profile's record kind. Each date column is settled on its distinct cells first
    (day-first or month-first, the year of year-less dates). ``progress("reading", done,
    total)`` is called every few thousand rows (total estimated from the line count)."""
    mapping = dict(mapping)
    estimate = table.text.count("\n", table.body_offset) + 1 if progress else 0
    out = Prepared(table, profile, mapping, warnings=list(table.warnings))
    width = len(table.header)
    empties = profile.empty_values
    names, indexes = tuple(mapping), tuple(mapping.values())
    highest = max(indexes, default=-1)
    pick = _picker(indexes)
    strip = str.strip
    records: list[tuple[int, dict[str, str]] | None] = []
    rows_read = 0
    for line, cells in table.records():
        rows_read += 1
        if progress is not None and not rows_read % PROGRESS_EVERY:
            progress("reading", rows_read, max(estimate, rows_read))
        count = len(cells)
        if count != width:
            if count > width and any(c.strip() for c in cells[width:]):
                out.warnings.append(
                    RowError(
                        line,
                        table.header[-1],
                        f"the row has {count} cells, the header {width}: "
                        "the cells past the last column are ignored",
                        "ragged_row",
                    )
                )
            elif count < width:
                out.warnings.append(
                    RowError(
                        line,
                        table.header[count] if count < width else table.header[-1],
                        f"the row has {count} cells, the header {width}: the missing ones are empty",
                        "ragged_row",
                    )
                )
        picked = (
            pick(cells) if count > highest else [cells[i] if i < count else "" for i in indexes]
        )
        values = {
            name: value
            for name, value in zip(names, map(strip, picked), strict=True)
            if value and value not in empties and not _is_empty(value)
        }
        records.append((line, values))
        if limit is not None and rows_read >= limit:
            break
    out.rows_read = rows_read
    columns = {f: DateColumn(profile.date_formats, profile.utc) for f in _DATE_FIELDS}
    for name in _DATE_FIELDS:
        if name in mapping:
            columns[name].settle({r[1][name] for r in records if r is not None and name in r[1]})
    build = profile.record.build
    append = out.rows.append
    for i, record in enumerate(records):
        line, values = record  # type: ignore[misc]
        records[i] = None  # each cell dict freed once its row is built
        row = build(values, columns, profile, line, out)
        if row is not None:
            row["line"] = line
            append(row)
    return out


def _picker(indexes: tuple[int, ...]) -> Callable[[list[str]], Sequence[str]]:
    """The cells at ``indexes`` of a record, in one call."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if indexes:
        only = indexes[0]
        return lambda cells: (cells[only],)
    return lambda cells: ()


def _date(
    values: dict[str, str],
    columns: dict[str, DateColumn],
    name: str,
    line: int,
    out: Prepared,
    kept: list[str] | None = None,
) -> Moment | None:
    """(ISO date, ISO moment) of a date cell, None when empty or unreadable (a warning then,
    and the cell's text goes to ``kept``)."""
    raw = values.get(name)
    if raw is None:
        return None
    moment, problem = columns[name].read_noted(raw)
    if problem is not None:
        if moment is None:
            message = f"{problem}; left empty" + (
                ", its text kept in the notes" if kept is not None else ""
            )
        else:
            message = str(problem)
        out.note(line, name, message, problem.kind)
        if moment is None and kept is not None:
            kept.append(f"{out.header_of(name)}: {raw}")
    return moment


def build_application(
    values: dict[str, str],
    columns: dict[str, DateColumn],
    profile: Profile,
    line: int,
    out: Prepared,
) -> dict[str, Any] | None:
    company = values.get("company")
    title = values.get("title")
    if FUSED in values and not (company and title):
        fused_company, fused_title = split_company_role(values[FUSED])
        company = company or fused_company
        title = title or fused_title
    if not company:
        if not values:
            out.note(line, "company", "nothing in this row", "empty_row", skipped=True)
        elif profile.source == "linkedin":
            out.note(
                line,
                "company",
                "a removed posting: the export kept no company"
                + ("" if title else " and no title")
                + "; skipped",
                "removed_posting",
                skipped=True,
            )
        else:
            out.note(
                line,
                "company",
                "no company: skipped (rung files each job under its employer)",
                "no_company",
                skipped=True,
            )
        return None
    if not title:
        out.note(line, "title", "no job title: imported with the title empty", "no_title")
        title = ""
    kept: list[str] = []
    applied = (
        _date(values, columns, "applied_on", line, out, kept) if "applied_on" in values else None
    )
    saved = _date(values, columns, "saved_on", line, out, kept) if "saved_on" in values else None
    follow_up = (
        _date(values, columns, "follow_up", line, out, kept) if "follow_up" in values else None
    )
    status_on = (
        _date(values, columns, "status_on", line, out, kept) if "status_on" in values else None
    )
    status = values.get("status")
    if status and looks_like_formula(status):
        out.note(
            line,
            "status",
            f"{status[:40]!r} looks like a spreadsheet formula: kept as text, not read as a stage",
            "formula",
        )
    stage = map_stage(status, profile.default_stage) if status else profile.default_stage
    if (
        status is None
        and applied is None
        and (saved is not None or (not title and profile.fuzzy and "url" not in values))
    ):
        stage = "saved"  # a saved job, or a wish-list row that names only a company
    salary = values.get("salary")
    if not salary and (values.get("salary_min") or values.get("salary_max")):
        salary = "–".join(v for v in (values.get("salary_min"), values.get("salary_max")) if v)
    contact = values.get("contact")
    if contact and fold(contact) in _FLAGS:
        out.note(
            line,
            "contact",
            f"{contact!r} is a yes/no flag, not a person: kept in the notes, no contact made",
            "flag_not_person",
        )
        kept.append(f"{out.header_of('contact')}: {contact}")
        contact = None
    moment = applied or saved
    url = values.get("url")
    notes = values.get("notes") or (
        screening_answers(values["answers"]) if "answers" in values else None
    )
    if kept:
        notes = "\n".join(([notes] if notes else []) + kept)
    return {
        "company": company,
        "title": title,
        "url": url,
        "url_key": normalize_url(url),
        "applied_on": applied[1] if applied is not None and stage != "saved" else None,
        "at": moment[1] if moment is not None else None,
        "status_at": status_on[1] if status_on is not None else None,
        "stage": stage,
        "status_raw": status,
        "location": values.get("location"),
        "salary": salary,
        "notes": notes,
        "follow_up": follow_up[0] if follow_up is not None else None,
        "source": values.get("source_col") or profile.source,
        "contact": contact,
        # what a recruiter or the user wrote; LinkedIn's answers are the applicant's own
        "may_carry_feedback": bool(values.get("notes")),
    }


def build_contact(
    values: dict[str, str],
    columns: dict[str, DateColumn],
    profile: Profile,
    line: int,
    out: Prepared,
) -> dict[str, Any] | None:
    name = " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v)
    if not name:
        if set(values) <= {"connected_on"}:
            out.note(
                line,
                "first_name",
                "a hidden member: LinkedIn keeps only the date you connected; skipped",
                "hidden_member",
                skipped=True,
            )
        else:
            out.note(line, "first_name", "no name: skipped", "no_name", skipped=True)
        return None
    kept: list[str] = []
    connected = _date(values, columns, "connected_on", line, out, kept)
    return {
        "name": name,
        "company": values.get("company"),
        "title": values.get("title"),
        "email": values.get("email"),
        "linkedin_url": values.get("linkedin_url"),
        "connected_on": connected[0] if connected is not None else None,
        "notes": "\n".join(kept) or None,
    }


_SPLIT_URLS = re.compile(r"[,\s]+")


def build_message(
    values: dict[str, str],
    columns: dict[str, DateColumn],
    profile: Profile,
    line: int,
    out: Prepared,
) -> dict[str, Any] | None:
    if values.get("draft", "").casefold() in ("yes", "true", "1"):
        out.note(line, "draft", "a draft, never sent: skipped", "draft", skipped=True)
        return None
    at = _date(values, columns, "at", line, out)
    if at is None:
        if "at" not in values:
            out.note(line, "at", "no date: skipped", "no_date", skipped=True)
        else:
            out.warnings[-1].skipped = True
            out.warnings[-1].message += "; the message is skipped"
        return None
    direction = values.get("direction", "").casefold()
    return {
        "conversation_id": values.get("conversation_id", ""),
        "title": values.get("conversation_title", ""),
        "sender": values.get("sender", ""),
        "sender_url": values.get("sender_url"),
        "recipient": values.get("recipient", ""),
        "recipient_urls": [u for u in _SPLIT_URLS.split(values.get("recipient_urls", "")) if u],
        "at": at[1],
        "subject": values.get("subject", ""),
        "content": values.get("content", ""),
        "folder": values.get("folder", ""),
        "outgoing": True
        if direction.startswith("out")
        else False
        if direction.startswith("in")
        else None,
    }


def build_invitation(
    values: dict[str, str],
    columns: dict[str, DateColumn],
    profile: Profile,
    line: int,
    out: Prepared,
) -> dict[str, Any] | None:
    row = build_message(values, columns, profile, line, out)
    if row is None:
        return None
    row["sender_url"] = values.get("inviter_url")
    row["recipient_urls"] = [values["invitee_url"]] if values.get("invitee_url") else []
    return row


def fused_column(table: Table, mapping: dict[str, int], sample: int = 200) -> int | None:
    """The column that holds company and role in one ("Meta SDE 1") when no column maps to
    the company: the column mapped to ``company_title`` (Name, Application, Opportunity …),
    when most of its values split into a company and a role (people's names do not)."""
    candidates = [mapping[FUSED]] if FUSED in mapping else []
    for index in candidates:
        values = []
        for _, cells in table.records():
            if index < len(cells) and cells[index].strip():
                values.append(cells[index].strip())
            if len(values) >= sample:
                break
        if not values:
            continue
        split = sum(1 for v in values if split_company_role(v)[1])
        if split >= 0.6 * len(values):
            return index
    return None


_SELF_ID = re.compile(
    r"gender|race|ethnic|veteran|disabilit|sexual|orientation|pronoun|"
    r"transgender|hispanic|latino|date of birth|\bage\b|religio|nationality|"
    r"marital|phone|e-?mail|address|\bssn\b|social security",
    re.IGNORECASE,
)


def screening_answers(text: str) -> str | None:
    """LinkedIn's `Question And Answers` (`question:answer | question:answer`) as plain text
    for the notes, without the self-identification and contact answers (gender, race,
    veteran, disability, phone, e-mail) that have no place in a search index."""
    kept = [
        pair.strip()
        for pair in plain(text).split(" | ")
        if pair.strip() and not _SELF_ID.search(pair.split(":", 1)[0])
    ]
    return "\n".join(kept) or None
