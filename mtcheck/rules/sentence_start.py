"""MT103 lowercase-sentence-start: a full stop followed by a lower-case word.

Machine translation sometimes ends a sentence in the middle of one ("government
responsibility. towards those segments") or forgets to capitalise the next sentence ("to
deal with intense heat. the"). The segmenter does not split at ". lowercase", so this rule
looks inside sentences for it. Either the word needs a capital (the usual fix, safe) or the
full stop is stray (unsafe); the language model, when it runs, orders the two.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from mtcheck import lexicon
from mtcheck.data import word_list
from mtcheck.documents import Document, counted
from mtcheck.model import Applicability, Edit, Finding, Fix, Sentence, Span
from mtcheck.rules import Example, Rule, register
from mtcheck.segment import abbreviations
from mtcheck.words import LETTER_WORD

# A full stop after a word, a number or a closing quote/bracket, then a lower-case word
# (not "iPhone": the word must be lower case to its end).
_STOP_THEN_LOWER = re.compile(
    r"(?<=[^\W_]|[\"'”’)\]])\.([ \t]+|[ \t]*\n[ \t]*)([a-z][a-z'’-]*)(?![\w])")
_WORD_BEFORE = re.compile(r"[\w.'’-]*[\w'’\"”)\]]$")
_ROMAN = re.compile(r"[ivxlcdmIVXLCDM]+")

# Edited English never goes on in lower case after a full stop that ends a sentence, once
# abbreviations, initials, list numbers and names spelt in lower case are left out (above and
# below): the heuristics are as sure of it as of a capitalised function word, so the model
# needs 2 nats, not 6.5, to confirm it. At 6.5 it cleared "to deal with intense heat. the
# workers left early" (6.0 nats) and "It was hot. the workers left" (5.3); the 3 clean-en
# candidates score 7.2 to 10.9 and are flagged either way.
CONFIDENCE = 0.9
# How a web address starts, though spaces have broken it up ("http: / / got.by").
_URL_STARTS = frozenset({"http", "https", "ftp", "www"})
# A word the document writes this often, never capitalised, is a name spelt in lower case.
LOWER_CASE_NAME_USES = 3


@lru_cache(maxsize=1)
def lowercase_continuations() -> frozenset[str]:
    """Abbreviations after which a sentence goes on in lower case ("etc. are")."""
    words = {word.lower() for word in word_list("lowercase_after_stop.txt")}
    return frozenset(words | {word.lower() for word in abbreviations()})


def _is_abbreviation_or_enumerator(prose: str, dot: int, floor: int) -> bool:
    match = _WORD_BEFORE.search(prose, max(floor, dot - 40), dot)
    if not match:
        return True
    word = match.group().strip("\"'”’)]").lstrip(".")  # ".mp3. listen" ends with "mp3"
    word = word.rsplit("-", 1)[-1] if "-" in word else word  # "81-mm. mortars"
    if not word:
        return False  # a quote or bracket closed the sentence: '... the end". the'
    if word.lower() in lowercase_continuations() or "." in word:
        return True  # "etc.", "e.g.", "a.m.", "U.S."
    if len(word) == 1 and word.isalpha():
        return True  # an initial or a list letter: "J. smith", "a. the first option"
    opens_item = match.start() == floor or prose[match.start() - 1] in "\n(["
    # "1. the", "III. by", "(1. hrvatski": a list number or a foreign ordinal.
    return opens_item and (word.isdigit() or bool(_ROMAN.fullmatch(word)))


def _is_not_a_sentence_word(prose: str, word: str, end: int) -> bool:
    """"b) Refusing" (a list letter), "doi:10.1037" (an identifier), a non-English word."""
    after = prose[end:end + 2]
    if after[:1] in ")(" or (after[:1] in ".:" and after[1:2].strip()):
        return True  # "b) Refusing", "require('url')", "doi:10.1037"
    if len(word) == 1 and after[:1] == ".":
        return True  # "from earlier CL.\n   c. Merged dupe": a list letter
    if word in lowercase_continuations():
        return True  # "Press. pp. 393": another abbreviation
    if word in _URL_STARTS:
        return True  # "removed. http: / / got.by": an address, broken up by spaces
    return len(word) > 1 and not lexicon.is_english_word(word)


def _is_a_lower_case_name(document: Document, word: str) -> bool:
    """Whether the document writes ``word`` LOWER_CASE_NAME_USES times or more and never with a
    capital, as a name spelt in lower case ("npm makes", "npm is mostly a standalone tool"):
    a word machine translation forgets to capitalise is capitalised at other sentence starts."""
    counts = counted(document, LETTER_WORD)
    capital = word[0].upper() + word[1:]
    return counts[word] >= LOWER_CASE_NAME_USES and not counts[capital] and not counts[
        word.upper()]


def _sentence_of(document: Document, starts: list[int], position: int) -> Sentence | None:
    """The sentence holding ``position``; ``starts`` are the document's sentence starts (in
    order), so that finding it costs a bisection, not a walk through every sentence (that was
    quadratic on a long text with many findings)."""
    index = bisect_right(starts, position) - 1
    if index < 0:
        return None
    sentence = document.sentences[index]
    return sentence if position < sentence.span.end else None


def find_lowercase_sentence_starts(document: Document) -> Iterator[Finding]:
    text, prose = document.text, document.prose
    starts = [sentence.span.start for sentence in document.sentences]
    for segment in document.segments:
        for match in _STOP_THEN_LOWER.finditer(prose, segment.span.start, segment.span.end):
            dot, (start, end) = match.start(), match.span(2)
            if text[dot - 1:end] != prose[dot - 1:end]:
                continue  # something around it is not prose (code, a link)
            word = match.group(2)
            if _is_abbreviation_or_enumerator(prose, dot, segment.span.start) or (
                    _is_not_a_sentence_word(prose, word, end)) or (
                    _is_a_lower_case_name(document, word)):
                continue
            sentence = _sentence_of(document, starts, start)
            capital = word[0].upper() + word[1:]
            yield Finding(
                "MT103", LOWERCASE_SENTENCE_START.name,
                f"'{word}' follows a full stop but starts in lower case",
                Span(start, end), LOWERCASE_SENTENCE_START.severity, CONFIDENCE,
                (Fix(f"Capitalise '{word}' to '{capital}'", (Edit(start, end, capital),)),
                 Fix("Remove the stray full stop", (Edit(dot, dot + 1, ""),),
                     Applicability.UNSAFE)),
                context=sentence.span if sentence else segment.span,
            )


LOWERCASE_SENTENCE_START = register(Rule(
    code="MT103",
    name="lowercase-sentence-start",
    summary="A full stop is followed by a word in lower case.",
    explanation=(
        "Machine translation sometimes forgets to capitalise the word after a full stop "
        "('to deal with intense heat. the') or puts a full stop in the middle of a "
        "sentence ('without there being government responsibility. towards those "
        "segments'). Either the word needs a capital or the full stop must go; the "
        "language model, when it runs, decides which fix comes first. Abbreviations "
        "('etc.', 'e.g.', 'approx.'), initials, numbered list items and lower-case names "
        "('iPhone') are left alone."
    ),
    fix="Capitalise the word (safe), or remove the stray full stop (unsafe).",
    check=find_lowercase_sentence_starts,
    bad=(
        Example("The ministry opened cooling centres to deal with intense heat. the centres "
                "will stay open all week.",
                "The ministry opened cooling centres to deal with intense heat. The centres "
                "will stay open all week."),
        Example("This happened without there being government responsibility. towards those "
                "segments of society.",
                "This happened without there being government responsibility. Towards those "
                "segments of society."),
        # Russian-English MT, MLQE-PE ru-en (CC0).
        Example("The best quality of the track \"Don't Stop\" in .mp3. listen online and for "
                "free",
                "The best quality of the track \"Don't Stop\" in .mp3. Listen online and for "
                "free"),
    ),
    good=(
        "Threats, visions, sciences, etc. are summarized in the report.",
        "The results were confirmed by Smith et al. in a later study.",
        "The device, e.g. a phone, must be switched off.",
        "He bought a new phone in 2007. iPhone sales were rising.",
        "The meeting starts at 10 a.m. tomorrow.",
        "1. the first option\n2. the second option",
    ),
    verified_by_lm=True,
))
