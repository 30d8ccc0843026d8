"""Markdown fixes that delete whole leftover blocks, applied together with fixes inside lines.

The fixer tries a group of fixes in one parse and splits it only when the group changes the
structure in a way a deletion of whole blocks does not explain. Leftover paragraphs among
ordinary fixes used to split every group down to single fixes: a parse of the whole text per
fix, quadratic in the file's length (400 of each took 22 s, now under half a second).
"""

from __future__ import annotations

import mtcheck
from mtcheck.fixer import fix_text
from mtcheck.model import Edit
from mtcheck.structure import markdown_blocks_removed, markdown_structure


def _mixed(paragraphs: int) -> str:
    return "".join(f"Paragraph {n} tells of the the talks in Baghdad.\n\nRead more\n\n"
                   for n in range(paragraphs))


def _fix_counting_parses(text: str) -> tuple[str, int]:
    parses = 0

    def structure(current: str) -> object:
        nonlocal parses
        parses += 1
        return markdown_structure(current)

    result = fix_text(text, lambda t: list(mtcheck.check(t, format="markdown")), False,
                      structure, markdown_blocks_removed)
    return result.text, parses


def test_leftover_blocks_and_fixes_within_lines_go_in_a_few_parses():
    text = _mixed(200)
    fixed, parses = _fix_counting_parses(text)
    assert fixed == "".join(f"Paragraph {n} tells of the talks in Baghdad.\n\n"
                            for n in range(200))
    # One parse before, one per pass, one to confirm: not one per fix (400 fixes).
    assert parses <= 6


def test_the_fixes_applied_together_are_those_applied_apart():
    text = _mixed(3)  # it ends in a blank line of its own, which stays
    assert mtcheck.fix(text, format="markdown").text == (
        "Paragraph 0 tells of the talks in Baghdad.\n\n"
        "Paragraph 1 tells of the talks in Baghdad.\n\n"
        "Paragraph 2 tells of the talks in Baghdad.\n\n")


def test_a_deletion_with_an_edit_that_writes_a_line_break_is_no_block_removal():
    text = "A paragraph here.\n\nRead more\n\nAnother one here.\n"
    deletion = Edit(text.index("Read more"), text.index("Another"), "")
    assert markdown_blocks_removed(text, [deletion]) is not None
    line_break = Edit(1, 2, "\n\n")
    assert markdown_blocks_removed(text, [deletion, line_break]) is None


def test_an_edit_within_a_line_that_changes_the_structure_is_refused_beside_a_deletion():
    # "1" + "." at a line's start makes a list; the deletion beside it may go, the edit not.
    text = "The plan\n1 was signed.\n\nRead more\n\nThe end came.\n"
    deletion = Edit(text.index("Read more"), text.index("The end"), "")
    full_stop = Edit(text.index("1") + 1, text.index("1") + 1, ".")
    expected = markdown_blocks_removed(text, [deletion, full_stop])
    assert expected is not None  # the structure the deletion leaves, the rest as it was
    edited = text[: full_stop.start] + "." + text[full_stop.end : deletion.start] + text[
        deletion.end :]
    assert markdown_structure(edited) != expected
    only_deleted = text[: deletion.start] + text[deletion.end :]
    assert markdown_structure(only_deleted) == expected


def test_two_findings_with_one_repair_are_both_counted_as_fixed():
    from mtcheck.fixer import chosen_fix, select_edits
    from mtcheck.model import Finding, Fix, Span

    repair = Fix("Lowercase 'The'", (Edit(4, 7, "the"),))
    first = Finding("MT101", "mid-sentence-capital", "m", Span(4, 7), "warning", 0.9, (repair,))
    second = Finding("MT999", "other", "m", Span(4, 7), "warning", 0.9, (repair,))
    edits, applied = select_edits([first, second], lambda f: chosen_fix(f, unsafe=False))
    assert edits == [Edit(4, 7, "the")]
    assert applied == [first, second]
