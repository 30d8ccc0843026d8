"""The prose that Markdown's reader hands the rules: what the rendered page reads, at the
source's offsets (escapes, entities, front matter, line break tags, CR LF, table pipes, links).
"""

from __future__ import annotations

import pytest

import mtcheck
from mtcheck.documents import parse

BAD = "foreign forces Including the American"


def flagged(text: str) -> list[tuple[str, str]]:
    return [(f.code, text[f.start:f.end]) for f in mtcheck.check(text, format="markdown")]


def sentences(text: str) -> list[str]:
    return [sentence.text for sentence in parse(text, "markdown").sentences]


# --- escaped punctuation -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The talks ended\\. The envoy left.\n",
    "The talks ended\\! Then the envoy left.\n",
    "Are the talks over\\? The envoy left.\n",
])
def test_an_escaped_full_stop_ends_a_sentence(text):
    assert flagged(text) == []
    assert mtcheck.fix(text, format="markdown").text == text
    assert len(sentences(text)) == 2


def test_an_escaped_full_stop_after_a_year_at_a_line_start_is_no_missing_break():
    # HTML-to-Markdown converters write "2003\." so that it does not start a list.
    text = "Signed in\n2003\\. The war began later.\n"
    assert flagged(text) == []
    assert mtcheck.fix(text, format="markdown", unsafe=True).text == text


def test_an_escape_reads_as_its_character_and_its_backslash_as_a_blank():
    text = "The talks ended\\. The envoy left.\n"
    prose = parse(text, "markdown").prose
    escape = text.index("\\")
    assert len(prose) == len(text)
    assert prose[escape] == " " and prose[escape + 1] == "."


def test_a_finding_after_an_escape_points_into_the_source():
    text = f"The talks ended\\. Then {BAD} left\\.\n"
    assert flagged(text) == [("MT101", "Including")]
    assert mtcheck.fix(text, format="markdown").text == text.replace("Including", "including")


# --- quotes and punctuation written as entities --------------------------------------------

@pytest.mark.parametrize("text", [
    "The minister said &quot;We will not leave&quot; on Monday.\n",
    "The minister said \\\"We will not leave\\\" on Monday.\n",
    "The minister said &ldquo;We will not leave&rdquo; on Monday.\n",
    "The minister said &#8220;We will not leave&#x201D; on Monday.\n",
    "The plan is called &lsquo;Withdrawal of forces&rsquo; by the press.\n",
    "The talks went on for hours &mdash; Then the envoy left.\n",
    "The vote was postponed &#46; The speaker left.\n",
])
def test_a_quote_or_mark_written_as_an_entity_or_escape_is_read(text):
    assert flagged(text) == []
    assert mtcheck.fix(text, format="markdown").text == text


def test_an_entity_renders_as_one_character_with_the_rest_blank():
    text = "He said &quot;We left&quot; and caf&eacute; &amp;quot;x\n"
    prose = parse(text, "markdown").prose
    assert len(prose) == len(text)
    # An opening quote touches the word it opens, a closing one the word it closes.
    assert prose.startswith("He said " + " " * 5 + '"We left"' + " " * 5 + " and")
    assert "caf" in prose and "é" not in prose  # a letter would cut the word in pieces
    # "&amp;" renders as "&" at its own start: no "&quot;" is made up in the prose.
    assert "&quot;" not in prose and "&    quot;x" in prose


def test_a_finding_after_an_entity_points_into_the_source():
    text = f"He said &quot;yes&quot; to {BAD}.\n"
    assert flagged(text) == [("MT101", "Including")]
    assert mtcheck.fix(text, format="markdown").text == text.replace("Including", "including")


@pytest.mark.parametrize("text", [
    "He said &quot;yes&quot; and then &quot;no&quot; to the plan.\n",
    "The deal was signed by AT&amp;T and Johnson &amp; Johnson on Monday.\n",
    "He called it \\\"a historic decision\\\" in his speech.\n",
    "See \\[1\\] and \\(the note\\) in the report.\n",
])
def test_rendered_entities_and_escapes_raise_no_punctuation_findings(text):
    assert flagged(text) == []



# --- quotes written as entities pair up with written ones ----------------------------------

@pytest.mark.parametrize("text", [
    'He said "We will stay&quot; on Monday.\n',
    "He said &quot;We will stay\" on Monday.\n",
    "He said &ldquo;We will stay” on Monday.\n",
    "“We stay,&rdquo; he said, &quot;and we fight.\" Then he left.\n",
])
def test_a_quote_written_as_an_entity_closes_a_written_one(text):
    assert flagged(text) == []


