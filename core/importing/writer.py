"""Write prepared rows: deduplicate, merge, record stage events; the caller holds the transaction."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from typing import Any

from ..clock import now_iso
from ..levels import infer_level
from ..stages import is_progress
from ..store import Store
from ..text import fold, normalize_company, normalize_person, normalize_title
from ..text import normalize_linkedin_profile as profile_key
from .feedback_candidates import carries_feedback, plain
from .report import ImportReport
from .rows import PROGRESS_EVERY, Prepared

_FILLABLE = ("location", "url", "salary", "applied_on", "notes")
_APP_COLUMNS = (
    "id",
    "company_id",
    "title",
    "level",
    "location",
    "url",
    "url_key",
    "source",
    "stage",
    "status_raw",
    "applied_on",
    "salary",
    "notes",
)
_app_fields = itemgetter(*_APP_COLUMNS)


def _app_values(app: dict[str, Any], stamps: tuple[str, str]) -> tuple[Any, ...]:
    return _app_fields(app) + stamps


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def split_person(text: str) -> tuple[str, str | None]:
    """(name, e-mail) from a cell such as "Jane Doe <jane.doe@x.com>" or "jane.doe@x.com"."""
    found = _EMAIL.search(text)
    email = found.group(0) if found else None
    name = _EMAIL.sub("", text) if found else text
    name = " ".join(name.replace("<", " ").replace(">", " ").replace("()", " ").split())
    name = name.strip(" ,;-()")
    if not name and email:
        name = " ".join(
            part.capitalize() for part in re.split(r"[._-]+", email.split("@")[0]) if part
        )
    return name, email


class _ContactIndex:
    """The contacts an import can match, by LinkedIn URL, e-mail, and name at a company,
    kept in memory for the run (one query, then a dictionary look-up per row)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.by_url: dict[str, dict[str, Any]] = {}
        self.by_email: dict[str, dict[str, Any]] = {}
        self.by_name: dict[tuple[str, int | None], dict[str, Any]] = {}
        self.by_person: dict[str, list[dict[str, Any]]] = {}
        for row in rows:  # in id order: on ties the oldest contact is the match
            self.add(row)

    def _keys(self, row: dict[str, Any]) -> list[tuple[dict[Any, dict[str, Any]], Any]]:
        keys: list[tuple[dict[Any, dict[str, Any]], Any]] = [
            (self.by_name, (row["normalized_name"], row.get("company_id")))
        ]
        url = profile_key(row.get("linkedin_url"))
        if url:
            keys.append((self.by_url, url))
        if row.get("email"):
            keys.append((self.by_email, row["email"].lower()))
        return keys

    def add(self, row: dict[str, Any]) -> None:
        """Index a contact under its keys (a key another contact holds stays theirs)."""
        for index, key in self._keys(row):
            index.setdefault(key, row)
        self.by_person.setdefault(row["normalized_name"], []).append(row)

    def update(self, row: dict[str, Any], changes: dict[str, Any]) -> None:
        """Apply ``changes`` to a known contact and index it under its new keys."""
        for index, key in self._keys(row):
            if index.get(key) is row:
                del index[key]
        people = self.by_person.get(row["normalized_name"], [])
        if row in people:
            people.remove(row)
        row.update(changes)
        self.add(row)

    def find(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """The known contact ``values`` describe: same LinkedIn URL, else e-mail, else
        the same name at the same company (or both without one)."""
        found = None
        url = profile_key(values.get("linkedin_url"))
        if url:
            found = self.by_url.get(url)
        if found is None and values.get("email"):
            found = self.by_email.get(values["email"].lower())
        if found is None:
            found = self.by_name.get((normalize_person(values["name"]), values.get("company_id")))
            if found is not None and found.get("linkedin_url") and values.get("linkedin_url"):
                found = None  # same name, another profile: a namesake
        return found

    def person(self, name: str, url: str | None) -> dict[str, Any] | None:
        """The contact a message or an invitation is with: by profile URL; else by name,
        but never a namesake whose profile URL differs from the one given."""
        key = profile_key(url)
        if key:
            found = self.by_url.get(key)
            if found is not None:
                return found
        for row in self.by_person.get(normalize_person(name), ()) if name else ():
            if not url or not row.get("linkedin_url"):
                return row
        return None


class Writer:
    """Holds the dedup indexes of one import run (so numbered files merge with each other)."""

    def __init__(
        self,
        store: Store,
        accept_feedback: bool,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self.store = store
        self.progress = progress
        self.conn = store.conn
        self.stamp = now_iso()
        self.feedback_status = "confirmed" if accept_feedback else "candidate"
        self.companies = {
            r["normalized_name"]: r["id"]
            for r in store.query("SELECT id, normalized_name FROM companies")
        }
        self._level = lru_cache(maxsize=65536)(infer_level)
        self._company_key = lru_cache(maxsize=65536)(normalize_company)
        self._title_key = lru_cache(maxsize=65536)(normalize_title)
        self.apps_by_url: dict[str, dict[str, Any]] = {}
        self.apps_by_key: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        for r in store.query(
            "SELECT a.id, a.company_id, a.stage, a.user_edited, a.url_key, a.title, a.applied_on,"
            " a.location, a.url, a.salary, a.notes, a.status_raw, c.normalized_name"
            " FROM applications a JOIN companies c ON c.id = a.company_id"
        ):
            self._index_app(r)
        self.next_app_id = int(store.scalar("SELECT coalesce(max(id), 0) FROM applications")) + 1
        self.pending: dict[int, dict[str, Any]] = {}
        self._contacts: _ContactIndex | None = None
        self._known_feedback: set[tuple[str, int | None]] | None = None
        self._seen_keys: set[str] | None = None

    # -- companies ---------------------------------------------------------------------

    def company_id(self, name: str, key: str | None = None) -> int:
        """The id of the company ``name`` (its dedup ``key`` if known), created if new."""
        if key is None:
            key = self._company_key(name)
        found = self.companies.get(key)
        if found is None:
            cursor = self.conn.execute(
                "INSERT INTO companies(name, normalized_name, created_at, updated_at)"
                " VALUES (?,?,?,?)",
                (" ".join(name.split()), key, self.stamp, self.stamp),
            )
            assert cursor.lastrowid is not None  # an INSERT's row id
            found = self.companies[key] = cursor.lastrowid
            self.report.count("companies")
        return found

    # -- applications ------------------------------------------------------------------

    def _index_app(
        self,
        app: dict[str, Any],
        key: tuple[str, str, str | None] | None = None,
    ) -> None:
        if app.get("url_key"):
            self.apps_by_url[app["url_key"]] = app
        if key is None:
            day = app["applied_on"][:10] if app.get("applied_on") else None
            key = (app["normalized_name"], self._title_key(app["title"]), day)
        self.apps_by_key[key] = app

    def applications(self, prepared: Prepared, report: ImportReport) -> None:
        self.report = report
        events: list[tuple[Any, ...]] = []
        followups: list[tuple[int, str]] = []
        feedback: list[tuple[int, str | None, str]] = []
        total = len(prepared.rows)
        company_key, title_key, level = self._company_key, self._title_key, self._level
        find, index_app, pending = self._find, self._index_app, self.pending
        created_note = f"imported from {report.profile}"
        created = 0
        for done, row in enumerate(prepared.rows):
            if self.progress is not None and not done % PROGRESS_EVERY:
                self.progress("writing", done, total)
            company = company_key(row["company"])
            day = row["applied_on"][:10] if row["applied_on"] else None
            key = (company, title_key(row["title"]), day)
            app = find(row, key)
            at = row["at"] or self.stamp
            if app is None:
                app = row  # the row becomes the in-memory record (no second dict per row)
                app_id = self.next_app_id
                self.next_app_id += 1
                app.update(
                    id=app_id,
                    company_id=self.company_id(row["company"], company),
                    level=level(row["title"]),
                    user_edited="[]",
                    normalized_name=company,
                )
                pending[app_id] = app
                status_at = row["status_at"]
                if (
                    status_at
                    and row["stage"] not in ("saved", "applied")
                    and row["at"]
                    and status_at > row["at"]
                ):
                    events.append((app_id, None, "applied", at, created_note))
                    events.append((app_id, "applied", row["stage"], status_at, created_note))
                else:
                    events.append((app_id, None, row["stage"], at, created_note))
                created += 1
                index_app(app, key)
            else:  # the same job again (identical rows included): folded into it
                self._merge(app, row, row["status_at"] or at, events)
                report.merged += 1
            if row["contact"]:
                self._sheet_contact(
                    row["contact"], app["company_id"], prepared.contact_relationship, report
                )
            if row["follow_up"]:
                followups.append((app["id"], row["follow_up"]))
            if row["may_carry_feedback"] and carries_feedback(row["notes"]):
                feedback.append((app["id"], row["applied_on"] or at[:10], row["notes"]))
        if created:
            report.count("applications", created)
        self._flush_pending()
        if events:
            self.conn.executemany(
                "INSERT INTO stage_events(application_id, from_stage, to_stage, at, note)"
                " VALUES (?,?,?,?,?)",
                events,
            )
            report.count("stage_events", len(events))
        for app_id, due_on in followups:
            self._followup(app_id, due_on, report)
        for app_id, received_on, text in feedback:
            self._feedback(app_id, received_on, report.profile or "import", text, report)

    def _find(self, row: dict[str, Any], key: tuple[str, str, str | None]) -> dict[str, Any] | None:
        """The known application a row is: same job URL, else same company, title and date
        (a key match with a different job URL is another job)."""
        if row["url_key"]:
            found = self.apps_by_url.get(row["url_key"])
            if found is not None:
                return found
        candidate = self.apps_by_key.get(key)
        if candidate is None and row["stage"] == "saved":
            candidate = self.apps_by_key.get((key[0], key[1], None))
        if (
            candidate is not None
            and row["url_key"]
            and candidate.get("url_key")
            and candidate["url_key"] != row["url_key"]
        ):
            return None
        return candidate

    def _flush_pending(self) -> None:
        """Insert the applications created in this run (explicit ids, one executemany)."""
        self.conn.executemany(
            f"INSERT INTO applications({', '.join(_APP_COLUMNS)}, created_at, updated_at)"
            f" VALUES ({', '.join('?' for _ in _APP_COLUMNS)}, ?, ?)",
            map(_app_values, self.pending.values(), repeat((self.stamp, self.stamp))),
        )
        self.pending.clear()

    def _merge(
        self, app: dict[str, Any], row: dict[str, Any], at: str, events: list[tuple[Any, ...]]
    ) -> bool:
        """Apply what is new in ``row`` to ``app``; True when anything changed."""
        edited = set(json.loads(app.get("user_edited") or "[]"))
        changes: dict[str, Any] = {}
        if (
            "stage" not in edited
            and row["stage"] != app["stage"]
            and is_progress(app["stage"], row["stage"])
        ):
            events.append((app["id"], app["stage"], row["stage"], at, "import"))
            changes["stage"] = row["stage"]
        if (
            row["status_raw"]
            and row["status_raw"] != app.get("status_raw")
            and "status_raw" not in edited
            and "stage" not in edited
        ):
            changes["status_raw"] = row["status_raw"]
        for name in _FILLABLE:
            if row.get(name) and not app.get(name) and name not in edited:
                changes[name] = row[name]
        if row["url_key"] and not app.get("url_key") and "url" not in edited:
            changes["url_key"] = row["url_key"]
        if not changes:
            return False
        if app["id"] in self.pending:
            app.update(changes)
            self._index_app(app)
            return True
        assignments = ", ".join(f"{k} = ?" for k in changes)
        self.conn.execute(
            f"UPDATE applications SET {assignments}, updated_at = ? WHERE id = ?",
            [*changes.values(), self.stamp, app["id"]],
        )
        app.update(changes)
        self._index_app(app)
        return True

    def _followup(self, app_id: int, due_on: str, report: ImportReport) -> None:
        exists = self.conn.execute(
            "SELECT 1 FROM followups WHERE application_id = ? AND due_on = ?", (app_id, due_on)
        ).fetchone()
        if not exists:
            self.conn.execute(
                "INSERT INTO followups(application_id, due_on, what, created_at) VALUES (?,?,?,?)",
                (app_id, due_on, "Follow up (imported)", self.stamp),
            )
            report.count("followups")

    def _feedback(
        self,
        app_id: int | None,
        received_on: str | None,
        source: str,
        text: str,
        report: ImportReport,
    ) -> None:
        if self._known_feedback is None:  # read once: a query per text scanned the table
            self._known_feedback = {
                (t, a) for t, a in self.conn.execute("SELECT text, application_id FROM feedback")
            }
        if (text, app_id) in self._known_feedback:
            return
        self._known_feedback.add((text, app_id))
        self.conn.execute(
            "INSERT INTO feedback(application_id, received_on, source, text, status, created_at)"
            " VALUES (?,?,?,?,?,?)",
            (app_id, received_on, source, text, self.feedback_status, self.stamp),
        )
        report.count("feedback")
        report.feedback_candidates += 1

    # -- contacts ----------------------------------------------------------------------

    def contacts(self, prepared: Prepared, report: ImportReport) -> None:
        self.report = report
        for row in prepared.rows:
            company_id = self.company_id(row["company"]) if row["company"] else None
            outcome = self._upsert_contact(
                {
                    "name": row["name"],
                    "company_id": company_id,
                    "title": row["title"],
                    "email": row["email"],
                    "linkedin_url": row["linkedin_url"],
                    "connected_on": row["connected_on"],
                    "notes": row["notes"],
                },
                "linkedin",
            )
            if outcome == "created":
                report.count("contacts")
            else:  # known already (the same row again included): folded into it
                report.merged += 1

    def _known_contacts(self) -> _ContactIndex:
        if self._contacts is None:
            self._contacts = _ContactIndex(self.store.query("SELECT * FROM contacts"))
        return self._contacts

    def _upsert_contact(self, values: dict[str, Any], source: str) -> str:
        """Create or complete a contact (same LinkedIn URL, else e-mail, else name and
        company); fields the user edited stay. Returns "created", "merged" or "same"."""
        known = self._known_contacts()
        found = known.find(values)
        if found is None:
            row = {
                "name": values["name"],
                "normalized_name": normalize_person(values["name"]),
                **{k: v for k, v in values.items() if k != "name"},
                "source": source,
                "created_at": self.stamp,
                "updated_at": self.stamp,
            }
            row["id"] = self.conn.execute(
                f"INSERT INTO contacts({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            ).lastrowid
            row.setdefault("user_edited", "[]")
            known.add(row)
            return "created"
        edited = set(json.loads(found["user_edited"] or "[]"))
        changes = {
            k: v
            for k, v in values.items()
            if v
            and v != found.get(k)
            and k not in edited
            and k != "name"
            and not (k in ("relationship", "notes") and found.get(k))
        }
        if not changes:
            return "same"
        sets = ", ".join(f"{k} = ?" for k in changes)
        self.conn.execute(
            f"UPDATE contacts SET {sets}, updated_at = ? WHERE id = ?",
            [*changes.values(), self.stamp, found["id"]],
        )
        known.update(found, changes)
        return "merged"

    def _sheet_contact(
        self, text: str, company_id: int, relationship: str | None, report: ImportReport
    ) -> None:
        """The person a spreadsheet row names ("Jane Doe <jane@x.com>", an e-mail, a name),
        kept as a contact at the row's company."""
        name, email = split_person(text)
        if not name:
            return
        outcome = self._upsert_contact(
            {"name": name, "company_id": company_id, "email": email, "relationship": relationship},
            report.profile or "import",
        )
        if outcome == "created":
            report.count("contacts")

    # -- messages and invitations -----------------------------------------------------

    def messages(self, prepared: Prepared, report: ImportReport) -> None:
        """LinkedIn messages (modern or legacy) as interactions with the other side."""
        self.report = report
        known = self._known_contacts()
        owner = _Owner(prepared.rows, known)
        named = _NamedApplications(
            self.store.query(
                "SELECT a.id, a.company_id, c.normalized_name FROM applications a"
                " JOIN companies c ON c.id = a.company_id ORDER BY a.applied_on DESC"
            )
        )
        seen = self._source_keys()
        replied = {owner.conversation(r) for r in prepared.rows if owner.wrote(r)}
        # Who, not yet a contact, is worth one: someone the user replied to or who wrote
        # about a role, judged on the whole file first so that a re-import decides alike.
        worth: dict[tuple[str, str | None], str | None] = {}
        for row in prepared.rows:
            outgoing = owner.wrote(row)
            row["outgoing"] = outgoing
            name, url = owner.other_side(row, outgoing)
            row["other"] = (name, url)
            row["text"] = text = plain(row["content"])
            person = (normalize_person(name), profile_key(url) if url else None)
            if (
                person in worth
                or known.person(name, url) is not None
                or _not_a_person(name, url, row) is not None
            ):
                continue
            about = f"{row['title']} {row['subject']} {text}"
            if owner.conversation(row) in replied or _ABOUT_A_ROLE.search(about):
                worth[person] = _relationship(f"{row['title']} {text}")
        new_rows: list[tuple[Any, ...]] = []
        feedback: list[tuple[int | None, str, str]] = []
        for row in prepared.rows:
            outgoing = row["outgoing"]
            name, url = row["other"]
            text = row["text"]
            contact = known.person(name, url)
            if contact is None:
                why = _not_a_person(name, url, row)
                person = (normalize_person(name), profile_key(url) if url else None)
                if why is None and person in worth:
                    contact = self._new_person(name, url, "linkedin message", worth[person], report)
                if contact is None:
                    kind = why or "not_a_contact"
                    report.warn(
                        row["line"],
                        prepared.header_of("recipient" if outgoing else "sender"),
                        _SKIP_MESSAGE[kind].format(name=name or "someone"),
                        kind,
                        skipped=True,
                    )
                    continue
            source_key = (
                "linkedin:"
                + hashlib.sha1(
                    "\x1f".join((row["conversation_id"], row["at"], row["sender"], text)).encode()
                ).hexdigest()
            )
            if source_key in seen:  # imported before, or twice in this file
                report.merged += 1
                continue
            seen.add(source_key)
            app_id = named.find(
                " ".join((row["title"], row["subject"], text)), contact.get("company_id")
            )
            new_rows.append(
                (contact["id"], app_id, row["at"], "linkedin", text[:2000], source_key, self.stamp)
            )
            if not outgoing and carries_feedback(text):
                feedback.append((app_id, row["at"][:10], text))
        self._insert_interactions(new_rows, report)
        for app_id, received_on, text in feedback:
            self._feedback(app_id, received_on, "linkedin message", text, report)

    def invitations(self, prepared: Prepared, report: ImportReport) -> None:
        """LinkedIn invitations, sent and received: each a touch with the other person
        (a contact made for them when they are not one yet)."""
        self.report = report
        known = self._known_contacts()
        seen = self._source_keys()
        new_rows: list[tuple[Any, ...]] = []
        for row in prepared.rows:
            outgoing = row["outgoing"] is not False
            name = row["recipient"] if outgoing else row["sender"]
            url = (row["recipient_urls"] or [None])[0] if outgoing else row["sender_url"]
            contact = known.person(name, url)
            if contact is None:
                why = _not_a_person(name, url, row)
                if why is not None:
                    report.warn(
                        row["line"],
                        prepared.header_of("recipient" if outgoing else "sender"),
                        _SKIP_MESSAGE[why].format(name=name or "someone"),
                        why,
                        skipped=True,
                    )
                    continue
                contact = self._new_person(
                    name, url, "linkedin invitation", _relationship(row["content"]), report
                )
            text = plain(row["content"])
            summary = ("Invitation sent" if outgoing else "Invitation received") + (
                f": {text}" if text else ""
            )
            source_key = (
                "linkedin-invitation:"
                + hashlib.sha1(
                    "\x1f".join((row["sender"], row["recipient"], row["at"])).encode()
                ).hexdigest()
            )
            if source_key in seen:
                report.merged += 1
                continue
            seen.add(source_key)
            new_rows.append(
                (contact["id"], None, row["at"], "linkedin", summary[:2000], source_key, self.stamp)
            )
        self._insert_interactions(new_rows, report)

    def _source_keys(self) -> set[str]:
        """Dedup keys of the imported touches: read once per run, grown as rows go in (so
        the numbered files of one export, and messages and invitations, share them)."""
        if self._seen_keys is None:
            self._seen_keys = {
                key
                for (key,) in self.conn.execute(
                    "SELECT source_key FROM interactions WHERE source_key IS NOT NULL"
                )
            }
        return self._seen_keys

    def _insert_interactions(self, rows: list[tuple[Any, ...]], report: ImportReport) -> None:
        """Write imported touches in one executemany and count them."""
        self.conn.executemany(
            "INSERT INTO interactions(contact_id, application_id, at, channel, summary,"
            " source_key, created_at) VALUES (?,?,?,?,?,?,?)",
            rows,
        )
        if rows:
            report.count("interactions", len(rows))

    def _new_person(
        self,
        name: str,
        url: str | None,
        source: str,
        relationship: str | None,
        report: ImportReport,
    ) -> dict[str, Any]:
        """A contact for someone met through a message or an invitation."""
        outcome = self._upsert_contact(
            {"name": name, "company_id": None, "linkedin_url": url, "relationship": relationship},
            source,
        )
        if outcome == "created":
            report.count("contacts")
        found = self._known_contacts().person(name, url)
        assert found is not None  # just added
        return found


_ABOUT_A_ROLE = re.compile(
    r"\b(?:role|position|opportunit|job|opening|hiring|recruit|interview|candida|vacanc|"
    r"headcount|your (?:background|profile|experience)|talent)",
    re.IGNORECASE,
)
_RECRUITER = re.compile(
    r"\b(?:recruit|talent|sourc(?:er|ing)|headhunt|staffing|executive search"
    r"|search partner)",
    re.IGNORECASE,
)
_SKIP_MESSAGE = {
    "not_a_contact": "{name} is not among your contacts, and you did not reply nor is it about "
    "a role: skipped",
    "sponsored": "a sponsored or spam message ({name}): skipped",
    "hidden_sender": "a LinkedIn member who hides their name: skipped",
}


def _relationship(text: str) -> str | None:
    return "recruiter" if _RECRUITER.search(text or "") else None


def _not_a_person(name: str, url: str | None, row: dict[str, Any]) -> str | None:
    """Why the other side of a message is nobody to keep as a contact, or None."""
    folder = row.get("folder", "").casefold()
    if (
        "spons" in folder
        or folder == "spam"
        or "sponsored" in row.get("title", "").casefold()
        or (url and re.search(r"linkedin\.com/(?:company|showcase|school)/", url))
    ):
        return "sponsored"
    if not name or fold(name) in ("linkedin member", "linkedin", "linkedin user"):
        return "hidden_sender"
    return None


class _Owner:
    """The account owner of a messages file: the person in most conversations (their name
    and profile URL), so a message is filed under the other side and the owner is never
    matched to a namesake among the connections."""

    def __init__(self, rows: list[dict[str, Any]], contacts: _ContactIndex) -> None:
        names: dict[str, set[str]] = {}
        for row in rows:
            conversation = self.conversation(row)
            if row["outgoing"] is not None:  # a legacy file says who wrote: the owner
                owner = row["sender"] if row["outgoing"] else row["recipient"]
                names.setdefault(normalize_person(owner), set()).add(conversation)
                continue
            for name in (row["sender"], *row["recipient"].split(",")):
                if name.strip():
                    names.setdefault(normalize_person(name), set()).add(conversation)
        # in most conversations; on a tie (a file of one conversation), not a connection
        self.name = max(
            names, key=lambda n: (len(names[n]), n not in contacts.by_person), default=None
        )
        # The owner's profile URLs (more than one when they changed it): URLs under their
        # name seen in many conversations; a namesake writing once is not among them.
        seen: dict[str, set[str]] = {}
        for row in rows:
            pairs = [(row["sender"], row["sender_url"])]
            if len(row["recipient_urls"]) == 1:
                pairs.append((row["recipient"], row["recipient_urls"][0]))
            for name, url in pairs:
                if url and normalize_person(name) == self.name:
                    seen.setdefault(profile_key(url) or url, set()).add(self.conversation(row))
        top = max((len(c) for c in seen.values()), default=0)
        self.urls = {url for url, c in seen.items() if len(c) >= max(2, top / 10) or len(c) == top}

    @staticmethod
    def conversation(row: dict[str, Any]) -> str:
        return (
            row["conversation_id"]
            or row["title"]
            or normalize_person(row["sender"] if row["outgoing"] is False else row["recipient"])
        )

    def is_owner(self, name: str, url: str | None) -> bool:
        """True for the account owner (by profile URL when both sides have one)."""
        if url and self.urls:
            return profile_key(url) in self.urls
        return bool(name) and normalize_person(name) == self.name

    def wrote(self, row: dict[str, Any]) -> bool:
        """True when the owner sent this message."""
        if row["outgoing"] is not None:
            return row["outgoing"]
        return self.is_owner(row["sender"], row["sender_url"])

    def other_side(self, row: dict[str, Any], outgoing: bool) -> tuple[str, str | None]:
        """(name, profile URL) of the person the owner talks to in this message."""
        if not outgoing:
            return row["sender"].strip(), row["sender_url"]
        names = (
            [n.strip() for n in row["recipient"].split(",") if n.strip()]
            if row["outgoing"] is None
            else [row["recipient"].strip()]
        )
        urls = row["recipient_urls"]
        for i, name in enumerate(names):
            url = urls[i] if i < len(urls) and len(urls) == len(names) else None
            if not self.is_owner(name, url):
                return name, url
        return "", None  # to themselves (a note, a draft): nobody to file it under


class _NamedApplications:
    """Which application a message is about: the most recent one whose company the text
    names, else the most recent at the contact's company. One dictionary look-up per word
    of the message, however many applications there are."""

    def __init__(self, apps: list[dict[str, Any]]) -> None:
        """``apps``: id, company_id and normalized_name, the most recent first."""
        self.by_name: dict[str, tuple[int, int]] = {}  # name -> (recency rank, app id)
        self.by_company: dict[int, int] = {}
        for rank, app in enumerate(apps):
            if app["normalized_name"]:
                self.by_name.setdefault(app["normalized_name"], (rank, app["id"]))
            self.by_company.setdefault(app["company_id"], app["id"])
        self.lengths: dict[str, set[int]] = {}  # first word -> word counts of names
        for name in self.by_name:
            words = name.split()
            self.lengths.setdefault(words[0], set()).add(len(words))

    def find(self, text: str, company_id: int | None) -> int | None:
        """The id of the application ``text`` is about, None when none fits."""
        words = fold(text).split()
        best: tuple[int, int] | None = None
        for i, word in enumerate(words):
            for length in self.lengths.get(word, ()):
                found = self.by_name.get(" ".join(words[i : i + length]))
                if found is not None and (best is None or found < best):
                    best = found
        if best is not None:
            return best[1]
        return self.by_company.get(company_id) if company_id is not None else None
