"""Bytes to CSV records: encodings, delimiter, LinkedIn preamble, zip members, line numbers."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .report import RowError

# What one import reads at most: a file, one zip member inflated, and all the members of one
# zip together. RUNG_MAX_IMPORT_MB (a number of MB, read on each import) replaces it.
MAX_IMPORT_MB = 200
MAX_IMPORT_ENV = "RUNG_MAX_IMPORT_MB"
FIELD_LIMIT = 64 * 1024 * 1024  # characters in one CSV cell (the csv module's own limit)
csv.field_size_limit(FIELD_LIMIT)

DELIMITERS = (",", ";", "\t")
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20  # bytes read at a time past a file's stated size, and from a zip member
_EOL = re.compile(r"\r\n|\r|\n")  # a physical line end, as csv and StringIO count them
_LONE_CR = re.compile(r"\r(?!\n)")
_ASCII = bytes(range(128))
_ESCAPED = re.compile("[\udc80-\udcff]")  # a non-UTF-8 byte, decoded with surrogateescape


class Refused(Exception):
    """A file that cannot be imported at all; the message says what it is."""


@dataclass(frozen=True)
class Source:
    """One CSV text to import: a file, or one member of a zip."""

    name: str
    data: bytes
    skip_reason: str | None = None  # a zip member rung does not read, and why


@dataclass
class Table:
    """A decoded CSV: its header, the physical line of the header, and its text."""

    name: str
    text: str
    delimiter: str
    header: list[str]
    header_line: int
    body_offset: int  # character offset of the first line after the header
    warnings: list[RowError] = field(default_factory=list)  # from decoding (bad bytes)

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(physical line where the record starts, cells), blank lines skipped.

        A record csv cannot read (a cell over the field limit) is Refused with its line."""
        reader = csv.reader(
            _lines(self.text, self.body_offset, self._lone_cr), delimiter=self.delimiter
        )
        base = self.header_line
        end = 0
        try:
            for cells in reader:
                start = base + end + 1
                end = reader.line_num
                if not cells or not "".join(cells).strip():
                    continue
                yield start, cells
        except csv.Error as exc:
            raise Refused(_csv_problem(self.name, base + end + 1, exc)) from None

    @cached_property
    def _lone_cr(self) -> bool:
        return "\r" in self.text and _LONE_CR.search(self.text, self.body_offset) is not None


def _lines(text: str, start: int = 0, lone_cr: bool = True) -> Iterator[str]:
    """The physical lines of ``text`` from ``start``, each with its line end, made one at a
    time for csv.reader: the lines ``io.StringIO(text, newline="")`` gives (a lone CR ends a
    line too), without a copy of the text (StringIO holds 4 bytes a character)."""
    if not lone_cr:  # \n and \r\n only: str.find, as fast as StringIO
        find, end = text.find, len(text)
        while start < end:
            stop = find("\n", start)
            if stop < 0:
                yield text[start:]
                return
            yield text[start : stop + 1]
            start = stop + 1
        return
    for match in _EOL.finditer(text, start):
        yield text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


def _csv_problem(name: str, line: int, exc: csv.Error) -> str:
    """One line for what csv could not read, at the line where the record starts."""
    if "field limit" in str(exc):
        return (
            f"{name}:{line}: a cell longer than {_amount(csv.field_size_limit())}, "
            "more than rung reads in one cell (a quote that never closes makes the "
            "rest of the file one cell)"
        )
    return f"{name}:{line}: not valid CSV ({exc})"


def _amount(chars: int) -> str:
    return f"{chars / 2**20:g} MB" if chars >= 2**20 else f"{chars} characters"


def max_import_bytes() -> int:
    """The most one import reads of a file, of a zip member inflated, and of all the
    members of one zip: ``MAX_IMPORT_MB``, or the environment's ``RUNG_MAX_IMPORT_MB``."""
    raw = os.environ.get(MAX_IMPORT_ENV, "").strip()
    if not raw:
        return MAX_IMPORT_MB << 20
    try:
        mb = float(raw)
    except ValueError:
        mb = 0.0
    if not mb > 0 or mb == float("inf"):
        raise Refused(f"{MAX_IMPORT_ENV}={raw!r}: not a number of megabytes above 0")
    return max(1, int(mb * 2**20))


def _mb(size: int) -> str:
    return f"{size / 2**20:.4g} MB"


