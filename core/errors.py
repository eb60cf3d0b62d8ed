"""Errors that carry a message meant for the user (no traceback needed)."""

from __future__ import annotations


class RungError(Exception):
    """An error whose message is written for the user: what is wrong and where.

    ``kind`` names the sort of error for scripts (``rung … --json`` prints it)."""

    kind = "error"


class NotFound(RungError):
    """A record that was asked for by id does not exist."""

    kind = "not_found"

    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"no {kind} with id {ident}")
        self.kind = kind
        self.ident = ident


class ValidationError(RungError):
    """One or more fields of a record are invalid.

    ``errors`` maps a field name to its message, so a form shows each one at its field.
    """

    kind = "invalid"

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class SchemaTooNew(RungError):
    """The database was written by a newer rung than this one."""

    kind = "schema_too_new"


class NotARungDatabase(RungError):
    """The file is not a database rung wrote (another program's SQLite file, a device)."""

    kind = "not_a_rung_database"


class DatabaseCorrupt(RungError):
    """SQLite reports the database damaged (a malformed page, a failed quick check)."""

    kind = "corrupt"


class DatabaseLocked(RungError):
    """Another process held the write lock for longer than a writer waits."""

    kind = "locked"


class DiskFull(RungError):
    """The database or the disk it is on is full; the change was rolled back."""

    kind = "disk_full"
