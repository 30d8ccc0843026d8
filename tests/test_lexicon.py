"""The lexicon's lookup table: built once into the cache, same answers as its sources."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from mtcheck import lexicon


@pytest.fixture
def fresh_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The lexicon with an empty cache directory and no answers remembered."""
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))

    def clear() -> None:
        for function in (lexicon._table, lexicon._entries, lexicon.zipf, lexicon.is_common_word,
                         lexicon.is_known_name, lexicon.is_english_word, lexicon.letter_trigrams):
            function.cache_clear()

    clear()
    yield tmp_path
    clear()


def _answers() -> dict[str, tuple[object, ...]]:
    words = ["withdrawal", "Withdrawal", "including", "Washington", "Kurds", "kalzeraih",
             "Cgtar", "forces", "stopped", "China", "the", "e-mail", "father's", "2010"]
    return {w: (lexicon.zipf(w), lexicon.is_common_word(w), lexicon.is_known_name(w),
                lexicon.is_english_word(w)) for w in words}


def test_first_use_builds_the_table_and_later_uses_read_it(fresh_lexicon: Path):
    built = _answers()
    tables = list((fresh_lexicon / "lexicon").glob("*.sqlite3"))
    assert len(tables) == 1
    assert not list((fresh_lexicon / "lexicon").glob("*.tmp"))
    assert isinstance(lexicon._table(), lexicon._SQLiteTable)
    lexicon._table.cache_clear()
    for function in (lexicon._entries, lexicon.zipf, lexicon.is_common_word,
                     lexicon.is_known_name, lexicon.is_english_word):
        function.cache_clear()
    assert _answers() == built
    assert built["Washington"][2] and built["withdrawal"][1] and not built["kalzeraih"][3]


def test_zipf_matches_wordfreq(fresh_lexicon: Path):
    from wordfreq import get_frequency_dict, zipf_frequency

    words = sorted(get_frequency_dict("en"))
    sample = random.Random(7).sample(words, 3000) + ["Washington", "IRAQ", "qzxv", "e-mail"]
    for word in sample:
        assert lexicon.zipf(word) == zipf_frequency(word, "en"), word


def test_dictionary_matches_websters(fresh_lexicon: Path):
    from english_words import get_english_words_set

    web2 = sorted(get_english_words_set(["web2"], lower=False, alpha=True))
    for word in random.Random(3).sample(web2, 2000):
        kinds = lexicon._table().entries([word])[word][1]
        assert kinds & (lexicon.LOWER if word[:1].islower() else lexicon.CAPITAL), word
    assert lexicon._table().entries(["Qzxvwk"]) == {}


def test_letter_trigrams_count_common_words(fresh_lexicon: Path):
    trigrams = lexicon.letter_trigrams()
    assert trigrams["^th"] > 100
    assert trigrams.get("^cg", 0) < 5


def test_a_corrupt_table_is_rebuilt(fresh_lexicon: Path):
    path = lexicon._table_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database" * 100)
    assert lexicon.is_common_word("withdrawal")
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM words").fetchone()[0] > 200_000
    connection.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_a_read_only_cache_keeps_the_table_in_memory(fresh_lexicon: Path):
    fresh_lexicon.chmod(0o500)
    try:
        assert lexicon.is_common_word("withdrawal") and not lexicon.is_common_word("Kalzeraih")
        assert isinstance(lexicon._table(), lexicon._MemoryTable)
    finally:
        fresh_lexicon.chmod(0o700)


def test_an_unwritable_cache_path_keeps_the_table_in_memory(fresh_lexicon: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    blocker = fresh_lexicon / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(blocker))  # a file: no directory inside it
    assert lexicon.is_known_name("Washington")
    assert isinstance(lexicon._table(), lexicon._MemoryTable)


def test_modern_and_british_forms_reach_their_dictionary_base():
    # Webster's (1934) lists "game", "early", "recognize", not "gamers", "earlier",
    # "recognising": the capital rules must still see them as everyday words.
    assert lexicon.lower_case_bases("gamers")[-1] == "game"
    for word in ("Earlier", "Gamers", "Teenagers", "Recognising", "Organisations"):
        assert lexicon.is_common_word(word), word
    for word in ("Kalzeraih", "Obama"):
        assert not lexicon.is_common_word(word), word


def test_a_name_takes_only_a_plural_or_a_possessive_ending():
    for name in ("Kurds", "Americans", "Joneses", "Tories", "Austin's", "Washington"):
        assert lexicon.is_known_name(name), name
    # "Send" is no form of "Sen", "Stated" of "State", "Thinking" of "Think", "Water" of
    # "Wat", "Times" of "Tim": only their own entries could make them names.
    for word in ("Send", "Stated", "Thinking", "Water", "Really", "Stand"):
        assert not lexicon.is_known_name(word), word
    assert "Jones" in lexicon.name_forms("Joneses")


def test_irregular_forms_the_dictionary_lacks_are_everyday_words():
    for word in ("became", "Held", "paid", "women", "feet", "withdrew"):
        assert lexicon.is_common_word(word), word
