"""The gaps ranked by weight: with every piece of feedback (``gaps_report``) or as the
figures a list of gaps shows (``gaps_summary``, a fraction of the cost on large data).

The counts every view shows are defined here once (``Totals``), and so is a gap's share:
**a gap's share is its count over the feedback that gives a reason** (every confirmed piece
but the form letters of ``no_reason``: in a gap of yours, in one of theirs, or
unclustered), at the level shown; ``share_text`` words it for every view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import clock
from ..store import Store
from .weights import feedback_weight, month_keys

_FROM = (
    " FROM feedback f LEFT JOIN interviews v ON v.id = f.interview_id "
    "LEFT JOIN applications a ON a.id = f.application_id "
)
_ORDER = " ORDER BY f.received_on DESC, f.id DESC"


def share(count: int, reasons: int) -> float:
    """A gap's share: ``count`` over the feedback that gives a reason (0 when none does)."""
    return round(count / reasons, 3) if reasons else 0.0


def share_text(count: int, reasons: int) -> str:
    """A share as every view words it: ``12 of the 40 reasons given (30%)``."""
    noun = "reason" if reasons == 1 else "reasons"
    return f"{count} of the {reasons} {noun} given ({share(count, reasons):.0%})"


@dataclass(frozen=True)
class Totals:
    """The figures of a report or summary, one definition for the Gaps screen's top bar and
    headline, its recluster toast, ``rung gaps`` and the shares' denominator."""

    yours: int  # in gaps of kind "gap" (yours to close)
    theirs: int  # in gaps of kind "external" (the company's reasons)
    unclustered: int  # gives a reason no gap claims yet
    no_reason: int  # form letters, thanks, withdrawals: count in no gap

    @property
    def in_gaps(self) -> int:
        """Feedback filed under a gap, yours or theirs."""
        return self.yours + self.theirs

    @property
    def reasons(self) -> int:
        """Feedback that gives a reason: the denominator of every share."""
        return self.in_gaps + self.unclustered

    @property
    def pieces(self) -> int:
        """Every confirmed piece of feedback at the level shown."""
        return self.reasons + self.no_reason


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """A confirmed piece of feedback as the report lists it, with its application."""

    id: int
    text: str
    received_on: str | None
    company: str | None
    role: str | None  # the application's title
    level: str | None
    round: int | None  # the interview's round, when it came after one
    assigned_by: str | None  # "user" when placed by hand

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text}


@dataclass(frozen=True, slots=True)
class RankedGap:
    """A gap with its weight, count, share (module doc) and 12 monthly counts (``trend``,
    oldest first), merged gaps counted in the gap they went into."""

    slug: str
    label: str
    kind: str  # "gap" (yours to close) | "external" (the company's reason)
    origin: str | None
    weight: float
    count: int
    share: float
    trend: list[int]

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "label": self.label,
            "kind": self.kind,
            "weight": self.weight,
            "count": self.count,
            "share": self.share,
            "trend": self.trend,
        }


@dataclass(frozen=True, slots=True)
class ReportedGap(RankedGap):
    """A ranked gap with its feedback, newest first."""

    feedback: list[FeedbackItem]

    def to_json(self) -> dict[str, Any]:
        return RankedGap.to_json(self) | {"feedback": [f.to_json() for f in self.feedback]}


@dataclass(frozen=True, slots=True)
class GapsReport:
    """The gaps heaviest first with their feedback, the feedback no gap claims
    (``unclustered``) and the form letters that give no reason (``no_reason``: the user
    should ask); ``reasons_trend`` counts the feedback giving a reason in each of
    ``months`` (the trend's months, oldest first)."""

    gaps: list[ReportedGap]
    unclustered: list[FeedbackItem]
    no_reason: list[FeedbackItem]
    months: list[str]
    reasons_trend: list[int]

    def to_json(self) -> dict[str, Any]:
        """The ``rung gaps --json`` shape: ``reasons`` (what each share is of) first."""
        return {
            "reasons": totals(self).reasons,
            "gaps": [g.to_json() for g in self.gaps],
            "unclustered": [f.to_json() for f in self.unclustered],
            "no_reason": [f.to_json() for f in self.no_reason],
        }


@dataclass(frozen=True, slots=True)
class GapsSummary:
    """What a ``GapsReport`` says of each gap (same order, weights, counts, shares and
    trends) with counts instead of the feedback lists."""

    gaps: list[RankedGap]
    unclustered: int
    no_reason: int
    months: list[str]
    reasons_trend: list[int]


