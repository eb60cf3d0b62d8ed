"""The prep sheet for an interview: who you'll meet, what they may probe, your stories for
it, what to ask back, who can vouch, and what this company said before (``rung prep``,
``p`` in the app).

``prep_sheet`` gathers the parts (plain dataclasses) in a handful of queries;
``render_prep`` lays them out as Markdown. Text from the database reaches the Markdown
with its control characters made visible (``core.visible``): no raw ESC lands in a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from . import clock
from .clustering.taxonomy import taxonomy
from .clustering.weights import feedback_weight
from .commands.applications import get_application
from .commands.interviews import get_interview, interviews_ahead
from .company_page import company_page
from .dates import describe_moment, to_date
from .errors import ValidationError
from .evidence import Evidence, list_evidence
from .ladder import build_ladder
from .levels import LEVEL_LABELS
from .models import Application, Interview
from .resources import read_toml
from .store import Store
from .text import fold, normalize_person
from .visible import visible
from .vouch import vouchers_for
from .warm import people_at_application
from .wording import plural

MAX_LEVEL_GAPS = 5  # the gaps most raised at the level: the top few, not the whole list


@dataclass
class PrepInterview:
    """The interview the sheet prepares for."""

    id: int
    round: int
    kind: str
    scheduled_at: str | None
    with_whom: str | None
    notes: str | None = None

    @property
    def kind_label(self) -> str:
        """``exec``, ``case presentation``…"""
        return self.kind.replace("_", " ")


@dataclass
class PrepPerson:
    """Someone you'll meet or know there: a contact, or an interviewer named in the
    interview's *with whom* who is not one (``contact_id`` None)."""

    name: str
    contact_id: int | None = None
    title: str | None = None
    company: str | None = None
    relationship: str | None = None
    last_contacted: str | None = None
    interviewer: bool = False  # named in the interview's *with whom*
    linked: bool = False  # interactions or follow-ups about this application
    at_company: bool = False  # works at the company
    role: str | None = None  # what *with whom* says they are ("CTO")
    named: bool = True  # False: *with whom* gives a role, no name


def is_story(entry: Evidence) -> bool:
    """Whether a piece of evidence can be told as situation, action, result."""
    return bool(entry.situation or entry.action or entry.result)


@dataclass
class PrepGap:
    """A gap they may probe: why it is on the sheet, your stories, what to ask back."""

    slug: str
    label: str
    weight: float = 0.0
    level_count: int = 0  # cited at later rounds at the application's level
    company_count: int = 0  # cited in this company's past feedback
    stories: list[Evidence] = field(default_factory=list)  # stories first, newest first
    questions: list[str] = field(default_factory=list)


@dataclass
class PrepVoucher:
    """A contact who can speak to one or more of the sheet's gaps, and how to reach them."""

    contact_id: int
    name: str
    gaps: list[str]  # labels
    title: str | None = None
    company: str | None = None
    relationship: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin_url: str | None = None
    note: str | None = None


@dataclass
class PastFeedback:
    """One piece of feedback from an earlier application to the company."""

    text: str
    received_on: str | None
    filed_as: str  # the gap's label, "no reason given", "not filed yet"
    theirs: bool = False  # an external reason: the company's, not yours


@dataclass
class PastApplication:
    """An earlier application to the same company and what it heard."""

    id: int
    title: str
    level: str
    stage: str
    applied_on: str | None
    feedback: list[PastFeedback] = field(default_factory=list)


@dataclass
class PrepSheet:
    """Everything the prep sheet says, in the order it says it."""

    application_id: int
    company: str
    title: str
    level: str
    stage: str
    today: str
    interview: PrepInterview | None
    people: list[PrepPerson]
    gaps: list[PrepGap]
    general_questions: list[str]
    vouchers: list[PrepVoucher]
    past: list[PastApplication]
    vouch_available: bool = True  # the who-can-vouch data exists in this rung

    @property
    def level_label(self) -> str:
        """``Director``, ``Sr Manager``…"""
        return LEVEL_LABELS.get(self.level, self.level)

    @property
    def day(self) -> str:
        """The sheet's day for a file name: the interview's, else today."""
        when = self.interview.scheduled_at if self.interview else None
        return (to_date(when) or date.fromisoformat(self.today)).isoformat()


# -- the questions -----------------------------------------------------------------------


