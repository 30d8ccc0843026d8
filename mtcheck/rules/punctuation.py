"""MT301 displaced-punctuation, MT302 spacing and MT303 unbalanced-quotes.

Text that passed through right-to-left scripts (Arabic, Persian, Hebrew) often has its
punctuation moved to the wrong side of a word: "the .Federal Supreme Court", "the leaders .of
the coordination framework". Tokenised or carelessly joined output leaves spaces before
punctuation ("this auction .”"), doubled spaces and quotes or brackets that never close.
Every check runs on the prose mask and skips any match that touches non-prose (code, links).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from mtcheck import lexicon
from mtcheck.data import word_list
from mtcheck.documents import Document, counted, is_about_software
from mtcheck.model import Applicability, Edit, Finding, Fix, Segment, Sentence, Span
from mtcheck.rules import Example, Rule, register

# The patterns below start with the characters they look for, not with a lookbehind: a
# pattern that opens with a lookbehind is tried at every position of the text, three to four
# times slower. What comes before a match is checked by ``_follows``.

# MT301: punctuation after a space (or at a line start) and glued to the next word:
# " .Federal", " .”to", " ,and".
_DISPLACED = re.compile(r"([.,;:!?])([”\"’']?)(?=[^\W\d_])")
_DOTTED_NAME = re.compile(r"[\w-]+")
# A full stop glued to the start of a word after a space or a mark: ".gitignore", "(.env".
_DOTTED_WORD = re.compile(r"(?<![\w.])\.[\w-]+")
_CAMEL_CASE = re.compile(r"[a-z]+[A-Z]")
_EXTENSION_LETTERS = 3  # a short lower-case word after a full stop: a file type (".mm")
# MT302: spaces before punctuation that closes something; "..." (a spaced ellipsis) is a style.
# MT302: a mark after blanks that follow a word, a closing quote or bracket. The pattern
# finds the mark; the blanks are walked back from it, so a long run of blanks is read once.
_SPACED_MARK = re.compile(r"(?:[,;:!?]|\.\.?)(?![.\w=/:])")  # not "!=", "./", "::"
_SPACE_BEFORE_CLOSES = re.compile(r"[\w\"'”’)\]]")
# MT302: a closing quote after blanks that follow a word or sentence punctuation.
_SPACED_QUOTE = re.compile(r"[”»](?=[\s.,;:!?)\]]|$)")
_SPACE_BEFORE_QUOTE_CLOSES = re.compile(r"[\w.,!?]")
# MT302: not after sentence punctuation, a closing quote or bracket, or an asterisk.
_DOUBLE_SPACE = re.compile(r"( {2,3})(?=[^\s])")
_DOUBLE_SPACE_AFTER = re.compile(r"[^\s.!?:;\"'”’)\]*]")
# MT302: after two lower-case letters.
_MISSING_AFTER_STOP = re.compile(r"([.!?])(?=[A-Z][a-z]+\b)")
_MISSING_AFTER_COMMA = re.compile(r"([,;])(?=[a-z]{2,}\b)")
_TWO_LOWER = re.compile(r"[a-z]{2}")
# The term a missing space sits in: what stands between spaces and Markdown's marks
# ("build,win" in "**build,win**:", "stream.Writable" in "{stream.Writable}").
_TERM_CHARS = r"[^\s*_`{}\[\]<>|]"
_TERM = re.compile(_TERM_CHARS + "+")
_TERM_START = re.compile(_TERM_CHARS + r"*\Z")
_TERM_END = re.compile(_TERM_CHARS + "*")
# A name, a full stop and the start of a member: "vm." in "vm.runInContext".
_MEMBER_PREFIX = re.compile(r"(?<![\w.])[A-Za-z_]\w*\.(?=[A-Za-z_])")
# Punctuation around a term that is not part of it: "tls.Server," is "tls.Server".
_AROUND_TERM = ".,;:!?()'\"“”‘’"
_TERM_JOIN = re.compile(r"[,;.](?=[^\W\d_])")
# A term set apart by these on both sides is a label or a name in code, not running text.
_SETS_APART_BEFORE = tuple("*_`{[")
_SETS_APART_AFTER = tuple("*_`}]")
# What follows a mark that stands on its own: more marks ("??", ".."), then a space or the end.
_STANDS_ALONE = re.compile(r"[^\w\s]{0,3}(?:\s|\Z)")
# An HTML entity, escaped again or not, just before its ';': "&quot", "&amp;quot", "&#39".
_ENTITY_BEFORE = re.compile(r"&(?:amp;)*#?[A-Za-z0-9]{1,31}\Z")
_EMOTICON_NEXT = set(")(-/|DPp3]")
# The longest entity there is to look for ("&CounterClockwiseContourIntegral;" is 33).
_ENTITY_CHARS = 40

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_BRACKET = re.compile(r"[()\[\]{}]")
_SMILEY_BRACKETS = re.compile(r"\)++")
_DOUBLE_QUOTE = re.compile("[“”\"]")


def _follows(text: str, position: int, pattern: re.Pattern[str], width: int = 1) -> bool:
    """Whether the ``width`` characters before ``position`` match ``pattern``."""
    return position >= width and pattern.fullmatch(text, position - width, position) is not None


def _blanks_before(text: str, position: int, floor: int) -> int:
    """Where the run of spaces and tabs that ends at ``position`` starts."""
    while position > floor and text[position - 1] in " \t":
        position -= 1
    return position


def _is_prose(document: Document, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is prose as it stands (nothing blanked inside)."""
    return document.text[start:end] == document.prose[start:end]


