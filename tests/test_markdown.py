from __future__ import annotations

from collections.abc import Callable

import pytest

import mtcheck
from mtcheck.api import markdown_blocks_removed, markdown_structure
from mtcheck.documents import parse
from mtcheck.fixer import fix_text
from mtcheck.model import Applicability, Edit, Finding, Fix, Span

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


@pytest.mark.parametrize("text", [
    "The envoy wrote [How the coalition fought ISIS](https://x.com/a) for the paper.\n",
    "See also *Why the withdrawal matters* today, and _What the vote means_ too.\n",
    "The interview, [Everything you need to know about the vote][v], was popular.\n\n"
    "[v]: https://x.com/v\n",
    'He read <a href="https://x.com/w">How the war ended</a> twice last week.\n',
])
def test_a_capital_that_opens_link_text_or_emphasis_is_a_titles(text):
    # A headline-style title linked or set in italics, like a quoted title: its first word is
    # capitalised by its author.
    assert mtcheck.check(text, format="markdown") == []


def test_a_capital_after_closing_markup_is_still_judged():
    text = "The group joined **ISIS** In a historical position, the army won the battle.\n"
    assert [f.code for f in mtcheck.check(text, format="markdown")] == ["MT102"]
    text = "The link [inside the text](https://x.com) Including the American forces.\n"
    assert [f.code for f in mtcheck.check(text, format="markdown")] == ["MT101"]


@pytest.mark.parametrize(("text", "fixed"), [
    ("He joined the organization **ISIS** In a historical position, the army won.\n",
     "He joined the organization **ISIS**. In a historical position, the army won.\n"),
    ("He joined the organization [ISIS](https://x.com/i) In a historical position, the army "
     "won.\n", "He joined the organization [ISIS](https://x.com/i). In a historical position, "
     "the army won.\n"),
    # Not behind an HTML comment, which the page does not show: "ISIS . In" on the page.
    ("He joined the organization **ISIS** <!-- AFP --> In a historical position, the army "
     "won.\n", "He joined the organization **ISIS**. <!-- AFP --> In a historical position, "
     "the army won.\n"),
])
def test_a_missing_full_stop_goes_after_closing_markup(text, fixed):
    # It went inside: "**ISIS.**", "[ISIS.](…)".
    assert mtcheck.fix(text, format="markdown", unsafe=True).text == fixed


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
    # Lines joined by hard breaks: one deletion a line, the paragraph whole together.
    ("Soon.\n\nPlease enter your comment!  \nPlease enter your name here  \n"
     "You have entered an incorrect email address!\n", "Soon.\n"),
    ("Soon.\n\nPlease enter your comment!\\\nPlease enter your name here\n\nLater.\n",
     "Soon.\n\nLater.\n"),
])
def test_a_leftover_paragraph_is_deleted_whole(text, fixed):
    # Its safe fix was refused (one paragraph fewer is a change of structure), though check
    # called it fixable.
    result = mtcheck.fix(text, format="markdown")
    assert result.text == fixed and not result.remaining


@pytest.mark.parametrize("text", [
    "Read more\n\n    code block\n",  # the deletion would unindent the code
    "- First real item.\n\nRead more\n\n- Second list item.\n",  # or merge two lists
])
def test_a_leftover_whose_deletion_would_change_other_blocks_is_left(text):
    # check offered a safe fix that fix then refused: the finding is pointed out without it.
    [finding] = mtcheck.check(text, format="markdown")
    assert finding.code == "MT201" and finding.fixes == ()
    result = mtcheck.fix(text, format="markdown")
    assert result.text == text and not result.remaining


def _leftover_fixes(text: str) -> list[str | None]:
    """The title of each MT201 finding's fix (None: pointed out without a fix); each fix that
    check offers is safe."""
    findings = [f for f in mtcheck.check(text, format="markdown") if f.code == "MT201"]
    assert all(fix.applicability is Applicability.SAFE for f in findings for fix in f.fixes)
    return [f.fixes[0].title if f.fixes else None for f in findings]