@cache
def _questions() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    data = read_toml("schemas", "prep_questions.toml")
    per_gap = {slug: tuple(v.get("questions", ())) for slug, v in data.get("gap", {}).items()}
    per_kind = {kind: tuple(v.get("questions", ())) for kind, v in data.get("kind", {}).items()}
    return per_gap, per_kind


def gap_questions(slug: str) -> list[str]:
    """The questions to ask back about a gap (schemas/prep_questions.toml), or none."""
    return list(_questions()[0].get(slug, ()))


def kind_questions(kind: str | None) -> list[str]:
    """General questions for an interview of ``kind`` (``other`` when none is known)."""
    per_kind = _questions()[1]
    return list(per_kind.get(kind or "other", per_kind.get("other", ())))


# -- gathering ---------------------------------------------------------------------------


def _interview(store: Store, application_id: int, interview_id: int | None) -> Interview | None:
    if interview_id is None:
        ahead = interviews_ahead(store, application_id)
        return ahead[0] if ahead else None
    interview = get_interview(store, interview_id)
    if interview.application_id != application_id:
        raise ValidationError(
            {"interview": f"interview {interview_id} is not one of application {application_id}'s"}
        )
    return interview


_SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\band\b|\bwith\b)\s*", re.IGNORECASE)
_PARENS = re.compile(r"\(([^)]*)\)")
_ROLE_WORD = re.compile(
    r"^(?:head|director|manager|recruiter|founder|chief|lead|vp|svp|evp|"
    r"cto|ceo|cio|cfo|coo|hr|talent|engineering|hiring|panel)\b",
    re.IGNORECASE,
)


def _is_role(text: str) -> bool:
    """ "CTO", "VP Engineering", "head of platform": a role, not a name."""
    return (text.isupper() and len(text) <= 5) or bool(_ROLE_WORD.match(text))


def split_with_whom(text: str | None) -> list[tuple[str, str | None]]:
    """The people an interview's *with whom* names, as (name, role): ``"Dana Lee (CTO),
    Sam Park"`` -> [("Dana Lee", "CTO"), ("Sam Park", None)]; ``"Dana Lee, CTO"`` keeps
    CTO as Dana's role."""
    out: list[tuple[str, str | None]] = []
    for piece in _SEPARATORS.split(text or ""):
        roles = [r.strip() for r in _PARENS.findall(piece) if r.strip()]
        name = " ".join(_PARENS.sub(" ", piece).split())
        if not name:
            continue
        if out and not roles and _is_role(name):
            previous, role = out[-1]
            out[-1] = (previous, f"{role}, {name}" if role else name)
            continue
        out.append((name, ", ".join(roles) or None))
    return out


_CONTACT_COLUMNS = """
SELECT p.id, p.name, p.normalized_name, p.title, p.relationship, p.company_id, p.email,
       p.phone, p.linkedin_url, c.name AS company,
       (SELECT max(i.at) FROM interactions i WHERE i.contact_id = p.id) AS last_contacted
FROM contacts p LEFT JOIN companies c ON c.id = p.company_id
"""


def _name_keys(name: str) -> list[str]:
    """Every run of two or more consecutive words of a folded name, longest first (so
    "Dana Lee CTO" finds Dana Lee), or the one word of a one-word name."""
    words = normalize_person(name).split()
    if len(words) <= 1:
        return words
    return [
        " ".join(words[i:j])
        for size in range(len(words), 1, -1)
        for i in range(len(words) - size + 1)
        for j in (i + size,)
    ]


