"""MT201 web-leftover: text scraped along with the article.

Articles copied from news sites (and then machine-translated) often keep the page around
them: comment forms ("Please enter your comment!"), share buttons ("Click to share on
Twitter"), "Read more" links, cookie and newsletter notices, image credits, HTML entities.
The phrases live in ``data/web_leftovers.toml``. A line that is nothing but leftovers is
deleted safely (in Markdown, a list item or quote of nothing but leftovers goes whole, with
its marker, and a line of leftovers in a link, emphasis or HTML tags goes with its whole
paragraph, item or quote, so that no empty link is left); a leftover inside a sentence gets an
unsafe fix, because the words around it may need a human look.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from mtcheck.data import toml_table
from mtcheck.documents import Document
from mtcheck.documents.markdown import parse_inline, removable_blocks
from mtcheck.model import Applicability, Edit, Finding, Fix, Segment, Span
from mtcheck.rules import Example, Rule, register

_TRAILING = r"[\s.!:;,|•*»>–—-]*"
_LEFTOVER_RESIDUE = re.compile(r"[\s.!?:;,|•*»>–—-]*")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{2,6}|#[xX][0-9a-fA-F]{2,5});")
# "&amp;quot;": an entity escaped twice. In Markdown it renders as the text "&quot;".
_DOUBLE_ENTITY = re.compile(r"&amp;((?:[a-zA-Z]{2,8}|#[0-9]{2,6}|#[xX][0-9a-fA-F]{2,5});)")
_LINE = re.compile(r"[^\r\n]+")  # lines end at CR LF, CR or LF
# What may end a sentence at the end of a line (then the next line may start anew).
_SENTENCE_END = tuple(".!?:;…\"”’)]")
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
    safe: bool = True  # whether deleting it is a safe fix


@lru_cache(maxsize=1)
def leftovers() -> tuple[Leftover, ...]:
    """The phrase patterns from ``data/web_leftovers.toml``."""
    entries = toml_table("web_leftovers.toml")["leftover"]
    return tuple(
        Leftover(entry["kind"], re.compile(rf"(?<!\w)(?:{entry['pattern']})(?!\w)", re.I),
                 entry["where"] == "line", entry.get("fix", "safe") == "safe")
        for entry in entries
    )


@lru_cache(maxsize=1)
def _unsafe_kinds() -> frozenset[str]:
    """The kinds of leftover that may be the document's own text: their deletion is unsafe."""
    return frozenset(leftover.kind for leftover in leftovers() if not leftover.safe)


@lru_cache(maxsize=2)
def _keywords(name: str) -> frozenset[str]:
    """``keywords``: words every leftover contains; ``anywhere_keywords``: words every
    "anywhere" leftover contains. Most segments hold none, and a set lookup tells."""
    return frozenset(toml_table("web_leftovers.toml")[name])


def _segment_words(prose: str, span: Span) -> set[str]:
    return set(_KEYWORD_WORD.findall(prose[span.start:span.end].lower()))


# How a line of leftovers may be deleted (_Line.goes).
ALONE = "alone"  # plain text: the line goes by itself, with its line break
# Markdown markup around the text (a link, emphasis, HTML tags): the line goes only with its
# whole paragraph, list item or quote; alone, it would leave "[](url)" or change the structure.
WITH_BLOCK = "with block"
KEPT = "kept"  # not at all (a heading, code beside the text): pointed out only


@dataclass(frozen=True)
class _Line:
    span: Span  # in Markdown, the line's source after its list or quote marker
    kind: str | None  # the leftover kind when the whole line is a leftover
    goes: str = ALONE


