"""Asking back (issue 16): when feedback is vague ("more experience", which?) or gives no
reason at all, rung drafts a short message to the application's recruiter or hiring
manager, logs it as sent (an interaction and a follow-up in 5 days) and, when the answer
comes, clarifies the vague one with it (or, for a form letter, files it as feedback on the
same application), so one rejection counts once.

Which feedback is an *ask*: confirmed feedback on an application that is generic (filed
under the generic "more experience" gap and not clarified) or gives no reason (``no_reason``
and no gap), plus any feedback already asked about. The answer to an ask is never one.

Intro and referral asks (the warm paths) are drafted and logged through the same functions.
Templates are data: ``schemas/ask_templates.toml``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from .clock import now_iso, today
from .clustering.taxonomy import GENERIC_SLUG
from .dates import parse_user_date
from .errors import NotFound, RungError, ValidationError
from .resources import read_toml
from .rounds import final_round
from .store import Store
from .text import fold
from .visible import visible

KINDS = ("why", "intro", "referral")
STAGES = ("applied", "screen", "interviews", "final")  # how far a process went
ASKED_ROLES = ("recruiter", "hiring_manager")  # who a why-ask goes to, by preference
ANSWER_SOURCE = "answer to ask"
FOLLOW_UP_DAYS = 5
REVIEW_DAYS = 365  # the Review lists the asks of feedback received or asked in the last year
_KIND_LABELS = {
    "recruiter_screen": "recruiter screen",
    "hiring_manager": "hiring manager interview",
    "panel": "panel",
    "technical": "technical interview",
    "exec": "executive interview",
    "case_presentation": "case presentation",
    "reference": "reference check",
    "other": "interview",
}
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
_LEAD_IN = re.compile(
    r"^(unfortunately|however|sadly|regrettably|that said|but)\s*,?\s*", re.IGNORECASE
)
_NO_REASON_WORDS = re.compile(
    r"other candidate|move forward|not (to )?proceed|decided|"
    r"not be moving|another candidate|position",
    re.IGNORECASE,
)
_MAX_QUOTE = 160


@dataclass(frozen=True)
class ContactRef:
    """Who an ask goes to."""

    id: int
    name: str
    relationship: str | None = None
    email: str | None = None
    linkedin_url: str | None = None

    @property
    def first_name(self) -> str:
        """The first word of the name ("Dana Reyes" -> "Dana")."""
        return (self.name.split() or [""])[0]

    @property
    def to(self) -> str | None:
        """Where to send it: the e-mail address, else the LinkedIn URL."""
        return self.email or self.linkedin_url

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class Draft:
    """A message to send, not yet sent."""

    kind: str  # "why" | "intro" | "referral"
    feedback_id: int | None
    application_id: int | None
    contact_id: int | None
    contact_name: str | None
    to: str | None  # e-mail or LinkedIn URL when known
    subject: str
    text: str
    company: str = ""
    title: str = ""
    about: str = ""  # what it is about, one line ("their words", the role)
    stage: str | None = None  # why-asks: applied | screen | interviews | final


@dataclass(frozen=True)
class AskItem:
    """One piece of feedback worth asking about, and where the ask stands."""

    feedback_id: int
    application_id: int
    company: str
    company_id: int
    title: str
    text: str
    received_on: str | None
    contact: ContactRef | None
    why: str  # "generic" | "no_reason"
    asked_on: str | None
    answered: bool
    ask_id: int | None = None
    answered_on: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``rung ask --json`` item (the issue's contract), plus the title."""
        return {
            "feedback_id": self.feedback_id,
            "application_id": self.application_id,
            "company": self.company,
            "title": self.title,
            "contact": self.contact.to_json() if self.contact else None,
            "why": self.why,
            "asked_on": self.asked_on,
            "answered": self.answered,
        }


@dataclass(frozen=True)
class Sent:
    """What ``mark_sent`` wrote."""

    ask_id: int
    interaction_id: int
    followup_id: int
    asked_on: str
    follow_up_on: str
    channel: str
    contact_name: str


@dataclass(frozen=True)
class Answered:
    """What ``record_answer`` wrote: the answer's feedback and where things were filed."""

    ask_id: int
    answer_feedback_id: int
    answer_gap: str | None  # the slug the answer itself was filed under
    clarified_gap: str | None  # generic feedback: the gap it moved to (None: not recognized)
    why: str
    followup_closed: bool


