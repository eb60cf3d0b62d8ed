"""The Ladder: where on the management ladder the search stalls, and what is ready for the
level the user aims at.

**The matrix.** One row per level, ``lead`` to ``c_level`` (``ic`` first, only when there
are ic applications); an application counts at its *current* level (a level edited mid-search
moves the application to its new row). Columns are the stages ``applied``, ``screening``,
``interviewing``, ``final`` (a final round) and ``offer``; each count is the applications
that reached *at least* that stage, so a row never grows to the right and ``final /
interviewing`` is a conversion. "Reached" is read from the history, not the current stage:

- every stage event (and the current stage): an application that went interviewing →
  rejected counts in ``interviewing``; ``accepted`` counts as ``offer``;
- an interview not cancelled: a recruiter screen means ``screening``, any other kind
  ``interviewing`` (interviews are often logged without moving the stage);
- ``final``: the application had a final round by ``core.rounds.final_round`` (the rule is
  there), or reached ``offer``. Its decision is its latest offer, accepted or rejected
  event; an application moved back to an open stage after one is open again.

Saved jobs never applied to count nowhere. ``since`` keeps the applications applied on or
after that day (the day they were added when the applied date is unknown).

**Gaps per level.** The feedback on a level's applications given at its *later rounds*: on an
interview of round 2 or more, on the application's final-round interview, or received on or
after the day the application reached ``interviewing``. It is weighed exactly as the gap
report weighs it (``clustering.report``: recent and later-round feedback weigh more), kind
``external`` apart (the companies' own reasons); feedback that gives no reason counts in no
gap.

**The sentence** (``summary``) is computed from the numbers. A level is judged when it has
at least ``MIN_APPLICATIONS`` applications or ``MIN_FINALS`` final rounds. Of a judged level:

- *stalls*: finals ≥ ``MIN_FINALS`` and offers / finals ≤ ``STALL_RATE`` ("you reach final
  rounds (3 of 9) and stop there: 4 of 5 final-round reasons are managing managers"; the
  reasons are the later-round feedback on its applications that reached a final round);
- *converts*: offers ≥ 1 and offers / finals ≥ ``CONVERT_RATE`` ("you convert (2 offers of
  4 finals)");
- *screening wall*: screening / applied ≤ ``WALL_RATE``; *interview wall*: screening ≥ 3 and
  interviewing / screening ≤ ``STALL_RATE``; *final wall*: interviewing ≥ 3 and finals /
  interviewing ≤ ``STALL_RATE``;
- otherwise the row's funnel in words.

Stalls come first, then conversions, then walls, then the rest; at most ``MAX_CLAUSES``
levels are told. With no judged level, or no later-round feedback giving a reason, ``needs``
says what more would show where the search stalls ("3 more applications at Director and one
piece of final-round feedback would show where it stalls").

**Readiness** for a target level: the gaps that matter there are those cited in the user's
feedback at that level (any round; external reasons and the generic "more experience" left
out) and the taxonomy gaps whose ``levels`` (schemas/gaps.toml) hold it. Each is
*covered* with ≥ 2 evidence entries dated within the last ``RECENT_DAYS`` days, or one
such entry that tells a whole story (situation, action and result), or a plan action done
in that window with evidence written; *thin* with any other evidence (one recent entry, or
only older ones); *missing* with none. Evidence of a merged gap counts for the gap it was
merged into.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from . import clock
from .clustering.report import rank_gaps  # the gap report's own weighing, reused
from .clustering.taxonomy import GENERIC_SLUG, gap_roots, taxonomy_rungs
from .dates import parse_user_date
from .errors import ValidationError
from .evidence import Evidence, evidence_from_row
from .levels import LEVEL_LABELS, LEVELS, level_rank, parse_level
from .rounds import DECISION_STAGES, final_round
from .store import Store
from .wording import plural

COLUMNS: tuple[str, ...] = ("applied", "screening", "interviewing", "final", "offer")
COLUMN_LABELS: dict[str, str] = {
    "applied": "applied",
    "screening": "screening",
    "interviewing": "interviewing",
    "final": "final round",
    "offer": "offer",
}
MIN_APPLICATIONS = 5
MIN_FINALS = 2
STALL_RATE = 1 / 3
CONVERT_RATE = 1 / 2
WALL_RATE = 0.2
MAX_CLAUSES = 3
RECENT_DAYS = 730

_RANK = {"applied": 0, "screening": 1, "interviewing": 2, "offer": 4, "accepted": 4}
_FINAL, _OFFER, _INTERVIEWING = 3, 4, 2


@dataclass(frozen=True)
class LevelGap:
    """A gap cited at a level's later rounds: its weight as the gap report weighs it."""

    slug: str
    label: str
    weight: float
    count: int


