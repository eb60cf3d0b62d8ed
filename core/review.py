"""The weekly review: what moved, what is new, stale or ghosted, who to call, what to follow
up, the funnel by level and whether the gaps grow or shrink.

``build_review`` returns a ``Review`` (frozen dataclasses all the way down; ``to_json()`` is
the ``rung review --format json`` contract); ``complete_review`` stores that JSON as the week's
snapshot with the user's note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, ClassVar

from dateutil import tz

from . import clock
from .asks import AskItem, review_asks
from .clock import now_iso
from .commands.contacts import overdue_contacts
from .dates import iso_week
from .errors import ValidationError
from .jsonable import JsonRecord
from .stages import ACTIVE_STAGES, STAGE_RANK
from .store import Store
from .visible import visible
from .vouch import promote_vouchers
from .warm import Intro, intro_candidates
from .wording import plural

FUNNEL = ("applied", "screening", "interviewing", "offer")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True)
class Moved(JsonRecord):
    """An application that changed stage."""

    JSON_NAMES: ClassVar[Mapping[str, str]] = {"from_stage": "from", "to_stage": "to"}

    id: int
    company: str
    title: str
    level: str | None
    at: str
    from_stage: str
    to_stage: str


@dataclass(frozen=True, slots=True)
class Added(JsonRecord):
    """An application created (its first stage event)."""

    id: int
    company: str
    title: str
    level: str | None
    at: str
    stage: str


@dataclass(frozen=True, slots=True)
class InterviewItem(JsonRecord):
    """An interview held in the week, or ahead in the next 14 days."""

    JSON_NAMES: ClassVar[Mapping[str, str]] = {"with_whom": "with"}

    id: int
    application_id: int
    company: str
    title: str
    round: int | None
    kind: str
    at: str
    with_whom: str | None


@dataclass(frozen=True, slots=True)
class Interviews(JsonRecord):
    """The week's interviews: held (up to the review's day) and ahead."""

    held: list[InterviewItem]
    ahead: list[InterviewItem]


@dataclass(frozen=True, slots=True)
class PreviousWeek(JsonRecord):
    """What moved, was added and was held the week before."""

    week: str
    moved: list[Moved]
    new: list[Added]
    held: list[InterviewItem]


@dataclass(frozen=True, slots=True)
class Quiet(JsonRecord):
    """An open application without activity for ``days`` (stale, or a ghost suggestion)."""

    id: int
    company: str
    title: str
    stage: str
    days: int


@dataclass(frozen=True, slots=True)
class FollowupItem(JsonRecord):
    """A follow-up; ``about`` is its contact's name or its application's "company — title"."""

    id: int
    what: str
    due_on: str | None
    about: str | None
    overdue_days: int | None


@dataclass(frozen=True, slots=True)
class Followups(JsonRecord):
    """Follow-ups as they stood on the review's day (``_followups`` defines each list)."""

    due: list[FollowupItem]
    overdue: list[FollowupItem]
    done: list[FollowupItem]


@dataclass(frozen=True, slots=True)
class ContactDue:
    """Someone to call; a voucher (``core.vouch.promote_vouchers``) has a ``reason``, the
    gap it can vouch for and the application in its final round."""

    id: int
    name: str
    company: str | None
    relationship: str | None
    last_contacted: str | None
    due: str
    reason: str | None = None
    vouch_for: str | None = None
    application_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "company": self.company,
            "relationship": self.relationship,
            "last_contacted": self.last_contacted,
            "due": self.due,
        }
        if self.reason is not None:
            out |= {
                "reason": self.reason,
                "vouch_for": self.vouch_for,
                "application_id": self.application_id,
            }
        return out


@dataclass(frozen=True, slots=True)
class Funnel(JsonRecord):
    """Applications reaching each funnel stage, by level: ``{level: {stage: n}}`` this week
    and over 12 weeks, and the 12 weeks' conversion from each stage to the next."""

    week: dict[str, dict[str, int]]
    weeks12: dict[str, dict[str, int]]
    conversion12: dict[str, dict[str, float | None]]


@dataclass(frozen=True, slots=True)
class GapTrend(JsonRecord):
    """Feedback in a gap: the last 4 weeks, the 4 before, their change (shown as
    ``trend_mark``) and 12 weekly counts, oldest first."""

    slug: str
    label: str
    kind: str
    last4: int
    prev4: int
    change: int
    weeks: list[int]


