"""MT201 web-leftover in Markdown: leftovers in markup, headings, entities escaped twice, and
the blank lines a deletion leaves.

Every fix that check offers must be one that fix applies, and none may leave "[](url)",
"<span></span>" or an empty heading behind.
"""

from __future__ import annotations

import re

import pytest

import mtcheck
from mtcheck.model import Applicability, Finding


def _leftovers(text: str) -> list[Finding]:
    return [f for f in mtcheck.check(text, format="markdown") if f.code == "MT201"]


def _fixes(text: str) -> list[str | None]:
    """The title of each MT201 finding's fix (None: pointed out without a fix); each fix that
    check offers is safe."""
    findings = _leftovers(text)
    assert all(fix.applicability is Applicability.SAFE for f in findings for fix in f.fixes)
    return [f.fixes[0].title if f.fixes else None for f in findings]


# --- a leftover in markup goes with its markup, or not at all --------------------------------

@pytest.mark.parametrize(("text", "fixed"), [
    ("Real text.\n\n[Read more](https://example.com/more)\n", "Real text.\n"),
    ("Real text.\n\n<span>Read more</span>\n", "Real text.\n"),
    ("Real text.\n\n[Click to share on Twitter](https://x/t) "
     "[Click to share on Facebook](https://x/f)\n", "Real text.\n"),
    ("[Read more](https://x/m)\n\nReal text.\n", "Real text.\n"),
    ("Real text.\n\n*Read more* &raquo;\n\nEnd.\n", "Real text.\n\nEnd.\n"),
    # A share button's icon goes with its link.
    ("Real text.\n\n[![Twitter](tw.png) Share on Twitter](https://x/t)\n\nEnd.\n",
     "Real text.\n\nEnd.\n"),
    # Lines of plain text and of links: the paragraph goes whole, in one edit.
    ("Real text.\n\nShare this:\n[Click to share on Twitter](https://x/t)\n"
     "[Click to share on Facebook](https://x/f)\n\nEnd.\n", "Real text.\n\nEnd.\n"),
    ("Real text.\r\n\r\n[Read more](https://x/m)\r\n\r\nEnd.\r\n", "Real text.\r\n\r\nEnd.\r\n"),
])
def test_a_paragraph_of_leftovers_in_markup_is_deleted_with_its_markup(text, fixed):
    # Deleting only the text left "[](https://example.com/more)" or "<span></span>".
    assert set(_fixes(text)) == {"Delete the leftover paragraph"}
    for unsafe in (False, True):
        result = mtcheck.fix(text, format="markdown", unsafe=unsafe)
        assert result.text == fixed and not result.remaining


def _blank_lines_collapsed(text: str) -> str:
    """``text`` with each run of blank lines one blank line, and none at its start: deleting
    a whole list may leave two, which renders the same (a list item takes the blank line after
    it only when a blank line stands before it, or the next block could join a kept item)."""
    return re.sub(r"\n{3,}", "\n\n", text).lstrip("\n")


@pytest.mark.parametrize(("text", "fixed", "title"), [
    ("- [Click to share on Twitter](https://x/t) [Click to share on Facebook](https://x/f)\n"
     "- Item two\n", "- Item two\n", "Delete the leftover list item"),
    ("Intro.\n\n- <span>Share on Facebook</span>\n- **Share on Twitter**\n\nNext.\n",
     "Intro.\n\nNext.\n", "Delete the leftover list item"),
    ("Intro.\n\n> [Click to share on Twitter](https://x/t)\n> *Click to print*\n\nNext.\n",
     "Intro.\n\nNext.\n", "Delete the leftover quote"),
])
def test_a_list_item_or_quote_of_leftovers_in_markup_is_deleted_whole(text, fixed, title):
    assert set(_fixes(text)) == {title}
    for unsafe in (False, True):
        result = mtcheck.fix(text, format="markdown", unsafe=unsafe)
        assert _blank_lines_collapsed(result.text) == fixed and not result.remaining


