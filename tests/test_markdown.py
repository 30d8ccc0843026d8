from __future__ import annotations

import pytest

import mtcheck
from mtcheck.documents import parse

BAD = "foreign forces Including the American"


def flagged(text: str) -> list[str]:
    return [text[f.start:f.end] for f in mtcheck.check(text, format="markdown")]


def test_prose_blocks_are_checked():
    text = (f"# A heading\n\nA paragraph of {BAD}.\n\n- A list item of {BAD}.\n\n"
            f"> A quote of {BAD}.\n\n| Column |\n|---|\n| A cell of {BAD}. |\n")
    assert flagged(text) == ["Including"] * 4


def test_code_and_markup_are_skipped():
    text = (
        "---\ntitle: Forces Including the American\n---\n\n"
        "```\nforeign forces Including the American\n```\n\n"
        "    indented code of forces Including the American\n\n"
        "Text with `forces Including the` code and [a link](http://x/Forces_Including) "
        "and <http://example.com/Forces_Including> or https://example.com/Forces_Including.\n\n"
        "<div>\nforeign forces Including the American\n</div>\n\n"
        "<!-- foreign forces Including the American -->\n"
    )
    assert flagged(text) == []


def test_title_case_heading_is_not_flagged():
    assert flagged("## Withdrawal Of The Forces From Iraq\n\nText.\n") == []


def test_sentence_case_heading_is_checked():
    assert flagged("## Iraq needs foreign forces Including the American\n") == ["Including"]


def test_link_text_is_prose_and_offsets_point_into_the_source():
    text = f"See [{BAD}](https://example.com) now.\n"
    findings = mtcheck.check(text, format="markdown")
    assert [text[f.start:f.end] for f in findings] == ["Including"]


def test_emphasis_and_escapes_keep_offsets():
    text = "Some **bold** text \\* and &amp; then forces *Including* the American.\n"
    assert flagged(text) == ["Including"]


def test_prose_mask_has_the_same_length_as_the_text():
    text = "# Title\n\n* item `code` [link](url)\r\n\r\n> quote\n"
    document = parse(text, "markdown")
    assert len(document.prose) == len(text)
    assert "code" not in document.prose and "url" not in document.prose


@pytest.mark.parametrize(("text", "fixed"), [
    ("Article text here.\n\nRead more\n", "Article text here.\n"),
    ("Soon.\n\nPlease enter your comment!\nPlease enter your name here\n", "Soon.\n"),
    ("Read more\n\nHe left the the city.\n", "He left the city.\n"),
    ("A para.\r\n\r\nRead more\r\n\r\nB para.\r\n", "A para.\r\n\r\nB para.\r\n"),
    ("A para.\n\nRead more\n\n    code block\n", "A para.\n\n    code block\n"),
])
def test_a_leftover_paragraph_is_deleted_whole(text, fixed):
    # Its safe fix was refused (one paragraph fewer is a change of structure), though check
    # called it fixable.
    result = mtcheck.fix(text, format="markdown")
    assert result.text == fixed and not result.remaining


def test_a_leftover_whose_deletion_would_change_other_blocks_is_left():
    text = "Read more\n\n    code block\n"  # the deletion would unindent the code
    result = mtcheck.fix(text, format="markdown")
    assert result.text == text and [f.code for f in result.remaining] == ["MT201"]


@pytest.mark.parametrize("text", ["- Read more\n- item\n", "> Please enter your comment!\n",
                                  "- Item one\n- Please enter your comment!\n"])
def test_a_list_item_or_quote_of_leftovers_is_pointed_out_not_offered_as_a_fix(text):
    # Deleting its text would leave an empty item or quote, which fix refuses: check called the
    # fix safe, and fix then left it.
    [finding] = mtcheck.check(text, format="markdown")
    assert finding.code == "MT201" and finding.fixes == ()
    assert mtcheck.fix(text, format="markdown").text == text
    item = "- Item one, and the rest of the item.\n  Read more\n"  # one line of an item
    assert mtcheck.fix(item, format="markdown").text == "- Item one, and the rest of the item.\n"


def test_a_fix_that_would_make_a_backslash_escape_is_refused():
    # "world\ ." less its space is "world\.", which renders as "world." (the backslash gone).
    text = "Hello world\\ . next\n"
    result = mtcheck.fix(text, format="markdown")
    assert result.text == text and [f.code for f in result.remaining] == ["MT302"]


def test_a_fix_that_would_send_a_link_elsewhere_is_refused():
    # The repeated word is in a reference label: fixed, the link resolves to another target.
    text = ("Read [the the guide] first.\n\n[the guide]: https://example.com/safe\n"
            "[the the guide]: https://example.com/other\n")
    assert mtcheck.fix(text, format="markdown").text == text
    inline = "Read [the the guide](http://x.org) now.\n"
    assert mtcheck.fix(inline, format="markdown").text == "Read [the guide](http://x.org) now.\n"
