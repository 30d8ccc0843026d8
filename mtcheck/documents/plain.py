"""Plain text: paragraphs are separated by blank lines; a short unpunctuated line is a title."""

from __future__ import annotations

import re

from mtcheck.documents import Document
from mtcheck.model import Segment, Span

# A line such as "mtcheck: ignore[MT101]" (optionally behind # or //) is a directive, not prose.
# Possessive runs: a long line of blanks is one attempt, not one per way of splitting it.
_DIRECTIVE = re.compile(r"[ \t]*+(?:#|//)?[ \t]*+mtcheck:[^\n]*")
_SENTENCE_END = re.compile(r"[.!?…:;,]['\"”’)\]]*$")
_TITLE_MAX_CHARS = 150
_LINE = re.compile(r"[^\r\n]*")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break: CR LF, CR or LF, as line numbers
    count them (locate.LineIndex), not str.splitlines, which breaks at form feeds and U+2028
    too, so that a directive's "next line" is the line a report numbers next."""
    spans = []
    start = 0
    while True:
        line = _LINE.match(text, start)
        end = line.end() if line else start
        spans.append((start, end))
        if end == len(text):
            return spans
        start = end + (2 if text.startswith("\r\n", end) else 1)


def parse_plain(text: str) -> Document:
    prose = list(text)
    directives: list[tuple[Span, str]] = []
    segments: list[Segment] = []
    block: list[tuple[int, int]] = []

    def close_block() -> None:
        if not block:
            return
        first_line = text[block[0][0] : block[0][1]]
        start = block[0][0] + len(first_line) - len(first_line.lstrip())
        end = block[-1][0] + len(text[block[-1][0] : block[-1][1]].rstrip())
        body = text[start:end]
        kind = "paragraph"
        if len(block) == 1 and len(body) < _TITLE_MAX_CHARS and not _SENTENCE_END.search(body):
            kind = "heading"
        segments.append(Segment(Span(start, end), kind))
        block.clear()

    for start, end in _lines(text):
        line = text[start:end]
        if _DIRECTIVE.fullmatch(line):
            directives.append((Span(start, end), line.strip()))
            prose[start:end] = " " * (end - start)
            close_block()
        elif line.strip():
            block.append((start, end))
        else:
            close_block()
    close_block()
    return Document(text=text, prose="".join(prose), segments=segments, format="text",
                    directives=directives)