@dataclass(frozen=True)
class LevelRow:
    """One level of the matrix. Stage counts are applications that reached at least that
    stage; ``application_ids`` maps each column to the applications whose *furthest* stage
    it is (a cell's applications are its column's and those of the columns to its right)."""

    level: str
    applied: int
    screening: int
    interviewing: int
    final: int
    offer: int
    gaps: list[LevelGap]  # kind "gap", heaviest first
    external: list[tuple[str, int]]  # (slug, count): the companies' own reasons, apart
    application_ids: dict[str, list[int]]
    label: str = ""  # LEVEL_LABELS[level]
    reasons: int = 0  # later-round feedback giving a reason (gaps, external, unclustered)

    def count(self, column: str) -> int:
        """The count of one column (``COLUMNS``)."""
        return int(getattr(self, column))


@dataclass(frozen=True)
class DoneAction:
    """A plan action done with evidence: it covers its gap."""

    id: int
    action: str
    evidence: str
    done_on: str


@dataclass(frozen=True)
class Readiness:
    """A gap that matters at the target level and how ready the user is on it."""

    slug: str
    label: str
    state: str  # "covered" | "thin" | "missing" (module doc)
    evidence: list[Evidence]  # newest first
    actions: list[DoneAction] = field(default_factory=list)
    cited: int = 0  # pieces of feedback at the target level that cite it


@dataclass(frozen=True)
class Ladder:
    """The whole Ladder view: the matrix, its sentence, and readiness for ``target``."""

    levels: list[LevelRow]
    summary: str
    target: str | None
    readiness: list[Readiness]
    needs: str | None  # what more data would help, when too little


@dataclass
class _App:
    level: str
    rank: int = -1
    interviewing_on: str | None = None  # first day it reached interviewing or beyond
    decided_at: str | None = None
    offered: bool = False
    interviews: list[dict[str, Any]] = field(default_factory=list)
    final_id: int | None = None


def build_ladder(store: Store, *, since: str | None = None, target: str | None = None) -> Ladder:
    """The Ladder over every application (applied on or after ``since`` when given: any
    date ``core.dates`` reads), with readiness for ``target`` (a level as ``parse_level``
    reads it; None: no readiness; callers pass ``--target`` or ``Settings.target_level``).
    Reads with a handful of queries, no per-row query; ValidationError for a bad date or
    level. Rules: the module doc."""
    errors = {}
    since_day = target_level = None
    if since:
        try:
            since_day = parse_user_date(since).isoformat()
        except ValueError as exc:
            errors["since"] = str(exc)
    if target:
        try:
            target_level = parse_level(target)
        except ValueError as exc:
            errors["target"] = str(exc)
    if errors:
        raise ValidationError(errors)
    apps = _read_apps(store, since_day)
    feedback = _read_feedback(store, apps)
    rows, at_finals = _rows(store, apps, feedback)
    summary, needs = _sentence(rows, at_finals, target_level)
    readiness = _readiness(store, target_level, apps, feedback) if target_level else []
    return Ladder(
        levels=rows, summary=summary, target=target_level, readiness=readiness, needs=needs
    )


def ladder_json(ladder: Ladder) -> dict[str, Any]:
    """The ``rung ladder --json`` shape: ``{"levels": [{"level", "applied", "screening",
    "interviewing", "final", "offer", "gaps": [{"slug", "label", "weight", "count"}],
    "external": [{"slug", "count"}]}], "summary", "target", "readiness": [{"slug", "label",
    "state", "evidence": [{"id", "text", "on"}]}]}``, plus ``needs``, and per readiness
    entry ``cited`` and ``actions`` (``[{"id", "action", "evidence", "done_on"}]``)."""
    return {
        "levels": [
            {
                "level": row.level,
                **{c: row.count(c) for c in COLUMNS},
                "gaps": [
                    {"slug": g.slug, "label": g.label, "weight": g.weight, "count": g.count}
                    for g in row.gaps
                ],
                "external": [{"slug": slug, "count": n} for slug, n in row.external],
            }
            for row in ladder.levels
        ],
        "summary": ladder.summary,
        "target": ladder.target,
        "readiness": [
            {
                "slug": r.slug,
                "label": r.label,
                "state": r.state,
                "evidence": [{"id": e.id, "text": e.text, "on": e.on} for e in r.evidence],
                "cited": r.cited,
                "actions": [
                    {"id": a.id, "action": a.action, "evidence": a.evidence, "done_on": a.done_on}
                    for a in r.actions
                ],
            }
            for r in ladder.readiness
        ],
        "needs": ladder.needs,
    }