def test_an_unclosed_quote_written_as_an_entity_is_pointed_out_whole_without_a_fix():
    text = "He said &quot;We will stay on Monday.\n"
    [finding] = mtcheck.check(text, format="markdown")
    assert (finding.code, text[finding.start:finding.end]) == ("MT303", "&quot;")
    assert finding.fixes == ()


def test_a_stray_closing_quote_written_as_an_entity_is_unbalanced_but_not_spaced():
    # The page reads "postponed ” said": no quotation opened it. The space before it is
    # the entity's own, not the author's, so there is no spacing finding.
    text = "The vote was postponed &rdquo; said the speaker.\n"
    assert flagged(text) == [("MT303", "&rdquo;")]


def test_mixed_quote_styles_with_an_entity_get_no_fix_that_would_cut_it():
    text = "&ldquo;We will stay&quot; on Monday.\n"
    [finding] = mtcheck.check(text, format="markdown")
    assert (finding.code, text[finding.start:finding.end]) == ("MT303", "&quot;")
    assert finding.fixes == ()
    assert mtcheck.fix(text, format="markdown", unsafe=True).text == text

# --- front matter --------------------------------------------------------------------------

def test_toml_front_matter_is_not_checked():
    text = '+++\ntitle  = "Talks in Baghdad"\nfeaturedImage = "k.jpg"\n+++\n\nBody.\n'
    assert flagged(text) == []
    assert mtcheck.fix(text, format="markdown", unsafe=True).text == text


def test_prose_after_toml_front_matter_is_checked():
    text = f'+++\ntitle = "the the"\n+++\n\nA paragraph of {BAD}.\n'
    assert flagged(text) == [("MT101", "Including")]


def test_yaml_front_matter_after_a_byte_order_mark_is_not_checked():
    text = "\ufeff---\ndescription: He met the the envoy in Baghdad\n---\n\nBody.\n"
    assert flagged(text) == []
    assert mtcheck.fix(text, format="markdown").text == text


def test_offsets_after_a_byte_order_mark_point_into_the_text():
    text = f"\ufeff---\ntitle: x\n---\n\nA paragraph of {BAD}.\n"
    assert flagged(text) == [("MT101", "Including")]


# --- a line break written in HTML -----------------------------------------------------------

@pytest.mark.parametrize("tag", ["<br>", "<br/>", "<br />", "<BR>"])
def test_a_br_tag_is_a_line_break(tag):
    text = f"Key points {tag} The minister resigned on Monday.\n"
    assert flagged(text) == []
    assert sentences(f"Key points{tag}The minister resigned on Monday.\n") == [
        "Key points", "The minister resigned on Monday."]


def test_a_br_tag_at_the_end_of_a_long_line_keeps_the_line_break():
    # A long line that runs on is unwrapped (read as one line), unless it ends in a break.
    text = "A long line of wrapped text goes on and on here<br>\nThe minister resigned.\n"
    assert flagged(text) == []


def test_text_after_a_br_tag_is_checked():
    text = f"Key points<br>Iraq needs {BAD}.\n"
    assert flagged(text) == [("MT101", "Including")]


# --- CR LF line ends -----------------------------------------------------------------------

def test_inline_html_over_crlf_lines_is_located():
    text = ("Text the the here <!-- mtcheck-disable-line\r\nMT401 --> and on.\r\n\r\n"
            "A photo <img src=\"a.jpg\"\r\nalt=\"x\"> and the the rest.\r\n")
    findings = mtcheck.check(text, format="markdown")
    assert [(f.code, text[f.start:f.end]) for f in findings] == [("MT401", "the the")]
    assert findings[0].start > text.index("<img")
    assert mtcheck.fix(text, format="markdown").text == text.replace(
        "and the the rest", "and the rest")
    assert flagged(text.replace("\r\n", "\n")) == [("MT401", "the the")]


# --- table cells with an escaped pipe ------------------------------------------------------

def test_a_table_cell_with_an_escaped_pipe_is_checked():
    text = "| A | B |\n|---|---|\n| A \\| B | the the \\| most notably The plan |\n"
    assert ("MT401", "the the") in flagged(text)
    assert "the \\| most" in mtcheck.fix(text, format="markdown").text
    prose = parse(text, "markdown").prose
    pipe = text.index("\\| most")
    assert prose[pipe] == " " and prose[pipe + 1] == "|"


# --- links whose text ends in emphasis -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "According to [*The New York Times*](https://nytimes.com), the the envoy met officials.\n",
    "According to [_The Times_](https://x.com \"title\"), the the envoy met officials.\n",
    "See [the **Times**][nyt] and the the rest.\n\n[nyt]: https://nytimes.com\n",
])
def test_the_text_after_a_link_that_ends_in_emphasis_is_checked(text):
    assert flagged(text) == [("MT401", "the the")]
    assert "the the" not in mtcheck.fix(text, format="markdown").text