def _people(store: Store, app: Application, interview: Interview | None) -> list[PrepPerson]:
    """Interviewers first (contacts or not), then contacts linked to the application, then
    the others at the company (``core.warm``: "Acme" is "ACME Inc."; latest touch first)."""
    there = people_at_application(store, app.id)
    at_company = {p.id for p in there}
    people: dict[int, PrepPerson] = {}
    order: list[PrepPerson] = []

    def person(row: dict[str, Any]) -> PrepPerson:
        found = people.get(row["id"])
        if found is None:
            found = people[row["id"]] = PrepPerson(
                row["name"],
                row["id"],
                row["title"],
                row["company"],
                row["relationship"],
                row["last_contacted"],
                at_company=row["id"] in at_company or row["company_id"] == app.company_id,
            )
            order.append(found)
        return found

    named = split_with_whom(interview.with_whom if interview else None)
    keys = {key for name, _ in named for key in _name_keys(name)}
    by_name: dict[str, list[dict[str, Any]]] = {}
    if keys:
        marks = ",".join("?" * len(keys))
        for row in store.query(
            _CONTACT_COLUMNS + f" WHERE p.normalized_name IN ({marks}) "
            "ORDER BY p.company_id IS NOT ?, p.id",
            [*keys, app.company_id],
        ):
            by_name.setdefault(row["normalized_name"], []).append(row)
    for name, role in named:
        match = next((by_name[k][0] for k in _name_keys(name) if k in by_name), None)
        if match is None:
            order.append(PrepPerson(name, interviewer=True, role=role, named=not _is_role(name)))
            continue
        found = person(match)
        found.interviewer = True
        found.role = found.role or role
    for row in store.query(
        _CONTACT_COLUMNS + " WHERE p.id IN (SELECT contact_id FROM interactions WHERE "
        "application_id = :app UNION SELECT contact_id FROM followups WHERE "
        "application_id = :app AND contact_id IS NOT NULL) ORDER BY last_contacted DESC",
        {"app": app.id},
    ):
        person(row).linked = True
    for known in there:
        person(
            {
                "id": known.id,
                "name": known.name,
                "title": known.title,
                "company": known.company,
                "relationship": known.relationship,
                "last_contacted": known.last_contact,
                "company_id": app.company_id,
            }
        )
    return order


def _level_gaps(store: Store, level: str) -> list[tuple[str, str, float, int]]:
    """(slug, label, weight, count) of the gaps cited at later rounds at ``level``, heaviest
    first: the Ladder's figures (``core.ladder``)."""
    row = next((r for r in build_ladder(store).levels if r.level == level), None)
    return [(g.slug, g.label, g.weight, g.count) for g in row.gaps] if row else []


def _stories(store: Store) -> dict[str, list[Evidence]]:
    """Evidence entries by live gap slug (``core.evidence``, merges followed), stories
    first, newest first."""
    out: dict[str, list[Evidence]] = {}
    for e in list_evidence(store):  # newest first
        out.setdefault(e.slug, []).append(e)
    for entries in out.values():
        entries.sort(key=lambda e: not is_story(e))  # stable: stories first, each newest first
    return out


def _vouchers(store: Store, gaps: list[PrepGap]) -> list[PrepVoucher]:
    """Contacts tagged for the sheet's gaps (``core.vouch``), in the gaps' order, with how
    to reach them."""
    found: dict[int, PrepVoucher] = {}
    for gap in gaps:
        for v in vouchers_for(store, gap.slug):
            voucher = found.get(v.id)
            if voucher is None:
                voucher = found[v.id] = PrepVoucher(
                    v.id, v.name, [], v.title, v.company, v.relationship, note=v.note
                )
            if gap.label not in voucher.gaps:
                voucher.gaps.append(gap.label)
    if found:
        marks = ",".join("?" * len(found))
        for row in store.query(
            f"SELECT id, email, phone, linkedin_url FROM contacts WHERE id IN ({marks})",
            list(found),
        ):
            voucher = found[row["id"]]
            voucher.email, voucher.phone = row["email"], row["phone"]
            voucher.linkedin_url = row["linkedin_url"]
    return list(found.values())


def prep_sheet(store: Store, application_id: int, *, interview_id: int | None = None) -> PrepSheet:
    """The prep sheet of an application: for ``interview_id``, else for its next interview
    ahead (or none). NotFound for an unknown application or interview."""
    app = get_application(store, application_id)
    interview = _interview(store, application_id, interview_id)
    today = clock.today()
    page = company_page(store, app.company_id)

    gaps: dict[str, PrepGap] = {}
    labels = {g.slug: g.label for g in taxonomy()}
    for slug, label, weight, count in _level_gaps(store, app.level)[:MAX_LEVEL_GAPS]:
        gaps[slug] = PrepGap(slug, label, weight, level_count=count)
    past: list[PastApplication] = []
    for earlier in page.applications:
        if earlier.id != app.id:
            past.append(
                PastApplication(
                    earlier.id, earlier.title, earlier.level, earlier.stage, earlier.applied_on
                )
            )
        for fb in earlier.feedback:
            theirs = fb.gap_kind == "external"
            if earlier.id != app.id:
                past[-1].feedback.append(PastFeedback(fb.text, fb.received_on, fb.filed_as, theirs))
            if fb.gap_slug and fb.gap_kind == "gap":
                gap = gaps.get(fb.gap_slug)
                if gap is None:
                    gap = gaps[fb.gap_slug] = PrepGap(
                        fb.gap_slug, fb.gap_label or labels.get(fb.gap_slug, fb.gap_slug)
                    )
                gap.company_count += 1
                gap.weight += feedback_weight(fb.received_on, None, today)
    ranked = sorted(gaps.values(), key=lambda g: (-g.weight, -g.company_count, g.label))
    stories = _stories(store)
    for gap in ranked:
        gap.weight = round(gap.weight, 3)
        gap.stories = stories.get(gap.slug, [])
        gap.questions = gap_questions(gap.slug)

    return PrepSheet(
        application_id=app.id,
        company=app.company,
        title=app.title,
        level=app.level,
        stage=app.stage,
        today=today.isoformat(),
        interview=PrepInterview(
            interview.id,
            interview.round,
            interview.kind,
            interview.scheduled_at,
            interview.with_whom,
            interview.notes,
        )
        if interview
        else None,
        people=_people(store, app, interview),
        gaps=ranked,
        general_questions=kind_questions(interview.kind if interview else None),
        vouchers=_vouchers(store, ranked),
        past=past,
    )


