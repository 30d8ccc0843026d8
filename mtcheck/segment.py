"""Sentence segmentation that keeps character offsets.

Works on a document's prose mask, segment by segment. A full stop ends a sentence only when
the next word starts like a sentence (a capital, a digit or an opening quote) and the word
before it is no abbreviation or initial; datelines ("BAGHDAD -", "Shafaq News/",
"Baghdad-ALsharqiya, March 2:") stand as sentences of their own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from mtcheck.data import word_list
from mtcheck.documents import Document, unwrapped_prose
from mtcheck.model import Sentence, Span

_NAME = r"[A-Z][\w'’.]*(?:-[A-Za-z][\w'’.]*)*"
_DATE = r"(?:[A-Z][a-z]{2,8}\.?[ ]\d{1,2}|\d{1,2}[ ][A-Z][a-z]{2,8})"
_DATELINE = re.compile(
    rf"(?:\(?{_NAME}\)?(?:[ ]{_NAME}){{0,3}}(?:,[ ]{_DATE})?)"
    r"[ ]?(?:[-–—]{1,2}[ ]|:[ ]|/[ ]?|[ ]-(?=[A-Z]))"
)
# Sentence-final punctuation, then closing quotes/brackets, then space. A match starts only
# where a run of punctuation starts, and runs are possessive: a long run of full stops with
# no space after it is one failed attempt, not one per position (quadratic on hostile text).
_BOUNDARY = re.compile(r"(?<![.!?…])([.!?…]++)([\"'”’»)\]]*+)(\s+)")
_NEXT_STARTS_SENTENCE = re.compile(r"[\"'“‘«(\[]*[A-Z0-9]")
# The last word before a position (searched with an end position); it starts only where its
# run of word characters starts, so a long run is not rescanned from every position.
_LAST_WORD = re.compile(r"(?<![\w.'’\-])([\w.'’\-]++)$")
_FOLLOWING_WORD = re.compile(r"[\"'”’)\]]*\s+[\"'“‘(\[]*(\w+)")
# A line break and the blank space after it; the blanks before it are skipped by hand
# (a leading "[ \t]*" would rescan a long run of spaces from every position).
_NEWLINE = re.compile(r"(?:\r\n|\r|\n)\s*")
# Enough of a line's end to see its last character and last word (function words are short).
_LINE_TAIL = 100


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Abbreviations (without their final full stop) after which a sentence never ends."""
    return frozenset(word_list("abbreviations.txt"))


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from mtcheck.lexicon import function_words

    return function_words()


def _ends_sentence(prose: str, dot_start: int, punctuation: str, segment_start: int) -> bool:
    """Whether the punctuation at ``dot_start`` closes a sentence (next word already checked)."""
    if punctuation != ".":
        return True  # "!", "?", "...", "?!": the next capital starts a sentence.
    match = _LAST_WORD.search(prose, max(segment_start, dot_start - 40), dot_start)
    if not match:
        return True
    word = match.group(1)
    if word in abbreviations() or word.lower() in abbreviations():
        return False
    if "." in word.strip("."):
        # "U.S. Army", "10 a.m. Monday": an abbreviation with inner full stops ends the
        # sentence only when a sentence-opening word follows ("from the U.S. The attack").
        following = _FOLLOWING_WORD.match(prose, dot_start + 1)
        return following is not None and following.group(1).lower() in _function_words()
    # Initials: "George W. Bush", "J. R. R. Tolkien".
    if len(word) == 1 and word.isupper():
        return False
    return True


def _newline_ends_sentence(prose: str, line_end: int, next_start: int, start: int) -> bool:
    """A line break ends a sentence in a title or scraped text: "Headline\\nThe story ..."."""
    if next_start >= len(prose) or not prose[next_start].isupper():
        return False
    before = prose[max(start, line_end - _LINE_TAIL):line_end].rstrip()
    if not before or before[-1] in ",;:-–—(/&":
        return False
    last = _LAST_WORD.search(before)
    if last and last.group(1).lower() in _function_words():
        return False
    return True


def _dateline_end(prose: str, start: int, end: int) -> int | None:
    match = _DATELINE.match(prose, start, min(end, start + 80))
    if not match or match.end() >= end:
        return None
    rest = prose[match.end() : end].lstrip()
    if not rest[:1].isupper() and rest[:1] not in "\"'“‘":
        return None
    return match.end()


def split_segment(prose: str, span: Span, kind: str) -> list[Sentence]:
    """Split ``prose[span]`` into sentences."""
    cuts: list[int] = []
    dateline = _dateline_end(prose, span.start, span.end)
    if dateline is not None:
        cuts.append(dateline)
    position = dateline or span.start
    for match in _BOUNDARY.finditer(prose, position, span.end):
        after = match.end()
        if after >= span.end:
            break
        if not _NEXT_STARTS_SENTENCE.match(prose, after):
            continue
        if _ends_sentence(prose, match.start(1), match.group(1), span.start):
            cuts.append(after)
    for match in _NEWLINE.finditer(prose, position, span.end):
        before_break = match.start()
        while before_break > position and prose[before_break - 1] in " \t":
            before_break -= 1
        if before_break > span.start and prose[before_break - 1] not in ".!?…":
            if _newline_ends_sentence(prose, before_break, match.end(), span.start):
                cuts.append(match.end())
    sentences = []
    bounds = [span.start, *sorted(set(cuts)), span.end]
    for start, end in pairwise(bounds):
        piece = prose[start:end]
        stripped_start = start + len(piece) - len(piece.lstrip())
        stripped_end = start + len(piece.rstrip())
        if stripped_end > stripped_start:
            sentences.append(Sentence(Span(stripped_start, stripped_end),
                                      prose[stripped_start:stripped_end], kind))
    return sentences


def split_sentences(document: Document) -> list[Sentence]:
    """All sentences of a document, in order, with offsets into its text."""
    unwrapped = unwrapped_prose(document)  # a line break that only wraps ends no sentence
    sentences: list[Sentence] = []
    for segment in document.segments:
        sentences.extend(split_segment(unwrapped, segment.span, segment.kind))
    if unwrapped is document.prose:
        return sentences
    return [replace(s, text=document.prose[s.span.start:s.span.end]) for s in sentences]