def totals(report: GapsReport | GapsSummary) -> Totals:
    """The ``Totals`` of a ``gaps_report`` or a ``gaps_summary``."""

    def size(value: int | list[FeedbackItem]) -> int:
        return value if isinstance(value, int) else len(value)

    gaps: Sequence[RankedGap] = report.gaps
    return Totals(
        yours=sum(g.count for g in gaps if g.kind != "external"),
        theirs=sum(g.count for g in gaps if g.kind == "external"),
        unclustered=size(report.unclustered),
        no_reason=size(report.no_reason),
    )


_RANKED = ("slug", "label", "kind", "origin", "weight", "count", "share", "trend")


def gaps_report(store: Store, *, level: str | None = None) -> GapsReport:
    """The gaps ranked by weight, each with its feedback, and the unclustered feedback.

    Every confirmed feedback appears exactly once across the gaps, ``no_reason`` and
    ``unclustered``. ``level`` keeps only feedback on applications of that level.
    """
    where, params = _where(level)
    rows = store.query(
        "SELECT f.id, f.text, f.received_on, f.gap_id, f.no_reason, f.assigned_by, "
        "v.round AS round, "
        "a.level AS level, c.name AS company, a.title AS role"
        + _FROM
        + "LEFT JOIN companies c ON c.id = a.company_id"
        + where
        + _ORDER,
        params,
    )
    items = [
        FeedbackItem(
            r["id"],
            r["text"],
            r["received_on"],
            r["company"],
            r["role"],
            r["level"],
            r["round"],
            r["assigned_by"],
        )
        for r in rows
    ]
    keys = [(r["gap_id"], r["received_on"], r["round"], r["no_reason"]) for r in rows]
    ranked, unclustered, no_reason, months, reasons = rank_gaps(store, keys, items)
    return GapsReport(
        [ReportedGap(**{k: g[k] for k in _RANKED}, feedback=g["feedback"]) for g in ranked],
        unclustered,  # type: ignore[arg-type]  # items were given: no None among them
        no_reason,  # type: ignore[arg-type]
        months,
        reasons,
    )


def gaps_summary(store: Store, *, level: str | None = None) -> GapsSummary:
    """What ``gaps_report`` says of each gap without the feedback lists (their counts
    instead). Reads four columns per feedback, not ten."""
    where, params = _where(level)
    keys = store.execute(
        "SELECT f.gap_id, f.received_on, v.round, f.no_reason" + _FROM + where + _ORDER, params
    ).fetchall()
    ranked, unclustered, no_reason, months, reasons = rank_gaps(store, keys, None)
    return GapsSummary(
        [RankedGap(**{k: g[k] for k in _RANKED}) for g in ranked],
        len(unclustered),
        len(no_reason),
        months,
        reasons,
    )


def feedback_count(store: Store, *, level: str | None = None) -> int:
    """How many confirmed pieces of feedback there are (on applications of ``level``, when
    given): every one sits in a gap, ``unclustered`` or ``no_reason``."""
    where, params = _where(level)
    return int(store.scalar("SELECT count(*)" + _FROM + where, params) or 0)


@dataclass(frozen=True)
class Quote:
    """A piece of feedback as a panel quotes it."""

    id: int
    text: str
    received_on: str | None
    company: str | None
    role: str | None


def latest_feedback(
    store: Store,
    slug: str | None,
    *,
    no_reason: bool = False,
    level: str | None = None,
    limit: int = 5,
) -> list[Quote]:
    """The newest ``limit`` pieces of feedback of a gap (``slug``, with the gaps merged into
    it), of the unclustered (``slug`` None) or of the feedback giving no reason
    (``no_reason``), at ``level`` when given: one indexed query, for a panel that follows
    the cursor."""
    where, params = _where(level)
    if no_reason:
        where += " AND f.gap_id IS NULL AND f.no_reason = 1"
    elif slug is None:
        where += " AND f.gap_id IS NULL AND f.no_reason = 0"
    else:
        ids = _gap_family(store, slug)
        if not ids:
            return []
        where += f" AND f.gap_id IN ({', '.join('?' * len(ids))})"
        params = [*params, *ids]
    rows = store.query(
        "SELECT f.id, f.text, f.received_on, c.name AS company, a.title AS role"
        + _FROM
        + "LEFT JOIN companies c ON c.id = a.company_id"
        + where
        + _ORDER
        + " LIMIT ?",
        [*params, limit],
    )
    return [Quote(r["id"], r["text"], r["received_on"], r["company"], r["role"]) for r in rows]


