"""Writing an output file without replacing what its path is.

``rung export --out PATH`` and ``rung backup PATH`` used to write ``PATH.partial`` and
rename it over PATH: run as root, ``--out /dev/null`` deleted the system's ``/dev/null``,
and a symlink became a regular file. Here:

- a symlink is followed: its target is what gets replaced, the link stays;
- a regular file (or a new one) is replaced atomically: the data goes to
  ``TARGET.partial`` beside the target, is fsynced and renamed over it (its permissions
  kept); the ``.partial`` is removed on any failure, and one left by a killed run
  (``kill -9``) is removed by the next run to the same path;
- a character or block device, or a FIFO, is written through (opened for writing, never
  renamed over). A FIFO nobody reads is refused at once instead of hanging (it is opened
  with ``O_NONBLOCK`` first);
- a directory, a socket, or a missing parent directory is refused with one clear line;
- ``-`` is standard output.

``replaced(path)`` is the atomic part for a writer that needs a file name of its own (the
SQLite backup API): it yields the ``.partial`` path and renames it over the target when the
block ends without an exception.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import RungError

PARTIAL = ".partial"
STDOUT = "-"


class OutputError(RungError):
    """An output path rung will not (or cannot) write."""


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` lands in: ``~`` expanded, every symlink followed."""
    expanded = Path(path).expanduser()
    try:
        return Path(os.path.realpath(expanded, strict=False))
    except OSError as exc:  # a symlink loop
        raise OutputError(f"{expanded}: cannot follow the link ({exc.strerror})") from exc


def _kind(mode: int) -> str | None:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return None


def _existing(target: Path) -> os.stat_result | None:
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror})") from exc


def _check_parent(target: Path, shown: Path) -> None:
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{shown}: no such directory: {parent}")


def write_output(
    path: str | os.PathLike[str], data: bytes, stdout: BinaryIO | None = None
) -> Path | None:
    """Write ``data`` to ``path`` (see the module's doc); ``-`` writes to standard output.

    Returns the file written (the symlink's target for a link), None for standard output.
    Raises ``OutputError`` with a one-line message for a path rung will not write.
    """
    if str(path) == STDOUT:
        if stdout is None:
            sys.stdout.flush()  # what was printed as text goes first
            out = sys.stdout.buffer
        else:
            out = stdout
        out.write(data)
        out.flush()
        return None
    shown = Path(path).expanduser()
    target = resolve_target(path)
    info = _existing(target)
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = _kind(info.st_mode)
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) or stat.S_ISFIFO(info.st_mode):
            _write_through(target, shown, data, fifo=stat.S_ISFIFO(info.st_mode))
            return target
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{shown}: is a directory: give a file name")
        raise OutputError(
            f"{shown}: is {kind or 'not a regular file'}: rung writes only files, devices and FIFOs"
        )
    with replaced(target, shown=shown) as tmp:
        fd = os.open(tmp, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    return target


def _write_through(target: Path, shown: Path, data: bytes, *, fifo: bool) -> None:
    """Write into an existing device or FIFO, never replacing it."""
    flags = os.O_WRONLY | (os.O_NONBLOCK if fifo else 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if fifo and exc.errno == errno.ENXIO:
            raise OutputError(
                f"{shown}: a FIFO nobody reads: start the reader first (rung does not wait for one)"
            ) from exc
        raise OutputError(f"{shown}: cannot write ({exc.strerror})") from exc
    try:
        if fifo:  # a reader is there: from now on wait for it like any writer does
            import fcntl  # POSIX only, like FIFOs

            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise OutputError(f"{shown}: the reader closed the FIFO before the end") from exc
        raise OutputError(f"{shown}: cannot write ({exc.strerror})") from exc
    finally:
        os.close(fd)


def partial_path(target: Path) -> Path:
    """Where the data for ``target`` is written before it replaces it."""
    return target.with_name(target.name + PARTIAL)


@contextmanager
def replaced(target: str | os.PathLike[str], *, shown: Path | None = None) -> Iterator[Path]:
    """Yield an empty ``TARGET.partial`` (created here, exclusively, beside the resolved
    target); when the block ends, fsync it and rename it over the target. On any
    exception (KeyboardInterrupt included) the ``.partial`` is removed and the target left
    as it was. A ``.partial`` left by a killed run is removed first.

    Refuses a target that exists and is not a regular file (a device, a FIFO, a
    directory): replacing one would destroy it.
    """
    shown = shown or Path(target).expanduser()
    resolved = resolve_target(target)
    info = _existing(resolved)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{shown}: is {_kind(info.st_mode) or 'not a regular file'}, "
            "not a file rung can replace"
        )
    _check_parent(resolved, shown)
    tmp = partial_path(resolved)
    try:
        if os.path.lexists(tmp):  # a killed run's leftover (never followed: lstat, unlink)
            if stat.S_ISDIR(os.lstat(tmp).st_mode):
                raise OutputError(f"{tmp}: a directory is in the way of the temporary file")
            os.unlink(tmp)
        mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
        if info is not None:
            os.fchmod(fd, mode)  # the replaced file's permissions, not the umask's
        os.close(fd)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write ({exc.strerror})") from exc
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, resolved)
        _fsync_dir(resolved.parent)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, RungError):
            raise OutputError(f"{shown}: cannot write ({exc.strerror or exc})") from exc
        raise


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