# -- Markdown ----------------------------------------------------------------------------


def _t(text: str | None) -> str:
    """Stored text on one Markdown line: whitespace collapsed, control characters shown."""
    return visible(" ".join((text or "").split()))


def _from_today(day: date, today: date) -> str:
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {plural(days, 'day')}" if days > 0 else f"{plural(-days, 'day')} ago"


def _local(iso: str) -> str:
    """A stored moment in this machine's time: a UTC time (``…Z``) converted, the rest as is."""
    if not iso.endswith("Z"):
        return iso
    try:
        moment = datetime.fromisoformat(iso[:-1] + "+00:00")
    except ValueError:
        return iso
    return moment.astimezone().replace(tzinfo=None).isoformat(timespec="minutes")


def describe_interview(interview: PrepInterview, today: date) -> str:
    """``round 3 · exec · Fri 2026-12-11 10:00 (in 18 days) · with Dana Lee (CTO)``."""
    parts = [f"round {interview.round}", interview.kind_label]
    if interview.scheduled_at:
        moment = _local(interview.scheduled_at)
        try:
            when = describe_moment(moment)
        except ValueError:
            when = _t(interview.scheduled_at)
        day = to_date(moment)
        parts.append(f"{when} ({_from_today(day, today)})" if day else when)
    else:
        parts.append("date not set")
    if interview.with_whom:
        parts.append(f"with {_t(interview.with_whom)}")
    return " · ".join(parts)


def _person_line(p: PrepPerson, today: date) -> str:
    what = [
        x
        for x in (
            _t(p.title) if p.title else None,
            _t(p.role) if p.role and p.role != p.title else None,
        )
        if x
    ]
    bits = [f"**{_t(p.name)}**" + (f", {' · '.join(what)}" if what else "")]
    if p.company and not p.at_company:
        bits.append(f"at {_t(p.company)}")
    if p.relationship:
        bits.append(p.relationship.replace("_", " "))
    why = []
    if p.interviewer and not p.named:
        why.append("your interviewer (no name recorded: ask the recruiter who it is)")
    elif p.interviewer:
        why.append("your interviewer" + ("" if p.contact_id else " (not in your contacts)"))
    if p.linked:
        why.append("in touch about this application")
    if p.contact_id is not None:
        last = to_date(p.last_contacted)
        why.append(
            f"last touch {last.isoformat()} ({_from_today(last, today)})"
            if last
            else "never contacted"
        )
    return " — ".join([" · ".join(bits), *(["; ".join(why)] if why else [])])


def _story_lines(story: Evidence) -> list[str]:
    when = f" ({story.on[:10]})" if story.on else ""
    if not is_story(story):
        return [f"- {_t(story.text)}{when}"]
    lines = [f"- **Story: {_t(story.text)}**{when}"]
    for name, value in (
        ("Situation", story.situation),
        ("Action", story.action),
        ("Result", story.result),
    ):
        if value:
            lines.append(f"  - *{name}:* {_t(value)}")
    return lines


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else plural(count, "time")


def _why_line(gap: PrepGap, level: str) -> str:
    why = []
    if gap.level_count:
        why.append(f"cited {_times(gap.level_count)} at later rounds at {level}")
    if gap.company_count:
        why.append(f"{_times(gap.company_count)} in this company's feedback")
    return f"*{'; '.join(why)} · weight {gap.weight:.2f}*" if why else ""