@dataclass(frozen=True)
class AskStats:
    """How asking back goes: the Gaps screen's "asked 6, 2 answered"."""

    asks: int  # every ask (asked or not)
    asked: int
    answered: int
    to_send: int  # not asked yet, not answered either

    @property
    def open(self) -> int:
        """Asks without an answer yet (sent or not)."""
        return self.asks - self.answered


@dataclass(frozen=True)
class CompanyAnswers:
    """Whether a company (and which of its people) answered when asked why."""

    asked: int
    answered: int
    answered_by: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """ "2 of 3 asks answered · Dana Reyes answered", or "" when never asked."""
        if not self.asked:
            return ""
        text = f"{self.answered} of {self.asked} asks answered"
        if self.answered_by:
            text += " · " + ", ".join(self.answered_by) + " answered"
        return text


# -- which feedback is an ask ------------------------------------------------------------

# an ask ``k`` is answered: its answer is linked, or feedback came on or after it was asked
_ANSWERED = """(k.answer_feedback_id IS NOT NULL OR (k.asked_on IS NOT NULL AND EXISTS (
    SELECT 1 FROM feedback l WHERE l.application_id = k.application_id
    AND l.id <> k.feedback_id AND l.status = 'confirmed'
    AND substr(l.received_on, 1, 10) >= k.asked_on)))"""
# feedback ``f`` that is an ask before anyone asked: vague or reason-less, on an application
_UNASKED = """f.status = 'confirmed' AND f.application_id IS NOT NULL
AND ((f.gap_id = :generic AND f.clarification IS NULL) OR (f.no_reason = 1 AND f.gap_id IS NULL))
AND f.id NOT IN (SELECT feedback_id FROM asks WHERE kind = 'why' AND feedback_id IS NOT NULL)
AND f.id NOT IN (SELECT answer_feedback_id FROM asks WHERE answer_feedback_id IS NOT NULL
    AND answer_feedback_id IS NOT feedback_id)"""
# the latest why-ask of each piece of feedback (confirmed, on an application, no answer)
_WHY_ASKS = """SELECT k.* FROM asks k JOIN feedback f ON f.id = k.feedback_id
WHERE k.id IN (SELECT max(id) FROM asks WHERE kind = 'why' AND feedback_id IS NOT NULL
               GROUP BY feedback_id)
AND f.status = 'confirmed' AND f.application_id IS NOT NULL
AND f.id NOT IN (SELECT answer_feedback_id FROM asks WHERE answer_feedback_id IS NOT NULL
    AND answer_feedback_id IS NOT feedback_id)"""

_ASKS = (
    """
SELECT f.id, f.application_id, f.text, f.received_on, f.no_reason, f.gap_id,
       a.title, a.company_id, c.name AS company,
       k.id AS ask_id, k.asked_on, k.contact_id AS ask_contact, k.answered_on,
       """
    + _ANSWERED
    + """ AS answered
FROM feedback f
JOIN applications a ON a.id = f.application_id
JOIN companies c ON c.id = a.company_id
LEFT JOIN asks k ON k.id = (SELECT max(x.id) FROM asks x WHERE x.feedback_id = f.id
                            AND x.kind = 'why')
WHERE f.status = 'confirmed' AND f.id IN (
    SELECT id FROM feedback WHERE gap_id = :generic AND clarification IS NULL
    UNION SELECT id FROM feedback WHERE no_reason = 1 AND gap_id IS NULL
    UNION SELECT feedback_id FROM asks WHERE kind = 'why' AND feedback_id IS NOT NULL)
  AND f.id NOT IN (SELECT answer_feedback_id FROM asks WHERE answer_feedback_id IS NOT NULL
    AND answer_feedback_id IS NOT feedback_id)
"""
)


def _generic_gap(store: Store) -> int | None:
    value = store.scalar("SELECT id FROM gaps WHERE slug = ?", [GENERIC_SLUG])
    return int(value) if value is not None else None


