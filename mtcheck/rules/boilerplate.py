"""MT201 web-leftover: text scraped along with the article.

Articles copied from news sites (and then machine-translated) often keep the page around
them: comment forms ("Please enter your comment!"), share buttons ("Click to share on
Twitter"), "Read more" links, cookie and newsletter notices, image credits, HTML entities.
The phrases live in ``data/web_leftovers.toml``. A line that is nothing but leftovers is
deleted safely; a leftover inside a sentence gets an unsafe fix, because the words around it
may need a human look.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from mtcheck.data import toml_table
from mtcheck.documents import Document
from mtcheck.model import Applicability, Edit, Finding, Fix, Segment, Span
from mtcheck.rules import Example, Rule, register

_TRAILING = r"[\s.!:;,|•*»>–—-]*"
_LEFTOVER_RESIDUE = re.compile(r"[\s.!?:;,|•*»>–—-]*")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{2,6}|#[xX][0-9a-fA-F]{2,5});")
_LINE = re.compile(r"[^\r\n]+")  # lines end at CR LF, CR or LF
# Words as the keyword list counts them: runs of letters ("e-mail" is "e" and "mail").
_KEYWORD_WORD = re.compile(r"[^\W\d_]+|©")

WHOLE_LINE = 0.95
IN_SENTENCE = 0.8


@dataclass(frozen=True)
class Leftover:
    """One kind of scraped text: a pattern and whether it must fill the whole line."""

    kind: str
    pattern: re.Pattern[str]
    whole_line: bool


@lru_cache(maxsize=1)
def leftovers() -> tuple[Leftover, ...]:
    """The phrase patterns from ``data/web_leftovers.toml``."""
    entries = toml_table("web_leftovers.toml")["leftover"]
    return tuple(
        Leftover(entry["kind"], re.compile(rf"(?<!\w)(?:{entry['pattern']})(?!\w)", re.I),
                 entry["where"] == "line")
        for entry in entries
    )


@lru_cache(maxsize=2)
def _keywords(name: str) -> frozenset[str]:
    """``keywords``: words every leftover contains; ``anywhere_keywords``: words every
    "anywhere" leftover contains. Most segments hold none, and a set lookup tells."""
    return frozenset(toml_table("web_leftovers.toml")[name])


def _segment_words(prose: str, span: Span) -> set[str]:
    return set(_KEYWORD_WORD.findall(prose[span.start:span.end].lower()))


@dataclass(frozen=True)
class _Line:
    span: Span
    kind: str | None  # the leftover kind when the whole line is a leftover


def _whole_line_kind(line: str, anywhere: bool) -> str | None:
    """The leftover kind if ``line`` holds nothing but leftovers (and punctuation);
    ``anywhere``: whether the line may hold an "anywhere" leftover at all."""
    for leftover in leftovers():
        match = leftover.pattern.match(line)
        if match and _LEFTOVER_RESIDUE.fullmatch(line, match.end()):
            return leftover.kind
    if not anywhere:
        return None
    residue = line
    kinds = []
    for leftover in leftovers():
        if not leftover.whole_line and leftover.pattern.search(residue):
            kinds.append(leftover.kind)
            residue = leftover.pattern.sub(" ", residue)
    if kinds and _LEFTOVER_RESIDUE.fullmatch(residue):
        return kinds[0]
    return None


def _segment_lines(document: Document, segment: Segment, anywhere: bool) -> list[_Line]:
    lines = []
    for match in _LINE.finditer(document.prose, segment.span.start, segment.span.end):
        body = match.group()
        start = match.start() + len(body) - len(body.lstrip())
        end = match.start() + len(body.rstrip())
        if end <= start:
            continue
        text = document.prose[start:end]
        whole = text == document.text[start:end] and not (
            document.format == "markdown" and segment.kind == "heading")
        lines.append(_Line(Span(start, end), _whole_line_kind(text, anywhere) if whole else None))
    return lines


def _content_before(text: str, position: int) -> int:
    """The end of the last non-blank character before ``position`` (0 if none)."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def _content_after(text: str, position: int) -> int:
    """The start of the next non-blank character at or after ``position`` (or the end)."""
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _deletion_spans(text: str, lines: list[_Line], first: int, last: int) -> list[Span]:
    """Edits that delete ``lines[first..last]`` with their line breaks, one per line.

    The spans partition one region, so all of them apply together and the text around the
    deleted lines keeps its own spacing.
    """
    run = lines[first : last + 1]
    whole_segment = first == 0 and last == len(lines) - 1
    if first > 0 or (whole_segment and _content_before(text, run[0].span.start) > 0):
        # Delete each line with the break before it.
        start = (lines[first - 1].span.end if first > 0
                 else _content_before(text, run[0].span.start))
        bounds = [start] + [line.span.end for line in run]
        return [Span(a, b) for a, b in pairwise(bounds)]
    # The run opens the segment (or the document): delete each line with the break after it.
    after = (lines[last + 1].span.start if last + 1 < len(lines)
             else _content_after(text, run[-1].span.end))
    bounds = [line.span.start for line in run] + [after]
    return [Span(a, b) for a, b in pairwise(bounds)]


def _line_findings(document: Document, lines: list[_Line]) -> Iterator[Finding]:
    index = 0
    while index < len(lines):
        if lines[index].kind is None:
            index += 1
            continue
        last = index
        while last + 1 < len(lines) and lines[last + 1].kind is not None:
            last += 1
        spans = _deletion_spans(document.text, lines, index, last)
        for line, deletion in zip(lines[index : last + 1], spans, strict=True):
            snippet = document.text[line.span.start : line.span.end]
            yield Finding(
                "MT201", WEB_LEFTOVER.name,
                f"Web-page leftover ({line.kind}): '{_shorten(snippet)}'",
                line.span, WEB_LEFTOVER.severity, WHOLE_LINE,
                (Fix("Delete the leftover line", (Edit(deletion.start, deletion.end, ""),)),),
            )
        index = last + 1