@lru_cache(maxsize=1)
def dotted_words() -> frozenset[str]:
    """File extensions and domain endings written after a full stop (".mp3", ".NET")."""
    return frozenset(word.lower() for word in word_list("dotted_words.txt"))


# --- MT301 displaced-punctuation -----------------------------------------------------------

# The word before a position, looked for in this many characters before it. The patterns
# start only where a run of word characters starts, so a long run is scanned once.
_WORD_WINDOW = 100
_LAST_WORD = re.compile(r"(?<![\w'’-])[\w'’-]++$")
_LAST_DOTTED_WORD = re.compile(r"(?<![\w.'’-])[\w.'’-]++$")
_NEXT_WORD = re.compile(r"[\w'’-]+")


# Words no sentence ends with: a full stop displaced after one belongs to no sentence end.
# Other function words may end one ("The meeting was over .They left", "ended .Then").
_NO_SENTENCE_ENDS_AFTER = frozenset({
    "the", "a", "an", "of", "and", "or", "nor", "his", "her", "its", "their", "our", "my",
    "your", "these", "those", "every", "each", "no"})


def _previous_word(text: str, position: int, floor: int) -> str:
    # A window, not the whole paragraph so far: called once per match, that was quadratic.
    before = text[max(floor, position - _WORD_WINDOW):position].rstrip()
    match = _LAST_WORD.search(before)
    return match.group() if match else ""


def _displaced_fixes(document: Document, segment: Segment, match: re.Match[str]) -> tuple[Fix, ...]:
    text = document.text
    mark, quote = match.group(1), match.group(2)
    start, end = match.span()
    before = text[segment.span.start:start].rstrip()
    word_after = _DOTTED_NAME.match(text, end)
    following = word_after.group() if word_after else ""
    remove = Fix(f"Remove the displaced '{mark + quote}'", (Edit(start, end, ""),),
                 Applicability.UNSAFE)
    if not before or before[-1] in ".,;:!?" and not (
            before[-1] == ";" and _ENTITY_BEFORE.search(before, max(0, len(before) - 40),
                                                        len(before) - 1)):
        # Already punctuated ("president, .Abdul"): the mark is a stray copy. Not after an
        # entity's ";" ("more &quot; .Then"): that is a quote, and the full stop is needed.
        return (Fix(f"Remove the stray '{mark + quote}'", (Edit(start, end, ""),)),)
    previous = _previous_word(text, start, segment.span.start)
    if mark == "." and (following[:1].islower() or previous.lower() in _NO_SENTENCE_ENDS_AFTER):
        return (remove,)  # "the leaders .of the", "the .Federal Supreme Court"
    gap_start = segment.span.start + len(before)
    move = Fix(f"Move '{mark + quote}' back to after '{previous or before.split()[-1]}'",
               (Edit(gap_start, end, mark + quote + " "),), Applicability.UNSAFE)
    return (move, remove)