@pytest.mark.parametrize("text", [
    # A line of a paragraph with other text: the link cannot go without its paragraph.
    "Real text of the article.\n[Read more](https://x/m)\n",
    "- Item one, and the rest of it.\n  [Read more](https://x/m)\n- Item two\n",
    # A reference link, whose definition is elsewhere, and code beside the leftover.
    "Real text.\n\n[Read more][1]\n\n[1]: https://x/m\n",
    "Real text.\n\nRead more `make docs`\n",
    "- Read more `make docs`\n- Item two\n",
    # A bare URL on a line of its own in the leftover's paragraph.
    "Real text.\n\n[Read more](https://x/m)\nhttps://example.com/more\n\nEnd.\n",
])
def test_a_leftover_whose_markup_cannot_go_whole_is_pointed_out_without_a_fix(text):
    assert None in _fixes(text)
    for unsafe in (False, True):
        result = mtcheck.fix(text, format="markdown", unsafe=unsafe)
        assert result.text == text and not result.remaining


def test_a_leftover_that_is_link_text_inside_a_sentence_leaves_no_empty_link():
    text = "He said so; see [Click to share on Twitter](https://x/t) below.\n"
    [finding] = _leftovers(text)
    assert "inside a sentence" in finding.message and finding.fixes == ()
    assert mtcheck.fix(text, format="markdown", unsafe=True).text == text
    # Without markup about it, the unsafe fix stays.
    plain = "He said so; Click to share on Twitter below.\n"
    [finding] = _leftovers(plain)
    assert finding.fixes and finding.fixes[0].applicability is Applicability.UNSAFE
    assert mtcheck.fix(plain, format="markdown", unsafe=True).text == "He said so; below.\n"


# --- a heading of leftovers ---------------------------------------------------------------

@pytest.mark.parametrize("heading", ["## Click to share on Twitter.",
                                     "# Click to share on Facebook (Opens in new window)",
                                     "### [Click to share on Twitter](https://x/t)"])
def test_a_heading_of_leftovers_is_pointed_out_as_one_without_a_fix(heading):
    # It was "inside a sentence", with an unsafe fix that left an empty "## ".
    text = f"He met officials.\n\n{heading}\n\nEnd.\n"
    [finding] = _leftovers(text)
    assert finding.message.startswith("Web-page leftover (share button): ")
    assert "inside a sentence" not in finding.message and finding.fixes == ()
    assert mtcheck.fix(text, format="markdown", unsafe=True).text == text


def test_a_heading_that_names_a_section_is_not_a_leftover():
    for text in ("# Related\n\nThe vote was held.\n", "## Comments\n\nNone yet.\n"):
        assert _leftovers(text) == []


# --- an entity escaped twice ------------------------------------------------------------

def test_an_entity_escaped_twice_is_found_in_markdown():
    # "&amp;quot;" renders as the text "&quot;": the same leftover of double escaping as in
    # plain text, which the prose (its "&amp;" blanked) hid.
    text = "He said &amp;quot;we will stay&amp;quot; today.\n"
    findings = _leftovers(text)
    assert [text[f.start:f.end] for f in findings] == ["&amp;quot;", "&amp;quot;"]
    assert all("'&quot;'" in f.message for f in findings)
    opening = "&amp;#8220;Quoted&amp;#8221; at the start.\n"
    assert [opening[f.start:f.end] for f in _leftovers(opening)] == ["&amp;#8220;",
                                                                     "&amp;#8221;"]


def test_an_entity_escaped_twice_in_markdown_is_made_the_entity_it_meant():
    # "&quot;", not '"': an entity never makes Markdown syntax, as "<" or "*" might.
    text = "He said &amp;quot;we will stay&amp;quot; today.\n"
    assert mtcheck.fix(text, format="markdown").text == "He said &quot;we will stay&quot; today.\n"
    numeric = "&amp;#8220;Quoted&amp;#8221; at the start.\n"
    assert mtcheck.fix(numeric, format="markdown").text == "&#8220;Quoted&#8221; at the start.\n"
    # Plain text gets the character, as before.
    assert mtcheck.fix(text).text == 'He said "we will stay" today.\n'


