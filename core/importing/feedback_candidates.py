"""Which texts (recruiter messages, tracker notes) carry rejection or interview feedback.

A text is offered as a candidate when it reads like a "no" (or passes on what interviewers
said), and not when it is good news that happens to share the words ("we'd like to move
forward with your application"). The user confirms or dismisses each candidate, so a
missed one costs more than an extra one: the patterns lean to offering.
"""

from __future__ import annotations

import html
import re

_CLEAR_NO = re.compile(  # a "no" whatever else the text says
    r"\bunfortunately\b|\bregret to\b|\bregrettably\b|"
    r"\b(?:not|won't|will not|no longer|n't) (?:be )?(?:moving|move|going|proceed\w*) "
    r"(?:forward|ahead)|\bdecided not to (?:proceed|move|continue|progress)|"
    r"\bnot (?:been )?(?:selected|shortlisted|successful)|\bunsuccessful\b",
    re.IGNORECASE,
)
_NO = re.compile(
    r"\b(?:decided|chosen|opted|elected) to (?:move|go|proceed) (?:forward|ahead)? ?with "
    r"(?!you\b|your\b)|\bnot (?:to )?(?:proceed|progress)|"
    r"\b(?:went|gone|go|going) with (?:someone|somebody|a candidate|another|an? (?:internal|other)"
    r"|the other)|"
    r"\b(?:other|another|different) candidates? (?:who|whose|that|with|more)|"
    r"\b(?:position|role|req|requisition|opening|search)\b[^.]{0,40}\b(?:filled|closed|cancel+ed|"
    r"on hold|frozen|paused|withdrawn|eliminated)|"
    r"\binternal (?:candidate|hire|applicant|transfer)|\bhiring freeze\b|"
    r"\b(?:closer|stronger|better) (?:match|fit|aligned)|"
    r"\black(?:ed|s|ing)? (?:of |in |sufficient |enough )?(?:\w+ ){0,2}"
    r"(?:experience|depth|exposure)|"
    r"\b(?:more|deeper|broader|further) (?:\w+ ){0,3}(?:experience|exposure)|"
    r"\b(?:concern|concerns|reservations) (?:about|around|over|that)|\bnot (?:the right|a) fit\b|"
    # what people write in their own tracker notes
    r"\brejected\b|\brejection\b|\bno offer\b|\bpassed on me\b|\bturned (?:me )?down\b|"
    r"\b(?:wanted|want|wants|looking for|preferred) (?:someone|somebody|a candidate)\b|"
    r"\bneed(?:s|ed)? more\b|\bnot enough\b|\btoo (?:hands-on|junior|senior|technical|narrow)\b",
    re.IGNORECASE,
)
_FEEDBACK = re.compile(
    r"\b(?:their|the team's|the panel's|interviewers?'?s?|hiring manager's|some|your|the) "
    r"feedback\b|\bfeedback (?:from|was|is|on your|about your)\b|\bdebrief\b",
    re.IGNORECASE,
)
_GOOD_NEWS = re.compile(
    r"\b(?:move|moving|go|going|proceed) (?:forward|ahead) with (?:you|your)\b|"
    r"\b(?:invite|inviting|schedule|scheduling|book) (?:you )?(?:for|to) (?:the |a |an )?"
    r"(?:next|final|second|third|onsite|on-site|panel)\b|"
    r"\bpleased to (?:offer|extend|confirm)|\boffer letter\b|\bcongratulations\b",
    re.IGNORECASE,
)
_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Message text without HTML tags or entities, with collapsed spaces."""
    return " ".join(html.unescape(_TAGS.sub(" ", text)).split())


def carries_feedback(text: str) -> bool:
    """True when the text reads like a rejection or passes on interview feedback."""
    if not text:
        return False
    if _FEEDBACK.search(text) or _CLEAR_NO.search(text):
        return True
    return _NO.search(text) is not None and _GOOD_NEWS.search(text) is None