# -- reading -----------------------------------------------------------------------------


def _stage_case(stages: Iterable[str], then: str) -> str:
    return " ".join(f"WHEN '{s}' THEN {then}" for s in stages)


_OFFERED = ("offer", "accepted")
_OPEN = ("saved", "applied", "screening", "interviewing")
_REACHED_SQL = (
    "SELECT a.id, a.level, a.stage, e.rank, e.interviewing_on, e.decided_at, e.offered "
    "FROM applications a LEFT JOIN ("
    "  SELECT application_id, max(CASE to_stage "
    + " ".join(f"WHEN '{s}' THEN {r}" for s, r in _RANK.items())
    + " END) AS rank,"
    "  min(CASE to_stage "
    + _stage_case([s for s, r in _RANK.items() if r >= _INTERVIEWING], "substr(at, 1, 10)")
    + " END) AS interviewing_on,"
    "  max(CASE to_stage " + _stage_case(sorted(DECISION_STAGES), "at") + " END) AS decided_at,"
    "  max(CASE to_stage " + _stage_case(_OFFERED, "1") + " ELSE 0 END) AS offered"
    "  FROM stage_events GROUP BY application_id) e ON e.application_id = a.id "
    "WHERE :since IS NULL OR coalesce(a.applied_on, substr(a.created_at, 1, 10)) >= :since"
)


def _read_apps(store: Store, since: str | None) -> dict[int, _App]:
    """Every application that reached ``applied`` (applied on or after ``since``), with how
    far it got: its stage history summed up in SQL, its interviews, its final round."""
    apps: dict[int, _App] = {}
    app: _App | None
    for ident, level, stage, rank, interviewing_on, decided_at, offered in store.execute(
        _REACHED_SQL, {"since": since}
    ):
        app = apps[ident] = _App(
            level=level,
            interviewing_on=interviewing_on,
            decided_at=decided_at,
            offered=bool(offered),
        )
        app.rank = max(-1 if rank is None else rank, _RANK.get(stage, -1))
        app.offered = app.offered or stage in _OFFERED
        if stage in _OPEN:
            app.decided_at = None  # reopened after a decision: open again
        elif stage in DECISION_STAGES and app.decided_at is None:
            app.decided_at = "9999-12-31"  # decided, when unknown: after every interview
    for row in store.query(
        "SELECT id, application_id, round, kind, scheduled_at, outcome, notes "
        "FROM interviews WHERE outcome IS NULL OR outcome != 'cancelled'"
    ):
        app = apps.get(row["application_id"])
        if app is None:
            continue
        app.interviews.append(row)
        step = 1 if row["kind"] == "recruiter_screen" else _INTERVIEWING
        app.rank = max(app.rank, step)
        day = (row["scheduled_at"] or "")[:10] or None
        if (
            step == _INTERVIEWING
            and day
            and (app.interviewing_on is None or day < app.interviewing_on)
        ):
            app.interviewing_on = day
    for app in apps.values():
        if not app.interviews:
            continue
        last = final_round(app.interviews, decided_at=app.decided_at, offered=app.offered)
        if last is not None:
            app.final_id = last["id"]
            app.rank = max(app.rank, _FINAL)
    return {ident: app for ident, app in apps.items() if app.rank >= 0}


@dataclass(frozen=True)
class _Feedback:
    id: int
    app_id: int
    key: tuple[int | None, str | None, int | None, int]  # what clustering.report weighs
    later: bool  # given at a later round (module doc)