def _over(what: str, size: int | None, cap: int) -> str:
    told = f" ({_mb(size)})" if size is not None else ""
    return (
        f"{what}{told} is larger than the {_mb(cap)} rung reads (set {MAX_IMPORT_ENV} to raise it)"
    )


_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_file(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO (named pipe)"), None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    return next((label for test, label in _SPECIAL if test(mode)), "not a regular file")


def load_sources(path: Path) -> list[Source]:
    """The CSV sources a path holds: itself, or the .csv members of a zip archive.

    Only a regular file is read (a symlink to one is fine): a FIFO, a device or a socket
    is refused by name, and nothing larger than ``max_import_bytes()`` is read, of the
    file or of a zip member inflated."""
    cap = max_import_bytes()
    data = _read_file(path, cap)
    if data.startswith(_ZIP_MAGIC):
        return _zip_members(path, data, cap)
    return [Source(str(path), data)]


def _read_file(path: Path, cap: int) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes. Opened non-blocking and
    checked again once open, so a FIFO swapped in after the check cannot hang the read."""
    try:
        kind = _not_a_file(os.stat(path).st_mode)  # follows symlinks
    except FileNotFoundError:
        if os.path.islink(path):
            raise Refused(f"{path}: a symbolic link to nothing (its target is missing)") from None
        raise Refused(f"{path}: no such file") from None
    except OSError as exc:
        raise Refused(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if kind == "a directory":
        raise Refused(f"{path}: is a directory, not a CSV file")
    if kind is not None:
        raise Refused(f"{path}: {kind}, not a file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Refused(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        kind = _not_a_file(info.st_mode)
        if kind is not None:
            raise Refused(f"{path}: {kind}, not a file")
        if info.st_size > cap:
            raise Refused(f"{path}: " + _over("the file", info.st_size, cap))
        expected = info.st_size + 1  # one byte more: a file that grew is read on in chunks
        parts, total = [], 0
        while total <= cap:
            chunk = os.read(fd, min(cap + 1 - total, max(expected - total, _CHUNK)))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
        if total > cap:
            raise Refused(f"{path}: " + _over("the file", None, cap))
    except OSError as exc:
        raise Refused(f"{path}: cannot read it ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _zip_members(path: Path, data: bytes, cap: int) -> list[Source]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(f"{path}: a damaged zip archive, not a CSV file") from None
    if any(n.startswith("xl/") or n == "[Content_Types].xml" for n in names):
        if any(n.startswith("xl/") for n in names):
            raise Refused(
                f"{path}: an Excel workbook (.xlsx), not CSV text; "
                "save it as CSV (File > Save As > CSV UTF-8) and import that"
            )
        raise Refused(f"{path}: an Office document, not CSV text")
    files = sorted(n for n in names if not n.endswith("/"))
    members = [n for n in files if n.lower().endswith(".csv")]
    if not members:
        raise Refused(f"{path}: a zip archive with no .csv file in it")
    sources = [
        Source(f"{path}:{n}", b"", skip_reason="not a CSV file")
        for n in files
        if not n.lower().endswith(".csv")
    ]
    total = 0
    for name in members:
        where = f"{path}:{name}"
        stated = archive.getinfo(name).file_size  # the header's word: refuses early only
        if stated > cap:
            raise Refused(f"{where}: " + _over("the member inflated", stated, cap))
        if total + stated > cap:
            raise Refused(
                f"{where}: " + _over("the archive's CSV members together", total + stated, cap)
            )
        content = _read_member(archive, name, where, cap - total)
        if content is None:
            raise Refused(
                f"{where}: "
                + _over(
                    "the member inflated"
                    if cap - total == cap
                    else "the archive's CSV members together",
                    None,
                    cap,
                )
            )
        total += len(content)
        sources.append(Source(where, content))
    return sources


_DAMAGED: tuple[type[Exception], ...] = (zipfile.BadZipFile, zlib.error, EOFError)
try:
    import lzma

    _DAMAGED += (lzma.LZMAError,)
except ImportError:  # pragma: no cover - a Python built without lzma
    pass


def _read_member(archive: zipfile.ZipFile, name: str, where: str, limit: int) -> bytes | None:
    """A member's bytes, inflated in chunks; None as soon as they pass ``limit`` (the size
    its header states is not trusted)."""
    out = io.BytesIO()
    try:
        with archive.open(name) as member:
            while chunk := member.read(_CHUNK):
                if out.tell() + len(chunk) > limit:
                    return None
                out.write(chunk)
    except _DAMAGED as exc:
        raise Refused(f"{where}: damaged inside the archive ({exc})") from None
    except RuntimeError as exc:  # zipfile: "File … is encrypted, password required"
        raise Refused(f"{where}: cannot be read from the archive ({exc})") from None
    except NotImplementedError as exc:
        raise Refused(f"{where}: compressed in a way rung cannot read ({exc})") from None
    except (OSError, ValueError) as exc:
        raise Refused(f"{where}: cannot be read from the archive ({exc})") from None
    return out.getvalue()


def decode(source: Source) -> str:
    """The text of a source: UTF-8 (BOM dropped), else cp1252; refuses binary data."""
    return decode_noting(source)[0]


def decode_noting(source: Source) -> tuple[str, list[RowError]]:
    """The text of a source and a warning per line with bytes that are not UTF-8.

    UTF-8 (BOM dropped) when it decodes; a file that is mostly UTF-8 (more valid multibyte
    characters than invalid bytes) stays UTF-8 with each bad byte read as U+FFFD and its
    line noted; else (no UTF-8 to speak of: a Windows file) cp1252. Refuses binary data."""
    data = source.data
    if not data.strip():
        raise Refused(f"{source.name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise Refused(f"{source.name}: not text (a binary file)") from None
    head = data[:8192]
    ratio = _control_ratio(head)  # a short sheet with one escape in a name is still text
    if b"\x00" in head or ratio > 0.3 or (ratio > 0.05 and len(head) >= 512):
        raise Refused(f"{source.name}: not text (a binary file{_kind(data)}), not a CSV")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    if _mostly_utf8(body):
        return _utf8_replaced(body)
    try:
        return data.decode("cp1252"), []
    except UnicodeDecodeError:
        raise Refused(f"{source.name}: neither UTF-8 nor Windows-1252 text") from None


def _mostly_utf8(body: bytes) -> bool:
    """More valid multibyte UTF-8 characters than invalid sequences (all counted in C)."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd") - body.count("\ufffd".encode())
    ascii_bytes = len(body) - len(body.translate(None, _ASCII))
    multibyte = len(text) - ascii_bytes - bad
    return multibyte > bad


