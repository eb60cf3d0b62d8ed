"""Small helpers shared by the domain commands."""

from __future__ import annotations

import json

from ..store import Store


def mark_user_edited(store: Store, table: str, ident: int, names: list[str]) -> None:
    """Remember that the user edited these fields, so imports never overwrite them."""
    current = store.scalar(f"SELECT user_edited FROM {table} WHERE id = ?", [ident]) or "[]"
    edited = sorted(set(json.loads(current)) | set(names))
    store.update(table, ident, {"user_edited": json.dumps(edited)})