def _is_a_dotted_name(document: Document, following: str, end: int) -> bool:
    """Whether "." and ``following`` (which starts at ``end``) make a name in code: a file
    (".gitignore", ".eslintrc": no English word), a member (".setEncoding"), a call
    (".rejects()") or a name the document writes again (".mailmap"); in a document about
    software, any lower-case word (".kill", ".load", ".close": members of its objects, written
    once in a changelog). Right-to-left text displaces a full stop before a word once."""
    text = document.text
    if following.islower() and (not lexicon.is_english_word(following) or len(
            following) <= _EXTENSION_LETTERS and following not in lexicon.function_words()
            or is_about_software(document)):
        return True  # ".gitignore", ".m", ".js": a file ("the leaders .of the" is no file)
    if _CAMEL_CASE.match(following):
        return True
    if text[end + len(following) : end + len(following) + 1] == "(":
        return True
    return counted(document, _DOTTED_WORD, str.lower)["." + following.lower()] >= 2


def find_displaced_punctuation(document: Document) -> Iterator[Finding]:
    text, prose = document.text, document.prose
    for segment in document.segments:
        for match in _DISPLACED.finditer(prose, segment.span.start, segment.span.end):
            start, end = match.span()
            if start > 0 and not prose[start - 1].isspace():
                continue
            if not _is_prose(document, max(segment.span.start, start - 1), end + 1):
                continue
            word = _DOTTED_NAME.match(text, end)
            following = word.group() if word else ""
            if match.group(1) == "." and not match.group(2) and (
                following.lower() in dotted_words() or any(ch.isdigit() for ch in following)
                or (following.isupper() and len(following) <= 4)
            ):
                continue  # ".mp3", ".NET", ".com": a file type or a domain, not a full stop
            if match.group(1) in ":;" and text[end:end + 1] in _EMOTICON_NEXT:
                continue
            if match.group(1) == ":" and text[end + len(following):][:1] == ":":
                continue  # an emoji's short code: ":warning:"
            if match.group(1) in "?!" and text[segment.span.start:start].rstrip().endswith(":"):
                continue  # a bound in code: "T: ?Sized", "T: !Send"
            if match.group(1) == "." and not match.group(2) and _is_a_dotted_name(
                    document, following, end):
                continue
            yield Finding(
                "MT301", DISPLACED_PUNCTUATION.name,
                f"'{match.group(1) + match.group(2)}' is glued to the start of '{following}':"
                " punctuation displaced by right-to-left text",
                Span(start, end), DISPLACED_PUNCTUATION.severity, 0.8,
                _displaced_fixes(document, segment, match),
            )


# --- MT302 spacing -------------------------------------------------------------------------

def _spacing(start: int, end: int, message: str, fix: Fix, confidence: float = 0.9) -> Finding:
    return Finding("MT302", SPACING.name, message, Span(start, end), SPACING.severity,
                   confidence, (fix,))


