"""Markdown, parsed with markdown-it-py (CommonMark + tables + YAML or TOML front matter).

The parser decides what is prose. Its inline tokens carry no character offsets, so each prose
text token is located in the source with a cursor that only moves forward; a token that cannot
be located exactly is left out (not checked) rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mtcheck.documents import Document
from mtcheck.model import Segment, Span

_BLOCK_KINDS = {
    "heading_open": "heading",
    "th_open": "table_cell",
    "td_open": "table_cell",
    "list_item_open": "list_item",
    "blockquote_open": "blockquote",
}


# markdown-it looks for a link label by scanning from each "[" towards the end of the
# paragraph, which is quadratic in the number of brackets that never close. A paragraph with
# more openers than this is hostile or generated: its brackets are read as text.
_MAX_LINK_OPENERS = 100


@lru_cache(maxsize=1)
def _parser() -> Any:
    from types import SimpleNamespace

    from markdown_it import MarkdownIt, helpers
    from mdit_py_plugins.front_matter import front_matter_plugin

    # text_join is disabled so escapes and entities stay separate tokens whose markup is
    # the literal source, which keeps every text token findable in the source.
    parser = (
        MarkdownIt("commonmark", {"maxNesting": 100})
        .enable("table")
        .use(front_matter_plugin)
        .disable("text_join")
    )
    parser.block.ruler.before("front_matter", "toml_front_matter", _toml_front_matter,
                              {"alt": ["paragraph", "reference", "blockquote", "list"]})
    # The link and image rules call md.helpers.parseLinkLabel: bound it for this parser only.
    bounded = SimpleNamespace(**{
        name: getattr(helpers, name) for name in dir(helpers) if not name.startswith("_")})
    bounded.parseLinkLabel = _bounded_link_label
    parser.helpers = bounded  # type: ignore[assignment]  # the module's functions, one bounded
    return parser


@lru_cache(maxsize=8)
def _brackets(source: str) -> tuple[int, int]:
    """The position of the last "]" in an inline source and how many "[" it holds."""
    return source.rfind("]"), source.count("[")


def _bounded_link_label(state: Any, start: int, disable_nested: bool = False) -> int:
    """markdown-it's ``parseLinkLabel``, answering -1 at once where no label can close."""
    from markdown_it.helpers import parseLinkLabel

    last_close, openers = _brackets(state.src)
    if last_close <= start or openers > _MAX_LINK_OPENERS:
        return -1
    return int(parseLinkLabel(state, start, disable_nested))