def _whole_line_kind(line: str, anywhere: bool, line_phrases: bool = True) -> str | None:
    """The leftover kind if ``line`` holds nothing but leftovers (and punctuation);
    ``anywhere``: whether the line may hold an "anywhere" leftover at all; ``line_phrases``:
    whether a line-only phrase ("Read more", "Related") counts."""
    for leftover in leftovers():
        if leftover.whole_line and not line_phrases:
            continue
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
    lines: list[_Line] = []
    markdown = document.format == "markdown"
    for match in _LINE.finditer(document.prose, segment.span.start, segment.span.end):
        body = match.group()
        start = match.start() + len(body) - len(body.lstrip())
        end = match.start() + len(body.rstrip())
        if end <= start:
            continue
        text = document.prose[start:end]
        if markdown and segment.kind in ("heading", "table_cell"):
            # A heading of leftovers cannot go: fix deletes no heading, and deleting its text
            # leaves an empty one; nor can a table cell ("| Report | Read more |" became
            # "| Report ||"). It is pointed out where it is made of distinctive leftovers; a
            # line-only phrase ("Related", "Comments", "Read more") is a fair title or label.
            kind = _whole_line_kind(text, anywhere, line_phrases=False)
            lines.append(_Line(Span(start, end), kind, KEPT))
        elif markdown and segment.kind in _LINE_BLOCKS and _parted_by_a_tag(document, match):
            # "Great article<br>Read more": a piece of a line is pointed out, never deleted
            # (its "<br>" would stay); and judging its whole line for each piece would take
            # time that grows with the square of a line of many "<br>".
            whole = text == document.text[start:end]
            lines.append(_Line(Span(start, end),
                               _whole_line_kind(text, anywhere) if whole else None, KEPT))
        elif markdown and segment.kind in _LINE_BLOCKS:
            lines.append(_markdown_line(document, Span(start, end), anywhere))
        else:
            whole = text == document.text[start:end]
            lines.append(_Line(Span(start, end),
                               _whole_line_kind(text, anywhere) if whole else None))
    # A line that goes on with the sentence of the line above is no leftover, whatever its
    # words: "… [`fs.createWriteStream()`][] is\nrecommended." (deleting it reversed a
    # sentence of Node's documentation), "… improving those\ncomments."
    return [replace(line, kind=None)
            if line.kind is not None and index and _continues(document.prose, lines[index - 1],
                                                              line) else line
            for index, line in enumerate(lines)]


def _continues(prose: str, above: _Line, line: _Line) -> bool:
    """Whether ``line`` starts in lower case under a line that ends no sentence."""
    ending = prose[above.span.start:above.span.end].rstrip()
    return prose[line.span.start:line.span.start + 1].islower() and not ending.endswith(
        _SENTENCE_END)


def _parted_by_a_tag(document: Document, prose_line: re.Match[str]) -> bool:
    """Whether a line break of the prose before or after ``prose_line`` is no line break of
    the source: an HTML "<br>" in the middle of a line."""
    prose, text = document.prose, document.text
    before, after = prose_line.start() - 1, prose_line.end()
    return ((before >= 0 and prose[before] == "\n" and text[before] not in "\r\n")
            or (after < len(prose) and prose[after] == "\n" and text[after] not in "\r\n"))


_LINE_BLOCKS = frozenset({"paragraph", "list_item", "blockquote"})
# The list and quote markers and the indentation before a line's own text.
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t])))*[ \t]*")


def _markdown_line(document: Document, prose_line: Span, anywhere: bool) -> _Line:
    """A line of a Markdown paragraph, list item or quote: its source after the list or
    quote marker, the leftover kind if it is all leftovers, and how it may go."""
    text, prose = document.text, document.prose
    source = _source_line(text, prose_line)
    if prose[source.start:source.end] == text[source.start:source.end]:
        return _Line(source, _whole_line_kind(text[source.start:source.end], anywhere))
    # Its prose words, the markup left out: whether it reads as leftovers at all, before the
    # markup is parsed.
    kind = _whole_line_kind(" ".join(prose[source.start:source.end].split()), anywhere)
    if kind is None:
        return _Line(source, None)
    content = _markup_text(text[source.start:source.end])
    if content is not None and (with_markup := _whole_line_kind(content.strip(), anywhere)):
        return _Line(source, with_markup, WITH_BLOCK)
    # Markup that may not go with the text (code, an autolink, a reference link whose
    # definition is elsewhere): the line is pointed out, not deleted.
    return _Line(source, kind, KEPT)


