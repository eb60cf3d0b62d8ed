"""Finding records by name as you type: one matcher for the command palette and the
record pickers of forms.

Each keystroke finds the texts that hold every typed word (typos corrected against the
words of all texts with rapidfuzz), scores at most ``CANDIDATES`` of them with Textual's
fuzzy matcher and keeps the best few: scoring thousands of weak hits is what makes a
list lag.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process, utils
from textual.fuzzy import Matcher

FEW = 5  # fewer texts than this hold every typed word: look for typos
CANDIDATES = 120  # texts re-scored with the fuzzy matcher per keystroke


class NameIndex:
    """Texts (names, labels) searchable by words, typos forgiven.

    ``texts`` are what the matcher scores (and a list highlights); ``search``, when
    given, the longer texts the words are looked for in (a label and a few more words).
    """

    def __init__(self, texts: Sequence[str], search: Sequence[str] | None = None) -> None:
        self.texts = list(texts)
        self.keys = [utils.default_process(t) for t in (search or texts)]
        self.blob = "\n".join(self.keys)
        self.starts = (
            list(itertools.accumulate((len(k) + 1 for k in self.keys[:-1]), initial=0))
            if self.keys
            else []
        )
        self.vocabulary = sorted({word for key in self.keys for word in key.split()})

    def candidates(self, query: str) -> list[tuple[int, float]]:
        """(text index, quick score 0..1) of the texts worth scoring for ``query``.

        Texts that hold every typed word, in their order, found with ``str.find`` over
        all texts joined (C speed). A word that starts no word of any text is a typo: it
        is replaced by the closest word of the texts (rapidfuzz).
        """
        words = utils.default_process(query).split()
        if not words:
            return []
        found = self._containing(words)
        if len(found) >= FEW:
            return [(index, 0.8) for index in found]
        fixed = [self._closest_word(word) for word in words]
        if fixed == words:
            return [(index, 0.8) for index in found]
        seen = set(found)
        return [(index, 0.8) for index in found] + [
            (index, 0.7) for index in self._containing(fixed) if index not in seen
        ]

    def _containing(self, words: list[str]) -> list[int]:
        longest = max(words, key=len)
        others = [word for word in words if word is not longest]
        blob, starts, out = self.blob, self.starts, []
        pos = blob.find(longest)
        while pos != -1 and len(out) < CANDIDATES:
            index = bisect.bisect_right(starts, pos) - 1
            key = self.keys[index]
            if all(word in key for word in others):
                out.append(index)
            pos = blob.find(longest, starts[index + 1] if index + 1 < len(starts) else len(blob))
        return out

    def _closest_word(self, word: str) -> str:
        at = bisect.bisect_left(self.vocabulary, word)
        if at < len(self.vocabulary) and self.vocabulary[at].startswith(word):
            return word  # the start of a real word: not a typo
        best = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=70)
        return best[0] if best else word

    def best(
        self, query: str, matcher: Matcher, limit: int, bonus: Callable[[int], float] | None = None
    ) -> list[tuple[float, int]]:
        """The ``limit`` best (score, text index) for ``query``, best first: the
        matcher's score of each candidate (at least its quick score) plus ``bonus``."""
        scored = []
        for index, quick in self.candidates(query):
            score = max(matcher.match(self.texts[index]), quick)
            if bonus is not None:
                score += bonus(index)
            scored.append((score, -index))
        scored.sort(reverse=True)
        return [(score, -negative) for score, negative in scored[:limit]]