def list_asks(
    store: Store,
    *,
    open_only: bool = False,
    company_id: int | None = None,
    feedback_id: int | None = None,
    since: str | None = None,
    with_contacts: bool = True,
) -> list[AskItem]:
    """Every ask, the newest feedback first; ``open_only`` leaves out the answered ones,
    ``since`` (a day) those neither received nor asked since then. ``with_contacts=False``
    skips finding who to ask."""
    sql = _ASKS
    params: dict[str, Any] = {"generic": _generic_gap(store)}
    if since is not None:
        sql += " AND (f.received_on >= :since OR k.asked_on >= :since)"
        params["since"] = since
    if company_id is not None:
        sql += " AND a.company_id = :company"
        params["company"] = company_id
    if feedback_id is not None:
        sql += " AND f.id = :feedback"
        params["feedback"] = feedback_id
    sql += " ORDER BY f.received_on DESC, f.id DESC"
    rows = store.query(sql, params)
    if open_only:
        rows = [r for r in rows if not r["answered"]]
    people = _contacts_for(store, rows) if with_contacts else {}
    fixed = (
        _contacts_by_id(store, {r["ask_contact"] for r in rows if r["ask_contact"]})
        if with_contacts
        else {}
    )
    return [
        AskItem(
            feedback_id=r["id"],
            application_id=r["application_id"],
            company=r["company"],
            company_id=r["company_id"],
            title=r["title"],
            text=r["text"],
            received_on=r["received_on"],
            contact=fixed.get(r["ask_contact"]) or people.get(r["application_id"]),
            why="no_reason" if r["no_reason"] and r["gap_id"] is None else "generic",
            asked_on=r["asked_on"],
            answered=bool(r["answered"]),
            ask_id=r["ask_id"],
            answered_on=r["answered_on"],
        )
        for r in rows
    ]


def get_ask(store: Store, feedback_id: int) -> AskItem:
    """The ask about one piece of feedback; NotFound for no such feedback, RungError when
    that feedback is not an ask (it gives a reason, or is about no application)."""
    found = list_asks(store, feedback_id=feedback_id)
    if found:
        return found[0]
    row = store.query_one("SELECT application_id, status FROM feedback WHERE id = ?", [feedback_id])
    if row is None:
        raise NotFound("feedback", feedback_id)
    if row["application_id"] is None:
        raise RungError(
            f"feedback {feedback_id} is about no application: nobody to ask (link it to one first)"
        )
    if row["status"] != "confirmed":
        raise RungError(f"feedback {feedback_id} is an import candidate: confirm it first")
    if store.scalar("SELECT 1 FROM asks WHERE answer_feedback_id = ?", [feedback_id]):
        raise RungError(f"feedback {feedback_id} is the answer to an ask")
    raise RungError(f"feedback {feedback_id} already gives a reason: nothing to ask")


def _contacts_by_id(store: Store, ids: set[int]) -> dict[int, ContactRef]:
    if not ids:
        return {}
    return {
        r["id"]: ContactRef(r["id"], r["name"], r["relationship"], r["email"], r["linkedin_url"])
        for r in store.query(
            "SELECT id, name, relationship, email, linkedin_url FROM contacts "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(ids))],
        )
    }


