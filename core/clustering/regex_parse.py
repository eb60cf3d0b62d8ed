"""The one door to CPython's private regular-expression parser (``re._parser``).

``literals.py`` reads a pattern's parse tree to find the strings its matches must contain.
The parser is private: it was ``sre_parse`` until 3.10, became ``re._parser`` (opcodes in
``re._constants``) in 3.11, and its tree may change in any release. Written against and
tested on CPython 3.11 (3.11.7); expected to hold on 3.12 and 3.13 (the same names), not
run on them here.

What is relied on, all checked by ``problems()``:
- ``re._parser.parse(source, flags)`` returns a sequence of ``(opcode, argument)`` nodes;
- the opcodes below exist in ``re._constants`` and are compared by identity;
- the arguments: LITERAL a code point; IN a list of nodes (LITERAL, RANGE ``(low, high)``,
  NEGATE, CATEGORY); SUBPATTERN ``(group, add_flags, del_flags, nodes)``; BRANCH
  ``(None, [nodes, ...])``; MAX_REPEAT / MIN_REPEAT / POSSESSIVE_REPEAT ``(low, high,
  nodes)``; ASSERT / ASSERT_NOT ``(direction, nodes)``; AT a position code.

When any of that is missing or different, ``parse`` returns None and the prefilter runs
every regex (the same results, only slower); tests/test_regex_parse.py fails loudly.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

try:  # by name: typeshed does not describe private modules
    _parser: Any = importlib.import_module("re._parser")
    _opcodes: Any = importlib.import_module("re._constants")
except ImportError:  # a Python whose re has no such modules: problems() says so
    _parser = _opcodes = None

Node = tuple[Any, Any]  # (opcode, argument): the argument's shape depends on the opcode

OPCODES = (
    "LITERAL",
    "IN",
    "RANGE",
    "NEGATE",
    "CATEGORY",
    "SUBPATTERN",
    "BRANCH",
    "MAX_REPEAT",
    "MIN_REPEAT",
    "POSSESSIVE_REPEAT",
    "ASSERT",
    "ASSERT_NOT",
    "AT",
    "MAXREPEAT",
)


def _opcode(name: str) -> Any:
    """The parser's opcode ``name``, or a marker no node carries when it is gone."""
    return getattr(_opcodes, name, None) or object()


LITERAL = _opcode("LITERAL")
IN = _opcode("IN")
RANGE = _opcode("RANGE")
SUBPATTERN = _opcode("SUBPATTERN")
BRANCH = _opcode("BRANCH")
MAX_REPEAT = _opcode("MAX_REPEAT")
MIN_REPEAT = _opcode("MIN_REPEAT")
POSSESSIVE_REPEAT = _opcode("POSSESSIVE_REPEAT")
ASSERT = _opcode("ASSERT")
ASSERT_NOT = _opcode("ASSERT_NOT")
AT = _opcode("AT")
REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)

# A pattern with every node kind read, and the tree 3.11 gives for it (opcodes by name).
PROBE = r"a[bc-e]x{1,3}(?!y)\b(ab)+?c*+(?<=z)(?i:q)[^k\w]fg|h"
PROBE_TREE: list[Any] = [
    (
        "BRANCH",
        (
            None,
            [
                [
                    ("LITERAL", 97),
                    ("IN", [("LITERAL", 98), ("RANGE", (99, 101))]),
                    ("MAX_REPEAT", (1, 3, [("LITERAL", 120)])),
                    ("ASSERT_NOT", (1, [("LITERAL", 121)])),
                    ("AT", "AT_BOUNDARY"),
                    (
                        "MIN_REPEAT",
                        (
                            1,
                            "MAXREPEAT",
                            [("SUBPATTERN", (1, 0, 0, [("LITERAL", 97), ("LITERAL", 98)]))],
                        ),
                    ),
                    ("POSSESSIVE_REPEAT", (0, "MAXREPEAT", [("LITERAL", 99)])),
                    ("ASSERT", (-1, [("LITERAL", 122)])),
                    ("SUBPATTERN", (None, int(re.IGNORECASE), 0, [("LITERAL", 113)])),
                    ("IN", [("NEGATE", None), ("LITERAL", 107), ("CATEGORY", "CATEGORY_WORD")]),
                    ("LITERAL", 102),
                    ("LITERAL", 103),
                ],
                [("LITERAL", 104)],
            ],
        ),
    )
]


def problems() -> list[str]:
    """What no longer holds of the parser this module relies on; empty when all is well."""
    if _parser is None or _opcodes is None:
        return ["re._parser / re._constants cannot be imported"]
    found = [f"re._constants.{name} is gone" for name in OPCODES if not hasattr(_opcodes, name)]
    if not callable(getattr(_parser, "parse", None)):
        found.append("re._parser.parse is gone")
    if found:
        return found
    try:
        tree = _plain(_parser.parse(PROBE, 0))
    except Exception as error:  # noqa: BLE001 - any failure is a change of shape
        return [f"re._parser.parse({PROBE!r}) raised {error!r}"]
    if tree != PROBE_TREE:
        return [f"re._parser.parse({PROBE!r}) gave {tree!r}, expected {PROBE_TREE!r}"]
    return []


def _plain(value: Any) -> Any:
    """A parse tree as plain lists and tuples, opcodes by name (comparable to PROBE_TREE)."""
    if isinstance(value, int) and type(value) is not int and hasattr(value, "name"):
        return value.name  # a named opcode constant
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, (list, _parser.SubPattern)):
        return [_plain(v) for v in value]
    return value


@cache
def usable() -> bool:
    """True when the parser has the shape this module was written against (checked once)."""
    return not problems()


def parse(source: str, flags: int = 0) -> Sequence[Node] | None:
    """The top-level nodes of ``source``'s parse tree (nested node lists are sequences too);
    None when the parser is not the one this module knows or the pattern does not parse."""
    if not usable():
        return None
    try:
        return list(_parser.parse(source, flags))
    except re.error:
        return None