@pytest.mark.parametrize(("text", "fixed"), [
    ("- Item one\n- Please enter your comment!\n- Item two\n", "- Item one\n- Item two\n"),
    ("- Read more\n- item\n", "- item\n"),
    ("- Item one\n- Please enter your comment!\n", "- Item one\n"),
    ("- Item one\r\n- Read more\r\n- Item two\r\n", "- Item one\r\n- Item two\r\n"),
    ("- Item one\n\n- Read more\n- Item two\n", "- Item one\n\n- Item two\n"),  # still loose
    # The only item: the list goes, and one blank line is left between its neighbours.
    ("Intro paragraph.\n\n- Share on Facebook\n\nNext paragraph.\n",
     "Intro paragraph.\n\nNext paragraph.\n"),
    ("Intro paragraph.\n\n- Share on Facebook\n", "Intro paragraph.\n"),
    # Every item: the list goes, and may leave two blank lines (which render as one): the
    # last item takes the blank line after it only where a blank line stands before it.
    ("Intro paragraph.\n\n- Share on Facebook\n- Share on Twitter\n\nNext paragraph.\n",
     "Intro paragraph.\n\n\nNext paragraph.\n"),
    ("- Read more\n- Share on Twitter\n\nNext paragraph.\n", "\nNext paragraph.\n"),
    # Had it taken it, "[1]: …" would have joined a kept item were only the last one fixed.
    ("- Share on Facebook\n- Subscribe to our newsletter\n\n[1]: https://x.org/u\n\nText.\n",
     "\n[1]: https://x.org/u\n\nText.\n"),
    ("Intro paragraph.\n\n- Real item\n- Share on Twitter\n\nNext paragraph.\n",
     "Intro paragraph.\n\n- Real item\n\nNext paragraph.\n"),
    ("- Item one\n- Read more\n- Share on Facebook\n- Item two\n", "- Item one\n- Item two\n"),
    ("- Outer\n  - Read more\n  - inner\n", "- Outer\n  - inner\n"),
    ("- Outer\n  - Read more\n", "- Outer\n"),
    ("1. Real step\n2. Read more\n3. Next step\n", "1. Real step\n3. Next step\n"),
    ("1. Real step\n2. Read more\n", "1. Real step\n"),
    # A leftover line of an item with other text goes alone; the leftover item goes whole.
    ("- Item one, and the rest of the item.\n  Read more\n- Share on Facebook\n",
     "- Item one, and the rest of the item.\n"),
])
def test_a_list_item_of_leftovers_is_deleted_whole(text, fixed):
    # Deleting only its text would leave an empty item: it goes with its marker and its line.
    assert "Delete the leftover list item" in _leftover_fixes(text)
    result = mtcheck.fix(text, format="markdown")
    assert result.text == fixed and not result.remaining


@pytest.mark.parametrize(("text", "fixed"), [
    ("A para.\n\n> Please enter your comment!\n\nB para.\n", "A para.\n\nB para.\n"),
    ("> Please enter your comment!\n", ""),
    ("> Please enter your comment!\n\nB para.\n", "B para.\n"),
    ("A para.\n\n> Please enter your comment!\n> Please enter your name here\n",
     "A para.\n"),
    ("> Read more\n>\n> Share on Facebook\n\nB para.\n", "B para.\n"),  # two paragraphs
    ("> A quote.\n>\n> > Read more\n>\n> The quote goes on.\n",  # a quote in a quote
     "> A quote.\n>\n>\n> The quote goes on.\n"),
    ("- An item.\n\n  > Read more\n- Item two\n", "- An item.\n\n- Item two\n"),
])
def test_a_quote_of_leftovers_is_deleted_whole(text, fixed):
    assert set(_leftover_fixes(text)) == {"Delete the leftover quote"}
    result = mtcheck.fix(text, format="markdown")
    assert result.text == fixed and not result.remaining


@pytest.mark.parametrize(("kept", "fixable", "fixed"), [
    # Its list would start at 2: a list that starts at another number is another structure.
    ("1. Read more\n2. Real step\n", "1. Real step\n2. Read more\n", "1. Real step\n"),
    # An item that holds a nested list besides its leftover paragraph.
    ("- Read more\n\n  - nested\n", "- Read more\n- nested\n", "- nested\n"),
    # A quote with prose besides the leftover, and an item that shares its line with another.
    ("> Read more\n>\n> Real text of the quote.\n", "> Read more\n", ""),
    ("- > Read more\n- Item two\n", "- Read more\n- Item two\n", "- Item two\n"),
])
def test_a_leftover_block_that_cannot_go_whole_is_pointed_out_without_a_fix(kept, fixable,
                                                                           fixed):
    # check never calls a fix safe that fix then refuses.
    assert _leftover_fixes(kept) == [None]
    result = mtcheck.fix(kept, format="markdown")
    assert result.text == kept and not result.remaining
    assert None not in _leftover_fixes(fixable)
    assert mtcheck.fix(fixable, format="markdown").text == fixed


