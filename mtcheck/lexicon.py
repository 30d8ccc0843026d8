"""What mtcheck knows about English words: which are common lower-case words, which are
names, which are function words. Built from Webster's Second (via ``english-words``, case
preserved) and word frequencies from ``wordfreq``; loaded lazily and once.
"""

from __future__ import annotations

from functools import lru_cache

from mtcheck.data import word_list

_SUFFIXES = ("'s", "’s", "s", "es", "ed", "d", "ing", "ly", "er", "est", "ies", "ied")


def _read_list(name: str) -> frozenset[str]:
    return frozenset(word_list(name))


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Closed-class words (lower case): "the", "including", "therefore"."""
    return _read_list("function_words.txt")


@lru_cache(maxsize=1)
def keep_capitalised() -> frozenset[str]:
    """Words that edited English capitalises inside sentences: months, institutions, titles."""
    return _read_list("keep_capitalised.txt")


@lru_cache(maxsize=1)
def usually_capitalised() -> frozenset[str]:
    """Lower-cased words that edited English mostly capitalises mid-sentence ("china")."""
    return _read_list("usually_capitalised.txt")


@lru_cache(maxsize=1)
def _webster() -> tuple[frozenset[str], frozenset[str]]:
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=False, alpha=True)
    lower = frozenset(w for w in words if w[:1].islower())
    capital = frozenset(w for w in words if w[:1].isupper())
    return lower, capital


def _stems(word: str) -> list[str]:
    """The word and the bases it may be inflected from ("forces" -> "force", "forc")."""
    forms = [word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            forms.append(base)
            if suffix in ("ies", "ied"):
                forms.append(base + "y")
            if suffix in ("ed", "ing", "er", "est"):
                forms.append(base + "e")
                if len(base) >= 4 and base[-1] == base[-2]:
                    forms.append(base[:-1])  # "stopped" -> "stop"
    return forms


def zipf(word: str) -> float:
    """Zipf frequency of the word in English (0 for unknown, about 7.7 for "the")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """Whether the lower-case form is an ordinary English word: "withdrawal", "including"."""
    lower = word.lower()
    if lower in function_words():
        return True
    dictionary, _ = _webster()
    return any(form in dictionary for form in _stems(lower)) and zipf(lower) >= 2.5


@lru_cache(maxsize=65536)
def is_known_name(word: str) -> bool:
    """Whether the capitalised form is a name in the dictionary: "Washington", "Kurds"."""
    _, names = _webster()
    title = word[:1].upper() + word[1:].lower()
    if any(form in names for form in _stems(title)):
        return True
    return word.lower() in usually_capitalised() or any(
        form in usually_capitalised() for form in _stems(word.lower())[1:2])


@lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    """Whether the word is English at all, in any case, or a frequent token (for MT403)."""
    lower = word.lower()
    dictionary, names = _webster()
    if any(form in dictionary for form in _stems(lower)):
        return True
    title = lower[:1].upper() + lower[1:]
    if any(form in names for form in _stems(title)):
        return True
    return zipf(lower) >= 2.0