def _space_before_punctuation(document: Document, segment: Segment) -> Iterator[Finding]:
    text, prose = document.text, document.prose
    software = is_about_software(document)
    for match in _SPACED_MARK.finditer(prose, segment.span.start, segment.span.end):
        mark_start, end = match.span()
        blanks = _blanks_before(prose, mark_start, segment.span.start)
        if blanks == mark_start or not _follows(prose, blanks, _SPACE_BEFORE_CLOSES):
            continue
        # The spaces in the source: Markdown markup ("**stop** .") is blanked in the prose.
        start = _blanks_before(text, mark_start, segment.span.start)
        if start == mark_start or text[start - 1].isspace() or not _is_prose(
                document, mark_start, end + 1):
            continue
        mark = match.group()
        after = text[end:end + 2]
        if mark in ":;" and after[:1] in _EMOTICON_NEXT:
            continue  # ":)", ";-)"
        if mark == ":" and text[start - 1].isdigit() and after[1:2].isdigit():
            continue  # a ratio or a score: "3 : 1"
        if software and _STANDS_ALONE.match(text, end):
            # A mark on its own in a document about software is a character it discusses:
            # "resolve urls with . and ..", "delimit NODE_PATH with ; on Windows", "b ? x : y".
            continue
        yield _spacing(start, end, f"Space before '{mark}'",
                       Fix(f"Remove the space before '{mark}'", (Edit(start, mark_start, ""),)))
    first_guillemet = prose.find("«", segment.span.start, segment.span.end)
    for match in _SPACED_QUOTE.finditer(prose, segment.span.start, segment.span.end):
        end = match.start()
        start = _blanks_before(prose, end, segment.span.start)
        if start == end or not _follows(prose, start, _SPACE_BEFORE_QUOTE_CLOSES):
            continue
        if not _is_prose(document, start - 1, end + 1):
            continue
        quote = text[end]
        if quote == "»" and not 0 <= first_guillemet < end:
            continue  # a step of a path, no quotation: "Home » News » World"
        yield _spacing(start, end + 1, f"Space before the closing '{quote}'",
                       Fix(f"Remove the space before '{quote}'", (Edit(start, end, ""),)))


def _double_spaces(document: Document, sentence: Sentence) -> Iterator[Finding]:
    for match in _DOUBLE_SPACE.finditer(document.prose, sentence.span.start, sentence.span.end):
        start, end = match.span()
        if not _follows(document.prose, start, _DOUBLE_SPACE_AFTER):
            continue
        if not _is_prose(document, start - 1, end + 1):
            continue
        yield _spacing(start, end, "Doubled space inside a sentence",
                       Fix("Replace with a single space", (Edit(start, end, " "),)))


def _missing_spaces(document: Document, segment: Segment) -> Iterator[Finding]:
    text, prose = document.text, document.prose
    for pattern in (_MISSING_AFTER_STOP, _MISSING_AFTER_COMMA):
        for match in pattern.finditer(prose, segment.span.start, segment.span.end):
            start, end = match.span()
            if not _follows(prose, start, _TWO_LOWER, 2):
                continue
            before = _LAST_DOTTED_WORD.search(
                prose[max(segment.span.start, start - _WORD_WINDOW):start])
            after = _NEXT_WORD.match(prose, end, segment.span.end)
            if not before or not after or "." in before.group():
                continue  # "e.g.The", a dotted abbreviation
            if match.group(1) == ";" and _ENTITY_BEFORE.search(text, max(0, start - 40), start):
                # The end of an HTML entity: "&amp;quot;hello" (MT201 unescapes it). Read in
                # the text: Markdown's prose has the entity "&amp;" blanked.
                continue
            if not _is_prose(document, start - len(before.group()), end + len(after.group())):
                continue
            following = text[end + len(after.group()):end + len(after.group()) + 1]
            if following in "./@" and following:
                continue  # "www.site.Com/", "file.Name.txt"
            if match.group(1) == "." and after.group().lower() in dotted_words():
                continue  # a domain or a file ending: "Google.Com", "Node.Js", "Readme.Md"
            if (match.group(1) == "." and (before.group()[:1].isupper() or is_about_software(
                    document)) and after.group().lower() not in lexicon.function_words()):
                # A dotted name: "Yandex.Direct", "Trojan.Gen", "Math.Max"; in a document
                # about software, "stream.Readable" too ("an object.The content" is a slip).
                continue
            if not (lexicon.is_english_word(before.group()) and lexicon.is_english_word(
                    after.group())):
                continue
            if _is_a_term(document, start, segment.span.start) or (
                    match.group(1) == "." and _is_an_object(document, before.group())):
                continue
            mark = match.group(1)
            yield _spacing(start, end, f"No space after '{mark}'",
                           Fix(f"Insert a space after '{mark}'", (Edit(end, end, " "),)), 0.8)