def _read_feedback(store: Store, apps: Mapping[int, _App]) -> list[_Feedback]:
    """The confirmed feedback on the applications counted, newest first (the gap report's
    order), each marked later-round or not."""
    out = []
    for fid, app_id, interview_id, received_on, gap_id, no_reason, round_number in store.execute(
        "SELECT f.id, f.application_id, f.interview_id, f.received_on, f.gap_id, "
        "f.no_reason, v.round FROM feedback f "
        "LEFT JOIN interviews v ON v.id = f.interview_id "
        "WHERE f.status = 'confirmed' AND f.application_id IS NOT NULL "
        "ORDER BY f.received_on DESC, f.id DESC"
    ):
        app = apps.get(app_id)
        if app is None:
            continue
        later = bool(
            (round_number or 0) >= 2
            or (interview_id is not None and interview_id == app.final_id)
            or (
                app.rank >= _INTERVIEWING
                and (
                    app.interviewing_on is None
                    or (received_on is not None and received_on[:10] >= app.interviewing_on)
                )
            )
        )
        out.append(_Feedback(fid, app_id, (gap_id, received_on, round_number, no_reason), later))
    return out


def _ranked(store: Store, items: Iterable[_Feedback]) -> tuple[list[dict[str, Any]], int]:
    """The gaps of these pieces of feedback, heaviest first, as the gap report ranks them,
    and how many give a reason."""
    keys = [f.key for f in items]
    if not keys:
        return [], 0
    ranked, _unclustered, no_reason, _months, _trend = rank_gaps(store, keys, None)
    return ranked, len(keys) - len(no_reason)


# -- the matrix --------------------------------------------------------------------------


_Ranked = tuple[list[dict[str, Any]], int]


def _rows(
    store: Store, apps: Mapping[int, _App], feedback: Sequence[_Feedback]
) -> tuple[list[LevelRow], dict[str, _Ranked]]:
    """The matrix, and per level the gaps of the later-round feedback on its applications
    that reached a final round (what the sentence calls final-round reasons)."""
    shown = [lv for lv in LEVELS if lv != "ic" or any(a.level == "ic" for a in apps.values())]
    by_level: dict[str, list[int]] = {lv: [] for lv in shown}
    for ident, app in apps.items():
        by_level.setdefault(app.level, []).append(ident)
    rows, at_finals = [], {}
    for level in shown:
        ids = sorted(by_level[level])
        furthest: dict[str, list[int]] = {c: [] for c in COLUMNS}
        for ident in ids:
            furthest[COLUMNS[apps[ident].rank]].append(ident)
        counts = {c: sum(len(furthest[d]) for d in COLUMNS[i:]) for i, c in enumerate(COLUMNS)}
        members = set(ids)
        later = [f for f in feedback if f.later and f.app_id in members]
        ranked, reasons = _ranked(store, later)
        if counts["final"]:
            at_finals[level] = _ranked(store, (f for f in later if apps[f.app_id].rank >= _FINAL))
        rows.append(
            LevelRow(
                level=level,
                **counts,
                gaps=[
                    LevelGap(g["slug"], g["label"], g["weight"], g["count"])
                    for g in ranked
                    if g["kind"] != "external"
                ],
                external=[(g["slug"], g["count"]) for g in ranked if g["kind"] == "external"],
                application_ids=furthest,
                label=LEVEL_LABELS[level],
                reasons=reasons,
            )
        )
    return rows, at_finals


# -- the sentence ------------------------------------------------------------------------


def _label(level: str) -> str:
    return LEVEL_LABELS[level]


