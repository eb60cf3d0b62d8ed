"""Reading CSV text people bring: encodings, BOMs, delimiters, physical line numbers.

Every row comes with the physical line (1-based) it starts on, counting embedded newlines,
so an error can say file:line:column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import RungError

MAX_BYTES = 200 * 1024 * 1024


@dataclass
class CsvText:
    """A decoded CSV file: its header and rows, each row with its starting line."""

    path: str
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Bytes to text: UTF-8 (with or without BOM), else cp1252; refuses binaries."""
    if not data.strip():
        raise RungError(f"{name}: the file is empty")
    if data[:4] == b"PK\x03\x04":
        raise RungError(f"{name}: this is a zip archive (an .xlsx or a .zip), not CSV text; "
                        "export it as CSV first")
    if b"\x00" in data[:4096]:
        raise RungError(f"{name}: this is a binary file, not CSV text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; and tab that splits the first lines most consistently."""
    sample = "\n".join(text.splitlines()[:20])
    best, best_score = ",", -1
    for delim in (",", ";", "\t"):
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim) if r]
        if not counts:
            continue
        width = max(set(counts), key=counts.count)
        score = counts.count(width) * (width > 1) * width
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(path: str | Path) -> CsvText:
    """Read a CSV file; RungError with the file name when it cannot be read as CSV."""
    name = str(path)
    p = Path(path)
    if p.is_dir():
        raise RungError(f"{name}: is a directory, not a CSV file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise RungError(f"{name}: {size // 1_000_000} MB is more than rung reads at once")
        data = p.read_bytes()
    except FileNotFoundError:
        raise RungError(f"{name}: no such file") from None
    except OSError as exc:
        raise RungError(f"{name}: cannot read it ({exc.strerror})") from None
    text, encoding = decode(data, name)
    delimiter = sniff_delimiter(text)
    rows = list(_rows_with_lines(text, delimiter, name))
    if not rows:
        raise RungError(f"{name}: no header row")
    (_, header), body = rows[0], rows[1:]
    return CsvText(name, encoding, delimiter, [h.strip() for h in header],
                   [(line, r) for line, r in body if any(c.strip() for c in r)])


def _rows_with_lines(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(50 * 1024 * 1024)
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter)
    line = 1
    while True:
        start = line
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise RungError(f"{name}:{start}:1: not valid CSV ({exc})") from None
        line = reader.line_num + 1
        if row:
            yield start, row
