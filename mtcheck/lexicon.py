"""What mtcheck knows about English words: which are common lower-case words, which are
names, which are function words, how frequent a word is.

The sources are Webster's Second (via ``english-words``, case preserved) and the English word
frequencies of ``wordfreq``. Loading those two packages takes about half a second, more than
checking a long article, so the first use builds a lookup table from them once: an SQLite
file under ``$MTCHECK_CACHE_DIR/lexicon`` (default: the user cache directory), named by the
two packages' versions. Later processes open the file and pay only for the words they look
up. Where the cache directory cannot be written, the table is built in memory instead; the
answers are the same either way.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Protocol

from mtcheck.data import word_list
from mtcheck.paths import cache_root

LEXICON_FORMAT = 1
# Letter trigrams count as English when they occur in these most frequent words (MT403).
TRIGRAM_VOCABULARY = 50_000
# Entry kinds (bits): in Webster's with a lower-case initial, with a capital initial.
LOWER = 1
CAPITAL = 2

_SUFFIXES = ("'s", "’s", "s", "es", "ed", "d", "ing", "ly", "er", "est", "ies", "ied")
# Words whose wordfreq frequency is their own table entry (others go through wordfreq's
# tokenizer: "e-mail", "2010", "father's").
_SIMPLE_WORD = re.compile(r"[A-Za-z]+")


class _Table(Protocol):
    """Where the lexicon's entries live: ``word -> (zipf, kinds)`` plus trigram counts."""

    def entries(self, words: Sequence[str]) -> dict[str, tuple[float, int]]: ...

    def trigrams(self) -> dict[str, int]: ...


class _MemoryTable:
    def __init__(self, rows: dict[str, tuple[float, int]], trigrams: dict[str, int]) -> None:
        self._rows = rows
        self._trigrams = trigrams

    def entries(self, words: Sequence[str]) -> dict[str, tuple[float, int]]:
        return {w: self._rows[w] for w in words if w in self._rows}

    def trigrams(self) -> dict[str, int]:
        return self._trigrams


class _SQLiteTable:
    """The table as an SQLite file, opened read-only (again in a forked worker process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = -1
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self._connection = sqlite3.connect(
                f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._connection

    def entries(self, words: Sequence[str]) -> dict[str, tuple[float, int]]:
        query = ("SELECT word, zipf, kinds FROM words WHERE word IN "
                 f"({','.join('?' * len(words))})")
        return {word: (zipf, kinds) for word, zipf, kinds in self._connect().execute(query, words)}

    def trigrams(self) -> dict[str, int]:
        return dict(self._connect().execute("SELECT trigram, count FROM trigrams"))

    def is_complete(self) -> bool:
        try:
            row = self._connect().execute(
                "SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == str(LEXICON_FORMAT)


def _zipf_of(frequency: float) -> float:
    """wordfreq's Zipf value of a frequency (checked against ``zipf_frequency`` in tests)."""
    return round(math.log10(frequency) + 9, 2)


def _source_entries() -> tuple[dict[str, tuple[float, int]], dict[str, int]]:
    """The entries and trigram counts, computed from the installed packages."""
    from english_words import get_english_words_set
    from wordfreq import get_frequency_dict, top_n_list

    rows = {word: (_zipf_of(frequency), 0)
            for word, frequency in get_frequency_dict("en").items()}
    for word in get_english_words_set(["web2"], lower=False, alpha=True):
        zipf, kinds = rows.get(word, (0.0, 0))
        rows[word] = (zipf, kinds | (LOWER if word[:1].islower() else CAPITAL))
    trigrams: Counter[str] = Counter()
    for word in top_n_list("en", TRIGRAM_VOCABULARY):
        if word.isascii() and word.isalpha():
            padded = f"^{word}$"
            trigrams.update({padded[i:i + 3] for i in range(len(padded) - 2)})
    return rows, dict(trigrams)


def _table_path() -> Path:
    versions = "-".join(metadata.version(name) for name in ("english-words", "wordfreq"))
    return cache_root() / "lexicon" / f"v{LEXICON_FORMAT}-{versions}.sqlite3"


