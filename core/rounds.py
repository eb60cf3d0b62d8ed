"""Which interview was an application's *final round*: the one rule the Ladder, the Review's
"who to call" and the prep sheet share.

The rule (DESIGN and the Ladder's help say the same):

- **Decided** (the application reached ``offer``, ``accepted`` or ``rejected`` after its
  interviews): the final round is the last interview held on or before the decision, when
  it was more than a first screen: round 2 or later, or of a final kind (exec, panel,
  case/presentation). An offer after interviews always counts its last interview as final.
- **Open** (still interviewing): the highest-round interview so far is the final round
  when it is of a final kind, or its notes or kind say "final" ("final round with the CTO").

Cancelled interviews never count. Interviews with no date count in their round order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

FINAL_KINDS: frozenset[str] = frozenset({"exec", "panel", "case_presentation"})
DECISION_STAGES: frozenset[str] = frozenset({"offer", "accepted", "rejected"})
_SAYS_FINAL = re.compile(r"\bfinal\b", re.IGNORECASE)


def _order(iv: Mapping[str, Any]) -> tuple[int, str]:
    return (int(iv.get("round") or 1), str(iv.get("scheduled_at") or ""))


def final_round(
    interviews: Iterable[Mapping[str, Any]], *, decided_at: str | None = None, offered: bool = False
) -> Mapping[str, Any] | None:
    """The application's final-round interview, or None.

    ``interviews`` are rows with ``round``, ``kind``, ``scheduled_at``, ``outcome`` and
    optionally ``notes``; ``decided_at`` is when the decision (offer/accepted/rejected) was
    recorded, None while the application is open; ``offered`` when that decision was an offer.
    """
    held = sorted((iv for iv in interviews if iv.get("outcome") != "cancelled"), key=_order)
    if decided_at is not None:
        before = [
            iv
            for iv in held
            if not iv.get("scheduled_at") or str(iv["scheduled_at"])[:10] <= decided_at[:10]
        ]
        if not before:
            return None
        last = before[-1]
        if offered or _order(last)[0] >= 2 or last.get("kind") in FINAL_KINDS:
            return last
        return None
    if not held:
        return None
    return held[-1] if is_final_kind(held[-1]) else None


def is_final_kind(interview: Mapping[str, Any]) -> bool:
    """True for an interview that by itself reads as a final round (exec, panel, case, or
    notes saying "final")."""
    return interview.get("kind") in FINAL_KINDS or bool(
        _SAYS_FINAL.search(str(interview.get("notes") or ""))
    )