def _source_line(text: str, prose_line: Span) -> Span:
    """The source of the line that holds ``prose_line``: from after its list or quote marker
    and indentation to its end, less trailing blanks and a hard break's backslash."""
    prefix = _CONTAINER_PREFIX.match(text, _line_start(text, prose_line.start),
                                     prose_line.start)
    start = prefix.end() if prefix else prose_line.start  # (it always matches, if empty)
    line_break = _LINE_BREAK.search(text, prose_line.end)
    end = line_break.start() if line_break else len(text)
    while end > prose_line.end and text[end - 1] in " \t":
        end -= 1
    if line_break and end > prose_line.end and text[end - 1] == "\\":
        end -= 1  # a hard break: the line break's, not the line's
    return Span(start, end)


_EMPHASIS = frozenset({"em_open", "em_close", "strong_open", "strong_close"})
# Inline HTML tags that only wrap text (a link, a span, emphasis), open or close.
_WRAPPER_TAG = re.compile(r"</?(?:a|span|em|strong|b|i|u|small|font|mark|sup|sub)\b[^<>]*>",
                          re.IGNORECASE)


def _markup_text(source: str) -> str | None:
    """The text that the one line of Markdown ``source`` renders, if it holds nothing but text
    and markup that goes with it: emphasis, links, inline HTML tags, images inside a link (a
    share button's icon). None where it holds more: code, an autolink, a suppression comment.
    (A reference link reads as text here, its definition being elsewhere.)"""
    pieces = []
    links = 0
    for token in parse_inline(source):
        if token.type in ("text", "text_special"):
            pieces.append(token.content)
        elif token.type == "link_open" and token.markup != "autolink":
            links += 1
        elif token.type == "link_close":
            links -= 1
        elif token.type == "image" and links:
            continue
        elif token.type == "html_inline" and _WRAPPER_TAG.fullmatch(token.content):
            continue  # "<span>", "</a>": around the text; "<img>" is content of its own
        elif token.type not in _EMPHASIS:
            return None
    return "".join(pieces)


def _line_start(text: str, position: int) -> int:
    """The start of the line that holds ``position``."""
    return max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1


def _after_blanks(text: str, position: int) -> int:
    """``position`` moved past the spaces and tabs there."""
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


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


def _deletion_spans(text: str, lines: list[_Line], first: int, last: int,
                    paragraph: bool = False) -> list[Span]:
    """Edits that delete ``lines[first..last]`` with their line breaks, one per line
    (``paragraph``: the lines are a top-level Markdown paragraph's).

    The spans partition one region, so all of them apply together and the text around the
    deleted lines keeps its own spacing.
    """
    run = lines[first : last + 1]
    whole_segment = first == 0 and last == len(lines) - 1
    if first > 0 or (whole_segment and _content_before(text, run[0].span.start) > 0):
        if whole_segment and paragraph:
            # A whole paragraph goes as a list item or quote does, with the line break and
            # blank lines after it: the blank line before it stays between its neighbours
            # ("Share this:" right above a list).
            start = _line_start(text, run[0].span.start)
            end = _after_blanks(text, run[-1].span.end)
            deletion = _block_deletion(text, Span(start, end), _set_apart(text, start))
            if deletion.start == start:  # (else it is the last thing in the text)
                bounds = [start] + [line.span.start for line in run[1:]] + [deletion.end]
                return [Span(a, b) for a, b in pairwise(bounds)]
        # Delete each line with the break before it.
        start = (lines[first - 1].span.end if first > 0
                 else _content_before(text, run[0].span.start))
        bounds = [start] + [line.span.end for line in run]
        if last == len(lines) - 1:  # the blanks after the segment's end go too ("Share
            # this:  "): left, they are left of a paragraph that should go whole
            bounds[-1] = _after_blanks(text, bounds[-1])
        return [Span(a, b) for a, b in pairwise(bounds)]
    # The run opens the segment (or the document): delete each line with the break after it.
    after = (lines[last + 1].span.start if last + 1 < len(lines)
             else _content_after(text, run[-1].span.end))
    bounds = [line.span.start for line in run] + [after]
    if whole_segment:  # the start of the text: its indentation goes too
        bounds[0] = 0
    return [Span(a, b) for a, b in pairwise(bounds)]