def _contacts_for(store: Store, rows: list[dict[str, Any]]) -> dict[int, ContactRef]:
    """Per application, the person to ask: a recruiter or hiring manager linked to it
    (an interaction or follow-up about it, an interview's "with whom" naming them), else
    one at the same company, else anyone else linked to it. Recruiters first, then the
    most recently in touch. Four queries, whatever the number of applications."""
    apps = {r["application_id"]: r["company_id"] for r in rows}
    if not apps:
        return {}
    app_ids, company_ids = json.dumps(sorted(apps)), json.dumps(sorted(set(apps.values())))
    linked: dict[int, dict[int, str]] = {}  # application -> contact -> latest touch
    for r in store.query(
        "SELECT application_id, contact_id, max(at) AS at FROM ("
        "SELECT application_id, contact_id, at FROM interactions WHERE application_id IN "
        "(SELECT value FROM json_each(:apps)) UNION ALL "
        "SELECT application_id, contact_id, created_at FROM followups WHERE contact_id IS NOT "
        "NULL AND application_id IN (SELECT value FROM json_each(:apps))) "
        "GROUP BY application_id, contact_id",
        {"apps": app_ids},
    ):
        linked.setdefault(r["application_id"], {})[r["contact_id"]] = r["at"] or ""
    people = store.query(
        "SELECT p.id, p.name, p.normalized_name, p.relationship, p.email, p.linkedin_url, "
        "p.company_id, (SELECT max(i.at) FROM interactions i WHERE i.contact_id = p.id) AS last "
        "FROM contacts p WHERE p.company_id IN (SELECT value FROM json_each(:companies)) "
        "OR p.id IN (SELECT contact_id FROM interactions WHERE application_id IN "
        "(SELECT value FROM json_each(:apps))) OR p.id IN (SELECT contact_id FROM followups "
        "WHERE application_id IN (SELECT value FROM json_each(:apps)))",
        {"companies": company_ids, "apps": app_ids},
    )
    by_id = {p["id"]: p for p in people}
    by_company: dict[int, list[dict[str, Any]]] = {}
    for p in people:
        if p["company_id"] is not None:
            by_company.setdefault(p["company_id"], []).append(p)
    for r in store.query(
        "SELECT application_id, with_whom, scheduled_at FROM interviews WHERE with_whom IS NOT "
        "NULL AND application_id IN (SELECT value FROM json_each(:apps))",
        {"apps": app_ids},
    ):
        named = f" {fold(r['with_whom'])} "
        for p in by_company.get(apps[r["application_id"]], ()):
            if p["normalized_name"] and f" {p['normalized_name']} " in named:
                seen = linked.setdefault(r["application_id"], {})
                seen[p["id"]] = max(seen.get(p["id"], ""), r["scheduled_at"] or "")
    out: dict[int, ContactRef] = {}
    for app_id, company_id in apps.items():
        ranked = []
        for contact_id, at in linked.get(app_id, {}).items():
            person = by_id.get(contact_id)
            if person is not None:
                ranked.append((0 if person["relationship"] in ASKED_ROLES else 2, person, at))
        for p in by_company.get(company_id, ()):
            if p["relationship"] in ASKED_ROLES and p["id"] not in linked.get(app_id, {}):
                ranked.append((1, p, p["last"] or ""))
        if not ranked:
            continue
        ranked.sort(key=lambda t: max(t[2] or "", t[1]["last"] or ""), reverse=True)
        ranked.sort(key=lambda t: (t[0], t[1]["relationship"] != "recruiter"))  # stable
        best = ranked[0][1]
        out[app_id] = ContactRef(
            best["id"], best["name"], best["relationship"], best["email"], best["linkedin_url"]
        )
    return out


# -- drafting ----------------------------------------------------------------------------


def templates() -> dict[str, Any]:
    """The message templates (schemas/ask_templates.toml)."""
    return read_toml("schemas", "ask_templates.toml")


def render(template: dict[str, str], values: dict[str, str]) -> tuple[str, str]:
    """(subject, body) of one template with ``values`` filled in (control characters of
    stored text shown, never sent raw)."""
    safe = {k: visible(v or "") for k, v in values.items()}
    return (
        " ".join(template["subject"].format(**safe).split()),
        template["body"].format(**safe).strip() + "\n",
    )


def their_words(text: str, why: str = "generic") -> str:
    """The sentence of a feedback text that carries its reason, verbatim (shortened to a
    line): the one about experience for a generic one, the decision for a form letter."""
    sentences = [s.strip() for s in _SENTENCES.split(text.strip()) if s.strip()]
    pattern = re.compile(r"experien", re.IGNORECASE) if why == "generic" else _NO_REASON_WORDS
    pick = next((s for s in sentences if pattern.search(s)), sentences[0] if sentences else "")
    pick = " ".join(_LEAD_IN.sub("", pick).split()).rstrip(".!;:, ")
    if len(pick) > _MAX_QUOTE:
        pick = pick[:_MAX_QUOTE].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return pick


def stage_reached(
    interviews: list[dict[str, Any]],
    decided_on: str | None,
) -> tuple[str, str]:
    """How far the process went when the feedback came: (``applied`` | ``screen`` |
    ``interviews`` | ``final``, the last round as words: "the panel (round 4)"). The final
    round is core/rounds.final_round's."""
    day = (decided_on or today().isoformat())[:10]
    held = [
        iv
        for iv in interviews
        if iv.get("outcome") != "cancelled"
        and (not iv.get("scheduled_at") or str(iv["scheduled_at"])[:10] <= day)
    ]
    if not held:
        return "applied", "your application"
    last = final_round(held, decided_at=day)
    if last is not None:
        return "final", _round_words(last)
    latest = max(
        held, key=lambda iv: (int(iv.get("round") or 1), str(iv.get("scheduled_at") or ""))
    )
    if all(iv.get("kind") == "recruiter_screen" for iv in held):
        return "screen", _round_words(latest)
    return "interviews", _round_words(latest)