def _is_a_term(document: Document, position: int, floor: int) -> bool:
    """Whether the mark at ``position`` joins the parts of a term written without spaces on
    purpose: a list of tags or names ("benchmark,doc,lib"), a label before a colon
    ("lib,src: fix"), one set apart by Markdown's marks or braces ("**build,win**:",
    "{stream.Writable}"), or one the document writes again ("net.Socket"). Machine
    translation drops a space here and there, not the same one twice.
    """
    text = document.text
    head = _TERM_START.search(text, max(floor, position - _WORD_WINDOW), position)
    tail = _TERM_END.match(text, position, position + _WORD_WINDOW)
    assert head is not None and tail is not None  # both may match nothing
    term = text[head.start():tail.end()]
    if len(_TERM_JOIN.findall(term)) >= 2 or term.endswith(":"):
        return True  # "benchmark,doc,lib", and a label: "lib,src: fix spawnSync"
    if (text[head.start() - 1 : head.start()] in _SETS_APART_BEFORE
            and text[tail.end() : tail.end() + 1] in _SETS_APART_AFTER):
        return True
    return counted(document, _TERM, _bare_term)[_bare_term(term)] >= 2


def _is_an_object(document: Document, name: str) -> bool:
    """Whether the document writes ``name`` before a full stop and a member at least twice, as
    code names a module or an object: "vm.Contexts" beside "vm.runInContext", "net.Socket"
    beside "net.createServer"."""
    return counted(document, _MEMBER_PREFIX)[name + "."] >= 2


def _bare_term(term: str) -> str:
    return term.strip(_AROUND_TERM)


def find_spacing(document: Document) -> Iterator[Finding]:
    for segment in document.segments:
        yield from _space_before_punctuation(document, segment)
        yield from _missing_spaces(document, segment)
    for sentence in document.sentences:
        yield from _double_spaces(document, sentence)


# --- MT303 unbalanced-quotes ---------------------------------------------------------------

@dataclass(frozen=True)
class _Mark:
    char: str
    position: int


@dataclass(frozen=True)
class _Problem:
    """An unpaired quote or bracket; ``side`` says whether it opens, closes or may do either
    (a straight quote), so that a quotation running across paragraphs can be paired up."""

    position: int
    message: str
    fix: Fix | None = None
    side: str = ""


def _straight_quote_opens(text: str, position: int) -> bool | None:
    """Whether a straight double quote opens (True), closes (False) or cannot tell (None)."""
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    if (before.isspace() or before in "([{—–-") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
        return False
    return None


def _quote_problems(document: Document, segment: Segment) -> Iterator[_Problem]:
    text, prose = document.text, document.prose
    # The prose holds the quotes the reader sees, written ones and those an entity renders
    # ("&quot;", "&ldquo;"); which way a straight one faces is read there too, markup blank.
    marks = [_Mark(m.group(), m.start())
             for m in _DOUBLE_QUOTE.finditer(prose, segment.span.start, segment.span.end)]
    used: set[int] = set()
    # Mixed styles: “...\" or \"...”.
    for first, second in pairwise(marks):
        if first.char == "“" and second.char == '"' and _straight_quote_opens(
                prose, second.position) is False:
            used |= {first.position, second.position}
            yield _Problem(second.position, "The quotation opened with '“' is closed with '\"'",
                           _requote(text, second, "”", "Close it with '”'"))
        elif first.char == '"' and second.char == "“" and _straight_quote_opens(
                prose, first.position) is True and _straight_quote_opens(
                prose, second.position) is False:
            used |= {first.position, second.position}
            yield _Problem(second.position, "The quotation opened with '\"' is closed with '“'",
                           _requote(text, second, '"', "Close it with '\"'"))
        elif first.char == '"' and second.char == "”" and _straight_quote_opens(
                prose, first.position) is True:
            used |= {first.position, second.position}
            yield _Problem(first.position, "The quotation opened with '\"' is closed with '”'",
                           _requote(text, first, "“", "Open it with '“'"))
    curly = [m for m in marks if m.char != '"' and m.position not in used]
    depth: list[_Mark] = []
    for mark in curly:
        if mark.char == "“":
            depth.append(mark)
        elif depth:
            depth.pop()
        else:
            yield _Problem(mark.position, "'”' closes a quotation that was never opened",
                           side="closes")
    for mark in depth:
        yield _Problem(mark.position, "'“' opens a quotation that is never closed",
                       side="opens")
    straight = [m for m in marks if m.char == '"' and m.position not in used]
    if len(straight) % 2:
        yield _Problem(_odd_straight_quote(prose, straight),
                       "Unbalanced '\"': a quotation is not closed", side="either")