def _lower(label: str) -> str:
    """A gap label inside a sentence: "Managing managers" -> "managing managers" (kept when
    its second letter is a capital too: "P&L ownership", "IT")."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _judged(row: LevelRow) -> bool:
    return row.applied >= MIN_APPLICATIONS or row.final >= MIN_FINALS


def _final_reasons(row: LevelRow, at_finals: Mapping[str, _Ranked]) -> str:
    """ ": 4 of 5 final-round reasons are managing managers" (the level's later-round
    reasons when none was given on an application that reached a final), or ""."""
    ranked, reasons = at_finals.get(row.level, ([], 0))
    what = "final-round"
    if not reasons:
        ranked, reasons = (
            (
                [
                    {"slug": g.slug, "label": g.label, "count": g.count, "kind": "gap"}
                    for g in row.gaps
                ]
                + [{"slug": s, "label": s, "count": n, "kind": "external"} for s, n in row.external]
            ),
            row.reasons,
        )
        what = "later-round"
    if not reasons:
        return ""
    mine = [g for g in ranked if g["kind"] != "external"]
    theirs = [g for g in ranked if g["kind"] == "external"]
    verb = "is" if reasons == 1 else "are"
    if mine:
        top = mine[0]
        verb = "is" if top["count"] == 1 else "are"
        return f": {top['count']} of {reasons} {what} reasons {verb} {_lower(top['label'])}"
    if theirs:
        count = sum(g["count"] for g in theirs)
        verb = "is" if count == 1 else "are"
        names = ", ".join(str(g["slug"]).replace("_", " ") for g in theirs[:2])
        return f": {count} of {reasons} {what} reasons {verb} the companies' own ({names})"
    return f": the {plural(reasons, what + ' reason')} given match no gap yet"


def _verdict(row: LevelRow) -> tuple[int, str | None]:
    """How a judged level reads: order 0 stalls at its final rounds, 1 converts, 2 hits a
    wall, 3 the rest; and the column where it stops (the matrix's stall cell: the stage
    its applications reach and do not pass), None when it converts or goes on."""
    if row.final >= MIN_FINALS and row.offer <= STALL_RATE * row.final:
        return 0, "final"
    if row.offer >= 1 and row.offer >= CONVERT_RATE * row.final:
        return 1, None
    if row.applied >= MIN_APPLICATIONS and row.screening <= WALL_RATE * row.applied:
        return 2, "applied"
    if row.screening >= 3 and row.interviewing <= STALL_RATE * row.screening:
        return 2, "screening"
    if row.interviewing >= 3 and row.final <= STALL_RATE * row.interviewing:
        return 2, "interviewing"
    return 3, None


def stall_cell(ladder: Ladder) -> tuple[str, str] | None:
    """The matrix cell ``(level, column)`` where the search stalls: of the judged levels
    that stop at their final rounds or hit a wall, the one the sentence tells first (a
    stall before a wall, then most finals, then most applications); None when none does.
    """
    found = []
    for row in ladder.levels:
        if _judged(row):
            order, column = _verdict(row)
            if column is not None:
                found.append((order, -row.final, -row.applied, row.level, column))
    if not found:
        return None
    best = min(found)
    return best[3], best[4]


def _clause(row: LevelRow, at_finals: Mapping[str, _Ranked]) -> tuple[int, str, bool]:
    """(order, clause, wants feedback) for a judged level: order 0 stalls, 1 converts,
    2 walls, 3 the rest (``_verdict``)."""
    at = f"At {_label(row.level)}"
    order, column = _verdict(row)
    if order == 0:
        why = _final_reasons(row, at_finals)
        head = (
            f"{at} you reach final rounds ({row.final} of {row.applied}) and stop there"
            if row.offer == 0
            else f"{at} you reach final rounds ({row.final} of {row.applied}) but rarely "
            f"convert ({plural(row.offer, 'offer')} of {row.final} finals)"
        )
        if not why:
            return 0, head + "; no final-round feedback says why yet.", True
        return 0, head + why + ".", False
    if order == 1:
        return (
            1,
            (f"{at} you convert ({plural(row.offer, 'offer')} of {plural(row.final, 'final')})."),
            False,
        )
    if column == "applied":
        return (
            2,
            (
                f"{at} few applications get a reply ({row.screening} of {row.applied} "
                f"reach screening)."
            ),
            False,
        )
    if column == "screening":
        return (
            2,
            (f"{at} screens rarely lead to interviews ({row.interviewing} of {row.screening})."),
            False,
        )
    if column == "interviewing":
        return (
            2,
            (
                f"{at} you interview ({row.interviewing} of {row.applied}) but rarely "
                f"reach a final round ({row.final} of {row.interviewing})."
            ),
            True,
        )
    finals = (
        "none a final round yet"
        if not row.final
        else (
            f"{row.final} a final round"
            + ("" if not row.offer else f", {plural(row.offer, 'offer')}")
        )
    )
    return (
        3,
        (
            f"{at} {row.interviewing} of {plural(row.applied, 'application')} reach "
            f"interviews, {finals}."
        ),
        False,
    )


def _sentence(
    rows: Sequence[LevelRow], at_finals: Mapping[str, _Ranked], target: str | None
) -> tuple[str, str | None]:
    """The summary and, when the data is too thin, what more it needs (module doc)."""
    judged = [r for r in rows if _judged(r)]
    total = sum(r.applied for r in rows)
    any_reason = any(r.reasons for r in rows)
    needs: str | None  # what data would make the sentence say more
    if not judged:
        focus = _focus(rows, target)
        more = MIN_APPLICATIONS - focus.applied
        where = (
            f"{plural(more, 'more application')} at {_label(focus.level)}"
            if focus.applied or focus.level == target
            else f"{plural(MIN_APPLICATIONS, 'application')} at one level"
        )
        needs = (
            where
            + ("" if focus.reasons else " and one piece of final-round feedback")
            + " would show where it stalls."
        )
        if not total:
            return "No applications yet. " + needs, needs
        have = ", ".join(
            f"{r.applied} at {_label(r.level)}"
            for r in sorted(rows, key=lambda r: -r.applied)
            if r.applied
        )
        return f"Too little data yet: {plural(total, 'application')} ({have}). " + needs, needs
    clauses = sorted(
        (_clause(r, at_finals) + (r,) for r in judged),
        key=lambda c: (c[0], -c[3].final, -c[3].applied),
    )[:MAX_CLAUSES]
    summary = " ".join(c[1] for c in clauses)
    needs = None
    wanting = [c[3] for c in clauses if c[2]]
    if wanting:
        needs = (
            f"One piece of final-round feedback at {_label(wanting[0].level)} would "
            "show why it stalls."
        )
    elif not any_reason:
        needs = "Feedback from a later round (any level) would show what stops the search."
    return summary, needs


def _focus(rows: Sequence[LevelRow], target: str | None) -> LevelRow:
    """The level more data should come from: the target, else the busiest (higher wins)."""
    for row in rows:
        if row.level == target:
            return row
    return max(rows, key=lambda r: (r.applied, level_rank(r.level)))


# -- readiness ---------------------------------------------------------------------------


def _readiness(
    store: Store, target: str, apps: Mapping[int, _App], feedback: Sequence[_Feedback]
) -> list[Readiness]:
    roots = gap_roots(store)
    by_slug = {r["slug"]: r for r in roots.values()}
    own = {row["slug"]: roots[ident] for ident, row in _own_rows(store).items()}
    ranked, _ = _ranked(store, (f for f in feedback if apps[f.app_id].level == target))
    wanted: dict[str, tuple[str, int]] = {}
    for gap in ranked:
        if gap["kind"] != "external" and gap["slug"] != GENERIC_SLUG:
            wanted[gap["slug"]] = (gap["label"], gap["count"])
    for definition in taxonomy_rungs():
        if target not in definition.levels or definition.kind == "external":
            continue
        live = own.get(definition.slug)
        slug, label = (live["slug"], live["label"]) if live else (definition.slug, definition.label)
        if (live and live["kind"] == "external") or slug == GENERIC_SLUG:
            continue
        wanted.setdefault(slug, (label, 0))
    cutoff = (clock.today() - timedelta(days=RECENT_DAYS)).isoformat()
    entries: dict[str, list[Evidence]] = {}
    for row in store.query(
        "SELECT * FROM evidence ORDER BY coalesce(happened_on, "
        "substr(created_at, 1, 10)) DESC, id DESC"
    ):
        entry = evidence_from_row(row, roots)
        entries.setdefault(entry.slug, []).append(entry)
    done: dict[str, list[DoneAction]] = {}
    for row in store.query(
        "SELECT id, gap_id, action, evidence, done_at FROM gap_actions "
        "WHERE done_at IS NOT NULL AND trim(coalesce(evidence, '')) != '' "
        "ORDER BY done_at DESC, id DESC"
    ):
        slug = roots[row["gap_id"]]["slug"]
        done.setdefault(slug, []).append(
            DoneAction(row["id"], row["action"], row["evidence"], row["done_at"][:10])
        )
    out = []
    for slug, (label, cited) in wanted.items():
        label = by_slug[slug]["label"] if slug in by_slug else label
        items, actions = entries.get(slug, []), done.get(slug, [])
        recent = [e for e in items if (e.on or "") >= cutoff]
        if (
            len(recent) >= 2
            or any(e.story for e in recent)
            or any(a.done_on >= cutoff for a in actions)
        ):
            state = "covered"
        elif items or actions:
            state = "thin"
        else:
            state = "missing"
        out.append(Readiness(slug, label, state, items, actions, cited))
    return out


def _own_rows(store: Store) -> dict[int, dict[str, Any]]:
    return {r["id"]: r for r in store.query("SELECT id, slug FROM gaps")}
