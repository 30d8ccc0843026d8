"""Readers that turn files into documents: the source text plus the prose inside it.

Every reader returns a :class:`Document` whose ``prose`` has the same length as ``text``:
characters that are not prose (Markdown syntax, code, URLs, HTML) are blanked to spaces, and
newlines are kept. Markup that renders as a mark stands as that mark in one of its positions
(an escaped "\\." or an entity "&quot;"), and an HTML "<br>" as a line break. Rules read
``prose``, so every offset they produce points straight into the original ``text``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mtcheck.model import Segment, Sentence, Span

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES
# URLs and e-mail addresses are never prose, even in plain text. The e-mail pattern's
# lookbehind makes an address start only where its run of characters starts: without it a
# long run with no "@" is rescanned from every position (quadratic time on hostile text). It
# runs only on text with an "@" in it: a pattern that opens with a lookbehind is slow to scan.
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"']+|www\.[^\s<>\"']+")
# After a web address, what ends the sentence around it, and brackets that may close it.
_URL_TRAILING = ".,;:!?'\"”’"
_URL_CLOSERS = {")": "(", "]": "["}
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")


# A line this long (characters), followed by more of its paragraph, was wrapped: the line
# break is a space. Unless VERSE_SHARE of the paragraph's lines after the first, and at least
# VERSE_LINES of them, start with a capital: that is verse, or a list, one item to a line.
WRAPPED_LINE_CHARS = 40
VERSE_LINES = 3
VERSE_SHARE = 0.75
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as line numbers count them (locate.LineIndex)
# A Markdown line that is one link, after a list marker or not: a title above its text, as in
# release notes ("- [Refactor weak symbols in std::sys::unix][90846]\n  This may add ...").
_LINE_PREFIX_CHARS = 100  # indentation, quote and list markers before a paragraph's text
_LINK_LINE = re.compile(r"[ \t>]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?"
                        r"\[.+\](?:\([^)\s]*\)|\[[^\]]*\])[ \t]*")


# A Markdown document that shows this many pieces of code (code blocks, inline code) is about
# software: its prose names the software's parts ("the Server", "a Stream", "libuv").
SOFTWARE_CODE_PIECES = 3


class InputError(Exception):
    """A file that cannot be read as a document; the message is one line for people."""


@dataclass
class Document:
    """A source text, its prose mask, its prose segments and their sentences."""

    text: str
    prose: str
    segments: list[Segment]
    format: str = "text"
    path: str = "<string>"
    sentences: list[Sentence] = field(default_factory=list)
    # Spans of HTML comments / directive lines, kept for suppressions.
    directives: list[tuple[Span, str]] = field(default_factory=list)
    # How many pieces of code the document shows (Markdown code blocks and inline code): a
    # document that shows code names software in its prose ("the Server", "a Stream").
    code_pieces: int = 0
    # Results that several rules share (e.g. the capital candidates behind MT101 and MT102),
    # computed once per document.
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)


def format_for_path(path: str | Path) -> str:
    """``markdown`` for Markdown suffixes, ``text`` for everything else."""
    return "markdown" if Path(path).suffix.lower() in MARKDOWN_SUFFIXES else "text"


def decode(data: bytes, path: str = "<stdin>") -> tuple[str, bool]:
    """Decode UTF-8 (with or without a BOM); return the text and whether a BOM was there."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise InputError(f"{path}: UTF-16 is not supported; save the file as UTF-8")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not text")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text, bom


def parse(text: str, format: str = "text", path: str = "<string>") -> Document:
    """Parse ``text`` as ``format`` (``text`` or ``markdown``) and split it into sentences.

    A ``text`` that is not a str, or a ``path`` that is not one, raises TypeError; an unknown
    ``format`` ValueError."""
    from mtcheck.segment import split_sentences

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}"
                        + ("; decode it first" if isinstance(text, (bytes, bytearray)) else ""))
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        raise TypeError(f"path must be a str, not {type(path).__name__}")

    if format == "markdown":
        from mtcheck.documents.markdown import parse_markdown

        document = parse_markdown(text)
    elif format == "text":
        from mtcheck.documents.plain import parse_plain

        document = parse_plain(text)
    else:
        raise ValueError(f"unknown document format {format!r}")
    document.path = path
    document.prose = _mask_not_prose(document.prose)
    document.sentences = split_sentences(document)
    return document