def _requote(text: str, mark: _Mark, quote: str, description: str) -> Fix | None:
    """A fix that writes ``quote`` for the quote ``mark``; none for a quote an entity renders
    (its markup is the author's to rewrite)."""
    if text[mark.position] != mark.char:
        return None
    return Fix(description, (Edit(mark.position, mark.position + 1, quote),))


def _mark_span(text: str, position: int) -> Span:
    """The source of the mark the prose shows at ``position``: the character written there,
    or the whole entity that renders it ("&quot;" stands on its "&" or its ";")."""
    if text[position] == "&":
        end = text.find(";", position, position + _ENTITY_CHARS)
        return Span(position, end + 1 if end > position else position + 1)
    if text[position] == ";":
        start = text.rfind("&", max(0, position - _ENTITY_CHARS), position)
        return Span(start if start >= 0 else position, position + 1)
    return Span(position, position + 1)


def _odd_straight_quote(text: str, quotes: list[_Mark]) -> int:
    """The straight quote most likely to be the unpaired one."""
    open_quote: _Mark | None = None
    for mark in quotes:
        direction = _straight_quote_opens(text, mark.position)
        if open_quote is None:
            if direction is False:
                return mark.position  # closes although nothing is open
            open_quote = mark
        else:
            if direction is True:
                return open_quote.position  # a new quotation opens before this one closed
            open_quote = None
    return (open_quote or quotes[-1]).position


def _bracket_problems(document: Document, segment: Segment) -> Iterator[_Problem]:
    text, prose = document.text, document.prose
    stack: list[_Mark] = []
    # How many of each opener the stack holds: looking through the stack for every stray
    # closer would be quadratic on hostile text ("((((...]]]]").
    open_count: Counter[str] = Counter()
    smiley_end = 0
    for match in _BRACKET.finditer(prose, segment.span.start, segment.span.end):
        index, ch = match.start(), match.group()
        if ch != text[index]:
            continue
        if ch in _OPENERS:
            stack.append(_Mark(ch, index))
            open_count[ch] += 1
        elif stack and stack[-1].char == _CLOSERS[ch]:
            open_count[stack.pop().char] -= 1
        elif not stack and ch == ")" and _is_enumerator_or_smiley(prose, index, segment):
            continue
        elif index < smiley_end:
            continue
        elif not stack and prose.startswith("))", index):
            # "so poor))": a smiley of brackets alone, however long, closes nothing
            smiley_end = _SMILEY_BRACKETS.match(prose, index).end()  # type: ignore[union-attr]
            continue
        elif open_count[_CLOSERS[ch]] > 0:
            while stack[-1].char != _CLOSERS[ch]:
                opener = stack.pop()
                open_count[opener.char] -= 1
                yield _Problem(opener.position, f"'{opener.char}' is never closed")
            open_count[stack.pop().char] -= 1
        else:
            yield _Problem(index, f"'{ch}' closes a bracket that was never opened")
    for opener in stack:
        yield _Problem(opener.position, f"'{opener.char}' is never closed")