def _utf8_replaced(body: bytes) -> tuple[str, list[RowError]]:
    """UTF-8 text with each invalid byte as U+FFFD, and one warning per line that had any."""
    text = body.decode("utf-8", "surrogateescape")
    by_line: dict[int, list[int]] = {}
    line, pos = 1, 0
    for match in _ESCAPED.finditer(text):
        at = match.start()
        segment = text[pos:at]  # never splits a \r\n: the bad byte sits between
        line += segment.count("\n") + segment.count("\r") - segment.count("\r\n")
        pos = at
        by_line.setdefault(line, []).append(ord(text[at]) - 0xDC00)
    notes = []
    for line, values in by_line.items():
        shown = ", ".join(f"0x{b:02X}" for b in values[:4]) + (" …" if len(values) > 4 else "")
        what = "a byte that is" if len(values) == 1 else f"{len(values)} bytes that are"
        notes.append(
            RowError(
                line,
                "(encoding)",
                f"{what} not UTF-8 ({shown}) read as \ufffd; the rest of the file is UTF-8",
                "bad_bytes",
            )
        )
    return _ESCAPED.sub("\ufffd", text), notes


def _control_ratio(head: bytes) -> float:
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls / max(1, len(head))


def _kind(data: bytes) -> str:
    signatures = {
        b"%PDF": ": a PDF",
        b"\x89PNG": ": a PNG image",
        b"\xff\xd8\xff": ": a JPEG image",
        b"\xd0\xcf\x11\xe0": ": an old Excel/Office (.xls) file",
        b"SQLite format 3": ": an SQLite database",
        b"\x1f\x8b": ": gzip data",
    }
    for magic, label in signatures.items():
        if data.startswith(magic):
            return label
    return ""