def _round_words(interview: Mapping[str, Any]) -> str:
    label = _KIND_LABELS.get(str(interview.get("kind")), "interview")
    number = int(interview.get("round") or 1)
    return f"the {label}" + (f" (round {number})" if number >= 2 else "")


def draft_why(store: Store, feedback_id: int) -> Draft:
    """The message asking what was missing behind one vague or reason-less rejection."""
    ask = get_ask(store, feedback_id)
    interview_id = store.scalar("SELECT interview_id FROM feedback WHERE id = ?", [feedback_id])
    interviews = store.query(
        "SELECT round, kind, scheduled_at, outcome, notes FROM interviews WHERE "
        "application_id = ?"
        + (" AND round <= (SELECT round FROM interviews WHERE id = ?)" if interview_id else ""),
        [ask.application_id, *([interview_id] if interview_id else [])],
    )
    stage, last_round = stage_reached(interviews, ask.received_on)
    template = templates()[f"why_{ask.why}"][stage]
    who = ask.contact
    words = their_words(ask.text, ask.why)
    subject, body = render(
        template,
        {
            "greeting": f"Hi {who.first_name}," if who else "Hi,",
            "first_name": who.first_name if who else "",
            "role": ask.title,
            "company": ask.company,
            "their_words": words,
            "last_round": last_round,
            "posting": "",
        },
    )
    return Draft(
        "why",
        feedback_id,
        ask.application_id,
        who.id if who else None,
        who.name if who else None,
        who.to if who else None,
        subject,
        body,
        company=ask.company,
        title=ask.title,
        about=f"“{words}”",
        stage=stage,
    )


def draft_contact_ask(store: Store, kind: str, application_id: int, contact_id: int) -> Draft:
    """The message asking a contact for an introduction (``intro``) or a referral
    (``referral``) for one application."""
    if kind not in ("intro", "referral"):
        raise ValidationError({"kind": f"intro or referral, not {kind!r}"})
    app = store.query_one(
        "SELECT a.title, a.url, c.name AS company FROM applications a JOIN companies c ON "
        "c.id = a.company_id WHERE a.id = ?",
        [application_id],
    )
    if app is None:
        raise NotFound("application", application_id)
    who = _contacts_by_id(store, {contact_id}).get(contact_id)
    if who is None:
        raise NotFound("contact", contact_id)
    subject, body = render(
        templates()[kind],
        {
            "greeting": f"Hi {who.first_name},",
            "first_name": who.first_name,
            "role": app["title"],
            "company": app["company"],
            "their_words": "",
            "last_round": "",
            "posting": f" ({app['url']})" if app["url"] else "",
        },
    )
    what = "an introduction" if kind == "intro" else "a referral"
    return Draft(
        kind,
        None,
        application_id,
        who.id,
        who.name,
        who.to,
        subject,
        body,
        company=app["company"],
        title=app["title"],
        about=f"{what} for {app['title']} at {app['company']}",
    )


# -- sent, answered ----------------------------------------------------------------------


def _day(on: str | None, name: str) -> str:
    if not on:
        return today().isoformat()
    try:
        return parse_user_date(on).isoformat()
    except ValueError as exc:
        raise ValidationError({name: str(exc)}) from None


