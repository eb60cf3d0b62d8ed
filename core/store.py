"""The one SQLite database of rung: opening, migrations, pragmas, transactions.

A ``Store`` owns a single connection. Every write a user sees as one action runs inside
``store.transaction()``: all of it lands, or none of it does.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from .errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DiskFull,
    NotARungDatabase,
    RungError,
    SchemaTooNew,
)
from .resources import list_files, read_text

APP_NAME = "rung"
DB_ENV = "RUNG_DB"
LOCK_WAIT_ENV = "RUNG_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 30.0  # seconds a writer waits for another one's write lock
WAIT_NOTICE_AFTER = 1.0  # seconds, then ``on_wait`` hears who holds it
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
T = TypeVar("T")
# a database with tables but not these is another program's (a browser's places.sqlite)
_RUNG_TABLES = frozenset({"companies", "applications", "contacts"})


def default_db_path() -> Path:
    """The database path when neither ``--db`` nor ``RUNG_DB`` is given."""
    import platformdirs  # here: --db and RUNG_DB never need it

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


def sql_statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one at a time (a trigger's body, a ``;`` in a
    string or a comment stay inside theirs: ``sqlite3.complete_statement`` decides where
    one ends)."""
    start = 0
    end = script.find(";")
    while end != -1:
        if sqlite3.complete_statement(script[start : end + 1]):
            statement = script[start : end + 1].strip()
            if statement != ";":
                yield statement
            start = end + 1
        end = script.find(";", end + 1)
    rest = script[start:].strip()
    if rest and sqlite3.complete_statement(rest + ";"):
        yield rest  # the last statement, without its ";"


def latest_version() -> int:
    """The schema version this rung writes."""
    return len(migrations())


def lock_wait_seconds() -> float:
    """How long a writer waits for another one's write lock: ``RUNG_LOCK_WAIT`` seconds,
    else ``DEFAULT_LOCK_WAIT``."""
    try:
        value = float(os.environ.get(LOCK_WAIT_ENV) or DEFAULT_LOCK_WAIT)
    except ValueError:
        value = DEFAULT_LOCK_WAIT
    return max(0.0, min(value, 3600.0)) if value == value else DEFAULT_LOCK_WAIT