def unwrapped_prose(document: Document) -> str:
    """``document.prose`` with each line break that only wraps a paragraph as a space (the
    same offsets), as a reader takes it: a capital at the start of a wrapped line ("foremost of
    which is\nWithdrawal of") stands in mid-sentence, and a name may run over two lines
    ("publication Freedom\nMagazine"). The sentences are split on this text. A line break a
    reader sees stays: after a short line (a title above its text, a list), in verse, and in
    Markdown a hard break (two spaces or a backslash before it, or a "<br>")."""
    cached = document.memo.get("unwrapped-prose")
    if cached is None:
        prose = document.prose
        breaks = []  # (start, end) of each wrapping line break
        for segment in document.segments:
            start, end = segment.span.start, segment.span.end
            if segment.kind in ("heading", "table_cell") or not _LINE_BREAK.search(
                    prose, start, end):
                continue
            breaks += _wrapping_line_breaks(document, start, end)
        cached = blank(prose, breaks) if breaks else prose
        document.memo["unwrapped-prose"] = cached
    return cached  # type: ignore[return-value]


def _wrapping_line_breaks(document: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The line breaks (spans: CR LF, CR or LF) between ``start`` and ``end`` (one paragraph)
    that only wrap it."""
    text = document.text
    lines = _LINE_BREAK.split(text[start:end])
    continued = [line.lstrip(" \t>") for line in lines[1:] if line.strip(" \t>")]
    capitalised = sum(1 for line in continued if line[:1].isupper())
    if len(continued) >= VERSE_LINES and capitalised >= VERSE_SHARE * len(continued):
        return []  # verse, or a list of names, one to a line
    found, line_start = [], start
    for match in _LINE_BREAK.finditer(text, start, end):
        line = text[line_start:match.start()]
        hard = document.format == "markdown" and (
            line.endswith(("  ", "\\")) or _is_a_link_line(text, line_start, match.start()))
        if not hard and len(line.strip()) >= WRAPPED_LINE_CHARS:
            found.append(match.span())
        line_start = match.end()
    return found


def _is_a_link_line(text: str, line_start: int, end: int) -> bool:
    """Whether the whole line from about ``line_start`` to ``end`` is one Markdown link: its
    list marker and the link's bracket, which a paragraph's span leaves out, are looked for in
    the few characters before ``line_start``."""
    floor = max(0, line_start - _LINE_PREFIX_CHARS)
    start = max(text.rfind("\n", floor, end), text.rfind("\r", floor, end)) + 1
    if start == 0 and floor > 0:
        return False  # the line starts further back: more than a marker before the link
    return _LINK_LINE.fullmatch(text, start, end) is not None


def is_about_software(document: Document) -> bool:
    """Whether the document shows code (see SOFTWARE_CODE_PIECES): in its prose a capital or
    an unknown word names a part of the software as often as it is a slip."""
    return document.code_pieces >= SOFTWARE_CODE_PIECES


def counted(document: Document, pattern: re.Pattern[str],
            normalise: Callable[[str], str] | None = None, *, in_prose: bool = False
            ) -> Counter[str]:
    """How often the document's text (its prose alone, ``in_prose``) holds each match of
    ``pattern`` (normalised): counted in one pass the first time a rule asks, and kept in the
    document's memo. Rules use it to tell a writer's term (used again) from a slip (once)."""
    key = f"counted:{pattern.pattern}:{getattr(normalise, '__qualname__', '')}:{in_prose}"
    counts = document.memo.get(key)
    if counts is None:
        found = pattern.findall(document.prose if in_prose else document.text)
        counts = document.memo[key] = Counter(map(normalise, found) if normalise else found)
    assert isinstance(counts, Counter)
    return counts


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` of ``spans`` (in order; they may overlap) replaced
    by spaces, so that every offset still points at the same character."""
    pieces = []
    position = 0
    for start, end in spans:
        start = max(start, position)  # inside a span blanked already (an address in a URL)
        if end > start:
            pieces.append(text[position:start])
            pieces.append(" " * (end - start))
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _url_end(url: str, end: int) -> int:
    """Where a web address that the pattern took up to ``end`` really ends: not at the
    punctuation after it, nor at a bracket that closes the text around it ("(see
    http://gnome.org/fonts/). Its"), as GitHub's links end."""
    start = end - len(url)
    unmatched = {closer: url.count(closer) - url.count(opener)
                 for closer, opener in _URL_CLOSERS.items()}
    while end > start:
        last = url[end - start - 1]
        if last in _URL_TRAILING:
            end -= 1
        elif unmatched.get(last, 0) > 0:
            unmatched[last] -= 1
            end -= 1
        else:
            break
    return end


def _mask_not_prose(prose: str) -> str:
    spans = [(match.start(), _url_end(match.group(), match.end()))
             for match in _URL.finditer(prose)]
    if "@" in prose:
        spans.extend(match.span() for match in _EMAIL.finditer(prose))
        spans.sort()
    return blank(prose, spans)