@dataclass(frozen=True, slots=True)
class Review(JsonRecord):
    """The review of one ISO week. ``as_of`` is the day it is counted at: today, or the
    week's Sunday when that is past; ``no_reason`` counts the rejections that gave no reason
    (the user should ask); ``asks`` are the open asks, not sent first. ``to_json()`` is
    the ``rung review --format json`` shape (and the stored snapshot)."""

    week: str
    start: str
    end: str
    today: str
    as_of: str
    streak: int
    moved: list[Moved]
    new: list[Added]
    interviews: Interviews
    previous: PreviousWeek
    stale: list[Quiet]
    ghost_suggestions: list[Quiet]
    followups: Followups
    contacts_due: list[ContactDue]
    funnel: Funnel
    gaps: list[GapTrend]
    applied_weeks: list[int]  # applications sent in each of 12 weeks, oldest first
    applied_weeks_by_level: dict[str, list[int]]
    no_reason: int
    intros: list[Intro]
    asks: list[AskItem]
    note: str | None
    completed_at: str | None


def parse_week(value: str | None) -> tuple[str, date]:
    """(``YYYY-Www``, its Monday) for a week text, or the current week when None."""
    if not value:
        today = clock.today()
        monday = today - timedelta(days=today.weekday())
        return iso_week(monday), monday
    match = _WEEK.match(value.strip().upper())
    if not match:
        raise ValidationError({"week": f"not an ISO week: {value!r} (like 2026-W48)"})
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise ValidationError({"week": f"no such week: {value!r}"}) from None
    return iso_week(monday), monday


def local_date(value: str | None, zone: tzinfo | None = None) -> date | None:
    """The local calendar day of stored ISO text: dates as given, naive times as local,
    UTC times ("…Z") converted to ``zone`` (default: this machine's)."""
    if not value:
        return None
    if len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone or tz.tzlocal())
    return moment.date()