def _is_enumerator_or_smiley(prose: str, index: int, segment: Segment) -> bool:
    """"a) first, b) second", "1)" and ":)" close nothing."""
    if prose[max(segment.span.start, index - 2):index].endswith((":", ":-", ";", ";-", "=")):
        return True
    start = index
    while start > segment.span.start and prose[start - 1].isalnum() and index - start < 4:
        start -= 1
    return 1 <= index - start <= 3 and (start == segment.span.start
                                        or prose[start - 1].isspace())


def _continued_quotation(document: Document, index: int, position: int) -> bool:
    """A quotation that runs on into the next paragraph opens each paragraph, closes once."""
    following = document.segments[index + 1:index + 2]
    return (position == document.segments[index].span.start and bool(following)
            and document.prose[following[0].span.start] == document.prose[position])


_QUOTATION_PARAGRAPHS = 4


def _pair_across_paragraphs(problems: list[list[_Problem]]) -> None:
    """Drop an unclosed quote whose closing quote comes a few paragraphs later (in place):
    a quotation may run over several paragraphs."""
    for index in range(len(problems) - 1):
        opening = [p for p in problems[index] if p.side in ("opens", "either")]
        if not opening:
            continue
        for later in problems[index + 1:index + 1 + _QUOTATION_PARAGRAPHS]:
            closing = [p for p in later if p.side in ("closes", "either")]
            if closing:
                problems[index].remove(opening[-1])
                later.remove(closing[0])
                break


def find_unbalanced_quotes(document: Document) -> Iterator[Finding]:
    problems = [[*_quote_problems(document, segment), *_bracket_problems(document, segment)]
                for segment in document.segments]
    _pair_across_paragraphs(problems)
    for index, found in enumerate(problems):
        for problem in found:
            if _continued_quotation(document, index, problem.position):
                continue
            yield Finding("MT303", UNBALANCED_QUOTES.name, problem.message,
                          _mark_span(document.text, problem.position),
                          UNBALANCED_QUOTES.severity, 0.9 if problem.fix else 0.7,
                          (problem.fix,) if problem.fix else ())


DISPLACED_PUNCTUATION = register(Rule(
    code="MT301",
    name="displaced-punctuation",
    summary="Punctuation moved to the start of the next word by right-to-left text.",
    explanation=(
        "When text from a right-to-left script (Arabic, Persian, Hebrew) is copied or "
        "translated, a full stop, comma or quote often lands on the wrong side of a word: "
        "'the .Federal Supreme Court', 'the failure .”to pass this law', 'the new Iraqi "
        "president, .Abdul Latif Rashid', 'the leaders .of the coordination framework'. "
        "A full stop glued to the front of a word is never English. File types and domains "
        "('.mp3', '.NET', '.com') are left alone, and so are names in code: a file "
        "('.gitignore'), a member or a call ('.setEncoding', '.rejects()'), a name the "
        "document writes twice, and any lower-case word in a Markdown document that shows "
        "code (3 or more code blocks or spans: 'emit error when .kill fails')."
    ),
    fix="Remove the stray mark (safe after other punctuation), or move it back to the word "
        "before (unsafe).",
    check=find_displaced_punctuation,
    bad=(
        # French-English MT of a user forum, ACCEPT edinpe (CC BY 4.0, University of
        # Edinburgh 2014).
        Example("Live Update manually ( available since the interface ) .If the concerns is "
                "always present , follow this procedure :",
                "Live Update manually ( available since the interface ). If the concerns is "
                "always present , follow this procedure :"),
        Example("The ruling of the .Federal Supreme Court was announced on Sunday.",
                "The ruling of the Federal Supreme Court was announced on Sunday."),
        Example("He met the new Iraqi president, .Abdul Latif Rashid, in Baghdad.",
                "He met the new Iraqi president, Abdul Latif Rashid, in Baghdad."),
        Example("A meeting of the leaders .of the coordination framework was held.",
                "A meeting of the leaders of the coordination framework was held."),
        Example("The parliament met on Sunday ,and the vote was postponed.",
                "The parliament met on Sunday, and the vote was postponed."),
    ),
    good=(
        "Listen to the track in .mp3 format.",
        "The framework was written in .NET by the team.",
        "He waited ...and then he left.",
        "The rate rose to .5 per cent.",
    ),
))

