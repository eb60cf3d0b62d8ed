"""The one SQLite database of rung: opening, migrations, pragmas, transactions.

A ``Store`` owns a single connection. Every write a user sees as one action runs inside
``store.transaction()``: all of it lands, or none of it does.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
import sqlite_utils

from .errors import RungError, SchemaTooNew
from .resources import list_files, read_text

APP_NAME = "rung"
DB_ENV = "RUNG_DB"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def default_db_path() -> Path:
    """The database path when neither ``--db`` nor ``RUNG_DB`` is given."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "rung.db"


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """Where the database lives: ``--db``, else ``RUNG_DB``, else the user data dir."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def migrations() -> list[tuple[int, str, str]]:
    """The bundled migrations as ``(version, name, sql)``, in order."""
    found = []
    for name in list_files("schemas.migrations", ".sql"):
        match = _MIGRATION_NAME.match(name)
        if match:
            found.append((int(match.group(1)), name, read_text("schemas.migrations", name)))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


def latest_version() -> int:
    """The schema version this rung writes."""
    return len(migrations())


class Store:
    """An open rung database.

    ``store.db`` is the sqlite-utils ``Database`` for reads and writes; use
    ``transaction()`` around every write that must land whole.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            if not create and not self.path.exists():
                raise RungError(f"{self.path}: no database there")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and not _looks_like_sqlite(self.path):
                raise RungError(f"{self.path}: not a rung database (not an SQLite file)")
        conn = sqlite3.connect(
            str(path), check_same_thread=False, timeout=5.0, isolation_level=None
        )
        # isolation_level=None: no implicit BEGIN; transaction() issues BEGIN IMMEDIATE.
        self.conn = conn
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self._lock = threading.RLock()
        try:
            self._configure()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise RungError(f"{self.path}: cannot open the database: {exc}") from exc
        except BaseException:
            conn.close()
            raise

    # -- setup -------------------------------------------------------------------------

    def _configure(self) -> None:
        self.conn.execute("PRAGMA busy_timeout = 5000")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if str(self.path) != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")

    @property
    def schema_version(self) -> int:
        """``PRAGMA user_version`` of the open database."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        known = migrations()
        if current > len(known):
            raise SchemaTooNew(
                f"{self.path}: the database has schema version {current}, but this rung "
                f"knows only up to {len(known)}; upgrade rung (pip install -U rung) "
                "or open another database with --db"
            )
        pending = [(v, name, sql) for v, name, sql in known if v > current]
        if not pending:
            return
        # SQLite's way to change a table: foreign keys off (a rebuilt table's DROP would
        # cascade), then check them before each commit. The pragma works outside a
        # transaction only.
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            for version, name, sql in pending:
                with self.transaction():
                    self.db.executescript(sql)
                    broken = self.conn.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RungError(f"{self.path}: migration {name} left {len(broken)} "
                                        f"broken reference(s), first in table {broken[0][0]}; "
                                        "the database is unchanged")
                    self.conn.execute(f"PRAGMA user_version = {version}")
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    # -- transactions ------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Run a block as one transaction; nested blocks become savepoints.

        The outermost block takes the write lock at once (``BEGIN IMMEDIATE``), so a
        second writer (the CLI while the app runs) waits instead of failing half-way.
        """
        with self._lock:
            if self.conn.in_transaction:
                name = f"sp_{threading.get_ident()}_{id(object())}"
                self.conn.execute(f"SAVEPOINT {name}")
                try:
                    yield self
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                        self.conn.execute(f"RELEASE SAVEPOINT {name}")
                    raise
                else:
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    @contextmanager
    def indexes_deferred(self, tables: Sequence[str]) -> Iterator[None]:
        """Inside a transaction: the plain (not UNIQUE) indexes of ``tables`` are dropped for
        the block and created again from their own SQL at its end, one sort instead of a
        B-tree insert per row. Worth it when a block adds more rows than a table holds.
        The caller's rollback, on an exception, restores them like any other change."""
        if not self.conn.in_transaction:
            raise RuntimeError("indexes_deferred() needs an open transaction")
        marks = ", ".join("?" for _ in tables)
        indexes = [(name, sql) for name, sql in self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks}) ORDER BY name", list(tables))
            if not sql.lstrip().upper().startswith("CREATE UNIQUE")]
        for name, _sql in indexes:
            self.conn.execute(f'DROP INDEX "{name}"')
        yield  # on an exception the caller's rollback brings the indexes back
        for _name, sql in indexes:
            self.conn.execute(sql)

    # -- helpers -----------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Rows of a SELECT as dicts."""
        with self._lock:
            cur = self.conn.execute(sql, params)
            cols = [d[0] for d in cur.description or ()]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def query_one(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> dict[str, Any] | None:
        """The first row of a SELECT as a dict, or None."""
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """The first column of the first row, or None."""
        with self._lock:
            row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement (autocommits outside a transaction)."""
        with self._lock:
            return self.conn.execute(sql, params)

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row and return its id."""
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
        return int(cur.lastrowid or 0)

    def update(self, table: str, ident: int, values: dict[str, Any]) -> None:
        """Update columns of one row by id."""
        if not values:
            return
        sets = ", ".join(f"{col} = ?" for col in values)
        self.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), ident])

    def count(self, table: str) -> int:
        """Rows in a table."""
        return int(self.scalar(f"SELECT count(*) FROM {table}") or 0)

    def backup(self, target: str | os.PathLike[str]) -> Path:
        """Copy the database to ``target`` with SQLite's online backup API.

        Safe while another process (the app) has the database open. The copy goes to
        ``TARGET.partial`` and is renamed over the target once whole (see
        ``core.safe_write``): a symlink's target is replaced and the link kept, a directory
        receives a file named like the database, and a device or FIFO is refused (a backup
        must be a regular file). A killed run's ``.partial`` is removed by the next one.
        """
        from .safe_write import OutputError, partial_path, replaced, resolve_target

        if str(target) == "-":
            raise OutputError("-: a backup must be a regular file, not standard output")
        shown = Path(target).expanduser()
        target_path = resolve_target(shown)
        if target_path.is_dir():
            shown = shown / self.path.name
            target_path = resolve_target(shown)
        if target_path.exists() and not target_path.is_file():
            kind = "a FIFO" if target_path.is_fifo() else "a device" if (
                target_path.is_char_device() or target_path.is_block_device()) else "not a file"
            raise OutputError(f"{shown}: is {kind}: a backup must be a regular file")
        if str(self.path) != ":memory:" and target_path == resolve_target(self.path):
            raise OutputError(f"{shown}: is the database itself: back it up elsewhere")
        target_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = partial_path(target_path)
        for leftover in ("-journal", "-wal", "-shm"):  # a killed run's: never replayed
            Path(f"{tmp}{leftover}").unlink(missing_ok=True)
        with replaced(target_path, shown=shown) as tmp:
            dest = sqlite3.connect(str(tmp))
            try:
                with self._lock:
                    self.conn.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        return target_path

    def integrity_check(self) -> list[str]:
        """Problems reported by ``PRAGMA integrity_check`` and ``foreign_key_check``."""
        problems = [
            row[0] for row in self.conn.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]
        for row in self.conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}")
        return problems

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _looks_like_sqlite(path: Path) -> bool:
    if path.stat().st_size == 0:
        return True
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating and migrating as needed) the database at ``resolve_db_path(path)``."""
    return Store(resolve_db_path(path))