def _write_table(path: Path, rows: dict[str, tuple[float, int]],
                 trigrams: dict[str, int]) -> None:
    """Write the table to a temporary file beside ``path``, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(descriptor)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                "CREATE TABLE words (word TEXT PRIMARY KEY, zipf REAL NOT NULL,"
                " kinds INTEGER NOT NULL) WITHOUT ROWID;"
                "CREATE TABLE trigrams (trigram TEXT PRIMARY KEY, count INTEGER NOT NULL);"
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
            connection.executemany("INSERT INTO words VALUES (?, ?, ?)",
                                   ((word, *rows[word]) for word in sorted(rows)))
            connection.executemany("INSERT INTO trigrams VALUES (?, ?)", trigrams.items())
            connection.execute("INSERT INTO meta VALUES ('format', ?)", (str(LEXICON_FORMAT),))
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


@lru_cache(maxsize=1)
def _table() -> _Table:
    """The cached SQLite table (built on first use), or an in-memory one."""
    try:
        path = _table_path()
    except metadata.PackageNotFoundError:
        path = None
    if path is not None and path.is_file():
        table = _SQLiteTable(path)
        if table.is_complete():
            return table
    rows, trigrams = _source_entries()
    if path is not None:
        try:
            _write_table(path, rows, trigrams)  # replaces a corrupt file, too
            return _SQLiteTable(path)
        except (OSError, sqlite3.Error):
            pass  # a read-only or full cache directory: keep the table in memory
    return _MemoryTable(rows, trigrams)


@lru_cache(maxsize=65536)
def _entries(forms: tuple[str, ...]) -> dict[str, tuple[float, int]]:
    return _table().entries(forms)


def _has(forms: Iterable[str], kind: int) -> bool:
    forms = tuple(forms)
    return any(kinds & kind for _, kinds in _entries(forms).values())


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
def irregular_forms() -> frozenset[str]:
    """Irregular forms the dictionary does not list ("became", "held", "women")."""
    return _read_list("irregular_forms.txt")


@lru_cache(maxsize=1)
def usually_capitalised() -> frozenset[str]:
    """Lower-cased words that edited English mostly capitalises mid-sentence ("china")."""
    return _read_list("usually_capitalised.txt")


def stems(word: str) -> list[str]:
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


def lower_case_bases(word: str) -> list[str]:
    """``stems`` of a lower-case ``word``, and the forms behind them that a 1934 dictionary
    lists: a plural of an agent noun ("gamers" -> "game", "teenagers" -> "teenage"), a
    comparative in -ier ("earlier" -> "early"), a British -ise spelling ("recognising" ->
    "recognize", "organisations" -> "organization")."""
    forms = stems(word)
    if word.endswith("s") and len(word) > 4:
        forms += stems(word[:-1])[1:]
    for suffix in ("ier", "iest"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + "y")
    forms += [form[:-3] + "ize" for form in forms if form.endswith("ise") and len(form) > 5]
    forms += [form.replace("isation", "ization") for form in forms if "isation" in form]
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency of the word in English (0 for unknown, about 7.7 for "the")."""
    if _SIMPLE_WORD.fullmatch(word):
        lower = word.lower()
        entry = _entries((lower,)).get(lower)
        return entry[0] if entry else 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """Whether the lower-case form is an ordinary English word: "withdrawal", "including"."""
    lower = word.lower()
    if lower in function_words():
        return True
    known = _has(lower_case_bases(lower), LOWER) or lower in irregular_forms()
    return known and zipf(lower) >= 2.5


def name_forms(word: str) -> list[str]:
    """The word and the names it may be a plural or a possessive of ("Kurds" -> "Kurd",
    "Joneses" -> "Jones", "Tories" -> "Tory", "Austin's" -> "Austin"). A name takes no other
    ending: "Stated" is not a form of "State", nor "Send" of "Sen", "Thinking" of "Think" or
    "Water" of "Wat"."""
    forms = [word]
    for suffix in ("'s", "’s", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)])
    if word.endswith(("ses", "xes", "zes", "ches", "shes")) and len(word) >= 6:
        forms.append(word[:-2])
    if word.endswith("ies") and len(word) >= 5:
        forms.append(word[:-3] + "y")  # "Tories" -> "Tory"
    return forms


@lru_cache(maxsize=65536)
def is_known_name(word: str) -> bool:
    """Whether the capitalised form is a name in the dictionary: "Washington", "Kurds"."""
    title = word[:1].upper() + word[1:].lower()
    if _has(name_forms(title), CAPITAL):
        return True
    return any(form in usually_capitalised() for form in name_forms(word.lower()))


@lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    """Whether the word is English at all, in any case, or a frequent token (for MT403)."""
    lower = word.lower()
    if _has(lower_case_bases(lower), LOWER):
        return True
    title = lower[:1].upper() + lower[1:]
    if _has(stems(title), CAPITAL):
        return True
    return zipf(lower) >= 2.0


@lru_cache(maxsize=65536)
def has_frequency(word: str) -> bool:
    """Whether wordfreq knows the word or a base it may be inflected from ("steadicams")."""
    return any(zipf(form) > 0 for form in stems(word.lower()))


@lru_cache(maxsize=1)
def letter_trigrams() -> dict[str, int]:
    """How many of the most frequent English words contain each letter trigram, with ``^``
    and ``$`` marking the word's edges ("^th": many, "^cg": none)."""
    return _table().trigrams()
