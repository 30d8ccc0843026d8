"""The English part of a model's vocabulary, over which capital decisions are normalised.

Gemma's vocabulary has 262k tokens, most of them for other languages and scripts; projecting
onto all of them is about half the cost of a decision. In English prose nearly all of the
probability goes to a few tens of thousands of tokens, so a comparison normalises over those
plus the token being scored: ``log p(t) = z_t - log(sum_{s in S} exp z_s + [t not in S] exp z_t)``.
Both variants of a comparison are normalised the same way, so the mass left out (on English
text about 0.07 nats per position on average) largely cancels in the margin.

The subset is read off the tokenizer, never shipped: the tokens of the most frequent English
words (wordfreq) as they appear mid-sentence and at a sentence start, lower-case and
capitalised, plus every short ASCII token (punctuation, digits, one- and two-letter pieces).
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

from mtcheck.paths import cache_root, write_cache_file

# Most frequent English words whose tokens make up the subset: 20k words give about 58k of
# Gemma's tokens (22%), holding all but 0.07 nats of the mass on English text on average.
ENGLISH_WORDS = 20_000
# Below this share of the vocabulary a subset is not worth the bookkeeping (SmolLM2's 49k
# vocabulary is mostly English already).
WORTHWHILE_SHARE = 0.5
# Bump when the choice of tokens changes; old cache files are then ignored.
FORMAT = 1
_SHORT_CHARACTERS = (set(string.printable) - set("\t\n\r\x0b\x0c")) | set("▁’‘“”–—…")


def english_token_ids(tokenizer: Any, vocabulary_size: int | None = None) -> list[int] | None:
    """Sorted ids of the English subset, or None when it would not save much (or cannot be
    built: no wordfreq, or a tokenizer that cannot list its vocabulary).

    Computed once per tokenizer and cached under the model cache root: building it loads
    wordfreq's English list, which takes seconds and a couple of hundred MB.
    """
    path = _cache_file(tokenizer)
    ids = _read(path) if path is not None else None
    if ids is None:
        try:
            ids = _compute(tokenizer)
        except (ImportError, AttributeError, NotImplementedError):
            return None
        if path is not None:
            _write(path, ids)
    size = vocabulary_size if vocabulary_size is not None else max(ids, default=-1) + 1
    chosen = [i for i in ids if i < size]
    if len(chosen) > WORTHWHILE_SHARE * size:
        return None
    return chosen


def _compute(tokenizer: Any) -> list[int]:
    from wordfreq import top_n_list

    ids = {i for piece, i in tokenizer.vocabulary().items()
           if piece and len(piece.replace("▁", "")) <= 2
           and all(c in _SHORT_CHARACTERS for c in piece)}
    words = [w for w in top_n_list("en", ENGLISH_WORDS) if w.isascii()]
    forms = [form for w in words for form in (" " + w, " " + w.capitalize(), w, w.capitalize())]
    for row in tokenizer.encode_many(forms):
        ids.update(row)
    return sorted(i for i in ids if i >= 0)


def _cache_file(tokenizer: Any) -> Path | None:
    fingerprint = getattr(tokenizer, "fingerprint", None)
    if not fingerprint:
        return None
    return cache_root() / "english-tokens" / f"{fingerprint[:24]}-w{ENGLISH_WORDS}-v{FORMAT}.json"


def _read(path: Path) -> list[int] | None:
    """The cached ids, or None when the file is missing or not what we wrote."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ids = data["ids"]
        if (data.get("format") != FORMAT or not isinstance(ids, list)
                or not all(isinstance(i, int) and i >= 0 for i in ids) or ids != sorted(ids)
                or data.get("count") != len(ids)):
            return None
        return ids
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write(path: Path, ids: list[int]) -> None:
    """Cache the ids; a read-only cache just means no cache."""
    write_cache_file(path, json.dumps({"format": FORMAT, "count": len(ids), "ids": ids}).encode())


__all__ = ["ENGLISH_WORDS", "english_token_ids"]