def _line_findings(document: Document, lines: list[_Line],
                   paragraph: bool = False) -> Iterator[Finding]:
    """A finding for each line of leftovers; each run of lines of plain text goes together,
    with the fix that deletes each line. A line with markup stays (see _Line.goes): its
    finding has no fix, and the lines next to it go as lines among kept ones."""
    index = 0
    while index < len(lines):
        if lines[index].kind is None:
            index += 1
            continue
        if lines[index].goes != ALONE:
            yield _line_finding(document, lines[index], None)
            index += 1
            continue
        last = index
        while (last + 1 < len(lines) and lines[last + 1].kind is not None
               and lines[last + 1].goes == ALONE):
            last += 1
        spans = _deletion_spans(document.text, lines, index, last, paragraph)
        for line, deletion in zip(lines[index : last + 1], spans, strict=True):
            yield _line_finding(document, line, deletion)
        index = last + 1


def _line_finding(document: Document, line: _Line, deletion: Span | None) -> Finding:
    snippet = document.text[line.span.start : line.span.end]
    applicability = (Applicability.UNSAFE if line.kind in _unsafe_kinds()
                     else Applicability.SAFE)
    fixes = () if deletion is None else (
        Fix("Delete the leftover line", (Edit(deletion.start, deletion.end, ""),),
            applicability),)
    return Finding(
        "MT201", WEB_LEFTOVER.name, f"Web-page leftover ({line.kind}): '{_shorten(snippet)}'",
        line.span, WEB_LEFTOVER.severity, WHOLE_LINE, fixes,
    )


def _in_sentence_findings(document: Document, line: _Line) -> Iterator[Finding]:
    prose, text = document.prose, document.text
    for leftover in leftovers():
        if leftover.whole_line:
            continue
        for match in leftover.pattern.finditer(prose, line.span.start, line.span.end):
            start, end = match.span()
            if prose[start:end] != text[start:end]:
                continue
            fixes: tuple[Fix, ...] = ()
            if not _touches_markup(document, start, end):
                deletion = _in_sentence_deletion(text, line, start, end)
                fixes = (Fix("Delete the leftover", (deletion,), Applicability.UNSAFE),)
            yield Finding(
                "MT201", WEB_LEFTOVER.name,
                f"Web-page leftover ({leftover.kind}) inside a sentence: "
                f"'{_shorten(match.group())}'",
                Span(start, end), WEB_LEFTOVER.severity, IN_SENTENCE, fixes,
            )


def _in_sentence_deletion(text: str, line: _Line, start: int, end: int) -> Edit:
    """Deletes ``text[start:end]`` and the space on one side, so no double space is left."""
    if end < line.span.end and text[end] == " ":
        return Edit(start, end + 1, "")
    if start > line.span.start and text[start - 1] == " ":
        return Edit(start - 1, end, "")
    return Edit(start, end, "")


def _touches_markup(document: Document, start: int, end: int) -> bool:
    """Whether Markdown markup stands right before or after ``start:end``: the text of a link
    ("see [Read more](url)"), whose deletion would leave "[](url)"."""
    text, prose = document.text, document.prose
    return document.format == "markdown" and any(
        0 <= index < len(text) and prose[index] == " " and not text[index].isspace()
        for index in (start - 1, end))


def _entity_findings(document: Document, segment: Segment) -> Iterator[Finding]:
    """HTML entities ("&quot;") in plain text: a Markdown renderer would decode them."""
    if document.format == "markdown":
        yield from _double_entity_findings(document, segment)
        return
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