def _toml_front_matter(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    """Hugo's TOML front matter, between "+++" lines at the very top, as a ``front_matter``
    token: it is metadata, like YAML's between "---" lines (which the plugin reads)."""
    if start_line != 0 or not _is_toml_fence(state, 0):
        return False
    for line in range(1, end_line):
        if _is_toml_fence(state, line):
            if not silent:
                token = state.push("front_matter", "", 0)
                token.hidden = True
                token.block = True
                token.markup = "+++"
                token.content = state.src[state.bMarks[1]:state.bMarks[line]]
                token.map = [0, line + 1]
                state.line = line + 1
            return True
    return False  # never closed: not front matter


def _is_toml_fence(state: Any, line: int) -> bool:
    """Whether ``line`` is "+++" at the margin, with nothing after it but blanks."""
    start = state.bMarks[line]
    return (state.tShift[line] == 0 and state.src.startswith("+++", start)
            and not state.src[start + 3:state.eMarks[line]].strip(" \t"))


def parse_inline(source: str) -> list[Any]:
    """The inline tokens of one line of Markdown ``source`` (its text, links, emphasis)."""
    [inline] = _parser().parseInline(source)
    return list(inline.children or [])


def parse_tokens(text: str) -> list[Any]:
    """The parsed tokens of ``text``. A leading byte-order mark is left out, so that front
    matter after it is still read as front matter; tokens carry line numbers, not character
    offsets, so leaving it out moves nothing."""
    return _parser().parse(text[1:] if text.startswith("\ufeff") else text)


# The document's memo entry that holds its parsed tokens.
TOKENS = "markdown-tokens"


def document_tokens(document: Document) -> list[Any]:
    """The parsed tokens of a Markdown ``document`` (kept from its parse, not parsed again)."""
    tokens = document.memo.get(TOKENS)
    if tokens is None:
        tokens = document.memo[TOKENS] = parse_tokens(document.text)
    return tokens  # type: ignore[return-value]


def line_start_offsets(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    return starts


def block_span(text: str, line_starts: list[int], lines: list[int]) -> Span:
    """The source of a block whose token ``map`` is ``lines``: from the start of its first
    line to the end of its last line that is not blank, less the line break (a list item's
    lines run on over the blank lines after it)."""
    first, last = lines[0], lines[1] - 1
    while True:
        start = line_starts[last]
        end = line_starts[last + 1] if last + 1 < len(line_starts) else len(text)
        body = text[start:end].rstrip("\r\n")
        if body.strip(" \t") or last == first:
            return Span(line_starts[first], start + len(body))
        last -= 1


@dataclass(frozen=True)
class RemovableBlock:
    """A list item or block quote that holds prose paragraphs and nothing else, and whose
    lines hold nothing of the blocks around it, so that deleting them deletes it whole."""

    span: Span  # as block_span gives it
    kind: str  # "list_item" or "blockquote"
    paragraphs: int


_CONTAINERS = {"list_item_open": "list_item", "blockquote_open": "blockquote"}


def removable_blocks(document: Document) -> list[RemovableBlock]:
    """The list items of one paragraph and the block quotes of paragraphs only, in order.

    Left out: a block that shares its first line with the item or quote around it ("- > Read
    more"), whose lines are that one's too, and the first item of an ordered list with more
    items, whose deletion would make the list start at the next number. Found only when
    asked (a rule that would delete a whole item), and once per document.
    """
    cached = document.memo.get("removable-blocks")
    if cached is None:
        cached = _removable_blocks(document.text, document_tokens(document))
        document.memo["removable-blocks"] = cached
    return cached  # type: ignore[return-value]


@dataclass
class _OpenBlock:
    """A list item or quote whose close token is still to come, and what it holds so far."""

    opening: int  # the index of its open token
    paragraphs: int = 0
    only_paragraphs: bool = True


def _removable_blocks(text: str, tokens: list[Any]) -> list[RemovableBlock]:
    line_starts = line_start_offsets(text)
    blocks: list[RemovableBlock] = []
    open_blocks: list[_OpenBlock] = []
    for index, token in enumerate(tokens):
        inner = open_blocks[-1] if open_blocks else None
        if inner and token.nesting >= 0 and token.level == tokens[inner.opening].level + 1:
            if token.type == "paragraph_open":
                inner.paragraphs += 1
            else:
                inner.only_paragraphs = False
        if token.type in _CONTAINERS:
            open_blocks.append(_OpenBlock(index))
        elif token.nesting == -1 and token.type.replace("_close", "_open") in _CONTAINERS:
            block = open_blocks.pop()
            lines = tokens[block.opening].map
            kind = _CONTAINERS[tokens[block.opening].type]
            parent = tokens[open_blocks[-1].opening].map if open_blocks else None
            if (lines and block.only_paragraphs and block.paragraphs >= 1
                    and (kind == "blockquote" or block.paragraphs == 1)
                    and (not parent or parent[0] != lines[0])
                    and not (kind == "list_item"
                             and _opens_ordered_list(tokens, block.opening, index))):
                blocks.append(RemovableBlock(block_span(text, line_starts, lines), kind,
                                             block.paragraphs))
    return blocks


def _opens_ordered_list(tokens: list[Any], opening: int, closing: int) -> bool:
    """Whether the list item from ``opening`` to ``closing`` is the first of an ordered list
    and other items follow it."""
    return (tokens[opening - 1].type == "ordered_list_open" and closing + 1 < len(tokens)
            and tokens[closing + 1].type == "list_item_open")


# How a character of a token's text may be written in the source (see _Locator.find_span).
_SOURCE_FORMS = {"\n": r"(?:\r\n|\r|\n)", "|": r"\\?\|"}


class _Locator:
    """Finds inline tokens in the source, moving forward only."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def find(self, needle: str) -> int | None:
        """Position of ``needle`` at or after the cursor if only syntax lies between."""
        if not needle:
            return None
        position = self.text.find(needle, self.cursor)
        if position < 0 or any(ch.isalpha() for ch in self.text[self.cursor : position]):
            return None
        return position

    def find_span(self, needle: str) -> tuple[int, int] | None:
        """Like :meth:`find`, for a token whose text markdown-it changed: the start and end
        of ``needle`` in the source, where each line break in it may be CR LF or CR (the
        parser reads both as LF) and each "|" may be written "\\|" (a table cell's text
        comes with its escaped pipes undone)."""
        if "\n" not in needle and "|" not in needle:
            position = self.find(needle)
            return None if position is None else (position, position + len(needle))
        pattern = "".join(_SOURCE_FORMS.get(ch) or re.escape(ch) for ch in needle)
        match = re.compile(pattern).search(self.text, self.cursor)
        if not match or any(ch.isalpha() for ch in self.text[self.cursor : match.start()]):
            return None
        return match.span()

    def skip_brackets(self, open_: str, close: str) -> None:
        """Move past a balanced ``open_ ... close`` group starting at the cursor, if any."""
        if not self.text.startswith(open_, self.cursor):
            return
        depth = 0
        index = self.cursor
        while index < len(self.text):
            ch = self.text[index]
            if ch == "\\":
                index += 2
                continue
            if ch == open_:
                depth += 1
            elif ch == close:
                depth -= 1
                if depth == 0:
                    self.cursor = index + 1
                    return
            index += 1

    def skip_link_tail(self) -> None:
        """Move past ``](destination "title")`` or ``][ref]`` after a link's text, and past
        the emphasis markers that close before it ("[*The Times*](…)")."""
        closing = self.cursor
        while closing < len(self.text) and self.text[closing] in "*_":
            closing += 1
        if self.text.startswith("]", closing):
            self.cursor = closing + 1
        if self.text.startswith("(", self.cursor):
            self.skip_brackets("(", ")")
        elif self.text.startswith("[", self.cursor):
            self.skip_brackets("[", "]")


def parse_markdown(text: str) -> Document:
    tokens = parse_tokens(text)
    line_starts = line_start_offsets(text)
    prose = [ch if ch in "\r\n" else " " for ch in text]
    locator = _Locator(text)
    segments: list[Segment] = []
    directives: list[tuple[Span, str]] = []
    kinds: list[str] = []
    code_pieces = 0

    for token in tokens:
        if token.type in _BLOCK_KINDS:
            kinds.append(_BLOCK_KINDS[token.type])
        elif token.type.replace("_close", "_open") in _BLOCK_KINDS and token.nesting == -1:
            if kinds:
                kinds.pop()
        elif token.type == "html_block" and token.map:
            start = line_starts[token.map[0]]
            end = line_starts[token.map[1]] if token.map[1] < len(line_starts) else len(text)
            directives.append((Span(start, end), text[start:end].strip()))
            locator.cursor = max(locator.cursor, end)
        elif token.type == "inline" and token.map:
            locator.cursor = max(locator.cursor, line_starts[token.map[0]])
            kind = _segment_kind(kinds)
            found = _mark_inline(token.children or [], locator, prose, directives)
            code_pieces += sum(1 for child in token.children or []
                               if child.type == "code_inline")
            if found:
                segments.append(Segment(Span(found[0], found[1]), kind))
        elif token.map and token.type in ("fence", "code_block", "front_matter"):
            code_pieces += token.type != "front_matter"
            end_line = token.map[1]
            end = line_starts[end_line] if end_line < len(line_starts) else len(text)
            locator.cursor = max(locator.cursor, end)
    document = Document(text=text, prose="".join(prose), segments=segments, format="markdown",
                        directives=directives, code_pieces=code_pieces)
    document.memo[TOKENS] = tokens  # for what needs the parse again (see document_tokens)
    return document


def _segment_kind(kinds: list[str]) -> str:
    for kind in reversed(kinds):
        if kind in ("heading", "table_cell"):
            return kind
    return kinds[-1] if kinds else "paragraph"


def _mark_inline(
    children: list[Any], locator: _Locator, prose: list[str],
    directives: list[tuple[Span, str]],
) -> tuple[int, int] | None:
    """Copy the prose characters of one inline token into ``prose``; return their extent."""
    text = locator.text
    first = last = None
    position: int | None  # where the child token stands in the source
    skip_until_close = False
    for child in children:
        kind = child.type
        if skip_until_close:
            if kind == "link_close":
                skip_until_close = False
            continue
        if kind == "text":
            found = locator.find_span(child.content)
            if found is None:
                continue
            position, end = found
            prose[position:end] = text[position:end]
            if end - position > len(child.content):  # a table cell's "\|": the "|" is read
                for index in range(position, end - 1):
                    if text.startswith("\\|", index):
                        prose[index] = " "
            first = position if first is None else first
            last = end
            locator.cursor = end
        elif kind == "code_inline":
            _skip_code_span(locator, child.markup)
        elif kind == "html_inline":
            found = locator.find_span(child.content)
            if found is not None:
                position, end = found
                if "mtcheck" in child.content:
                    directives.append((Span(position, end), child.content))
                elif _LINE_BREAK_TAG.fullmatch(child.content):
                    prose[position] = "\n"  # read as a hard break is read
                locator.cursor = end
        elif kind == "text_special":
            position = locator.find(child.markup)
            if position is not None:
                end = position + len(child.markup)
                mark = _rendered_mark(child.content)
                if mark is not None:
                    at = _mark_position(text, position, end, child.info, mark)
                    prose[at] = mark
                    first = at if first is None else first
                    last = at + 1
                locator.cursor = end
        elif kind == "link_open" and child.markup == "autolink":
            position = locator.find("<")
            if position is not None:
                locator.cursor = position
                locator.skip_brackets("<", ">")
            skip_until_close = True
        elif kind == "link_close":
            locator.skip_link_tail()
        elif kind == "image":
            position = locator.find("![")
            if position is not None:
                locator.cursor = position + 1
                locator.skip_brackets("[", "]")
                locator.skip_link_tail()
    if first is None or last is None:
        return None
    return first, last


# "<br>", "<br/>", "<br />": a line break written in HTML.
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Marks that open a quotation or an aside, and belong with the word after them.
_OPENING_MARKS = "\"'“‘«([{"


def _rendered_mark(rendered: str) -> str | None:
    """What an escape or entity renders as, where the rules should read it: one mark of
    punctuation or a symbol ('\\.', '&quot;', '&mdash;', '&#8220;'), so that a sentence ends
    and a quotation opens as on the rendered page. A letter, a digit, a space or a rendering
    of several characters stays blank: written into one position in the middle of a word
    ("caf&eacute;") it would cut the word into pieces that read as other words."""
    if len(rendered) != 1 or unicodedata.category(rendered)[0] not in "PS":
        return None
    return rendered


def _mark_position(text: str, start: int, end: int, kind: str, mark: str) -> int:
    """Where the mark that the escape or entity at ``text[start:end]`` renders stands in the
    prose; the rest of it stays blank, so every offset still points into the source.

    An escape's mark stands on its own character, the backslash blank. An entity's stands
    on its first character, next to the word before it ("leave&quot; on"), unless it opens
    a quotation or aside: then on its last, touching the word it opens ("said &quot;We"),
    as the rules see an opening quote only where it touches its word.
    """
    if kind == "escape":
        return end - 1
    opens = (mark in _OPENING_MARKS and end < len(text) and not text[end].isspace()
             and (start == 0 or not text[start - 1].isalnum()))
    return end - 1 if opens else start


def _skip_code_span(locator: _Locator, markup: str) -> None:
    position = locator.find(markup)
    if position is None:
        return
    closing = re.compile(r"(?<!`)" + re.escape(markup) + r"(?!`)")
    match = closing.search(locator.text, position + len(markup))
    if match:
        locator.cursor = match.end()