def parse_table(source: Source, *, one_column: Collection[str] = ()) -> Table:
    """Decode, skip a LinkedIn notes preamble, sniff the delimiter, read the header.

    ``one_column`` names headers (case-insensitive, quoted or not) that make a file one
    column when its first non-blank line is just one of them: no delimiter is sniffed and
    no title line skipped, so a `;`, `,` or tab in a sentence is text (quoted cells may
    still span lines).
    """
    text, notes = decode_noting(source)
    if one_column:
        table = _one_column_table(source.name, text, one_column)
        if table is not None:
            table.warnings = notes
            return table
    offset, line = _skip_preamble(source.name, text)
    if offset >= len(text) or not text[offset:].strip():
        raise Refused(f"{source.name}: no header row (the file has only a preamble or blank lines)")
    first = text[offset : _line_end(text, offset)[0]]
    delimiter = _sniff(first)
    reader = csv.reader(_lines(text, offset), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise Refused(f"{source.name}:{line}: cannot read the header row") from None
    except csv.Error as exc:
        raise Refused(_csv_problem(source.name, line, exc)) from None
    consumed = _offset_after_lines(text, offset, reader.line_num)
    header = [h.strip() for h in header]
    if not any(header):
        raise Refused(f"{source.name}:{line}: the header row is empty")
    return Table(source.name, text, delimiter, header, line + reader.line_num - 1, consumed, notes)


def _line_end(text: str, offset: int) -> tuple[int, int]:
    """(end of the line at ``offset``, start of the next line or -1 at the last line);
    a line ends at LF, CRLF or a lone CR (old Mac files), as csv counts lines."""
    match = _EOL.search(text, offset)
    return (len(text), -1) if match is None else (match.start(), match.end())


def _one_column_table(name: str, text: str, headers: Collection[str]) -> Table | None:
    """The table of a file whose first non-blank line is one of ``headers`` alone, read
    with a delimiter that never occurs in the text; None for any other file."""
    offset, line = 0, 1
    while True:
        end, after = _line_end(text, offset)
        chunk = text[offset:end].strip()
        if chunk or after < 0:
            break
        offset, line = after, line + 1
    if len(chunk) >= 2 and chunk[0] == chunk[-1] == '"':
        chunk = chunk[1:-1].strip()
    if chunk.casefold() not in {h.casefold() for h in headers}:
        return None
    delimiter = next(
        (c for c in map(chr, (0x1F, 0x1E, 0x1D, 0x1C, *range(0xE000, 0xF900))) if c not in text),
        None,
    )
    if delimiter is None:
        return None
    consumed = _offset_after_lines(text, offset, 1)
    return Table(name, text, delimiter, [chunk], line, consumed)


def _skip_preamble(name: str, text: str) -> tuple[int, int]:
    """(character offset, 1-based line) of the header, past LinkedIn's `Notes:` preamble."""
    offset, line = 0, 1
    # Leading blank lines.
    while True:
        end, after = _line_end(text, offset)
        if text[offset:end].strip() or after < 0:
            break
        offset, line = after, line + 1
    if not text[offset : offset + 6].lower().startswith("notes:"):
        return _skip_title_lines(text, offset, line)
    # Skip lines (quoted cells may span lines) up to and including the first blank line.
    reader = csv.reader(_lines(text, offset))
    read = 0
    try:
        for row in reader:
            read = reader.line_num
            if not row or all(not c.strip() for c in row):
                break
            if read > 20:
                return offset, line  # not a preamble after all
    except csv.Error as exc:
        raise Refused(_csv_problem(name, line + read, exc)) from None
    new_offset = _offset_after_lines(text, offset, read)
    return new_offset, line + read


def _skip_title_lines(text: str, offset: int, line: int) -> tuple[int, int]:
    """Past a spreadsheet's title lines ("My job hunt 2026", "exported …", blanks): lines
    with no delimiter at all before the first line that has one (at most ten)."""
    start, first_line = offset, line
    for _ in range(10):
        end, after = _line_end(text, offset)
        chunk = text[offset:end]
        if any(d in chunk for d in DELIMITERS):
            return offset, line
        if after < 0:
            break
        offset, line = after, line + 1
    return start, first_line  # one column throughout, or no header in sight: as it was


def _offset_after_lines(text: str, offset: int, lines: int) -> int:
    for _ in range(lines):
        after = _line_end(text, offset)[1]
        if after < 0:
            return len(text)
        offset = after
    return offset


def _sniff(header_line: str) -> str:
    """The delimiter among , ; tab that splits the header into the most cells."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","