def _gap_family(store: Store, slug: str) -> list[int]:
    """The id of the gap ``slug`` and of every gap merged into it (at any depth)."""
    gaps = store.query("SELECT id, slug, merged_into FROM gaps")
    top = next((g["id"] for g in gaps if g["slug"] == slug), None)
    if top is None:
        return []
    parent = {g["id"]: g["merged_into"] for g in gaps}

    def root(ident: int) -> int:
        for _ in range(len(parent)):
            if parent.get(ident) is None:
                break
            ident = parent[ident]
        return ident

    target = root(top)
    return [g["id"] for g in gaps if root(g["id"]) == target]


def _where(level: str | None) -> tuple[str, list[Any]]:
    if level:
        return " WHERE f.status = 'confirmed' AND a.level = ?", [level]
    return " WHERE f.status = 'confirmed'", []


def rank_gaps(
    store: Store,
    keys: Sequence[tuple[int | None, str | None, int | None, int]],
    items: list[FeedbackItem] | None,
) -> tuple[
    list[dict[str, Any]],
    list[FeedbackItem | None],
    list[FeedbackItem | None],
    list[str],
    list[int],
]:
    """Gap entries heaviest first (dicts with the ``RankedGap`` fields, and ``feedback``
    when ``items`` are given: ``gaps_report`` and ``gaps_summary`` make them dataclasses;
    the Ladder sums them), the unclustered items, the no-reason items, the trend's months
    and the feedback giving a reason in each of those months.

    ``keys`` holds (gap id, received on, round, no reason) per feedback; ``items``, when
    given, the feedback to list under each gap (same order).
    """
    today = clock.today()
    months = month_keys(today)
    gaps = {g["id"]: g for g in store.query("SELECT * FROM gaps")}
    target: dict[int | None, dict[str, Any] | None] = {}  # merged gaps resolved once
    weights: dict[tuple[str | None, int | None], float] = {}  # few distinct days and rounds
    by_gap: dict[int, dict[str, Any]] = {}
    reasons_by_month = dict.fromkeys(months, 0)  # feedback that gives a reason, per month
    unclustered: list[FeedbackItem | None] = []
    no_reason: list[FeedbackItem | None] = []
    for index, (gap_id, received_on, round_number, reasonless) in enumerate(keys):
        item = items[index] if items is not None else None
        if reasonless and gap_id is None:
            no_reason.append(item)
            continue
        month = (received_on or "")[:7]
        if month in reasons_by_month:
            reasons_by_month[month] += 1
        if gap_id not in target:
            gap = gaps.get(gap_id)
            while gap is not None and gap["merged_into"] is not None:
                gap = gaps.get(gap["merged_into"])
            target[gap_id] = gap
        gap = target[gap_id]
        if gap is None:
            unclustered.append(item)
            continue
        entry = by_gap.get(gap["id"])
        if entry is None:
            entry = by_gap[gap["id"]] = {
                "slug": gap["slug"],
                "label": gap["label"],
                "kind": gap["kind"],
                "origin": gap["origin"],
                "weight": 0.0,
                "count": 0,
                "trend": dict.fromkeys(months, 0),
            }
            if items is not None:
                entry["feedback"] = []
        weight = weights.get((received_on, round_number))
        if weight is None:
            weight = weights[(received_on, round_number)] = feedback_weight(
                received_on, round_number, today
            )
        entry["weight"] += weight
        entry["count"] += 1
        if month in entry["trend"]:
            entry["trend"][month] += 1
        if items is not None:
            entry["feedback"].append(item)
    reasons = len(keys) - len(no_reason)  # the feedback that gives a reason (module doc)
    ranked = sorted(by_gap.values(), key=lambda g: (-g["weight"], g["slug"]))
    for entry in ranked:
        entry["weight"] = round(entry["weight"], 3)
        entry["share"] = share(entry["count"], reasons)
        entry["trend"] = [entry["trend"][m] for m in months]
    return ranked, unclustered, no_reason, months, [reasons_by_month[m] for m in months]


def share_trend(gap: RankedGap, report: GapsReport | GapsSummary) -> list[float]:
    """A gap's share month by month (its ``trend`` over the report's ``reasons_trend``, the
    share as the module doc defines it), oldest first."""
    return [share(n, total) for n, total in zip(gap.trend, report.reasons_trend, strict=True)]
