"""Words inside a sentence, with their offsets, and what their shape says about them."""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from typing import NamedTuple

# A word: letters and digits joined by apostrophes, hyphens or inner full stops: "Al-Kazemi",
# "Iraq's", "U.S", "2,500" is two words on purpose (numbers never matter to the rules).
# Captured, so that splitting on it gives the gaps and the words in turn.
_WORD_SPLIT = re.compile(r"(\w+(?:['’.\-]\w+)*)")
# A word of letters only, not part of a longer token ("don't", "e-mail", "x2" are no such
# word).
LETTER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]+(?![\w'’-])")



class Word(NamedTuple):
    """A word: its text and its ``start``/``end`` offsets in the document text.

    A NamedTuple rather than a frozen dataclass: documents hold hundreds of thousands of
    words, and a tuple is several times cheaper to build.
    """

    text: str
    start: int
    end: int

    @property
    def is_title_case(self) -> bool:
        """First letter upper case, every other letter lower case: "The", "Withdrawal"."""
        text = self.text
        rest = text[1:]
        return text[0].isupper() and (not rest or rest.islower() or not any(
            ch.isalpha() for ch in rest))

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_all_caps(self) -> bool:
        text = self.text
        return text.isupper() and sum(ch.isalpha() for ch in text) >= 2

    @property
    def is_mixed_case(self) -> bool:
        """Upper case after the first letter ("McKenzie", "iPhone", "Al-Kazemi")."""
        rest = self.text[1:]
        return not rest.islower() and not self.text.isupper() and any(
            ch.isupper() for ch in rest)


def find_words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Every word in ``text[start:end]`` with offsets into ``text``."""
    # Splitting and summing the pieces' lengths runs in C; building a Word per regex match
    # costs twice as much, and rules tokenise every sentence.
    pieces = _WORD_SPLIT.split(text[start:end])
    offsets = list(accumulate(map(len, pieces), initial=start))
    # pieces alternate gap, word, gap: each word with its start and end offsets.
    bounds = zip(pieces[1::2], offsets[1::2], offsets[2::2], strict=False)
    return list(map(tuple.__new__, repeat(Word), bounds))
