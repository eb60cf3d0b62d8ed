"""Bytes to CSV records: encodings, delimiter, LinkedIn preamble, zip members, line numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(64 * 1024 * 1024)

DELIMITERS = (",", ";", "\t")
_ZIP_MAGIC = b"PK\x03\x04"


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

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(physical line where the record starts, cells), blank lines skipped."""
        reader = csv.reader(io.StringIO(self.text[self.body_offset:], newline=""),
                            delimiter=self.delimiter)
        base = self.header_line
        end = 0
        for cells in reader:
            start = base + end + 1
            end = reader.line_num
            if not cells or not "".join(cells).strip():
                continue
            yield start, cells


def load_sources(path: Path) -> list[Source]:
    """The CSV sources a path holds: itself, or the .csv members of a zip archive."""
    if not path.exists():
        raise Refused(f"{path}: no such file")
    if path.is_dir():
        raise Refused(f"{path}: is a directory, not a CSV file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Refused(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if data.startswith(_ZIP_MAGIC):
        return _zip_members(path, data)
    return [Source(str(path), data)]


def _zip_members(path: Path, data: bytes) -> list[Source]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(f"{path}: a damaged zip archive, not a CSV file") from None
    if any(n.startswith("xl/") or n == "[Content_Types].xml" for n in names):
        if any(n.startswith("xl/") for n in names):
            raise Refused(f"{path}: an Excel workbook (.xlsx), not CSV text; "
                          "save it as CSV (File > Save As > CSV UTF-8) and import that")
        raise Refused(f"{path}: an Office document, not CSV text")
    files = sorted(n for n in names if not n.endswith("/"))
    members = [n for n in files if n.lower().endswith(".csv")]
    if not members:
        raise Refused(f"{path}: a zip archive with no .csv file in it")
    sources = [Source(f"{path}:{n}", b"", skip_reason="not a CSV file")
               for n in files if not n.lower().endswith(".csv")]
    for name in members:
        try:
            sources.append(Source(f"{path}:{name}", archive.read(name)))
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
            raise Refused(f"{path}:{name}: cannot be read from the archive") from None
    return sources


def decode(source: Source) -> str:
    """The text of a source: UTF-8 (BOM dropped), else cp1252; refuses binary data."""
    data = source.data
    if not data.strip():
        raise Refused(f"{source.name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Refused(f"{source.name}: not text (a binary file)") from None
    head = data[:8192]
    if b"\x00" in head or _control_ratio(head) > 0.05:
        raise Refused(f"{source.name}: not text (a binary file{_kind(data)}), not a CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise Refused(f"{source.name}: neither UTF-8 nor Windows-1252 text") from None


def _control_ratio(head: bytes) -> float:
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls / max(1, len(head))


def _kind(data: bytes) -> str:
    signatures = {b"%PDF": ": a PDF", b"\x89PNG": ": a PNG image", b"\xff\xd8\xff": ": a JPEG image",
                  b"\xd0\xcf\x11\xe0": ": an old Excel/Office (.xls) file",
                  b"SQLite format 3": ": an SQLite database", b"\x1f\x8b": ": gzip data"}
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
    text = decode(source)
    if one_column:
        table = _one_column_table(source.name, text, one_column)
        if table is not None:
            return table
    offset, line = _skip_preamble(text)
    if offset >= len(text) or not text[offset:].strip():
        raise Refused(f"{source.name}: no header row (the file has only a preamble or blank lines)")
    first_line_end = text.find("\n", offset)
    first = text[offset:] if first_line_end < 0 else text[offset:first_line_end]
    delimiter = _sniff(first)
    reader = csv.reader(io.StringIO(text[offset:], newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise Refused(f"{source.name}:{line}: cannot read the header row") from None
    consumed = _offset_after_lines(text, offset, reader.line_num)
    header = [h.strip() for h in header]
    if not any(header):
        raise Refused(f"{source.name}:{line}: the header row is empty")
    return Table(source.name, text, delimiter, header, line + reader.line_num - 1, consumed)


def _one_column_table(name: str, text: str, headers: Collection[str]) -> Table | None:
    """The table of a file whose first non-blank line is one of ``headers`` alone, read
    with a delimiter that never occurs in the text; None for any other file."""
    offset, line = 0, 1
    while True:
        end = text.find("\n", offset)
        chunk = (text[offset:] if end < 0 else text[offset:end]).strip()
        if chunk or end < 0:
            break
        offset, line = end + 1, line + 1
    if len(chunk) >= 2 and chunk[0] == chunk[-1] == '"':
        chunk = chunk[1:-1].strip()
    if chunk.casefold() not in {h.casefold() for h in headers}:
        return None
    delimiter = next((c for c in map(chr, (0x1F, 0x1E, 0x1D, 0x1C, *range(0xE000, 0xF900)))
                      if c not in text), None)
    if delimiter is None:
        return None
    consumed = _offset_after_lines(text, offset, 1)
    return Table(name, text, delimiter, [chunk], line, consumed)


def _skip_preamble(text: str) -> tuple[int, int]:
    """(character offset, 1-based line) of the header, past LinkedIn's `Notes:` preamble."""
    offset, line = 0, 1
    # Leading blank lines.
    while True:
        end = text.find("\n", offset)
        chunk = text[offset:] if end < 0 else text[offset:end]
        if chunk.strip() or end < 0:
            break
        offset, line = end + 1, line + 1
    if not text[offset:offset + 6].lower().startswith("notes:"):
        return _skip_title_lines(text, offset, line)
    # Skip lines (quoted cells may span lines) up to and including the first blank line.
    reader = csv.reader(io.StringIO(text[offset:], newline=""))
    read = 0
    for row in reader:
        read = reader.line_num
        if not row or all(not c.strip() for c in row):
            break
        if read > 20:
            return offset, line  # not a preamble after all
    new_offset = _offset_after_lines(text, offset, read)
    return new_offset, line + read


def _skip_title_lines(text: str, offset: int, line: int) -> tuple[int, int]:
    """Past a spreadsheet's title lines ("My job hunt 2026", "exported …", blanks): lines
    with no delimiter at all before the first line that has one (at most ten)."""
    start, first_line = offset, line
    for _ in range(10):
        end = text.find("\n", offset)
        chunk = text[offset:] if end < 0 else text[offset:end]
        if any(d in chunk for d in DELIMITERS):
            return offset, line
        if end < 0:
            break
        offset, line = end + 1, line + 1
    return start, first_line  # one column throughout, or no header in sight: as it was


def _offset_after_lines(text: str, offset: int, lines: int) -> int:
    for _ in range(lines):
        end = text.find("\n", offset)
        if end < 0:
            return len(text)
        offset = end + 1
    return offset


def _sniff(header_line: str) -> str:
    """The delimiter among , ; tab that splits the header into the most cells."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","