@pytest.mark.parametrize("text", [
    "The vote &amp; the result were announced.\n",  # "&" escaped once, as it should be
    "Write `&amp;quot;` in the template.\n",  # code
    "He typed \\&amp;quot; by hand.\n",  # an escaped "&": the source shows "&amp;quot;"
    "A [link](https://x.org/?a=1&amp;quot;b) here.\n",  # a link's destination
])
def test_an_entity_escaped_once_or_not_in_prose_is_left_alone(text):
    assert _leftovers(text) == []


# --- the blank lines a deletion leaves ----------------------------------------------------

@pytest.mark.parametrize(("text", "fixed"), [
    # The blank line before the paragraph stays between its neighbours.
    ("Real text.\n\nShare this:\n- Facebook\n- Twitter\n\nEnd.\n",
     "Real text.\n\n- Facebook\n- Twitter\n\nEnd.\n"),
    ("Real text.\n\nShare this:\nRead more\n```\ncode\n```\n", "Real text.\n\n```\ncode\n```\n"),
    # What follows a leftover paragraph that opens the text opens it.
    ("Share this:\n- Share on Twitter\n- Share on Facebook\n\nEnd.\n", "End.\n"),
    ("Like this:\n- Share on Twitter\n\n- Share on Facebook\n\nEnd.\n", "End.\n"),
    ("[Read more](https://x/m)\n\n- Share on Twitter\n\nEnd.\n", "End.\n"),
    # Trailing blanks and indentation go with the line: left, the paragraph was not deleted
    # whole, and fix refused the fix that check offered.
    ("Real text.\n\nShare this:  \n\nEnd.\n", "Real text.\n\nEnd.\n"),
    ("  Read more\n\nEnd.\n", "End.\n"),
])
def test_a_deletion_leaves_one_blank_line_between_its_neighbours(text, fixed):
    assert None not in _fixes(text)
    result = mtcheck.fix(text, format="markdown")
    assert _blank_lines_collapsed(result.text) == fixed and not result.remaining


@pytest.mark.parametrize("text", [
    "Real text.\n\nShare this:\n\n- Share on Twitter\n- Share on Facebook\n\nEnd.\n",
    "Real text.\n\nShare this:\n\n- [Click to share on Twitter](https://x/t)\n"
    "- [Click to share on Facebook](https://x/f)\n\nLike this:\n\nRelated\n\nEnd.\n",
    "Real text.\n\nShare this:\n\n[Twitter](https://x/t) | [Facebook](https://x/f)\n\nEnd.\n",
    "Real text.\n\n- Share on Twitter\n\nShare this:\n\n[Read more](https://x/m)\n\nEnd.\n",
    # A list right below a leftover paragraph goes as if set apart: no blank line is left
    # over (the list's own blank lines went, the paragraph's stayed).
    "Real text.\n\nShare this:\n- Share on Twitter\n- Share on Facebook\n\nEnd.\n",
    "Real text.\n\n[Read more](https://x/m)\n\nShare this:\n- Share on Twitter\n\nEnd.\n",
    "Real text.\n\n  Read more\n- Share on Twitter\n\n- Share on Facebook\n\nEnd.\n",
])
def test_deleting_a_run_of_leftover_blocks_leaves_one_blank_line(text):
    fixed = mtcheck.fix(text, format="markdown").text
    assert _blank_lines_collapsed(fixed) == "Real text.\n\nEnd.\n"


@pytest.mark.parametrize("text", [
    'Intro text.\n\n<img src="map.png" alt="Map of Mosul"> Photo: Reuters\n\nEnd text.\n',
    'Intro text.\n\n<a href="x"><img src="i.png"></a> Read more\n\nEnd text.\n',
])
def test_an_image_beside_a_leftover_is_kept(text):
    # The line went whole with its paragraph, image and all: an "<img>" is content, not a
    # wrapper of the leftover's text.
    assert mtcheck.fix(text, format="markdown").text == text


def test_a_table_cell_of_leftovers_is_pointed_out_not_emptied():
    # "| Report | Read more |" became "| Report ||" by a safe fix ("Delete the leftover line").
    text = ("| Name | Link |\n|---|---|\n| Report | Read more |\n"
            "| Form | Please enter your comment! |\n")
    assert _fixes(text) == [None]  # the distinctive leftover; "Read more" is a fair label
    assert mtcheck.fix(text, format="markdown", unsafe=True).text == text