def _double_entity_findings(document: Document, segment: Segment) -> Iterator[Finding]:
    """Entities escaped twice in Markdown ("&amp;quot;"): the page shows "&quot;". The fix
    makes it the entity it meant ("&quot;"), not the character: an entity never makes Markdown
    syntax, where "&amp;lt;" made "<" could open an HTML tag."""
    text, prose = document.text, document.prose
    for match in _DOUBLE_ENTITY.finditer(text, max(0, segment.span.start - len("&amp;")),
                                         segment.span.end):
        name_start, name_end = match.span(1)
        entity = "&" + match.group(1)
        # "&amp;" read as an entity (its "amp;" not prose) and the name after it as text.
        if (name_start < segment.span.start or not prose[match.start() + 1:name_start].isspace()
                or prose[name_start:name_end] != text[name_start:name_end]
                or html.unescape(entity) == entity):
            continue
        yield Finding(
            "MT201", WEB_LEFTOVER.name,
            f"HTML entity '{match.group()}' escaped twice: the page shows '{entity}'",
            Span(match.start(), match.end()), WEB_LEFTOVER.severity, WHOLE_LINE,
            (Fix(f"Replace '{match.group()}' with '{entity}'",
                 (Edit(match.start(), match.end(), entity),)),),
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
        # offered as a fix. So does a paragraph of leftovers in links or other markup.
        whole_block = _in_whole_block(document, segment, lines)
        fix = block_fixes.get(index) if whole_block else _paragraph_fix(document, segment,
                                                                         lines)
        if fix is not None and any(line.kind in _unsafe_kinds() for line in lines):
            fix = replace(fix, applicability=Applicability.UNSAFE)
        if whole_block or fix is not None:
            for finding in _line_findings(document, lines):
                yield finding.with_changes(fixes=(fix,) if fix else ())
        else:
            yield from _line_findings(document, lines, document.format == "markdown"
                                      and segment.kind == "paragraph")
        for line in lines:
            if line.kind is None and anywhere:
                yield from _in_sentence_findings(document, line)
        yield from _entity_findings(document, segment)


def _in_whole_block(document: Document, segment: Segment, lines: list[_Line]) -> bool:
    """Whether ``segment`` is a Markdown list item's or quote's paragraph of leftovers only."""
    return (document.format == "markdown" and segment.kind in _MARKED_BLOCKS and bool(lines)
            and all(line.kind is not None and line.goes != KEPT for line in lines))


def _paragraph_fix(document: Document, segment: Segment, lines: list[_Line]) -> Fix | None:
    """The fix that deletes a top-level Markdown paragraph of leftover lines, some of them
    in markup ("[Read more](url)"), in one edit: deleting only its text would leave an empty
    link, and fix accepts no deletion of markup but with its whole paragraph. None where the
    paragraph holds more than these lines, or a line of plain text alone (that goes with its
    own fix, as in plain text)."""
    if (document.format != "markdown" or segment.kind != "paragraph" or not lines
            or any(line.kind is None or line.goes == KEPT for line in lines)
            or all(line.goes == ALONE for line in lines)):
        return None
    text = document.text
    start, end = lines[0].span.start, _after_blanks(text, lines[-1].span.end)
    after = _content_after(text, end)
    # Blank lines (or the ends of the text) about it, and no line between without prose (a
    # bare URL): the paragraph is these lines and nothing more.
    if (len(_LINE_BREAK.findall(text, start, end)) != len(lines) - 1
            or not _set_apart(text, start)
            or after < len(text) and len(_LINE_BREAK.findall(text, end, after)) < 2):
        return None
    deletion = _block_deletion(text, Span(_line_start(text, start), end), set_apart=True)
    return Fix("Delete the leftover paragraph", (Edit(deletion.start, deletion.end, ""),))


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
                # Only a blank line before the block itself lets it take the blank lines
                # after it: were the blocks before it (whose deletion fix might not apply)
                # counted, the next block could join one of them ("- Share\n[1]: url" reads
                # as one item). Deleting a whole list may leave two blank lines.
                set_apart = _set_apart(text, block.span.start)
                deletion = _block_deletion(text, block.span, set_apart)
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
        "only when they make up a whole line, and a line that goes on with the sentence of "
        "the line above (a line 'recommended.' under '... is') is no leftover. The phrase "
        "list is data/web_leftovers.toml."
    ),
    fix="Delete the leftover: safe when it is the whole line, paragraph, list item or quote, "
        "unsafe inside a sentence or when it is a copyright line ('All rights reserved.', "
        "'© …'), which may be the document's own; an HTML entity is replaced by its "
        "character (safe), and in Markdown an entity escaped twice ('&amp;quot;') by the "
        "entity it meant (safe). In Markdown, a heading of leftovers and a leftover in a "
        "link within a sentence are pointed out without a fix.",
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
