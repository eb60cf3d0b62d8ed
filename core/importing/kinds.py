"""The record kinds an import writes: each registered once, with everything about it.

A profile's ``kind = "..."`` names one of ``KINDS``; the loader checks its ``[columns]``
against the kind's fields, ``prepare`` builds its rows with ``build``, ``import_files``
writes them with ``write`` in the registry's order (contacts first, so applications,
invitations and messages find them) and defers the indexes of ``tables``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .report import ImportReport
from .rows import (
    FUSED,
    Prepared,
    RowBuilder,
    build_application,
    build_contact,
    build_invitation,
    build_message,
)
from .writer import Writer


@dataclass(frozen=True)
class RecordKind:
    """One kind of record a CSV's rows become."""

    name: str
    fields: frozenset[str]  # what a profile's [columns] may map (what ``build`` reads)
    needs: tuple[frozenset[str], ...]  # a profile maps one field of each (else no row)
    tables: tuple[str, ...]  # the tables its rows fill
    matched_by: str  # how a row finds the record it repeats (then it is merged, not added)
    build: RowBuilder  # a record's cells -> the prepared row (None: skipped, noted)
    write: Callable[[Writer, Prepared, ImportReport], None]  # prepared rows -> the database


_MESSAGE_FIELDS = frozenset(
    {
        "conversation_id",
        "conversation_title",
        "sender",
        "sender_url",
        "recipient",
        "recipient_urls",
        "at",
        "subject",
        "content",
        "folder",
        "draft",
        "direction",
    }
)


def _registry(*kinds: RecordKind) -> dict[str, RecordKind]:
    return {kind.name: kind for kind in kinds}


#: Every record kind, in the order an import writes them.
KINDS: dict[str, RecordKind] = _registry(
    RecordKind(
        name="contacts",
        fields=frozenset(
            {"first_name", "last_name", "company", "title", "email", "linkedin_url"}
            | {"connected_on"}
        ),
        needs=(frozenset({"first_name", "last_name"}),),
        tables=("contacts",),
        matched_by="the same LinkedIn URL, else e-mail, else name at the same company",
        build=build_contact,
        write=Writer.contacts,
    ),
    RecordKind(
        name="applications",
        fields=frozenset(
            {"company", "title", FUSED, "location", "url", "salary", "salary_min", "salary_max"}
            | {"applied_on", "saved_on", "status", "status_on", "follow_up", "notes", "answers"}
            | {"contact", "source_col"}
            # LinkedIn's recruiter e-mail: mapped (so not listed as unmapped), not kept
            | {"contact_email"}
        ),
        needs=(frozenset({"company", FUSED}),),
        tables=("applications", "stage_events"),
        matched_by="the same job URL, else company, title and day applied",
        build=build_application,
        write=Writer.applications,
    ),
    RecordKind(
        name="invitations",
        fields=_MESSAGE_FIELDS | {"inviter_url", "invitee_url"},
        needs=(frozenset({"at"}), frozenset({"sender"}), frozenset({"recipient"})),
        tables=("interactions",),
        matched_by="sender, recipient and time (the interaction's source_key)",
        build=build_invitation,
        write=Writer.invitations,
    ),
    RecordKind(
        name="messages",
        fields=_MESSAGE_FIELDS,
        needs=(frozenset({"at"}), frozenset({"sender"}), frozenset({"recipient"})),
        tables=("interactions",),
        matched_by="conversation, time, sender and text (the interaction's source_key)",
        build=build_message,
        write=Writer.messages,
    ),
)

#: The position of each kind in the write order.
WRITE_ORDER: dict[str, int] = {name: i for i, name in enumerate(KINDS)}