def build_review(
    store: Store,
    week: str | None = None,
    *,
    stale_days: int = 14,
    ghost_days: int = 21,
    zone: tzinfo | None = None,
    cadence: dict[str, int] | None = None,
) -> Review:
    """The review of one ISO week (``week`` as ``YYYY-Www``; the current week when None)."""
    label, monday = parse_week(week)
    zone = zone or tz.tzlocal()  # built once: tzlocal() is slow to construct
    sunday = monday + timedelta(days=6)
    today = clock.today()
    as_of = min(today, sunday)

    apps = {
        r["id"]: r
        for r in store.query(
            "SELECT a.id, a.title, a.level, a.stage, c.name AS company FROM applications a "
            "JOIN companies c ON c.id = a.company_id"
        )
    }
    # events of the 12 weeks the funnel covers (a day of slack either side for time zones)
    window = (
        (monday - timedelta(weeks=11, days=1)).isoformat(),
        (sunday + timedelta(days=2)).isoformat(),
    )
    events = store.query(
        "SELECT application_id, from_stage, to_stage, at FROM stage_events "
        "WHERE at >= ? AND at < ? ORDER BY at, id",
        window,
    )
    moved: list[Moved] = []
    new: list[Added] = []
    last_monday = monday - timedelta(days=7)
    moved_before: list[Moved] = []
    new_before: list[Added] = []
    held_before: list[InterviewItem] = []
    reached: dict[int, list[tuple[date, str]]] = {}
    for ev in events:
        app = apps.get(ev["application_id"])
        day = local_date(ev["at"], zone)
        if app is None or day is None:
            continue
        reached.setdefault(app["id"], []).append((day, ev["to_stage"]))
        if monday <= day <= sunday:
            into_moved, into_new = moved, new
        elif last_monday <= day < monday:
            into_moved, into_new = moved_before, new_before
        else:
            continue
        base = (app["id"], app["company"], app["title"], app["level"], ev["at"])
        if ev["from_stage"] is None:
            into_new.append(Added(*base, stage=ev["to_stage"]))
        else:
            into_moved.append(Moved(*base, from_stage=ev["from_stage"], to_stage=ev["to_stage"]))

    interviews = store.query(
        "SELECT v.id, v.application_id, v.round, v.kind, v.scheduled_at AS at, "
        "v.with_whom AS with_, c.name AS company, a.title FROM interviews v "
        "JOIN applications a ON a.id = v.application_id JOIN companies c ON c.id = a.company_id "
        "WHERE v.scheduled_at >= ? AND v.scheduled_at < ? AND coalesce(v.outcome, '') != "
        "'cancelled' ORDER BY v.scheduled_at",
        [
            (last_monday - timedelta(days=1)).isoformat(),
            (max(sunday, today) + timedelta(days=16)).isoformat(),
        ],
    )
    held: list[InterviewItem] = []
    ahead: list[InterviewItem] = []
    horizon = today + timedelta(days=14)
    for iv in interviews:
        day = local_date(iv["at"], zone)
        if day is None:
            continue
        item = InterviewItem(
            iv["id"],
            iv["application_id"],
            iv["company"],
            iv["title"],
            iv["round"],
            iv["kind"],
            iv["at"],
            iv["with_"],
        )
        if monday <= day <= sunday and day <= today:
            held.append(item)
        elif last_monday <= day < monday and day <= today:
            held_before.append(item)
        later_today = day == today and len(iv["at"]) > 10 and iv["at"][11:16] >= now_iso()[11:16]
        if today < day <= horizon or later_today:
            ahead.append(item)

    # last activity per open application, to the day (stage moves, interviews,
    # interactions, feedback); anything dated after the review day means it is not stale
    last_event: dict[int, date] = {}
    upcoming: set[int] = set()
    for row in store.query(
        "SELECT id, max(CASE WHEN d <= :asof THEN d END) AS last, max(d > :asof) AS later "
        "FROM (SELECT application_id AS id, substr(at, 1, 10) AS d FROM stage_events "
        "UNION ALL SELECT application_id, substr(scheduled_at, 1, 10) FROM interviews "
        "WHERE coalesce(outcome, '') != 'cancelled' "
        "UNION ALL SELECT application_id, substr(at, 1, 10) FROM interactions "
        "UNION ALL SELECT application_id, substr(received_on, 1, 10) FROM feedback) "
        "WHERE id IN (SELECT id FROM applications WHERE stage IN "
        "('applied', 'screening', 'interviewing', 'offer')) GROUP BY id",
        {"asof": as_of.isoformat()},
    ):
        if row["later"]:
            upcoming.add(row["id"])
        if row["last"]:
            last_event[row["id"]] = date.fromisoformat(row["last"])
    stale: list[Quiet] = []
    ghosts: list[Quiet] = []
    for app_id, app in apps.items():
        if app["stage"] not in ACTIVE_STAGES or app["stage"] == "saved" or app_id in upcoming:
            continue
        last = last_event.get(app_id)
        if last is None:
            continue
        days = (as_of - last).days
        quiet = Quiet(app_id, app["company"], app["title"], app["stage"], days)
        if days >= ghost_days and app["stage"] in ("applied", "screening", "interviewing"):
            ghosts.append(quiet)
        elif days >= stale_days:
            stale.append(quiet)
    stale.sort(key=lambda r: -r.days)
    ghosts.sort(key=lambda r: -r.days)

    followups = _followups(store, monday, sunday, as_of, zone)

    due = [
        {
            "id": c.id,
            "name": c.name,
            "company": c.company,
            "relationship": c.relationship,
            "last_contacted": c.last_contacted,
            "due": min(d for d in (c.next_followup, c.cadence_due) if d),
        }
        for c in overdue_contacts(store, on=sunday.isoformat(), cadence=cadence)
    ]
    contacts_due = [ContactDue(**c) for c in promote_vouchers(store, due, as_of)]

    funnel = _funnel(apps, reached, monday, sunday)
    applied = _applied_weeks(store, sunday, zone)
    gaps = _gap_trend(store, sunday, zone)
    saved = store.query_one("SELECT notes, completed_at FROM reviews WHERE week = ?", [label])
    return Review(
        week=label,
        start=monday.isoformat(),
        end=sunday.isoformat(),
        today=today.isoformat(),
        as_of=as_of.isoformat(),
        streak=review_streak(store),
        moved=moved,
        new=new,
        interviews=Interviews(held, ahead),
        previous=PreviousWeek(
            last_monday.strftime("%G-W%V"), moved_before, new_before, held_before
        ),
        stale=stale,
        ghost_suggestions=ghosts,
        followups=followups,
        contacts_due=contacts_due,
        funnel=funnel,
        gaps=gaps,
        applied_weeks=applied[0],
        applied_weeks_by_level=applied[1],
        no_reason=int(
            store.scalar(
                "SELECT count(*) FROM feedback WHERE status = 'confirmed' AND no_reason = 1"
                " AND gap_id IS NULL"
            )
            or 0
        ),
        # the same for every week shown: once per change (and day), not per [ or ]
        intros=store.memo(("review.intros",), lambda: intro_candidates(store)),
        asks=store.memo(("review.asks", clock.today()), lambda: review_asks(store)),
        note=saved["notes"] if saved else None,
        completed_at=saved["completed_at"] if saved else None,
    )


