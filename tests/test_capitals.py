"""MT101 candidates the heuristics leave alone, or keep, before the model sees them.

These are the heuristics' candidates at any confidence (min_confidence 0): what the language
model is asked about. Clean edited English (GUM, WikiText-2) taught each case.
"""

from __future__ import annotations

import mtcheck
from mtcheck.engine import CheckOptions

CANDIDATES = CheckOptions(select=("MT101",), min_confidence=0.0)


def candidates(text: str) -> list[str]:
    return [text[f.start:f.end] for f in mtcheck.check(text, options=CANDIDATES)]


def test_a_word_the_document_always_capitalises_is_the_authors_choice():
    speech = ("We must always do what is best for our Nation and its people. "
              "The history of this Nation is long, and we are proud of it.")
    assert candidates(speech) == []


def test_a_word_also_written_in_lower_case_stays_a_candidate():
    text = ("We must always do what is best for our Nation and its people. "
            "The history of this Nation is long, and every nation has one.")
    assert candidates(text) == ["Nation", "Nation"]


def test_a_single_capital_stays_a_candidate():
    text = ("He will discuss a number of issues, foremost of which is Withdrawal of US combat "
            "forces from Iraq. The withdrawal is planned for the end of the year.")
    assert candidates(text) == ["Withdrawal"]


def test_repeated_function_words_are_judged_one_by_one():
    text = ("He spoke about many topics, most notably The future of the army. "
            "She spoke about other topics, most notably The budget of the army.")
    assert candidates(text) == ["The", "The"]


def test_a_capital_after_an_ordinal_names_a_unit():
    assert candidates("The North Koreans attacked the 2nd Platoon near the river.") == []
    assert candidates("The road was held by 1st Battalion until the evening.") == []


def test_a_letter_before_an_amount_is_not_an_article():
    assert candidates("One of her paintings sold at a charity auction for A $22,800.") == []
    assert candidates("The painting sold for A$22,000 at the auction in May.") == []
    assert candidates("The song reached number two on the chart A 15% rise in sales.") == []


def test_the_word_after_an_opening_aside_starts_the_sentence():
    # TED transcripts, WMT zh-en (MQM): "(Laughter) What we see is ylang-ylang".
    assert candidates("(Laughter) What we see is ylang-ylang, the flower of flowers.") == []
    assert candidates("[Music] Like this iceberg, they show different sides.") == []
    assert candidates("(Music) Like this iceberg, they show Different sides.") == ["Different"]


def confidence_of(text: str, word: str) -> float:
    found = [f.confidence for f in mtcheck.check(text, options=CANDIDATES)
             if text[f.start:f.end] == word]
    assert found, f"{word!r} is not a candidate"
    return found[0]


def test_the_after_an_opening_preposition_is_a_confident_candidate():
    # MLQE-PE ne-en/si-en: "In The United States, ...", "At The Olympic games, ...".
    assert confidence_of("In The United States, the law took effect in 2008.", "The") >= 0.9
    assert confidence_of("At The Olympic games, Russia was changing its team.", "The") >= 0.9


def test_the_before_a_capital_elsewhere_stays_doubtful():
    # Titles and names start with "The" ("The New York Times", "The Rock") in mid-sentence.
    assert confidence_of("Boulter received a favourable review in The Daily Telegraph.",
                         "The") < 0.5
    assert confidence_of("He later faced The Undertaker at the event.", "The") < 0.5
    assert confidence_of("In May 2017 The Miz and his wife were honoured.", "The") < 0.5
    assert confidence_of("In The Hague, the judges met to discuss the case.", "The") < 0.5


def test_a_function_word_after_an_article_is_a_name():
    # WikiText-2: "born to be a Who villain" (Doctor Who).
    assert confidence_of("Smith said that Grant was born to be a Who villain.", "Who") < 0.5
    assert confidence_of("The court will rule, most notably The future of the army.",
                         "The") >= 0.9


def test_is_after_an_acronym_may_be_a_plural_of_a_class_name():
    # WikiText-2: "A total of 20 UB Is were built" (Type UB I submarines).
    assert confidence_of("A total of 20 UB Is were built in Germany.", "Is") < 0.5
    assert confidence_of("Experts say that the plan Is not ready for a vote.", "Is") >= 0.9


def fixes(text: str) -> list[tuple[str, str]]:
    return [(fix.title, fix.applicability.value)
            for f in mtcheck.check(text, options=CANDIDATES) for fix in f.fixes]


def test_a_function_word_that_may_open_a_sentence_offers_a_full_stop_too():
    # "militias The attack happened": lowercase or a lost full stop; the model chooses.
    assert fixes("Two people were wounded by militias The attack happened at night.") == [
        ("Lowercase 'The' to 'the'", "safe"), ("Insert a full stop before 'The'", "unsafe")]
    # Behind a closing quote the full stop goes after the quote.
    text = 'It was called "the last chance" Even the police said so.'
    [finding] = mtcheck.check(text, options=CANDIDATES)
    full_stop = finding.fixes[1].edits[0]
    assert (full_stop.start, full_stop.replacement) == (text.index('" Even') + 1, ".")


def test_no_full_stop_where_it_cannot_be_the_repair():
    assert fixes("He was born in the north, In the village of his father.") == [
        ("Lowercase 'In' to 'in'", "safe")]  # after a comma
    assert fixes("The ministry is providing Support and training to the police.") == [
        ("Lowercase 'Support' to 'support'", "safe")]  # not a function word
    assert fixes("The aid did not arrive in the city On time.") == [
        ("Lowercase 'On' to 'on'", "safe")]  # one word after it: not a sentence