def _in_sentence_findings(document: Document, line: _Line) -> Iterator[Finding]:
    prose, text = document.prose, document.text
    for leftover in leftovers():
        if leftover.whole_line:
            continue
        for match in leftover.pattern.finditer(prose, line.span.start, line.span.end):
            start, end = match.span()
            if prose[start:end] != text[start:end]:
                continue
            # Take the space on one side with it, so no double space is left behind.
            if end < line.span.end and text[end] == " ":
                deletion = Span(start, end + 1)
            elif start > line.span.start and text[start - 1] == " ":
                deletion = Span(start - 1, end)
            else:
                deletion = Span(start, end)
            yield Finding(
                "MT201", WEB_LEFTOVER.name,
                f"Web-page leftover ({leftover.kind}) inside a sentence: "
                f"'{_shorten(match.group())}'",
                Span(start, end), WEB_LEFTOVER.severity, IN_SENTENCE,
                (Fix("Delete the leftover", (Edit(deletion.start, deletion.end, ""),),
                     Applicability.UNSAFE),),
            )


def _entity_findings(document: Document, segment: Segment) -> Iterator[Finding]:
    """HTML entities ("&quot;") in plain text: a Markdown renderer would decode them."""
    if document.format != "text":
        return
    for match in _ENTITY.finditer(document.prose, segment.span.start, segment.span.end):
        character = html.unescape(match.group())
        if character == match.group():
            continue
        start, end = match.span()
        title = f"Replace '{match.group()}' with '{character}'"
        before = document.text[start - 1:start].isspace()
        after = document.text[end:end + 1].isspace()
        if character.isspace() and (before or after):
            # "deal &nbsp; was", "deal &nbsp;was": a space already stands there, so the entity
            # goes (with one of two spaces), instead of leaving a space beside a no-break one.
            if before and after:
                start -= 1
            character, title = "", f"Delete '{match.group()}'"
        yield Finding(
            "MT201", WEB_LEFTOVER.name,
            f"HTML entity '{match.group()}' left from a web page",
            Span(match.start(), match.end()), WEB_LEFTOVER.severity, WHOLE_LINE,
            (Fix(title, (Edit(start, end, character),)),),
        )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_MARKED_BLOCKS = frozenset({"list_item", "blockquote"})


def find_web_leftovers(document: Document) -> Iterator[Finding]:
    for segment in document.segments:
        words = _segment_words(document.prose, segment.span)
        if _keywords("keywords").isdisjoint(words):
            yield from _entity_findings(document, segment)
            continue
        anywhere = not _keywords("anywhere_keywords").isdisjoint(words)
        lines = _segment_lines(document, segment, anywhere)
        # A Markdown list item or quote made wholly of leftovers goes only with its marker
        # ("- ", "> "): deleting its text would leave an empty item or quote, which fix refuses
        # (the structure changes), so it is pointed out, not offered as a fix.
        whole_block = (document.format == "markdown" and segment.kind in _MARKED_BLOCKS
                       and bool(lines) and all(line.kind is not None for line in lines))
        for finding in _line_findings(document, lines):
            yield finding.with_changes(fixes=()) if whole_block else finding
        for line in lines:
            if line.kind is None and anywhere:
                yield from _in_sentence_findings(document, line)
        yield from _entity_findings(document, segment)


WEB_LEFTOVER = register(Rule(
    code="MT201",
    name="web-leftover",
    summary="Text scraped from the web page along with the article.",
    explanation=(
        "Articles copied from news sites, and then machine-translated, often keep the page "
        "around them: comment forms ('Please enter your comment!', 'Please enter your name "
        "here'), share buttons ('Click to share on Twitter'), 'Read more' and 'Related posts' "
        "links, cookie and newsletter notices, image credits glued to a sentence, HTML "
        "entities such as '&quot;'. Readers see at once that nobody edited the text. Phrases "
        "that are ordinary English inside a sentence ('read more', 'share this') are flagged "
        "only when they make up a whole line. The phrase list is data/web_leftovers.toml."
    ),
    fix="Delete the leftover: safe when it is the whole line or paragraph, unsafe inside a "
        "sentence; an HTML entity is replaced by its character (safe).",
    check=find_web_leftovers,
    bad=(
        Example("The withdrawal of these forces is expected soon.\n\n"
                "Please enter your comment!\nPlease enter your name here\n",
                "The withdrawal of these forces is expected soon.\n"),
        # Russian-English MT, MLQE-PE ru-en (CC0).
        Example("Read more - Here is an interview video.\nThe interview was recorded in May.",
                "The interview was recorded in May."),
        Example("Listen online and for free to the best quality track \"The Body\" in .mp3 "
                "format.\nThe album was released in 2019.",
                "The album was released in 2019."),
        Example("The minister met the delegation in Baghdad (Photo: Reuters) on Sunday.",
                "The minister met the delegation in Baghdad on Sunday."),
        Example("Click to share on Twitter (Opens in new window)\nThe talks will resume today.",
                "The talks will resume today."),
        # French-English MT of a user forum, ACCEPT edinpe (CC BY 4.0, University of
        # Edinburgh 2014).
        Example("In WLMail you as a folder &quot;Junk&quot; own to WLMail.",
                "In WLMail you as a folder \"Junk\" own to WLMail."),
    ),
    good=(
        "I read more books this year than last year.",
        "The ministry said it would share the report with the parliament.",
        "Please enter the building through the side door.",
        "Critics commented on the cookie policy of the new government.",
        "Related parties must disclose their interests.",
    ),
))
