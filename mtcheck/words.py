"""Words inside a sentence, with their offsets, and what their shape says about them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters and digits joined by apostrophes, hyphens or inner full stops: "Al-Kazemi",
# "Iraq's", "U.S", "2,500" is two words on purpose (numbers never matter to the rules).
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")

OPENING_PUNCTUATION = "\"'“‘«([{"
CLOSING_PUNCTUATION = "\"'”’»)]}"


@dataclass(frozen=True)
class Word:
    """A word: its text and its ``start``/``end`` offsets in the document text."""

    text: str
    start: int
    end: int

    @property
    def is_title_case(self) -> bool:
        """First letter upper case, every other letter lower case: "The", "Withdrawal"."""
        letters = [ch for ch in self.text if ch.isalpha()]
        return (
            len(letters) >= 1
            and letters[0].isupper()
            and all(ch.islower() for ch in letters[1:])
            and self.text[0].isalpha()
        )

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_all_caps(self) -> bool:
        letters = [ch for ch in self.text if ch.isalpha()]
        return len(letters) >= 2 and all(ch.isupper() for ch in letters)

    @property
    def is_mixed_case(self) -> bool:
        """Upper case after the first letter ("McKenzie", "iPhone", "Al-Kazemi")."""
        letters = [ch for ch in self.text if ch.isalpha()]
        return any(ch.isupper() for ch in letters[1:]) and not self.is_all_caps

    @property
    def is_lower(self) -> bool:
        return self.text[:1].islower()


def find_words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Every word in ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
