from __future__ import annotations

import pytest

import mtcheck
from mtcheck.documents import parse


def sentences(text: str, fmt: str = "text") -> list[str]:
    document = parse(text, fmt)
    for sentence in document.sentences:
        assert document.text[sentence.span.start:sentence.span.end] == sentence.text
    return [s.text for s in document.sentences]


@pytest.mark.parametrize("text", [
    "The U.S. Army and Dr. Smith met Gen. Allen at 10 a.m. on Monday.",
    "Mr. and Mrs. Brown paid 2,500 dollars, or 1.5 times more, on 01.11.2015 in Baghdad.",
    "George W. Bush and J. R. R. Tolkien never met No. 10 Downing Street.",
    "He hesitated... and then left.",
    "It happened on Jan. 5 near St. Louis.",
])
def test_no_false_sentence_breaks(text):
    assert sentences(text) == [text]


def test_breaks_after_full_stop_question_and_exclamation():
    assert sentences("One thing. Two things! Three? \"Four,\" he said.") == [
        "One thing.", "Two things!", "Three?", "\"Four,\" he said."]


def test_closing_quote_and_bracket_stay_with_their_sentence():
    assert sentences("He said \"no.\" Then he left. (It was late.) The end.") == [
        "He said \"no.\"", "Then he left.", "(It was late.)", "The end."]


def test_ellipsis_before_a_capital_ends_a_sentence():
    assert sentences("He waited... The bus never came.") == ["He waited...", "The bus never came."]


@pytest.mark.parametrize(("text", "dateline"), [
    ("BAGHDAD - The parliament met today.", "BAGHDAD -"),
    ("Baghdad-ALsharqiya, March 2: The parliament met today.", "Baghdad-ALsharqiya, March 2:"),
    ("Shafaq News/ The parliament met today.", "Shafaq News/"),
])
def test_datelines_stand_alone(text, dateline):
    assert sentences(text) == [dateline, "The parliament met today."]


def test_headline_without_punctuation_is_its_own_sentence():
    text = "Summit in Washington\n\nThe summit begins today. It ends tomorrow."
    assert sentences(text) == ["Summit in Washington", "The summit begins today.",
                               "It ends tomorrow."]
    assert parse(text).segments[0].kind == "heading"


def test_headline_line_directly_above_the_story():
    assert sentences("Summit in Washington\nThe summit begins today.") == [
        "Summit in Washington", "The summit begins today."]


def test_a_long_wrapped_line_does_not_break_before_a_capital():
    # GUM news wrapped at 72 columns: a name that starts a line is no new sentence.
    text = ("The previous general legislative election in Hong Kong was before the 2014\n"
            "protests. The election elects 70 members of the Legislative\nCouncil.")
    assert sentences(text) == [
        "The previous general legislative election in Hong Kong was before the 2014\nprotests.",
        "The election elects 70 members of the Legislative\nCouncil."]
    # A short line above its text is a title; lines that all start with a capital are verse.
    assert len(sentences("Summit in Washington\nThe summit begins today.")) == 2
    verse = ("Which whispers friendship will be doubly dear\nTo one, who thus for kindred "
             "hearts must roam\nAnd seek a welcome at another's fire\nWhere all is strange")
    assert len(sentences(verse)) == 4


def test_unwrapped_prose_keeps_offsets_and_markdown_hard_breaks():
    from mtcheck.documents import unwrapped_prose

    text = ("He will discuss a number of issues, foremost of which is\n"
            "Withdrawal of US combat forces from Iraq, the minister said.\n")
    document = parse(text)
    assert unwrapped_prose(document) == text.replace("is\nWith", "is With")
    hard = text.replace("is\n", "is  \n")
    assert unwrapped_prose(parse(hard, "markdown")) == parse(hard, "markdown").prose
    assert "is With" in unwrapped_prose(parse(text, "markdown"))


def test_a_markdown_line_that_is_one_link_is_a_title_above_its_text():
    from mtcheck.documents import unwrapped_prose

    # Release notes: each item's first line is a link, its text below it.
    text = ("- [Refactor weak symbols in std::sys::unix][90846]\n"
            "  This may add new, versioned symbols when built.\n"
            "- [Stabilize the new methods on iterators](https://example.com/pull/153491)\n"
            "  The new methods were unstable before.\n\n[90846]: https://example.com/90846\n")
    document = parse(text, "markdown")
    assert unwrapped_prose(document) == document.prose
    assert mtcheck.check(text, format="markdown") == []
    # A link inside a wrapped line of running text does not make it a title.
    wrapped = ("He will discuss a number of [issues](https://example.com/i), foremost is\n"
               "Withdrawal of US combat forces from Iraq, the minister said.\n")
    assert "is Withdrawal" in unwrapped_prose(parse(wrapped, "markdown"))


def test_wrapped_line_does_not_break():
    assert sentences("The summit was held in\nWashington on Monday.") == [
        "The summit was held in\nWashington on Monday."]
