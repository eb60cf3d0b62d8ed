"""The fence around CPython's private regex parser: it fails loudly here when the parser
changes, and rung keeps working (every regex runs) when it has."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from rung.core.clustering import literals, regex_parse
from rung.core.clustering.literals import PatternIndex, required_literals
from rung.core.clustering.normalize import clauses
from rung.core.clustering.taxonomy import taxonomy

ROOT = Path(__file__).resolve().parent.parent
CHANGED = (
    f"re._parser changed shape under Python {sys.version.split()[0]}; "
    "core/clustering/regex_parse.py was written against 3.11. Until it is updated the "
    "literal prefilter is off (the same results, slower). What changed:\n"
)


def test_the_parser_has_the_shape_the_fence_was_written_against():
    found = regex_parse.problems()
    assert not found, CHANGED + "\n".join(found)
    assert regex_parse.usable()


def test_every_opcode_the_fence_reads_exists():
    import re._constants as constants  # the private module itself, not the fence's view

    missing = [name for name in regex_parse.OPCODES if not hasattr(constants, name)]
    assert not missing, CHANGED + f"gone from re._constants: {missing}"
    for name in ("LITERAL", "IN", "RANGE", "SUBPATTERN", "BRANCH", "AT", "ASSERT", "ASSERT_NOT"):
        assert getattr(regex_parse, name) is getattr(constants, name), name
    assert regex_parse.REPEATS == (
        constants.MAX_REPEAT,
        constants.MIN_REPEAT,
        constants.POSSESSIVE_REPEAT,
    )


def test_a_known_pattern_parses_to_the_nodes_literals_reads():
    nodes = regex_parse.parse(r"ab[cd](?i:e)(x|yz){1,2}")
    assert nodes is not None
    ops = [op for op, _ in nodes]
    assert ops == [
        regex_parse.LITERAL,
        regex_parse.LITERAL,
        regex_parse.IN,
        regex_parse.SUBPATTERN,
        regex_parse.MAX_REPEAT,
    ], CHANGED + repr(nodes)
    assert nodes[0][1] == ord("a")
    group, add_flags, _del_flags, sub = nodes[3][1]
    assert (group, add_flags & re.IGNORECASE, list(sub)) == (
        None,
        re.IGNORECASE,
        [(regex_parse.LITERAL, ord("e"))],
    )
    low, high, body = nodes[4][1]
    assert (low, high) == (1, 2)
    assert [op for op, _ in body] == [regex_parse.SUBPATTERN]


def test_a_bad_pattern_gives_none_not_an_error():
    assert regex_parse.parse("(unclosed") is None


def test_the_check_can_fail(monkeypatch):
    """problems() notices a parser that lost a name or parses to another tree."""
    monkeypatch.setattr(regex_parse, "_parser", types.SimpleNamespace())
    assert "re._parser.parse is gone" in regex_parse.problems()
    other = types.SimpleNamespace(parse=lambda source, flags: [], SubPattern=list)
    monkeypatch.setattr(regex_parse, "_parser", other)
    assert regex_parse.problems() and "expected" in regex_parse.problems()[0]
    monkeypatch.setattr(regex_parse, "_opcodes", types.SimpleNamespace())
    assert "re._constants.LITERAL is gone" in regex_parse.problems()


@pytest.fixture
def unusable_parser(monkeypatch):
    """As on a Python whose parser changed shape: the fence says it cannot be used."""
    monkeypatch.setattr(regex_parse, "usable", lambda: False)
    literals._required_literals.cache_clear()
    yield
    literals._required_literals.cache_clear()


def test_a_changed_parser_turns_the_prefilter_off_and_changes_no_match(unusable_parser):
    patterns = [p for gap in taxonomy() for p in gap.patterns]
    assert required_literals(re.compile(r"\bline[- ]?manag")) is None
    index = PatternIndex(patterns)
    assert len(index.unfiltered) == len(patterns)
    texts = (ROOT / "tests" / "fixtures" / "clustering" / "heldout.csv").read_text("utf-8")
    for clause in clauses(texts):
        assert index.search_any(clause) == any(p.search(clause) for p in patterns)


PRIVATE_IMPORT = re.compile(
    r"from\s+re\s+import\s+_|import\s+re\._|import_module\(\s*['\"]re\._|\bsre_(parse|constants)\b"
)


def test_only_the_fence_imports_the_private_parser():
    users = [
        path.relative_to(ROOT).as_posix()
        for folder in ("core", "tui", "schemas")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if PRIVATE_IMPORT.search(path.read_text("utf-8"))
    ]
    assert users == ["core/clustering/regex_parse.py"]