def render_prep(sheet: PrepSheet) -> str:
    """The sheet as Markdown (ends with a newline)."""
    today = date.fromisoformat(sheet.today)
    level = sheet.level_label
    out = [f"# Prep: {_t(sheet.title)} ({level}) at {_t(sheet.company)}", ""]
    if sheet.interview:
        out.append(f"**Interview:** {describe_interview(sheet.interview, today)}")
    else:
        out.append("**Interview:** none scheduled ahead (add one with i on the application)")
    out += [
        "",
        f"**Stage:** {sheet.stage} · application {sheet.application_id} · prepared {sheet.today}",
        "",
    ]

    out += ["## People you'll meet / know there", ""]
    out += [f"- {_person_line(p, today)}" for p in sheet.people] or [
        f"- Nobody you know at {_t(sheet.company)} yet: who could introduce you?"
    ]

    out += ["", "## What they may probe", ""]
    if not sheet.gaps:
        out.append(
            f"- No gap cited at {level} or by {_t(sheet.company)} yet: prepare "
            "your strongest stories for the role."
        )
    for gap in sheet.gaps:
        out += [f"### {_t(gap.label)}", ""]
        why = _why_line(gap, level)
        if why:
            out += [why, ""]
        if gap.stories:
            out.append("Your stories:")
            for story in gap.stories:
                out += _story_lines(story)
        else:
            out.append(
                f'⚠ No story yet for {_t(gap.label)} — add one: rung evidence add {gap.slug} "…"'
            )
        out.append("")

    out += ["## Questions to ask back", ""]
    if sheet.general_questions:
        kind = sheet.interview.kind_label if sheet.interview else "any interview"
        out += [f"For {'an' if kind[:1] in 'aeiou' else 'a'} {kind} interview:", ""]
        out += [f"- {q}" for q in sheet.general_questions]
        out.append("")
    for gap in sheet.gaps:
        if gap.questions:
            out += [f"On {_t(gap.label)}:", ""]
            out += [f"- {q}" for q in gap.questions]
            out.append("")

    out += ["## Who can vouch", ""]
    if sheet.vouchers:
        for v in sheet.vouchers:
            reach = (
                " · ".join(_t(x) for x in (v.email, v.phone, v.linkedin_url) if x)
                or "no email, phone or LinkedIn recorded"
            )
            where = ", ".join(_t(x) for x in (v.title, v.company) if x)
            rel = f" ({v.relationship.replace('_', ' ')})" if v.relationship else ""
            note = f" — {_t(v.note)}" if v.note else ""
            out.append(
                f"- **{_t(v.name)}**{', ' + where if where else ''}{rel}: can speak to "
                f"{', '.join(_t(g) for g in v.gaps)}{note} — reach: {reach}"
            )
    elif sheet.gaps:
        out.append(
            "- Nobody tagged for these gaps yet: tag a contact with "
            "rung contact vouch CONTACT_ID GAP_SLUG"
        )
    else:
        out.append("- No gaps on this sheet to vouch for.")

    out += ["", f"## From {_t(sheet.company)} before", ""]
    if not sheet.past:
        out.append(f"- This is your first application to {_t(sheet.company)}.")
    for earlier in sheet.past:
        applied = f", applied {earlier.applied_on[:10]}" if earlier.applied_on else ""
        out.append(
            f"- **{_t(earlier.title)}** ({LEVEL_LABELS.get(earlier.level, earlier.level)}"
            f"{applied}): {earlier.stage}"
        )
        for fb in earlier.feedback:
            day = f"{fb.received_on[:10]}: " if fb.received_on else ""
            filed = f"their reason, not yours: {fb.filed_as}" if fb.theirs else fb.filed_as
            out.append(f"  - {day}“{_t(fb.text)}” — {_t(filed)}")
        if not earlier.feedback:
            out.append("  - no feedback recorded")
    return "\n".join(out).rstrip("\n") + "\n"


def prep_file_name(sheet: PrepSheet) -> str:
    """``acme-2026-12-11-12.md``: the company, the interview's day (else today), the id."""
    company = fold(sheet.company).replace(" ", "-")[:40].strip("-") or "company"
    return f"{company}-{sheet.day}-{sheet.application_id}.md"
