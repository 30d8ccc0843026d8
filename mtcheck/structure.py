"""The Markdown structure a fix must keep, and the one change of it a fix may make.

`mtcheck fix` re-parses a Markdown text after its edits and refuses any that changed how the
document is read (a fix must never turn prose into a heading, a list or code), except that a
web leftover's whole paragraph, list item or quote may go. ``check`` asks the same of each fix
it reports (:func:`without_refused_fixes`), so that a fix it calls safe is one that ``fix``
applies.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache, partial
from typing import Any

from mtcheck.documents.markdown import block_span, line_start_offsets, parse_tokens
from mtcheck.fixer import apply_edits, chosen_fix, select_edits
from mtcheck.model import Applicability, Edit, Finding, Fix, Span

Shape = tuple[tuple[str, str, int], ...]


def markdown_structure(text: str) -> Shape:
    """The block and inline token shape of a Markdown text, for refusing unsafe fixes."""
    return _shape(parse_tokens(text))


def _shape(tokens: list[Any], skipped: frozenset[int] = frozenset()) -> Shape:
    shape: list[tuple[str, str, int]] = []
    for index, token in enumerate(tokens):
        if index in skipped:
            continue
        if token.type == "ordered_list_open":  # the number it starts at is seen too
            shape.append((token.type, str(token.attrGet("start") or 1), token.level))
        else:
            shape.append((token.type, token.tag, token.level))
        for child in token.children or []:
            if child.type == "text_special":  # an escape: which one matters too ("\\." is
                # not "\\ ."); an entity renders a character, and which one is the text's
                # business ("&amp;quot;" made "&quot;" is a fix), not the structure's
                markup = child.info if child.info == "entity" else child.markup
                shape.append((child.type, markup, child.level))
            elif child.type in ("link_open", "image"):  # where it leads: a fixed reference
                # label ("[the the guide]") can resolve to another definition
                shape.append((child.type, str(child.attrGet("href") or child.attrGet("src")),
                              child.level))
            elif child.type not in ("text", "softbreak"):
                shape.append((child.type, child.tag, child.level))
    return tuple(shape)


# The blocks that a fix may delete whole, by their open token, and the token that closes them.
_REMOVABLE = {"paragraph_open": "paragraph_close", "list_item_open": "list_item_close",
              "blockquote_open": "blockquote_close"}
_LISTS = {"bullet_list_open": "bullet_list_close", "ordered_list_open": "ordered_list_close"}


def changes_structure(text: str, edits: Sequence[Edit]) -> bool:
    """Whether ``edits`` would change how the Markdown ``text`` is read, beyond deleting whole
    blocks (see markdown_blocks_removed): the fixer would refuse them."""
    shape = markdown_structure(apply_edits(text, edits))
    return shape != _structure_of(text) and shape != markdown_blocks_removed(text, edits)


@lru_cache(maxsize=1)
def _structure_of(text: str) -> Shape:
    """markdown_structure of the text ``fix --interactive`` is asking about: the same for each
    choice it checks there, so parsed once."""
    return markdown_structure(text)


def markdown_blocks_removed(text: str, edits: Sequence[Edit],
                            tokens: list[Any] | None = None) -> Shape | None:
    """The structure ``text`` must have after ``edits`` if they delete whole blocks and blank
    space about them, and change nothing else but words within a line; None for any other
    edits. The blocks are top-level paragraphs, list items and block quotes (a web leftover
    such as "Read more" alone in its paragraph, item or quote); a list whose items all go goes
    too.

    The fixer accepts this one change of structure: such a block can go without changing how
    the rest is read. (A deletion that merged its neighbours, unindented a code block or made
    an ordered list start at another number leaves another structure than the one returned,
    and is refused; so is an edit within a line that changed the structure, as the structure
    returned is the rest's as it was.) Edits within lines may come with the deletions, so that
    a fixer can try leftovers and other fixes together in one parse.
    """
    deletions = _joined([edit for edit in edits if not edit.replacement])
    blocks = [edit for edit in deletions if _whole_lines(text, edit)]
    if not blocks or any(_crosses_a_line(text, edit) for edit in edits
                         if edit.replacement or not _whole_lines(text, edit)):
        return None  # no block deleted ("the the" in mid-line): no need to parse to see that
    edits = blocks
    tokens = parse_tokens(text) if tokens is None else tokens  # ``text``'s, when parsed already
    line_starts = line_start_offsets(text)
    edit_starts = [edit.start for edit in edits]
    removed: list[Span] = []  # the deleted blocks' spans, in order
    skipped: set[int] = set()
    lists: list[list[Any]] = []  # the lists open here: [open token's index, all items gone]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type in _LISTS:
            lists.append([index, True])
        elif token.type in _LISTS.values():
            opening, all_gone = lists.pop()
            if all_gone:
                skipped.update((opening, index))
        elif token.type in _REMOVABLE and token.map and (
                token.type != "paragraph_open" or token.level == 0):
            span = block_span(text, line_starts, token.map)
            covering = bisect_right(edit_starts, span.start) - 1
            if covering >= 0 and span.end <= edits[covering].end:
                closing = _closing(tokens, index)
                skipped.update(range(index, closing + 1))
                removed.append(span)
                index = closing + 1
                continue
            if token.type == "list_item_open":
                lists[-1][1] = False
        index += 1
    if not removed:
        return None
    position = 0  # what they delete besides the blocks is blank
    for edit in edits:
        start = edit.start
        while position < len(removed) and removed[position].end <= edit.end:
            if text[start:removed[position].start].strip():
                return None
            start = removed[position].end
            position += 1
        if text[start:edit.end].strip():
            return None
    return _shape(tokens, frozenset(skipped))


def _whole_lines(text: str, deletion: Edit) -> bool:
    """Whether ``deletion`` takes a line break, or runs from a line's start to its end: what
    deleting a whole block must do."""
    deleted = text[deletion.start : deletion.end]
    if "\n" in deleted or "\r" in deleted:
        return True
    return (text[deletion.start - 1 : deletion.start] in ("", "\n", "\r")
            and text[deletion.end : deletion.end + 1] in ("", "\n", "\r"))


def _crosses_a_line(text: str, edit: Edit) -> bool:
    """Whether ``edit`` deletes or writes a line break."""
    changed = text[edit.start : edit.end] + edit.replacement
    return "\n" in changed or "\r" in changed


def _joined(deletions: Sequence[Edit]) -> list[Edit]:
    """``deletions`` in order, those that touch joined into one: a paragraph of leftover lines
    goes by one deletion per line ("Please enter your comment!  \nPlease enter your name
    here"), and together they delete it whole."""
    joined: list[Edit] = []
    for edit in sorted(deletions, key=lambda edit: edit.start):
        if joined and edit.start <= joined[-1].end:
            joined[-1] = Edit(joined[-1].start, max(joined[-1].end, edit.end), "")
        else:
            joined.append(edit)
    return joined


def _closing(tokens: list[Any], opening: int) -> int:
    """The index of the token that closes the block ``tokens[opening]`` opens."""
    close_type, level = _REMOVABLE[tokens[opening].type], tokens[opening].level
    index = opening + 1
    while tokens[index].type != close_type or tokens[index].level != level:
        index += 1
    return index


# Characters that Markdown reads as structure: an edit beside or among them may change it.
_MARKUP = frozenset("*_`[]()!<>&\\|#~=+-")
# Columns from a line's start where a list marker, a heading, a quote or code indentation
# lives: an edit there may make or unmake one ("1 The" + "." is a list item).
_LINE_START_COLUMNS = 4
# Fixes tried one by one when the fixes that might change the structure, tried together, do
# change it; a longer list is left to `fix` to judge, so that check stays linear.
MAX_TRIED_ALONE = 8
# A text longer than this is not tried at all: its parses would cost more than checking it
# (a 470 KB file of short linked paragraphs took 16 s instead of 1.3); fix still guards it.
MAX_TRIED_TEXT = 100_000


def without_refused_fixes(text: str, findings: list[Finding],
                          tokens: list[Any] | None = None) -> list[Finding]:
    """``findings`` of the Markdown ``text``, less each first fix that ``fix`` would refuse
    because it changes the structure ("Read more" deleted between two lists would merge them,
    a full stop after "1" at a line's start would make a list item); the finding is still
    reported, with its other fixes, if any.

    Only fixes that might change the structure are tried (:func:`_may_change_structure`):
    together, in one parse, which is all it takes when they keep the structure; one by one,
    at most :data:`MAX_TRIED_ALONE` of them, when together they do not. ``tokens`` are
    ``text`` parsed, where the caller has them.
    """
    with_fixes = [f for f in findings if f.fixes]
    if not with_fixes or len(text) > MAX_TRIED_TEXT:
        return findings
    lines = _Lines(text)
    tried = [f for f in with_fixes if _may_change_structure(text, lines, f.fixes[0])]
    if not tried:
        return findings
    tokens = parse_tokens(text) if tokens is None else tokens
    expected = _shape(tokens)
    refused: set[int] = set()
    for unsafe in (False, True):
        level = [f for f in tried if (f.fixes[0].applicability is Applicability.UNSAFE) is unsafe]
        _, chosen = select_edits(level, partial(chosen_fix, unsafe=unsafe))
        if not chosen or _keeps(text, tokens, [f.fixes[0] for f in chosen], expected):
            continue
        refused.update(id(f) for f in chosen[:MAX_TRIED_ALONE]
                       if not _keeps(text, tokens, [f.fixes[0]], expected))
    if not refused:
        return findings
    return [finding.with_changes(fixes=finding.fixes[1:]) if id(finding) in refused
            else finding for finding in findings]


def _keeps(text: str, tokens: list[Any], fixes: list[Fix], expected: Shape) -> bool:
    """Whether ``fixes`` applied together keep the structure ``expected`` of ``text`` (parsed:
    ``tokens``) or only delete whole blocks (as fix accepts)."""
    edits = [edit for fix in fixes for edit in fix.edits]
    shape = markdown_structure(apply_edits(text, edits))
    return shape == expected or shape == markdown_blocks_removed(text, edits, tokens)


class _Lines:
    """Where a text's lines start, and which lines hold a link's bracket, found once: asking
    the text itself for each edit would be quadratic on one long line with many edits."""

    def __init__(self, text: str) -> None:
        self.starts = line_start_offsets(text)
        self.with_brackets = {bisect_right(self.starts, m.start()) - 1
                              for m in re.finditer(r"[\[\]]", text)}

    def line(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1


def _may_change_structure(text: str, lines: _Lines, fix: Fix) -> bool:
    """Whether ``fix`` touches a line break, a line's first columns or Markdown markup (what
    it deletes, inserts or stands beside), or lies on a line with a link (whose label it may
    change: "[the the guide]" fixed is another reference); a letter's case or a space between
    words elsewhere does not."""
    for edit in fix.edits:
        changed = text[edit.start : edit.end] + edit.replacement
        beside = text[max(0, edit.start - 1) : edit.start] + text[edit.end : edit.end + 1]
        if "\n" in changed or "\r" in changed or not _MARKUP.isdisjoint(changed + beside):
            return True
        line = lines.line(edit.start)
        if (edit.start - lines.starts[line] <= _LINE_START_COLUMNS
                or line in lines.with_brackets):
            return True
    return False