def _followups(
    store: Store, monday: date, sunday: date, as_of: date, zone: tzinfo | None
) -> Followups:
    """Follow-ups as they stood on the review's day (``as_of``: today, or the reviewed
    week's Sunday when that is past). One definition: a follow-up is *open* on that day if
    it was not done by then; *overdue* if open and due before that day (``overdue_days``
    counts from it, never from today); *due* if open and due from that day to the week's
    Sunday; *done* if done within the week by that day."""
    out = Followups([], [], [])
    for f in store.query(
        "SELECT f.id, f.what, f.due_on, f.done_at, p.name AS contact, "
        "c.name || ' — ' || a.title AS application FROM followups f "
        "LEFT JOIN contacts p ON p.id = f.contact_id LEFT JOIN applications a ON "
        "a.id = f.application_id LEFT JOIN companies c ON c.id = a.company_id "
        "WHERE f.done_at IS NULL OR f.done_at >= ? ORDER BY f.due_on, f.id",
        [(monday - timedelta(days=1)).isoformat()],
    ):
        about = f["contact"] or f["application"]
        due = local_date(f["due_on"], zone)
        done = local_date(f["done_at"], zone)
        if done is not None and done <= as_of:
            if monday <= done:
                out.done.append(FollowupItem(f["id"], f["what"], f["due_on"], about, None))
        elif due is not None and due < as_of:
            days = (as_of - due).days
            out.overdue.append(FollowupItem(f["id"], f["what"], f["due_on"], about, days))
        elif due is not None and due <= sunday:
            out.due.append(FollowupItem(f["id"], f["what"], f["due_on"], about, None))
    return out


def _applied_weeks(
    store: Store, sunday: date, zone: tzinfo | None
) -> tuple[list[int], dict[str, list[int]]]:
    """Applications sent (their applied date) in each of the 12 weeks ending this Sunday,
    oldest first: all of them, and by level."""
    start = sunday - timedelta(days=7 * 12 - 1)
    weeks: list[int] = [0] * 12
    by_level: dict[str, list[int]] = {}
    for row in store.query(
        "SELECT applied_on, level FROM applications WHERE applied_on >= ? AND applied_on < ?",
        [(start - timedelta(days=1)).isoformat(), (sunday + timedelta(days=2)).isoformat()],
    ):
        day = local_date(row["applied_on"], zone)
        if day is not None and start <= day <= sunday:
            week = (day - start).days // 7
            weeks[week] += 1
            by_level.setdefault(row["level"], [0] * 12)[week] += 1
    return weeks, by_level


def trend_mark(change: int) -> str:
    """A count's change since the period before, as every view shows it: ``▲2``, ``▼1``
    or ``=`` (the change, never the earlier count)."""
    return f"▲{change}" if change > 0 else f"▼{-change}" if change < 0 else "="


