"""MT201 web-leftover: text scraped along with the article.

Articles copied from news sites (and then machine-translated) often keep the page around
them: comment forms ("Please enter your comment!"), share buttons ("Click to share on
Twitter"), "Read more" links, cookie and newsletter notices, image credits, HTML entities.
The phrases live in ``data/web_leftovers.toml``. A line that is nothing but leftovers is
deleted safely (in Markdown, a list item or quote of nothing but leftovers goes whole, with
its marker); a leftover inside a sentence gets an unsafe fix, because the words around it
may need a human look.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from mtcheck.data import toml_table
from mtcheck.documents import Document
from mtcheck.documents.markdown import removable_blocks
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
_BLOCK_TITLES = {"list_item": "Delete the leftover list item",
                 "blockquote": "Delete the leftover quote"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BLANK_LINE = re.compile(r"[ \t]*(?:\r\n|\r|\n)")


def find_web_leftovers(document: Document) -> Iterator[Finding]:
    # Each segment's lines and whether it may hold an "anywhere" leftover; None where it holds
    # no leftover's keyword.
    found: list[tuple[list[_Line], bool] | None] = []
    for segment in document.segments:
        words = _segment_words(document.prose, segment.span)
        if _keywords("keywords").isdisjoint(words):
            found.append(None)
            continue
        anywhere = not _keywords("anywhere_keywords").isdisjoint(words)
        found.append((_segment_lines(document, segment, anywhere), anywhere))
    block_fixes = _block_fixes(document, found)
    for index, (segment, entry) in enumerate(zip(document.segments, found, strict=True)):
        if entry is None:
            yield from _entity_findings(document, segment)
            continue
        lines, anywhere = entry
        # A Markdown list item or quote made wholly of leftovers goes whole, with its marker
        # ("- ", "> ") and its lines: deleting only its text would leave an empty item or
        # quote, which fix refuses (the structure changes). Where it cannot go whole (an item
        # that holds a nested list too, the first of an ordered list), it is pointed out, not
        # offered as a fix.
        if _in_whole_block(document, segment, lines):
            fix = block_fixes.get(index)
            for finding in _line_findings(document, lines):
                yield finding.with_changes(fixes=(fix,) if fix else ())
        else:
            yield from _line_findings(document, lines)
        for line in lines:
            if line.kind is None and anywhere:
                yield from _in_sentence_findings(document, line)
        yield from _entity_findings(document, segment)


def _in_whole_block(document: Document, segment: Segment, lines: list[_Line]) -> bool:
    """Whether ``segment`` is a Markdown list item's or quote's paragraph of leftovers only."""
    return (document.format == "markdown" and segment.kind in _MARKED_BLOCKS and bool(lines)
            and all(line.kind is not None for line in lines))


def _block_fixes(document: Document,
                 found: list[tuple[list[_Line], bool] | None]) -> dict[int, Fix]:
    """The fix of each segment (by index) that deletes the list item or quote it fills, where
    every paragraph of that item or quote is leftovers."""
    segments = document.segments
    whole = {index for index, (segment, entry) in enumerate(zip(segments, found, strict=True))
             if entry and _in_whole_block(document, segment, entry[0])}
    if not whole:
        return {}
    blocks = removable_blocks(document)
    block_starts = [block.span.start for block in blocks]
    segment_starts = [segment.span.start for segment in segments]
    decided: dict[int, Fix | None] = {}  # by block, once for all the paragraphs of a quote
    fixes: dict[int, Fix] = {}
    # Where the last deletion ends, and whether a blank line (or the start of the text) sets
    # the blocks it and those right before it delete apart from what precedes them.
    deleted_to, set_apart = -1, False
    for index in sorted(whole):
        span = segments[index].span
        position = bisect_right(block_starts, span.start) - 1
        if position < 0 or not blocks[position].span.contains(span):
            continue
        if position not in decided:
            block = blocks[position]
            members = range(bisect_left(segment_starts, block.span.start),
                            bisect_left(segment_starts, block.span.end))
            # Every paragraph has prose (a paragraph of an image or code has none) that is
            # all leftovers.
            if len(members) == block.paragraphs and all(m in whole for m in members):
                text = document.text
                # "- Share on Facebook\n- Share on Twitter\n\n": the list goes whole, and
                # its last item takes the blank line after it, as a lone item would.
                follows = deleted_to == block.span.start and set_apart
                set_apart = follows or _set_apart(text, block.span.start)
                deletion = _block_deletion(text, block.span, set_apart)
                deleted_to = deletion.end
                decided[position] = Fix(_BLOCK_TITLES[block.kind],
                                        (Edit(deletion.start, deletion.end, ""),))
            else:
                decided[position] = None
        if (fix := decided[position]) is not None:
            fixes[index] = fix
    return fixes


def _set_apart(text: str, start: int) -> bool:
    """Whether a blank line, or the start of the text, comes before the line at ``start``."""
    before = _content_before(text, start)
    return before == 0 or len(_LINE_BREAK.findall(text, before, start)) >= 2


def _block_deletion(text: str, block: Span, set_apart: bool) -> Span:
    """What deleting a whole list item or quote (``block``: its lines, less the last line
    break) deletes: its lines and the line break after them, and the blank lines after them
    too where it is ``set_apart`` (see _set_apart), so that one blank line is left between its
    neighbours; as the last thing in the text, the line break before it instead."""
    before = _content_before(text, block.start)
    if before > 0 and _content_after(text, block.end) == len(text):
        return Span(before, block.end)
    line_break = _LINE_BREAK.match(text, block.end)
    end = line_break.end() if line_break else block.end
    if set_apart:
        while blank := _BLANK_LINE.match(text, end):
            end = blank.end()
    return Span(block.start, end)


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
    fix="Delete the leftover: safe when it is the whole line, paragraph, list item or quote, "
        "unsafe inside a sentence; an HTML entity is replaced by its character (safe).",
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