class Store:
    """An open rung database.

    Use ``transaction()`` around every write that must land whole.

    Nothing is written to a file before it is known to be a rung database of a schema
    this rung knows: another program's SQLite file, a device (``/dev/null``) or a newer
    rung's database is refused byte-for-byte untouched. ``create=False`` refuses a path
    with no file (and makes no directory); ``migrate=False`` only looks (no switch to
    WAL, no migration: ``rung check``).

    A writer waits up to ``lock_wait`` seconds (``RUNG_LOCK_WAIT``, default 30) for
    another one's write lock; after ``WAIT_NOTICE_AFTER`` seconds ``on_wait`` is called
    with who holds it (``lock_holder``), and on giving up ``DatabaseLocked`` says so.
    While it holds the lock, a Store leaves ``DB.owner`` (its pid and ``kind``) for the
    others to name it.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        migrate: bool = True,
        lock_wait: float | None = None,
        kind: str = "rung",
        on_wait: Callable[[str | None], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.kind = kind
        self.on_wait = on_wait
        self.lock_wait = lock_wait_seconds() if lock_wait is None else max(0.0, lock_wait)
        memory = str(path) == ":memory:"
        if not memory:
            _check_file(self.path, create=create)
        self._owner = None if memory else owner_path(self.path)
        conn = sqlite3.connect(
            str(path), check_same_thread=False, timeout=self.lock_wait, isolation_level=None
        )
        # isolation_level=None: no implicit BEGIN; transaction() issues BEGIN IMMEDIATE.
        self.conn = conn
        self._lock = threading.RLock()
        self._version = 0  # see data_version
        self._outside: int | None = None  # PRAGMA data_version when last looked
        self._listeners: list[Callable[[], None]] = []
        self._memos: dict[Hashable, tuple[int, Any]] = {}
        try:
            self._configure()
            self._inspect()
            if migrate:
                if not memory:
                    self.conn.execute("PRAGMA journal_mode = WAL")
                self._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            known = sqlite_error(self.path, exc)
            if isinstance(known, DatabaseCorrupt):
                raise known from exc
            raise RungError(f"{self.path}: cannot open the database: {exc}") from exc
        except BaseException:
            conn.close()
            raise

    # -- setup -------------------------------------------------------------------------

    def _configure(self) -> None:
        """Connection settings only: nothing here writes to the file (WAL comes after
        ``_inspect``, it changes the file's header)."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.lock_wait * 1000)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def _inspect(self) -> None:
        """Refuse, before anything is written, a file that is not a rung database or whose
        schema is newer than this rung's."""
        version = self.schema_version
        tables = {
            row[0]
            for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        own = sorted(t for t in tables if not t.startswith("sqlite_"))
        if own and not _RUNG_TABLES <= tables:
            shown = ", ".join(own[:4]) + (", …" if len(own) > 4 else "")
            raise NotARungDatabase(
                f"{self.path}: not a rung database (its tables: {shown}); rung leaves it untouched"
            )
        known = latest_version()
        if version > known:
            raise SchemaTooNew(
                f"{self.path}: the database has schema version {version}, but this rung "
                f"knows only up to {known}; upgrade rung (pip install -U rung) "
                "or open another database with --db (the file is left untouched)"
            )
        if version and not own:
            raise NotARungDatabase(
                f"{self.path}: not a rung database (schema version "
                f"{version} and no tables); rung leaves it untouched"
            )

    @property
    def schema_version(self) -> int:
        """``PRAGMA user_version`` of the open database."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Run the pending migrations, each in a transaction of its own: a migration that
        fails (or leaves a broken reference) is rolled back whole, the database as it was
        before it. Statement by statement: ``executescript`` would COMMIT first and run
        the script outside the transaction."""
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
                    for statement in sql_statements(sql):
                        self.conn.execute(statement)
                    broken = self.conn.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RungError(
                            f"{self.path}: migration {name} left {len(broken)} "
                            f"broken reference(s), first in table {broken[0][0]}; "
                            "the database is unchanged"
                        )
                    self.conn.execute(f"PRAGMA user_version = {version}")
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    # -- changes -----------------------------------------------------------------------

    @property
    def data_version(self) -> int:
        """A number that grows whenever the data changed: each commit through this Store
        that wrote something, and each change by another connection that
        ``notice_outside_changes`` found. Equal numbers mean nothing changed between."""
        return self._version

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per data version and ``key`` (put in the key
        whatever else it depends on: a day, a setting). For what every view of a week or
        a level reads the same (the Review's intros and asks): paging through weeks then
        pays for it once. The value is shared: treat it as read-only."""
        hit = self._memos.get(key)
        if hit is not None and hit[0] == self._version:
            return cast(T, hit[1])
        value = compute()
        self._memos[key] = (self._version, value)
        return value

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after each change (on the thread that wrote; keep it short:
        an App posts itself a message)."""
        self._listeners.append(listener)

    def notice_outside_changes(self) -> bool:
        """Whether another connection (rung in another terminal, a ``rung`` command)
        committed since the last look; if so the version grows and listeners hear it."""
        with self._lock:
            if self.conn.in_transaction:
                return False
            outside = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._outside is None or outside == self._outside:
            self._outside = outside
            return False
        self._outside = outside
        self._changed()
        return True

    def _changed(self) -> None:
        self._version += 1
        for listener in tuple(self._listeners):
            listener()

    def _autocommitted(self, before: int) -> None:
        """After a statement run outside a transaction: a change if it wrote rows."""
        if not self.conn.in_transaction and self.conn.total_changes != before:
            self._changed()

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
            self._begin_immediate()
            self._claim()
            before = self.conn.total_changes
            try:
                yield self
            except BaseException:
                self._release()
                if self.conn.in_transaction:
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:  # never hide the error that got us here
                        pass
                raise
            self._release()
            try:
                self.conn.execute("COMMIT")
            except BaseException:  # a full disk at the commit: not left half open
                if self.conn.in_transaction:
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise
            wrote = self.conn.total_changes != before
        if wrote:  # outside the lock: a listener may read
            self._changed()

    def _begin_immediate(self) -> None:
        """``BEGIN IMMEDIATE``, waiting up to ``lock_wait`` for another writer; after
        ``WAIT_NOTICE_AFTER`` seconds ``on_wait`` hears who that is. ``DatabaseLocked``
        (naming the holder) when the wait is over."""
        started = time.monotonic()
        total = int(self.lock_wait * 1000)
        first = min(total, int(WAIT_NOTICE_AFTER * 1000)) if self.on_wait else total
        try:
            if first < total:
                self.conn.execute(f"PRAGMA busy_timeout = {first}")
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc):
                        raise
                assert self.on_wait is not None
                self.on_wait(lock_holder(self.path))
                left = max(0, total - int((time.monotonic() - started) * 1000))
                self.conn.execute(f"PRAGMA busy_timeout = {left}")
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise locked_error(self.path, time.monotonic() - started) from exc
            raise
        finally:
            if first < total:
                self.conn.execute(f"PRAGMA busy_timeout = {total}")

    def _claim(self) -> None:
        """Leave ``DB.owner`` while this Store holds the write lock (best effort)."""
        if self._owner is None:
            return
        pid = os.getpid()
        if pid not in _STARTS:
            _STARTS[pid] = _process_start(pid)
        data = {
            "pid": pid,
            "kind": self.kind,
            "started": _STARTS[pid],
            "since": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        tmp = self._owner.with_name(f"{self._owner.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self._owner)
        except OSError:
            tmp.unlink(missing_ok=True)

    def _release(self) -> None:
        """Remove ``DB.owner`` while the lock is still held (so it is never another's)."""
        if self._owner is not None:
            try:
                self._owner.unlink(missing_ok=True)
            except OSError:
                pass

    @contextmanager
    def indexes_deferred(self, tables: Sequence[str]) -> Iterator[None]:
        """Inside a transaction: the plain (not UNIQUE) indexes of ``tables`` are dropped for
        the block and created again from their own SQL at its end, one sort instead of a
        B-tree insert per row. Worth it when a block adds more rows than a table holds.
        The caller's rollback, on an exception, restores them like any other change."""
        if not self.conn.in_transaction:
            raise RuntimeError("indexes_deferred() needs an open transaction")
        marks = ", ".join("?" for _ in tables)
        indexes = [
            (name, sql)
            for name, sql in self.conn.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND tbl_name IN ({marks}) ORDER BY name",
                list(tables),
            )
            if not sql.lstrip().upper().startswith("CREATE UNIQUE")
        ]
        for name, _sql in indexes:
            self.conn.execute(f'DROP INDEX "{name}"')
        # On an exception nothing is done here: the caller's rollback brings the indexes
        # back (and SQLite may have rolled back already, on a full disk: any statement
        # here would then fail and hide the real error).
        yield
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
        """Run one statement (autocommits outside a transaction: a change then)."""
        with self._lock:
            before = self.conn.total_changes
            cursor = self.conn.execute(sql, params)
        self._autocommitted(before)
        return cursor

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
            kind = (
                "a FIFO"
                if target_path.is_fifo()
                else "a device"
                if (target_path.is_char_device() or target_path.is_block_device())
                else "not a file"
            )
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
        """Problems reported by ``PRAGMA integrity_check`` and ``foreign_key_check`` (an
        error SQLite raises on the way, "database disk image is malformed", is one)."""
        try:
            problems = [
                row[0]
                for row in self.conn.execute("PRAGMA integrity_check").fetchall()
                if row[0] != "ok"
            ]
            for row in self.conn.execute("PRAGMA foreign_key_check").fetchall():
                problems.append(f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}")
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        return problems

    def quick_check(self) -> list[str]:
        """Problems reported by ``PRAGMA quick_check`` (the fast part of integrity_check:
        the pages and their records, not the indexes' content)."""
        try:
            return [
                row[0]
                for row in self.conn.execute("PRAGMA quick_check").fetchall()
                if row[0] != "ok"
            ]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]

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


def _check_file(path: Path, *, create: bool) -> None:
    """Refuse what cannot be a rung database before SQLite opens (and writes next to) it."""
    if path.exists():
        if not path.is_file():
            what = (
                "a directory"
                if path.is_dir()
                else "a FIFO"
                if path.is_fifo()
                else "a device"
                if path.is_char_device() or path.is_block_device()
                else "a socket"
                if path.is_socket()
                else "not a regular file"
            )
            raise NotARungDatabase(
                f"{path}: is {what}, not a database file: give --db the "
                "path of a file (rung leaves this one alone)"
            )
        if not _looks_like_sqlite(path):
            raise NotARungDatabase(f"{path}: not a rung database (not an SQLite file)")
    elif not create:
        raise RungError(f"{path}: no database there")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)


def _is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(exc)


def sqlite_error(path: str | os.PathLike[str], exc: sqlite3.Error) -> RungError | None:
    """The user's message for an error SQLite raised about the database at ``path`` (a full
    disk, a lock held too long, a damaged file), or None for any other error."""
    text = str(exc)
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return DiskFull(
            f"{path}: {text}: this change was rolled back, nothing of it written "
            "(free some disk space and run it again)"
        )
    if _is_busy(exc):
        return locked_error(path)
    if (
        name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
        or "malformed" in text
        or "file is not a database" in text
    ):
        return DatabaseCorrupt(
            f"{path}: the database is damaged ({text}): rung check "
            "says where; restore a backup (rung backup makes them)"
        )
    return None


def locked_error(path: str | os.PathLike[str], waited: float | None = None) -> DatabaseLocked:
    """``DatabaseLocked`` naming who holds the lock, when that can be told."""
    holder = lock_holder(Path(path))
    how_long = f" for {waited:.0f} s" if waited is not None and waited >= 1 else ""
    return DatabaseLocked(
        f"{path}: the database is locked by {holder or 'another process'}; "
        f"waited{how_long} and gave up, nothing written (try again when it "
        f"has finished; {LOCK_WAIT_ENV}=SECONDS waits longer)"
    )


def owner_path(path: Path) -> Path:
    """The sidecar a Store leaves while it holds the write lock: ``DB.owner``."""
    return path.with_name(path.name + ".owner")


def lock_holder(path: Path) -> str | None:
    """Who holds ``path``'s write lock, as far as can be told: "rung import (pid 4242)"
    from the holder's ``DB.owner`` (only while that process lives: a killed one's file is
    ignored), else the other processes that have the file open (Linux), else None."""
    try:
        data = json.loads(owner_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if (
        isinstance(data, dict)
        and isinstance(data.get("pid"), int)
        and _alive(data["pid"], data.get("started"))
    ):
        return f"{data.get('kind') or 'rung'} (pid {data['pid']})"
    openers = _processes_with(path)
    if openers:
        return "another process: the file is open in " + ", ".join(
            f"pid {pid} ({name})" for pid, name in openers[:3]
        )
    return None


_STARTS: dict[int, int | None] = {}  # this process's start time, by pid (a fork is another)


def _process_start(pid: int) -> int | None:
    """A process's start time (clock ticks after boot, /proc), to tell a reused pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat[stat.rindex(")") + 2 :].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int, started: object) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    except OSError:
        return False
    now = _process_start(pid)
    return not (isinstance(started, int) and now is not None and now != started)


def _processes_with(path: Path) -> list[tuple[int, str]]:
    """Other processes (of this user, Linux) that have the database or its WAL open."""
    try:
        wanted = {str(path.resolve()), str(path.resolve()) + "-wal"}
        pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    except OSError:
        return []
    found = []
    for pid in pids:
        if pid == os.getpid():
            continue
        try:
            links = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
        except OSError:
            continue
        if links & wanted:
            found.append((pid, _process_name(pid)))
    return found


def _process_name(pid: int) -> str:
    try:
        argv = [a for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return "?"
    names = [os.path.basename(a.decode("utf-8", "replace")) for a in argv[:3]]
    if names and names[0].startswith("python"):  # python script.py: the script
        names = names[1:] if len(names) > 1 and not names[1].startswith("-") else names[:1]
    return " ".join(names[:2]) or "?"


def _looks_like_sqlite(path: Path) -> bool:
    if path.stat().st_size == 0:
        return True
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating and migrating as needed) the database at ``resolve_db_path(path)``."""
    return Store(resolve_db_path(path))