def _funnel(
    apps: dict[int, dict[str, Any]],
    reached: dict[int, list[tuple[date, str]]],
    monday: date,
    sunday: date,
) -> Funnel:
    """Applications reaching each funnel stage, by level: this week and the last 12 weeks."""
    start12 = monday - timedelta(weeks=11)
    week: dict[str, dict[str, int]] = {}
    weeks12: dict[str, dict[str, int]] = {}
    for app_id, steps in reached.items():
        level = apps[app_id]["level"]
        best_week, best_12 = -1, -1
        for day, stage in steps:
            rank = STAGE_RANK.get(stage, -1)
            if stage not in FUNNEL and stage not in ("accepted",):
                continue
            if monday <= day <= sunday:
                best_week = max(best_week, rank)
            if start12 <= day <= sunday:
                best_12 = max(best_12, rank)
        for best, table in ((best_week, week), (best_12, weeks12)):
            if best < 0:
                continue
            row = table.setdefault(level, dict.fromkeys(FUNNEL, 0))
            for stage in FUNNEL:
                if STAGE_RANK[stage] <= best:
                    row[stage] += 1
    conversion: dict[str, dict[str, float | None]] = {}
    for level, row in weeks12.items():
        conversion[level] = {
            stage: round(row[stage] / row[prev], 2) if row[prev] else None
            for prev, stage in zip(FUNNEL, FUNNEL[1:], strict=False)
        }
    return Funnel(week, weeks12, conversion)