SPACING = register(Rule(
    code="MT302",
    name="spacing",
    summary="A space before punctuation, a doubled space or a missing space after punctuation.",
    explanation=(
        "Machine translation and tokenised text leave spaces before commas, full stops, "
        "colons and closing quotes ('this auction .”', 'will be weak ..'), doubled spaces "
        "inside a sentence ('ALSHARQIYA  January  19 :') and words glued to the punctuation "
        "before them ('the end.The'). Two spaces between sentences are a style, not an "
        "error, and a spaced ellipsis ('and then ...') is left alone. So are terms written "
        "without spaces on purpose ('{stream.Writable}', 'benchmark,doc,lib'), and in a "
        "Markdown document that shows code (3 or more code blocks or spans) a mark on its "
        "own, which it discusses ('urls with . and ..'), and a dotted name "
        "('stream.Readable')."
    ),
    fix="Remove the space, collapse the doubled space, or insert the missing space (safe).",
    check=find_spacing,
    bad=(
        # French-English MT of a user forum, ACCEPT edinpe (CC BY 4.0, University of
        # Edinburgh 2014).
        Example("Thank you for your answer .", "Thank you for your answer."),
        Example("Have you been able to perform a backup to DVD ?",
                "Have you been able to perform a backup to DVD?"),
        Example("The bids in this auction .” will be weak ..",
                "The bids in this auction.” will be weak.."),
        Example("ALSHARQIYA  January  19: the session was postponed.",
                "ALSHARQIYA January 19: the session was postponed."),
        Example("The session ended late.The vote was postponed.",
                "The session ended late. The vote was postponed."),
        Example("“The vote was postponed ” said the speaker.",
                "“The vote was postponed” said the speaker."),
    ),
    good=(
        "The session ended late.  The vote was postponed.",
        "He paused ... and then he spoke.",
        "The score was 3 : 1 at half time.",
        "See Mail.ru and example.com for details.",
        "They won, e.g.The Times said so.",
    ),
))

UNBALANCED_QUOTES = register(Rule(
    code="MT303",
    name="unbalanced-quotes",
    summary="A quote or bracket is opened and not closed, or closed twice, in a paragraph.",
    explanation=(
        "Machine translation drops and duplicates quotes and brackets, and mixes quote "
        "styles ('“the decision\"'). Each paragraph is checked on its own: curly quotes and "
        "brackets must pair up, straight double quotes must come in even numbers, and a "
        "quotation opened with one style must close with the same. Enumerations ('a)', "
        "'1)'), smileys and a quotation that runs on into the next paragraph are left "
        "alone. Single quotes are not checked: they double as apostrophes."
    ),
    fix="Mixed quote styles are made consistent (safe); a missing quote or bracket needs a "
        "human to place it.",
    check=find_unbalanced_quotes,
    bad=(
        # Romanian-English MT, MLQE-PE ro-en (CC0).
        Example("Maple of thumb (The South Empire after the Roskilde Treaty of 1658."),
        # Estonian-English MT, MLQE-PE et-en (CC0).
        Example("This is terrible, but it is an important part of collective security. \""
                "\n\nThe report was published later."),
        Example("He called it “a historic decision\" in his speech.",
                "He called it “a historic decision” in his speech."),
        Example("The minister said “the vote is final”” and left."),
        Example("The bloc (which won the election)) has 73 seats."),
    ),
    good=(
        "He called it “a historic decision” in his speech.",
        "The options are a) to vote, b) to wait.",
        "He said \"yes\" and then \"no\".",
        "The bloc (which won the election) has 73 seats :)",
        "\"The first paragraph of a long quotation does not close.\n\n\"The second one does.\"",
    ),
))