def mark_sent(
    store: Store,
    draft: Draft,
    *,
    message: str | None = None,
    on: str | None = None,
    follow_up_days: int = FOLLOW_UP_DAYS,
    contact_id: int | None = None,
) -> Sent:
    """The draft was sent (as ``message``, default its text) on ``on`` (default today):
    one transaction writes the ``asks`` row, an interaction with the contact (e-mail, or
    LinkedIn when only a LinkedIn URL is known) and a follow-up ``follow_up_days`` later.
    ``contact_id`` names the person when the draft has nobody. A why-ask is sent once."""
    from .commands.contacts import log_interaction
    from .commands.followups import add_followup

    if draft.kind not in KINDS:
        raise ValidationError({"kind": f"one of {', '.join(KINDS)}"})
    day = _day(on, "date")
    text = draft.text if message is None else message
    if not text.strip():
        raise ValidationError({"message": "the message is empty"})
    who_id = contact_id if contact_id is not None else draft.contact_id
    if who_id is None:
        raise ValidationError(
            {
                "contact": "rung knows nobody to ask at "
                f"{draft.company or 'this company'}: say who it went to "
                "(--contact ID)"
            }
        )
    who = _contacts_by_id(store, {who_id}).get(who_id)
    if who is None:
        raise NotFound("contact", who_id)
    if draft.kind == "why":
        if draft.feedback_id is None:
            raise ValidationError({"feedback": "a why-ask is about a piece of feedback"})
        ask = get_ask(store, draft.feedback_id)
        if ask.answered:
            raise RungError(f"feedback {draft.feedback_id}: already answered")
        if ask.asked_on:
            raise RungError(
                f"feedback {draft.feedback_id}: already asked on {ask.asked_on}"
                + (f" ({ask.contact.name})" if ask.contact else "")
            )
        existing = ask.ask_id
        what = f"No answer yet from {who.first_name} about the {ask.company} rejection: nudge once"
        summary = f"Asked why: {draft.about or draft.subject}"
    else:
        existing = None
        before = store.scalar(
            "SELECT asked_on FROM asks WHERE kind = ? AND application_id = ? AND contact_id = ? "
            "AND asked_on IS NOT NULL",
            [draft.kind, draft.application_id, who_id],
        )
        if before:
            raise RungError(
                f"already asked {who.name} for "
                f"{'an intro' if draft.kind == 'intro' else 'a referral'} on {before}"
            )
        noun = "an intro" if draft.kind == "intro" else "a referral"
        what = f"No answer yet from {who.first_name} about {noun} at {draft.company}: nudge once"
        summary = f"Asked for {noun}: {draft.title} at {draft.company}"
    channel = "linkedin" if who.linkedin_url and not who.email else "email"
    due = (parse_user_date(day) + timedelta(days=follow_up_days)).isoformat()
    with store.transaction():
        interaction = log_interaction(
            store,
            who.id,
            summary=summary,
            channel=channel,
            at=day,
            application_id=draft.application_id,
        )
        followup = add_followup(
            store, what=what, due_on=due, contact_id=who.id, application_id=draft.application_id
        )
        values = {
            "kind": draft.kind,
            "feedback_id": draft.feedback_id,
            "application_id": draft.application_id,
            "contact_id": who.id,
            "message": text,
            "asked_on": day,
            "interaction_id": interaction.id,
            "followup_id": followup.id,
        }
        if existing is not None:
            store.update("asks", existing, values)
            ask_id = existing
        else:
            ask_id = store.insert("asks", {**values, "created_at": now_iso()})
    return Sent(ask_id, interaction.id, followup.id, day, due, channel, who.name)


class UnrecognizedAnswer(RungError):
    """An answer to a "more experience" ask that names no gap rung recognizes: nothing was
    written; pick one of ``guesses`` (slugs, likeliest first) and answer again with it."""

    def __init__(self, feedback_id: int, answer: str, guesses: list[str]) -> None:
        self.feedback_id, self.answer, self.guesses = feedback_id, answer, guesses
        super().__init__(
            f"feedback {feedback_id}: rung does not recognize which gap "
            f"\u201c{answer}\u201d names; say it with --gap SLUG "
            f"(closest: {', '.join(guesses[:3])})"
        )


