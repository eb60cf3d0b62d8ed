"""From raw feedback to the clauses that carry a reason.

A recruiter e-mail of 120 words has one sentence that matters; greetings, thanks,
praise and sign-offs are dropped, abbreviations expanded ("ppl mgmt exp" -> "people
management experience"), and the text split into clauses so the first-named reason can win.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..resources import read_toml
from ..text import strip_accents

_SPLIT = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s+-\s+|\s+(?:but|however|although|though|whereas)\s+|,\s+(?:but|however|and also|plus)\s+"
)
_BLANKS = re.compile(r"[ \t]+")
_LONG_WORD = re.compile(r"[a-z]{6,}")
_BOILERPLATE = re.compile(
    r"^(hi|hello|hey|dear|thanks|thank you|many thanks|best|best regards|kind regards|regards|"
    r"cheers|sincerely|all the best|warm regards)\b|^(talent (acquisition|team)|recruiting team)$"
    r"|\b(thank you for (your|the) (time|interest|patience)|thanks (again )?for (your|the)|"
    r"(we|i) (really )?(enjoyed|appreciated)|(it was|was) (great|lovely|a pleasure)|"
    r"wish you (the best|all the best|luck)|best of luck|keep (your details|you in mind)|"
    r"stay in touch|happy to (give|share|chat|discuss)|please (do )?(keep|feel free)|"
    r"future (roles|opportunities|openings)|i wanted to close the loop|i.ve just spoken|"
    r"close the loop)\b"
)
_REASON_MARKERS = re.compile(
    r"\b(but|however|unfortunately|decided|looking for|wanted|want|need|needs|needed|lack|lacks|"
    r"lacking|missing|gap|concern|not|no|weak|limited|more|too|went with|go with|gone with|"
    r"someone|candidate|instead|require|requires|required|felt|thin|vague|less|unconvincing|"
    r"weaker|light)\b"
)
_STRICT_REASON = re.compile(
    r"\b(but|unfortunately|decided|looking for|need|lack|more|went with|"
    r"concern|not ready|however)\b"
)
_PRAISE_ONLY = re.compile(
    r"\b(strong|great|impressive|impressed|liked|loved|enjoyed|excellent|good|solid|convincing|"
    r"came through|rated .* highly)\b"
)


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every abbreviation (longest first) and the expansions by key."""
    table = {
        k.lower(): v
        for k, v in read_toml("schemas", "abbreviations.toml").get("expand", {}).items()
    }
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w&+/])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w&+/])")
    return pattern, table


def fold_for_patterns(text: str) -> str:
    """Lowercase, plain quotes and dashes, accents stripped, blanks collapsed; unlike
    ``core.text.fold`` (a matching key), punctuation stays: the taxonomy's patterns read it
    ("hands-on", "didn't", a clause's full stop)."""
    if not text.isascii():
        text = strip_accents(text)
        text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
        text = text.replace("–", "-").replace("—", " - ")
    return _BLANKS.sub(" ", text.casefold()).strip()


def expand(text: str) -> str:
    """Abbreviations expanded in folded text."""
    pattern, table = _abbreviations()
    return pattern.sub(lambda m: table[m.group(1)], text)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Folded text, abbreviations expanded, typos of known words corrected (line breaks
    kept for clause splitting)."""
    return "\n".join(correct_typos(expand(fold_for_patterns(line))) for line in text.splitlines())


@cache
def _vocabulary() -> frozenset[str]:
    """Words of the taxonomy's seeds and descriptions: the words worth correcting to."""
    words: set[str] = set()
    for gap in read_toml("schemas", "gaps.toml")["gap"]:
        for text in (*gap.get("seeds", ()), gap.get("description", ""), gap.get("label", "")):
            words.update(re.findall(r"[a-z]{4,}", fold_for_patterns(text)))
    words.update(("unfortunately", "experience", "management", "candidate", "reports"))
    return frozenset(words)


_SUFFIXES = ("", "s", "es", "ed", "ing", "e", "er", "ers")


