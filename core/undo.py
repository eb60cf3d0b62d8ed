"""Deleting a record with everything that hangs off it, and putting it all back.

``delete_with_undo`` snapshots the row, the rows that cascade from it (recursively, by the
schema's foreign keys) and the links that SET NULL would drop, then deletes it in one
transaction. ``restore`` re-inserts the same rows with the same ids and re-links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import NotFound
from .store import Store


@dataclass(frozen=True)
class ForeignKey:
    child: str
    column: str
    parent: str
    on_delete: str


@dataclass(frozen=True)
class UndoStep:
    """An action other than a delete that can be taken back (a follow-up marked done)."""

    label: str
    revert: Callable[[], object]


@dataclass
class Tombstone:
    """What a delete removed: enough to undo it."""

    table: str
    ident: int
    label: str
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # parent first
    unlinked: list[tuple[str, int, str, int]] = field(default_factory=list)  # table,id,col,value


def foreign_keys(store: Store) -> list[ForeignKey]:
    """Every foreign key of the schema (child table, column, parent table, ON DELETE)."""
    keys = []
    tables = [
        r["name"]
        for r in store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " AND name NOT LIKE 'search_index%' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        for fk in store.query(f"PRAGMA foreign_key_list({table})"):
            keys.append(ForeignKey(table, fk["from"], fk["table"], fk["on_delete"].upper()))
    return keys


def _collect(
    store: Store,
    fks: list[ForeignKey],
    table: str,
    ident: int,
    stone: Tombstone,
    seen: set[tuple[str, int]],
) -> None:
    if (table, ident) in seen:
        return
    seen.add((table, ident))
    row = store.query_one(f"SELECT * FROM {table} WHERE id = ?", [ident])
    if row is None:
        return
    stone.rows.append((table, row))
    for fk in fks:
        if fk.parent != table or fk.child == table:
            continue
        children = store.query(f"SELECT id FROM {fk.child} WHERE {fk.column} = ?", [ident])
        for child in children:
            if fk.on_delete == "CASCADE":
                _collect(store, fks, fk.child, child["id"], stone, seen)
            elif fk.on_delete == "SET NULL":
                stone.unlinked.append((fk.child, child["id"], fk.column, ident))


def delete_with_undo(store: Store, table: str, ident: int, label: str) -> Tombstone:
    """Delete one row (and its cascade) and return what is needed to restore it."""
    stone = Tombstone(table=table, ident=ident, label=label)
    with store.transaction():
        _collect(store, foreign_keys(store), table, ident, stone, set())
        if not stone.rows:
            raise NotFound(table.rstrip("s"), ident)
        store.execute(f"DELETE FROM {table} WHERE id = ?", [ident])
    return stone


def restore(store: Store, stone: Tombstone) -> None:
    """Undo a ``delete_with_undo``: the same rows come back with the same ids."""
    with store.transaction():
        for table, row in stone.rows:
            store.insert(table, row)
        for table, child_id, column, value in stone.unlinked:
            store.execute(
                f"UPDATE {table} SET {column} = ? WHERE id = ? AND {column} IS NULL",
                [value, child_id],
            )