def _gap_trend(store: Store, sunday: date, zone: tzinfo | None) -> list[GapTrend]:
    """Feedback per gap: the 4 weeks ending this Sunday vs the 4 before, and 12 weekly counts.

    Gaps with feedback in the last 12 weeks, the most frequent first.
    """
    start = sunday - timedelta(days=7 * 12 - 1)
    weeks: dict[int, list[int]] = {}
    for row in store.query(
        "SELECT gap_id, received_on FROM feedback WHERE status = "
        "'confirmed' AND gap_id IS NOT NULL AND received_on >= ?",
        [(start - timedelta(days=1)).isoformat()],
    ):
        day = local_date(row["received_on"], zone)
        if day is None or day < start or day > sunday:
            continue
        weeks.setdefault(row["gap_id"], [0] * 12)[(day - start).days // 7] += 1
    out: list[GapTrend] = []
    for gap in store.query("SELECT id, slug, label, kind FROM gaps"):
        if gap["id"] not in weeks:
            continue
        series = weeks[gap["id"]]
        last4, prev4 = sum(series[8:]), sum(series[4:8])
        out.append(
            GapTrend(gap["slug"], gap["label"], gap["kind"], last4, prev4, last4 - prev4, series)
        )
    out.sort(key=lambda g: (-sum(g.weeks), -g.last4, g.slug))
    return out


def review_streak(store: Store) -> int:
    """Completed reviews in a row, ending this week or last week."""
    done = {
        r["week"] for r in store.query("SELECT week FROM reviews WHERE completed_at IS NOT NULL")
    }
    monday = clock.today() - timedelta(days=clock.today().weekday())
    if iso_week(monday) not in done:
        monday -= timedelta(weeks=1)
    streak = 0
    while iso_week(monday) in done:
        streak += 1
        monday -= timedelta(weeks=1)
    return streak


def complete_review(
    store: Store, week: str | None = None, note: str | None = None, **options: Any
) -> Review:
    """Store the week's figures as the user saw them, with their note; returns the review."""
    review = build_review(store, week, **options)
    review = replace(review, note=(note or "").strip() or review.note, completed_at=now_iso())
    with store.transaction():
        store.execute(
            "INSERT INTO reviews (week, completed_at, notes, snapshot) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(week) DO UPDATE SET completed_at = excluded.completed_at, "
            "notes = excluded.notes, snapshot = excluded.snapshot",
            [
                review.week,
                review.completed_at,
                review.note,
                json.dumps(review.to_json(), ensure_ascii=False),
            ],
        )
    return replace(review, streak=review_streak(store))


def save_note(store: Store, week: str | None, note: str) -> None:
    """Keep the week's free-text note (without completing the review)."""
    label, _ = parse_week(week)
    with store.transaction():
        store.execute(
            "INSERT INTO reviews (week, notes) VALUES (?, ?) ON CONFLICT(week) "
            "DO UPDATE SET notes = excluded.notes",
            [label, note.strip() or None],
        )


def render_markdown(review: Review) -> str:
    """The review as Markdown, to paste into a journal."""
    lines = [f"# Weekly review {review.week} ({review.start} – {review.end})", ""]
    if review.streak:
        lines.append(f"Reviewed {plural(review.streak, 'week')} in a row.")
        lines.append("")

    def section(title: str, items: list[str], empty: str) -> None:
        lines.append(f"## {title}")
        lines.extend(f"- {i}" for i in items) if items else lines.append(f"_{empty}_")
        lines.append("")

    section(
        "Moved",
        [f"{m.company} — {m.title}: {m.from_stage} → {m.to_stage}" for m in review.moved],
        "nothing moved",
    )
    section(
        "New",
        [f"{n.company} — {n.title} ({n.stage})" for n in review.new],
        "no new applications",
    )
    section(
        "Interviews ahead (14 days)",
        [
            f"{i.at[:16].replace('T', ' ')} {i.company} — {i.title}, round "
            f"{i.round} ({i.kind.replace('_', ' ')})"
            for i in review.interviews.ahead
        ],
        "none scheduled",
    )
    section(
        "Follow-ups",
        [
            f"overdue {plural(f.overdue_days or 0, 'day')} on {review.as_of} "
            f"(due {f.due_on}): {f.what} ({f.about or '—'})"
            for f in review.followups.overdue
        ]
        + [f"due {f.due_on}: {f.what} ({f.about or '—'})" for f in review.followups.due],
        "nothing due",
    )
    section(
        "Who to call",
        [
            f"{c.name}"
            + (f" ({c.company})" if c.company else "")
            + f", due {c.due}"
            + (f" — {c.reason}" if c.reason else "")
            for c in review.contacts_due
        ],
        "everyone is up to date",
    )
    section(
        "Ask for an intro (you know someone there, not contacted since applying)",
        [
            f"{i.contact} at {i.company} — {i.title} (applied "
            f"{(i.applied_on or '?')[:10]}" + ("" if i.stage == "applied" else f", {i.stage}") + ")"
            for i in review.intros
        ],
        "nobody to ask",
    )
    section(
        "Stale (no move in 14+ days)",
        [f"{a.company} — {a.title}: {a.stage} for {a.days} days" for a in review.stale],
        "nothing stale",
    )
    section(
        "Ghosted? (confirm or chase)",
        [
            f"{a.company} — {a.title}: {a.stage}, {a.days} days silent"
            for a in review.ghost_suggestions
        ],
        "none",
    )
    weeks = review.applied_weeks
    lines.extend(
        [
            "## Applied per week, last 12 weeks",
            " ".join(str(n) for n in weeks) + f" ({sum(weeks)} in all, "
            f"{weeks[-1] if weeks else 0} this week)",
            "",
        ]
    )
    lines.append("## Funnel, last 12 weeks")
    if review.funnel.weeks12:
        lines.append("| level | applied | screening | interviewing | offer |")
        lines.append("|---|---|---|---|---|")
        for level, row in sorted(review.funnel.weeks12.items()):
            lines.append(f"| {level} | " + " | ".join(str(row[s]) for s in FUNNEL) + " |")
    else:
        lines.append("_no applications in the last 12 weeks_")
    lines.append("")
    section(
        "Gaps, last 4 weeks vs the 4 before",
        [
            f"{g.label}: {g.last4} {trend_mark(g.change)} (was {g.prev4}"
            + (", growing" if g.change > 0 else ", shrinking" if g.change < 0 else "")
            + ")"
            + (" — their reason" if g.kind == "external" else "")
            for g in review.gaps
        ],
        "no feedback in the last 8 weeks",
    )
    asks = review.asks
    if asks:
        unasked = sum(1 for a in asks if not a.asked_on)
        section(
            f"Ask why: {plural(unasked, 'rejection')} without a reason",
            [
                f"{a.company} — {a.title}: "
                + ("said only “more experience”" if a.why == "generic" else "no reason")
                + (f"; ask {a.contact.name}" if a.contact else "")
                + (f" (asked {a.asked_on}, no answer)" if a.asked_on else "")
                for a in asks
            ],
            "",
        )
    elif review.no_reason:
        lines.extend(
            [
                f"{plural(review.no_reason, 'rejection')} gave no reason: ask what "
                "was missing"
                " (rung gaps --json lists them under no_reason)",
                "",
            ]
        )
    if review.note:
        lines.extend(["## Note", review.note, ""])
    # for a terminal or a journal: names, notes and messages show their control characters
    return visible("\n".join(lines).rstrip() + "\n", multiline=True)


def render_text(review: Review) -> str:
    """The review as plain text for a terminal."""
    text = render_markdown(review)
    text = re.sub(r"^#+ ", "", text, flags=re.MULTILINE)
    return re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"\1", text)