def record_answer(
    store: Store, feedback_id: int, text: str, on: str | None = None, *, gap: str | None = None
) -> Answered:
    """The answer to a why-ask came. One transaction: the ask is linked to it and marked
    answered, its follow-up closed, and the reply logged as an interaction with the person
    asked (when known).

    Where the answer goes, so that one rejection counts once:

    - **generic** feedback ("more experience"): the answer *is* its clarification (the
      existing "which experience?" path): the feedback moves to the gap the answer names
      (or ``gap``) and the answer teaches that gap; no second feedback row, so the gap
      counts the rejection once. ``answer_feedback_id`` is the clarified feedback itself.
      An answer naming no gap rung knows raises UnrecognizedAnswer (nothing written).
    - **no reason** (a form letter): the answer is logged as new feedback on the same
      application (source "answer to ask") and filed on its own; the letter stays out of
      the gaps.
    """
    from .clustering.assign import log_feedback
    from .clustering.corrections import clarify, reassign
    from .clustering.guesses import guess_gaps, named_gap
    from .commands.contacts import log_interaction

    ask = get_ask(store, feedback_id)
    if ask.answered_on or (
        ask.ask_id
        and store.scalar("SELECT answer_feedback_id FROM asks WHERE id = ?", [ask.ask_id])
    ):
        raise RungError(
            f"feedback {feedback_id}: already answered on {ask.answered_on or 'an earlier day'}"
        )
    answer = " ".join((text or "").split())
    if not answer:
        raise ValidationError({"answer": "write what they said"})
    day = _day(on, "date")
    target = None
    if ask.why == "generic":
        target = gap or named_gap(store, answer)
        if target is None:
            raise UnrecognizedAnswer(
                feedback_id,
                answer,
                [g.slug for g in guess_gaps(store, answer) if g.slug != GENERIC_SLUG],
            )
    closed = False
    with store.transaction():
        if ask.why == "generic":
            clarified = clarify(store, feedback_id, answer, gap=target)
            answer_id, answer_gap = feedback_id, clarified
        else:
            clarified = None
            logged = log_feedback(
                store,
                answer,
                application_id=ask.application_id,
                received_on=day,
                source=ANSWER_SOURCE,
            )
            answer_id, answer_gap = logged.feedback.id, logged.gap_slug
            if gap:
                reassign(store, answer_id, gap)
                answer_gap = gap
        ask_id = ask.ask_id
        values = {"answer_feedback_id": answer_id, "answered_on": day}
        if ask_id is None:  # answered without rung knowing it was asked
            ask_id = store.insert(
                "asks",
                {
                    "kind": "why",
                    "feedback_id": feedback_id,
                    "application_id": ask.application_id,
                    "contact_id": ask.contact.id if ask.contact else None,
                    "created_at": now_iso(),
                    **values,
                },
            )
        else:
            store.update("asks", ask_id, values)
            followup = store.scalar("SELECT followup_id FROM asks WHERE id = ?", [ask_id])
            if followup is not None:
                closed = (
                    store.execute(
                        "UPDATE followups SET done_at = ? WHERE id = ? AND done_at IS NULL",
                        [now_iso(), followup],
                    ).rowcount
                    > 0
                )
        if ask.contact is not None:
            log_interaction(
                store,
                ask.contact.id,
                summary=f"Answered why: {answer}",
                channel="email",
                at=day,
                application_id=ask.application_id,
            )
    return Answered(ask_id, answer_id, answer_gap, clarified, ask.why, closed)


# -- figures -----------------------------------------------------------------------------


def review_asks(store: Store, *, days: int = REVIEW_DAYS) -> list[AskItem]:
    """The open asks (not answered) for the weekly review, of feedback received or asked
    in the last ``days``, the ones not asked yet first."""
    since = (today() - timedelta(days=days)).isoformat()
    items = list_asks(store, open_only=True, since=since)
    items.sort(key=lambda a: a.asked_on is not None)
    return items


def ask_stats(store: Store) -> AskStats:
    """How many asks there are, how many were sent and answered, how many wait to be sent.
    Two aggregate queries (the Gaps screen's header reads it on every load)."""
    params = {"generic": _generic_gap(store)}
    unasked = int(store.scalar(f"SELECT count(*) FROM feedback f WHERE {_UNASKED}", params) or 0)
    row = (
        store.query_one(
            f"SELECT count(*) AS n, count(k.asked_on) AS asked, coalesce(sum({_ANSWERED}), 0) "
            f"AS answered, coalesce(sum(k.asked_on IS NULL AND NOT {_ANSWERED}), 0) AS waiting "
            f"FROM ({_WHY_ASKS}) k"
        )
        or {}
    )
    return AskStats(
        unasked + int(row.get("n") or 0),
        int(row.get("asked") or 0),
        int(row.get("answered") or 0),
        unasked + int(row.get("waiting") or 0),
    )


def company_answers(store: Store, company_id: int) -> CompanyAnswers:
    """Why-asks sent to one company's people and how many were answered, with who answered
    (the person each was sent to). One query."""
    rows = store.query(
        f"SELECT {_ANSWERED} AS answered, p.name FROM ({_WHY_ASKS}) k "
        "JOIN applications a ON a.id = k.application_id "
        "LEFT JOIN contacts p ON p.id = k.contact_id "
        "WHERE k.asked_on IS NOT NULL AND a.company_id = :company ORDER BY k.id",
        {"company": company_id},
    )
    names: list[str] = []
    for r in rows:
        if r["answered"] and r["name"] and r["name"] not in names:
            names.append(r["name"])
    return CompanyAnswers(len(rows), sum(1 for r in rows if r["answered"]), names)
