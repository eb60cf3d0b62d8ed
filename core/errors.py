"""Errors that carry a message meant for the user (no traceback needed)."""

from __future__ import annotations


class RungError(Exception):
    """An error whose message is written for the user: what is wrong and where."""


class NotFound(RungError):
    """A record that was asked for by id does not exist."""

    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"no {kind} with id {ident}")
        self.kind = kind
        self.ident = ident


class ValidationError(RungError):
    """One or more fields of a record are invalid.

    ``errors`` maps a field name to its message, so a form shows each one at its field.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class SchemaTooNew(RungError):
    """The database was written by a newer rung than this one."""
