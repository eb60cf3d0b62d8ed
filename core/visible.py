"""Text from data made safe for a terminal: control characters shown, never obeyed.

A company or contact name, a note or a message comes from files rung did not write (a
LinkedIn export, a spreadsheet). Printed raw, ``\\x1b]0;…\\x07`` retitles the terminal,
``\\x1b[2J`` clears it, OSC 52 writes the clipboard, a bare CR overwrites the line. Every
place that shows stored text on a terminal (the CLI's text output, every widget of the
app) passes it through ``visible`` first; what is stored stays exactly as given.

- C0 controls become the Unicode control pictures (ESC → ``␛``, NUL → ``␀``, CR → ``␍``…);
  with ``multiline=True`` a newline and a tab stay (and CRLF becomes a newline), for output
  that is several lines anyway (a review, a note in a detail view).
- DEL becomes ``␡``.
- C1 controls (U+0080–U+009F, CSI ``\\x9b`` and NEL ``\\x85`` among them) become the text
  ``\\x9b``: no picture exists for them.
- The line and paragraph separators (U+2028, U+2029) and the bidirectional overrides and
  isolates (U+202A–U+202E, U+2066–U+2069), which reorder what follows them on the line,
  become ``\\u2028``-style text.
"""

from __future__ import annotations

import re

_PICTURES = {n: chr(0x2400 + n) for n in range(0x20)}
_PICTURES[0x7F] = "\u2421"  # ␡
_TEXT_ESCAPES = {n: f"\\x{n:02x}" for n in range(0x80, 0xA0)}
_TEXT_ESCAPES.update(
    {n: f"\\u{n:04x}" for n in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)

_SINGLE_LINE = str.maketrans({**_PICTURES, **_TEXT_ESCAPES})
_MULTI_LINE = str.maketrans(
    {k: v for k, v in {**_PICTURES, **_TEXT_ESCAPES}.items() if k not in (0x09, 0x0A)}
)
# One character for one: for an input box, whose cursor counts characters.
_SAME_LENGTH = str.maketrans({**_PICTURES, **{n: "\ufffd" for n in _TEXT_ESCAPES}})

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
_UNSAFE_MULTI = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control character made visible (see the module's doc).

    Text with nothing to show differently is returned as is (the common case, one regex
    scan). ``multiline=True`` keeps newlines and tabs.
    """
    if multiline:
        if not _UNSAFE_MULTI.search(text):
            return text
        return text.replace("\r\n", "\n").translate(_MULTI_LINE)
    if not UNSAFE.search(text):
        return text
    return text.translate(_SINGLE_LINE)


def visible_same_length(text: str) -> str:
    """Like ``visible`` on one line, but one character for each: C1 controls and the
    separators become ``\ufffd``. For a text box whose cursor positions count characters."""
    if not UNSAFE.search(text):
        return text
    return text.translate(_SAME_LENGTH)


def has_controls(text: str) -> bool:
    """Whether ``visible`` would change ``text`` (on one line)."""
    return UNSAFE.search(text) is not None