def test_the_fixer_accepts_deleting_a_whole_item_or_quote_and_nothing_less():
    def deleting(start: int, end: int) -> Callable[[str], list[Finding]]:
        calls = []

        def check(current: str) -> list[Finding]:
            calls.append(current)
            edit = Edit(start, end, "")
            return [Finding("MT999", "x", "x", Span(start, end), fixes=(Fix("d", (edit,)),))
                    ] if len(calls) == 1 else []
        return check

    def fixed(text: str, start: int, end: int) -> str:
        return fix_text(text, deleting(start, end), structure=markdown_structure,
                        removal=markdown_blocks_removed).text

    items = "- One\n- Two\n- Three\n"
    assert fixed(items, 6, 12) == "- One\n- Three\n"  # a whole item
    assert fixed(items, 8, 11) == items  # its text only: an empty item is left
    assert fixed(items, 0, 12) == "- Three\n"  # two whole items
    assert fixed("- One\n", 0, 6) == ""  # the whole list
    quote = "Para.\n\n> Quoted.\n\nNext.\n"
    assert fixed(quote, 5, 16) == "Para.\n\nNext.\n"  # the quote and blank space
    assert fixed(quote, 9, 16) == quote  # the quote's text, leaving its marker
    # The list would start at 2 where it started at 1.
    ordered = "1. One\n2. Two\n"
    assert fixed(ordered, 0, 7) == ordered
    assert fixed(ordered, 6, 13) == "1. One\n"


def test_many_leftover_items_go_in_a_few_parses():
    # Each one alone was a change of structure that the fixer checked on its own: two parses
    # of the whole text for each item.
    text = "- Real item\n" + "- Read more\n" * 200 + "- Real item\n"
    parsed = []

    def structure(current: str) -> object:
        parsed.append(current)
        return markdown_structure(current)

    result = fix_text(text, lambda current: mtcheck.check(current, format="markdown"),
                      structure=structure, removal=markdown_blocks_removed)
    assert result.text == "- Real item\n- Real item\n" and len(parsed) < 10


def test_a_fix_that_would_make_a_backslash_escape_is_refused():
    # "world\ ." less its space is "world\.", which renders as "world." (the backslash gone).
    text = "Hello world\\ . next\n"
    result = mtcheck.fix(text, format="markdown")
    assert result.text == text and not result.remaining
    # check reports it without the fix that fix refuses.
    [finding] = mtcheck.check(text, format="markdown")
    assert finding.code == "MT302" and finding.fixes == ()


def test_a_fix_that_would_send_a_link_elsewhere_is_refused():
    # The repeated word is in a reference label: fixed, the link resolves to another target.
    text = ("Read [the the guide] first.\n\n[the guide]: https://example.com/safe\n"
            "[the the guide]: https://example.com/other\n")
    assert mtcheck.fix(text, format="markdown").text == text
    inline = "Read [the the guide](http://x.org) now.\n"
    assert mtcheck.fix(inline, format="markdown").text == "Read [the guide](http://x.org) now.\n"
    [finding] = mtcheck.check(text, format="markdown")
    assert finding.code == "MT401" and finding.fixes == ()


@pytest.mark.parametrize("text", [
    "Officials met today in Baghdad\n1 The city was calm and the markets were open.\n",
    "Read more\n\n    code block\n",
])
def test_check_reports_no_fix_that_fix_would_refuse(text):
    # A fix whose structure change fix refuses (a list item made, a code block unindented)
    # was reported as fixable all the same.
    for finding in mtcheck.check(text, format="markdown"):
        for fix in finding.fixes[:1]:
            trial = mtcheck.fix(text, format="markdown", unsafe=True)
            assert finding.code in {f.code for f in trial.applied}, (finding, fix)
