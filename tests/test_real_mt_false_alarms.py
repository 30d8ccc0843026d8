"""False alarms and harmful "safe" fixes found by running mtcheck over real machine translation
(MLQE-PE, the ACCEPT forum posts) against its post-edits: labels on screens, menu paths,
dotted product names, brackets used as smileys, web addresses broken up by spaces.
"""

from __future__ import annotations

import pytest

import mtcheck
from mtcheck.rules import capitals
from mtcheck.words import find_words


def flagged(text: str, code: str, format: str = "text") -> list[str]:
    return [text[f.start:f.end] for f in mtcheck.check(text, format=format) if f.code == code]


# --- MT101: the labels of buttons, keys, menus and pages -----------------------------------

@pytest.mark.parametrize("text", [
    "Go through Start > All Programs and open the folder.",
    "Open the Norton interface > Support > About to see the version.",
    "Click Save to continue, then press Enter and tap Done.",
    "The site lists it under Home » News » World for now.",
])
def test_a_label_on_a_screen_keeps_its_capital(text):
    assert flagged(text, "MT101") == []


def test_a_function_word_after_press_is_still_a_mark():
    assert flagged("The crowd pressed On and the talks went on.", "MT101") == ["On"]


def test_a_mark_beside_a_path_step_elsewhere_in_the_sentence_is_still_found():
    text = "Open Start > Settings, which is providing Support and training to users."
    assert flagged(text, "MT101") == ["Support"]


def test_a_short_title_with_its_function_words_in_lower_case_is_a_title():
    assert flagged("Valery Solovey - Our Way in the Dark.", "MT101") == []
    # Nor is a short sentence of function words and one capital: "In" is still judged.
    words = find_words("They were In the", 0, 16)
    assert not capitals._is_title_cased(words)


# --- MT302 -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "It runs without Yandex.Direct and its ads.",
    "He found Trojan.Gen on the laptop.",
    "Use Math.Max in the code.",
])
def test_a_dotted_name_gets_no_space(text):
    assert flagged(text, "MT302") == []


@pytest.mark.parametrize(("text", "mark"), [
    ("They met in Baghdad.The talks ended.", "."),
    ("The war ended.Officials left the city.", "."),
])
def test_a_lost_space_between_sentences_is_still_found(text, mark):
    assert flagged(text, "MT302") == [mark]


def test_a_guillemet_that_closes_no_quotation_is_a_path_step():
    assert flagged("Home » News » World", "MT302") == []
    assert flagged("He said « yes » and left.", "MT302") == [" »"]


# --- MT301: after an entity's ";" a full stop is no stray copy -----------------------------

def test_a_full_stop_after_an_entity_quote_is_moved_not_deleted():
    text = "a cloud of more &quot; .Then we hope that it works."
    [finding] = [f for f in mtcheck.check(text) if f.code == "MT301"]
    assert finding.fixes[0].title.startswith("Move")
    assert " .Then" in mtcheck.fix(text).text  # moving it is unsafe: the stop stays
    # After real punctuation the full stop is a stray copy, removed safely.
    text = "the new president, .Abdul Latif Rashid"
    assert mtcheck.fix(text).text == "the new president, Abdul Latif Rashid"


# --- MT303: brackets as smileys ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "They are also poor)).",
    "Just great))))",
])
def test_a_run_of_closing_brackets_that_close_nothing_is_a_smiley(text):
    assert flagged(text, "MT303") == []


def test_a_bracket_closed_twice_is_still_unbalanced():
    assert flagged("The bloc (which won)) has seats.", "MT303") == [")"]


# --- MT404 and MT103 -----------------------------------------------------------------------

def test_an_between_two_names_is_no_article():
    assert flagged("They went to Barnum an Bailey Circus.", "MT404") == []
    assert flagged("He saw an Bailey poster.", "MT404") == ["an Bailey"]


def test_a_web_address_broken_up_by_spaces_is_no_sentence_start():
    assert flagged("It will have to be removed. http: / / got.by / 418xmv.", "MT103") == []
    assert flagged("It will have to be removed. the rest stays.", "MT103") == ["the"]
