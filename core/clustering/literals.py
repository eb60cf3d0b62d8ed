"""Literal prefilters for regular expressions: skip a regex when its text cannot match.

``required_literals(pattern)`` reads a compiled pattern's parse tree and returns a set of
strings such that every match of the pattern contains at least one of them (or None when
no useful set is known). ``"manag" in clause`` costs a fraction of a ``search``, and most
of a taxonomy's patterns cannot match a given clause, so a check on these strings first
leaves the results unchanged and runs few regexes.

The analysis is conservative: anything it does not understand (classes like ``\\w``,
``.``, back-references, case-insensitive flags) counts as "matches anything", which only
weakens the filter, never makes it wrong. The parse tree comes from CPython's private
``re._parser`` through ``regex_parse``; when that parser changes shape, no literals are
known and every regex runs (the same results, slower).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import product
from typing import Any

from . import regex_parse  # the private re._parser, behind one module

MAX_STRINGS = 24  # larger literal sets stop being a cheap check
MIN_LENGTH = 3  # shorter literals filter too little to be worth a check
GOOD_LENGTH = 12  # letters past which a literal is selective enough; then fewer strings win
MAX_REQUIRED = 64  # "one of these" sets from alternations may be larger: each is a dict lookup
MAX_REPEAT = 3  # x{0,3} is still a handful of exact strings; larger counts are not

Strings = frozenset[str]


def required_literals(pattern: re.Pattern[str]) -> Strings | None:
    """Strings one of which every match of ``pattern`` contains; None when unknown."""
    return _required_literals(pattern.pattern, pattern.flags)


@lru_cache(maxsize=4096)
def _required_literals(source: str, flags: int) -> Strings | None:
    """``required_literals`` by the pattern's text and flags (a scorer is rebuilt after each
    correction; parsing hundreds of patterns again cost a third of a second)."""
    if flags & (re.IGNORECASE | re.VERBOSE):
        return None
    parsed = regex_parse.parse(source, flags)
    if parsed is None:  # does not parse, or a parser this code does not know
        return None
    found = _required(list(parsed))
    if not found or min(map(len, found)) < MIN_LENGTH:
        return None
    # a string that contains another one of the set adds nothing to the check
    return frozenset(s for s in found if not any(o != s and o in s for o in found))


def _exact(items: Sequence[regex_parse.Node]) -> Strings | None:
    """The exact strings a sequence matches, if they are few; else None."""
    out: Strings = frozenset({""})
    for op, av in items:
        node = _exact_node(op, av)
        if node is None:
            return None
        joined = _concat(out, node)
        if joined is None:
            return None
        out = joined
    return out


def _exact_node(op: Any, av: Any) -> Strings | None:
    if op is regex_parse.LITERAL:
        return frozenset({chr(av)})
    if op in (regex_parse.AT, regex_parse.ASSERT, regex_parse.ASSERT_NOT):
        return frozenset({""})  # zero-width: consumes nothing
    if op is regex_parse.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is regex_parse.LITERAL:
                chars.add(chr(value))
            elif kind is regex_parse.RANGE and value[1] - value[0] < MAX_STRINGS:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None  # NEGATE, CATEGORY, wide ranges
        return frozenset(chars) if len(chars) <= MAX_STRINGS else None
    if op is regex_parse.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _exact(list(sub))
    if op is regex_parse.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            exact = _exact(list(alternative))
            if exact is None:
                return None
            out |= exact
        return frozenset(out) if len(out) <= MAX_STRINGS else None
    if op in regex_parse.REPEATS:
        low, high, sub = av
        if high > MAX_REPEAT:
            return None
        body = _exact(list(sub))
        if body is None:
            return None
        out = set()
        for count in range(low, high + 1):
            repeated: Strings | None = frozenset({""})
            for _ in range(count):
                repeated = _concat(repeated, body) if repeated is not None else None
            if repeated is None:
                return None
            out |= repeated
        return frozenset(out) if len(out) <= MAX_STRINGS else None
    return None


def _required(items: Sequence[regex_parse.Node]) -> Strings | None:
    """Strings one of which any match of the sequence contains (the cheapest good set).

    Candidates: every run of consecutive exact nodes (from each start, as long as it stays
    small) and what each inexact node requires on its own.
    """
    nodes = [_exact_node(op, av) for op, av in items]
    candidates: list[Strings] = []
    for start in range(len(nodes)):
        run: Strings | None = frozenset({""})
        for node in nodes[start:]:
            joined = _concat(run, node) if node is not None and run is not None else None
            if joined is None:
                break
            run = joined
            candidates.append(run)
    for (op, av), node in zip(items, nodes, strict=True):
        if node is None and (inner := _required_node(op, av)) is not None:
            candidates.append(inner)
    return max((c for c in candidates if c), key=_cheapness, default=None)


def _cheapness(strings: Strings) -> tuple[int, int, int, int]:
    """Long enough to be selective first (spaces count last: " the " is in every other
    clause), then as few strings to check as possible."""
    letters = min(len(s.strip()) for s in strings)
    return (min(letters, GOOD_LENGTH), -len(strings), letters, min(map(len, strings)))


def _required_node(op: Any, av: Any) -> Strings | None:
    if op is regex_parse.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _useful(_required(list(sub)))
    if op is regex_parse.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            found = _useful(_required(list(alternative)))
            if found is None:
                return None
            out |= found
        return frozenset(out) if len(out) <= MAX_REQUIRED else None
    if op in regex_parse.REPEATS:
        low, _high, sub = av
        return _useful(_required(list(sub))) if low >= 1 else None
    return None


def _useful(strings: Strings | None) -> Strings | None:
    """None for sets that say nothing (one of them is the empty string)."""
    return strings if strings and "" not in strings else None


def _concat(left: Strings, right: Strings) -> Strings | None:
    if len(left) * len(right) > MAX_STRINGS:
        return None
    return frozenset(a + b for a, b in product(left, right))


class PatternIndex:
    """Many patterns behind the literals their matches must contain: most patterns cannot
    match a given clause, and a substring test says so cheaply. Literals are looked up by
    their first three characters (a clause has few of those)."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = patterns
        self.unfiltered: list[int] = []
        by_literal: dict[str, list[int]] = {}
        for k, pattern in enumerate(patterns):
            literals = required_literals(pattern)
            if literals is None:
                self.unfiltered.append(k)
            for literal in sorted(literals or ()):
                by_literal.setdefault(literal, []).append(k)
        self.by_prefix: dict[str, list[tuple[str, list[int]]]] = {}
        for literal, indices in by_literal.items():
            self.by_prefix.setdefault(literal[:3], []).append((literal, indices))

    def candidates(self, clause: str) -> list[int]:
        """Indices of the patterns that may match ``clause``, in order."""
        found = set(self.unfiltered)
        by_prefix = self.by_prefix
        for prefix in {clause[i : i + 3] for i in range(len(clause) - 2)}:
            for literal, indices in by_prefix.get(prefix, ()):
                if literal in clause:
                    found.update(indices)
        return sorted(found)

    def search_any(self, clause: str) -> bool:
        """True when any of the patterns matches ``clause``."""
        return any(self.patterns[k].search(clause) for k in self.candidates(clause))