@cache
def _known_words() -> frozenset[str]:
    """The vocabulary and its word forms ("managers" -> "manages", "managed", "managing"):
    words that are right as written, never corrected to a neighbour."""
    forms: set[str] = set()
    for word in _vocabulary():
        stems = {word[: len(word) - len(s)] for s in _SUFFIXES if word.endswith(s)}
        forms.update(stem + suffix for stem in stems if len(stem) >= 3 for suffix in _SUFFIXES)
    return frozenset(forms)


@cache
def _correct_word(word: str) -> str:
    """The taxonomy word one slip away from ``word``, or ``word`` itself.

    A slip is one edit (a letter missed, added, swapped for another, or two neighbours
    swapped). Words under 9 letters are corrected only for swapped neighbours: among short
    words one edit mostly lands on another real word ("reading"/"leading",
    "finding"/"funding"), which would change what the feedback says.
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA, Levenshtein

    best = process.extractOne(word, _vocabulary(), scorer=fuzz.ratio, score_cutoff=85)
    if best is None:
        return word
    candidate = best[0]
    if OSA.distance(word, candidate) != 1:
        return word
    if len(word) < 9 and Levenshtein.distance(word, candidate) == 1:
        return word  # one plain edit of a short word: more likely another word than a typo
    if candidate.startswith(word) or word.startswith(candidate):
        return word  # an inflection ("experienced", "organisational"), not a typo
    return candidate


def correct_typos(text: str) -> str:
    """Words of 6+ letters that are not taxonomy words but one slip away from one are
    corrected ("experiance" -> "experience", "reprots" -> "reports")."""
    unknown = set(_LONG_WORD.findall(text)) - _known_words()
    fixes = {word: fixed for word in unknown if (fixed := _correct_word(word)) != word}
    if not fixes:
        return text
    return _LONG_WORD.sub(lambda m: fixes.get(m.group(0), m.group(0)), text)


def parts(text: str) -> list[str]:
    """The normalized clauses of a text, greetings stripped, sign-offs and the names and
    titles under them dropped; nothing else judged."""
    out = []
    signed_off = False
    for part in _SPLIT.split(normalize(text)):
        part = _GREETING.sub("", part.strip())
        part = part.strip(" \t,.;:!?-\"'()")
        if len(part) < 3:
            continue
        if signed_off and len(part.split()) <= 3:
            continue  # a name or title under the sign-off
        if _SIGN_OFF.match(part):
            signed_off = True
            continue
        out.append(part)
    return out


def clauses(text: str) -> list[str]:
    """The clauses of a feedback text that may carry a reason, in order.

    Greetings, thanks and sign-offs go; praise without a reason marker goes. If nothing
    is left, the whole normalized text is the one clause.
    """
    kept = [
        part
        for part in parts(text)
        if not (_BOILERPLATE.search(part) and not _has_reason(part, strict=True))
        and not (_PRAISE_ONLY.search(part) and not _has_reason(part))
    ]
    return kept or [re.sub(r"\s+", " ", normalize(text)).strip()]


_SIGN_OFF = re.compile(
    r"^(best|best regards|kind regards|regards|warm regards|cheers|thanks|"
    r"many thanks|sincerely|all the best|thank you)$"
)
_GREETING = re.compile(
    r"^(hi|hello|hey|dear)( [\w.'-]+)?\s*[,:!-]\s*|^(quick update|update|fyi)\s*[:,-]\s*"
)


def praise_only(part: str) -> bool:
    """True for a clause of praise with no reason marker ("strong on delivery")."""
    return bool(_PRAISE_ONLY.search(part)) and not _has_reason(part) and not _NEGATION.search(part)


_NEGATION = re.compile(r"n't\b|\b(?:not|no|never|without|hardly|barely|nor)\b")


def _has_reason(part: str, strict: bool = False) -> bool:
    return bool((_STRICT_REASON if strict else _REASON_MARKERS).search(part))
