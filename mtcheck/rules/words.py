"""MT401 repeated-word, MT402 glued-words, MT403 untranslated-fragment, MT404 article-agreement.

Word-level marks of machine translation: a word written twice ("the the"), two words run
together ("governmentInformation"), a transliterated word that is neither English nor a
plausible name ("to Ataatovr the conditions"), and "a"/"an" before the wrong sound. All of
them lean on the English lexicon (Webster's Second and wordfreq, see ``mtcheck.lexicon``);
none uses a hand-written word list except the legitimate repeats in ``data/``.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from mtcheck import lexicon
from mtcheck.data import word_list
from mtcheck.documents import Document, counted, is_about_software
from mtcheck.model import Applicability, Edit, Finding, Fix, Segment, Span
from mtcheck.rules import Example, Rule, register
from mtcheck.words import LETTER_WORD


def _is_prose(document: Document, start: int, end: int) -> bool:
    return document.text[start:end] == document.prose[start:end]


def _read_lines(name: str) -> list[str]:
    return word_list(name)


# --- MT401 repeated-word -------------------------------------------------------------------

_LETTER_RUN = re.compile(r"[^\W\d_]+")
# Quotes that set a repeat apart as a mention, and the mark that closes each.
_QUOTE_OPENS = {'"': '"', "“": "”", "'": "'", "‘": "’", "`": "`"}
# A combining mark after a word is part of it ("the the\u0301" is "the thé", no repeat).
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_REPEAT = re.compile(
    rf"(?<![\w'’-])([^\W\d_]+)((?:[ \t]+|[ \t]*\n[ \t]*)\1)+(?![\w'’{_COMBINING}-])",
    re.IGNORECASE)


@lru_cache(maxsize=1)
def legitimate_repeats() -> frozenset[str]:
    """Words English does repeat: "had had", "that that", "bye bye"."""
    return frozenset(word.lower() for word in _read_lines("repeated_words_ok.txt"))


def find_repeated_words(document: Document) -> Iterator[Finding]:
    prose = document.prose
    for segment in document.segments:
        # A repeat needs two equal runs of letters in a row; most segments have none, and
        # comparing the runs is cheaper than the pattern's scan.
        runs = _LETTER_RUN.findall(prose[segment.span.start:segment.span.end].lower())
        if not any(map(operator.eq, runs, runs[1:])):
            continue
        for match in _REPEAT.finditer(prose, segment.span.start, segment.span.end):
            start, end = match.span()
            first = match.group(1)
            if not _is_prose(document, start, end) or first.lower() in legitimate_repeats():
                continue
            if _QUOTE_OPENS.get(prose[start - 1 : start]) == prose[end : end + 1]:
                continue  # 'fix "the the" typos': the repeat named, not made
            copies = re.findall(r"[^\W\d_]+", match.group())
            if len({c.lower() for c in copies}) != 1 or not all(
                    c == first or c.lower() == first.lower() and c.islower() for c in copies[1:]):
                continue  # "Walla Walla" stays; "The the" and "the The" differ in case only
            if len(copies) == 2 and first[:1].isupper() and (
                    first.lower() not in lexicon.function_words()):
                continue  # a doubled name: "Sirhan Sirhan", "Bora Bora"; not "The the"
            yield Finding(
                "MT401", REPEATED_WORD.name, f"'{first}' is repeated",
                Span(start, end), REPEATED_WORD.severity, 0.9,
                (Fix(f"Delete the repeated '{first}'",
                     (_repeat_deletion(document.text, start, end, len(first)),)),),
            )


def _repeat_deletion(text: str, start: int, end: int, length: int) -> Edit:
    """The edit that deletes the repeats of the ``length``-letter word at ``start`` up to
    ``end``, keeping one. Across a line break it keeps the lines ("of the⏎the fronts" becomes
    "of the⏎fronts"): a file of one segment per line stays aligned with its references. The
    copy deleted is the one that shares its line with another word, with the blanks between;
    two copies alone on their lines become one line.
    """
    first_end, last_start = start + length, end - length
    if text[first_end:last_start].strip(" \t") == "\n":  # two copies, a line break between
        # Before a letter, so that no Markdown block starts there ("the⏎the 1. place").
        after = re.match(r"[ \t]+(?=[^\W\d_])", text[end:end + 200])
        if after:
            return Edit(last_start, end + after.end(), "")  # "of the⏎the fronts"
        before = re.search(r"(?<=[^\s])[ \t]+\Z", text[max(0, start - 200):start])
        if before:
            return Edit(start - len(before.group()), first_end, "")  # "of the⏎the⏎fronts"
    return Edit(first_end, end, "")


# --- MT402 glued-words ---------------------------------------------------------------------

_CAMEL_GLUE = re.compile(r"(?<![\w'’-])([a-z]{3,})([A-Z][a-z]{2,})(?![\w'’.-])")
# Around a camelCase word, what makes it code: a member ("fs.copyFile", "Array#indexOf",
# "lib/internalBinding") or a call ("createServer(").
_MEMBER_MARK = ".#/:$@"
_TOKEN = re.compile(r"(?<![\w'’-])[a-zA-Z]{6,}(?![\w'’-])")
_CALL_MARK = "("
# A document that writes this many different camelCase words, at least one per
# CODE_WORDS_SPAN words, is about code ("strictEqual", "nextTick", "saltLength" in a changelog):
# machine translation glues a word here and there.
CODE_WORDS = 3
CODE_WORDS_SPAN = 2000
_LOWER_TOKEN = re.compile(r"(?<![\w'’-])[a-z]{12,}(?![\w'’.-])")
# Both halves of a glued lower-case word must be common words of five letters or more
# (calibrated on clean English: shorter or rarer halves are mostly real compounds,
# "superfiring", "kneebreaker", "sorrowstricken").
_MIN_PART = 5
_COMMON_PART = 3.8
# Two words glued together are never longer than this; trying every cut of a hostile
# 200,000-letter "word" would take time and memory quadratic in its length.
_MAX_GLUED_LENGTH = 40


def _best_split(word: str) -> int | None:
    """Where ``word`` splits into two common English words, if it does (best split first)."""
    best: tuple[float, int] | None = None
    if len(word) > _MAX_GLUED_LENGTH:
        return None
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        if not (lexicon.is_common_word(left) and lexicon.is_common_word(right)):
            continue
        score = min(lexicon.zipf(left), lexicon.zipf(right))
        if score >= _COMMON_PART and (best is None or score > best[0]):
            best = (score, cut)
    return best[1] if best else None


def _glued(document: Document, start: int, cut: int, end: int) -> Finding:
    text = document.text
    left, right = text[start:cut], text[cut:end]
    return Finding(
        "MT402", GLUED_WORDS.name, f"'{left}{right}' looks like two words glued together",
        Span(start, end), GLUED_WORDS.severity, 0.8,
        (Fix(f"Split into '{left} {right}'", (Edit(cut, cut, " "),), Applicability.UNSAFE),),
    )


def find_glued_words(document: Document) -> Iterator[Finding]:
    """Two common words run together ("governmentInformation", "parliamentaryeconomic"),
    unless the document shows the token is code or a term: it writes the token twice (a
    glued pair is an accident; an identifier or a user name is used again), as a member or a
    call ("fs.copyFile", "webmessaging/broadcastchannel", "createServer("), or writes many
    different camelCase words (``CODE_WORDS``)."""
    found = [*_camel_case_pairs(document), *_lower_case_pairs(document)]
    if not found:
        return
    camel_case = {document.text[start:end] for start, _, end in found
                  if not document.text[start:end].islower()}
    if (len(camel_case) >= CODE_WORDS
            and len(camel_case) * CODE_WORDS_SPAN >= len(document.prose.split())):
        found = [(start, cut, end) for start, cut, end in found
                 if document.text[start:end].islower()]
    uses = counted(document, _TOKEN, str.lower)
    for start, cut, end in sorted(found):
        if uses[document.text[start:end].lower()] < 2 and not _is_code(document.text, start, end):
            yield _glued(document, start, cut, end)


def _camel_case_pairs(document: Document) -> Iterator[tuple[int, int, int]]:
    """``(start, cut, end)`` of each prose token made of two common words, the second
    capitalised."""
    prose = document.prose
    for segment in document.segments:
        for match in _CAMEL_GLUE.finditer(prose, segment.span.start, segment.span.end):
            left, right = match.group(1), match.group(2)
            if not _is_prose(document, match.start(), match.end()):
                continue
            if lexicon.zipf(match.group().lower()) > 0:
                continue  # a known brand written this way ("airBaltic" is not; "eBay" is)
            if lexicon.is_common_word(left) and lexicon.is_common_word(right) and min(
                    lexicon.zipf(left), lexicon.zipf(right.lower())) >= _COMMON_PART - 0.5:
                yield match.start(), match.start(2), match.end()


def _lower_case_pairs(document: Document) -> Iterator[tuple[int, int, int]]:
    """``(start, cut, end)`` of each long lower-case prose token that is no word but splits
    into two common ones."""
    prose = document.prose
    for segment in document.segments:
        for match in _LOWER_TOKEN.finditer(prose, segment.span.start, segment.span.end):
            word = match.group()
            if not _is_prose(document, match.start(), match.end()):
                continue
            if lexicon.is_english_word(word) or lexicon.zipf(word) > 0:
                continue
            cut = _best_split(word)
            if cut is not None:
                yield match.start(), match.start() + cut, match.end()


def _is_code(text: str, start: int, end: int) -> bool:
    """Whether the token at ``text[start:end]`` is a member or a call."""
    return (start > 0 and text[start - 1] in _MEMBER_MARK
            or text[end : end + 1] == _CALL_MARK)


# --- MT403 untranslated-fragment -----------------------------------------------------------

_LATIN_TOKEN = LETTER_WORD
_UNK = re.compile(r"<unk>")
_QUOTES_AROUND = "\"'“”‘’«»*_[]()"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


# Text made only of ASCII, Latin-1, Latin Extended, punctuation and symbols has no
# non-Latin letters at all.
_ONLY_LATIN = re.compile(r"[\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f"
                         r"\u2190-\u21ff\u2200-\u22ff\u2500-\u27bf\ufb00-\ufb06]*")


def _script(ch: str) -> str:
    """"LATIN", "CYRILLIC", "ARABIC", ... for a letter; "" for anything else."""
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    if name.startswith(("LATIN", "MODIFIER")) or ch in "ºª":
        return "LATIN"
    return name.split(" ")[0]


# A capitalised word is "very un-English" when at least two of its letter trigrams occur in
# fewer than three of the 50,000 commonest English words (calibrated on clean English).
_RARE_TRIGRAM = 3
_RARE_TRIGRAMS_NEEDED = 3
# Fewer common English words than this start with the word's first two letters ("Cg-").
_RARE_START = 5
# Verbs that follow a sentence's subject: a capitalised unknown word before them is a name.
_SUBJECT_VERBS = frozenset({"was", "is", "has", "had", "were", "are", "said", "says", "told",
                            "became", "won", "joined", "died", "wrote", "returned", "left"})
# Words that introduce a term on purpose: "a ship called the Gulfwing", "the term jidacheng".
_INTRODUCERS = frozenset({"called", "named", "term", "terms", "word", "words", "known", "as",
                          "dubbed", "titled", "entitled"})


@lru_cache(maxsize=1)
def english_suffixes() -> tuple[str, ...]:
    """Endings of English derived words ("-isation", "-ides"): a sign of a term, not MT."""
    return tuple(sorted(_read_lines("english_suffixes.txt"), key=len, reverse=True))


def _rare_trigrams(word: str) -> int:
    padded = f"^{word.lower()}$"
    counts = lexicon.letter_trigrams()
    return sum(1 for i in range(len(padded) - 2) if counts.get(padded[i:i + 3], 0) < _RARE_TRIGRAM)


def _impossible_start(word: str) -> bool:
    """Starts with two letters (almost) no common English word starts with ("Cgtar")."""
    return lexicon.letter_trigrams().get(f"^{word[:2].lower()}", 0) < _RARE_START


def _un_english_capitalised(prose: str, tokens: list[re.Match[str]], index: int) -> bool:
    """A capitalised unknown word that is not a plausible name.

    Names stand next to other names, after prepositions and articles ("in Nasiriyah"), or
    as subjects. A word that starts in a way no English word does ("Cgtar"), that is very
    un-English, or that sits in a run of lower-case words where no name is introduced
    ("the productive sectors Kalzeraih, industrial") is left-over transliteration.
    """
    match = tokens[index]
    word, (start, end) = match.group(), match.span()
    previous = tokens[index - 1].group() if index else ""
    following = tokens[index + 1].group() if index + 1 < len(tokens) else ""
    if _impossible_start(word):
        # Still a name after a title or before a place word: "Emperor Xuanzong", "Wuzhi
        # Mountain"; not in "available Cgtar Mali".
        return not previous[:1].isupper() and following not in lexicon.keep_capitalised()
    if _next_to_capitalised(prose, start, end) or following in _SUBJECT_VERBS:
        return False  # a run of names, or a name as a subject ("Faarooq was injured")
    rare = _rare_trigrams(word)
    if rare >= _RARE_TRIGRAMS_NEEDED:
        return True
    if rare < 2 or index == 0:
        return False
    gap = prose[tokens[index - 1].end():start]
    return (gap == " " and previous.islower() and previous.endswith("s")
            and previous not in lexicon.function_words())


def _next_to_capitalised(prose: str, start: int, end: int) -> bool:
    """Part of a run of capitalised words: most likely a name ("Ichiyo Higuchi")."""
    before = re.search(r"([\w'’-]+)[ \t]+$", prose[max(0, start - 40):start])
    after = re.match(r"[ \t]+([\w'’-]+)", prose[end:end + 40])
    return bool((before and before.group(1)[0].isupper())
                or (after and after.group(1)[0].isupper()))


# Longer than any English word or pair of words; a hostile "word" of 200,000 letters would
# otherwise make 10**12 characters of one-letter edits.
_MAX_TYPO_LENGTH = 40


@lru_cache(maxsize=65536)
def _is_typo_or_compound(word: str) -> bool:
    """An English word with one letter wrong ("collasped"), or two words run together."""
    lower = word.lower()
    if len(lower) > _MAX_TYPO_LENGTH:
        return False  # the edits below take memory quadratic in the length
    for cut in range(3, len(lower) - 2):
        if lexicon.is_english_word(lower[:cut]) and lexicon.is_english_word(lower[cut:]):
            return True
    edits = set()
    for i in range(len(lower) + 1):
        head, tail = lower[:i], lower[i:]
        if tail:
            edits.add(head + tail[1:])
            edits.update(head + c + tail[1:] for c in _LETTERS)
        if len(tail) > 1:
            edits.add(head + tail[1] + tail[0] + tail[2:])
        edits.update(head + c + tail for c in _LETTERS)
    return any(lexicon.zipf(edit) >= 2.5 for edit in edits if edit != lower)


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before in _QUOTES_AROUND or after in _QUOTES_AROUND


def _is_foreign_run(tokens: list[re.Match[str]], index: int, unknown: set[int]) -> bool:
    """Several unknown words close together, or a word with letters English does not use
    ("at Øhavet's smakkecenter on Strynø") nearby: a foreign title, phrase or place, not
    MT (transliteration left by MT is plain ASCII)."""
    near = [j for j in range(max(0, index - 3), min(len(tokens), index + 4)) if j != index]
    return any(j in unknown for j in near) or any(
        not tokens[j].group().isascii() for j in near if abs(j - index) <= 2)


def _introduced_or_glossed(prose: str, tokens: list[re.Match[str]], index: int) -> bool:
    """A term introduced ("called batrachichni"), glossed ("lakandula (lord)"), a species
    name after its genus ("Attalea vitrivir"), or a domain ("Musicnotes.com")."""
    match = tokens[index]
    after = prose[match.end():match.end() + 3]
    if re.match(r"\s*\(|\.\w", after):
        return True
    if index == 0:
        return False
    previous = tokens[index - 1].group()
    gap = prose[tokens[index - 1].end():match.start()]
    if previous.lower() in _INTRODUCERS and gap.strip(" ,") == "":
        return True
    if len(previous) == 1 and previous.isupper() and gap.strip() == ".":
        return True  # "A. brejinhoensis"
    return previous[:1].isupper() and gap.strip() in ("", ".") and not lexicon.is_common_word(
        previous)


def _fragment_candidates(document: Document, segment: Segment
                         ) -> Iterator[tuple[int, int, str]]:
    text, prose = document.text, document.prose
    # In a document about software a lower-case unknown word names a tool, a function or a
    # person's handle: 275 of 313 MT403 flags on 398 files of developer documentation.
    software = is_about_software(document)
    # Most segments hold no unknown word: looking at the distinct words first tells.
    unknown_words = {word for word in set(_LATIN_TOKEN.findall(prose, segment.span.start,
                                                                segment.span.end))
                     if word.isascii() and not lexicon.is_english_word(word)}
    if not unknown_words:
        return
    tokens = list(_LATIN_TOKEN.finditer(prose, segment.span.start, segment.span.end))
    unknown = {index for index, match in enumerate(tokens) if match.group() in unknown_words}
    for index in sorted(unknown):
        match = tokens[index]
        word, (start, end) = match.group(), match.span()
        if len(word) < 4 or not _is_prose(document, start, end) or _quoted(text, start, end):
            continue
        # Each word's uses in the prose, ignoring case: counted once, when the first unknown
        # word asks (most documents have none).
        uses = counted(document, _LATIN_TOKEN, str.lower, in_prose=True)
        if uses[word.lower()] > 1 or _is_foreign_run(tokens, index, unknown):
            continue  # a term the text uses on purpose, or a foreign phrase or title
        if _introduced_or_glossed(prose, tokens, index):
            continue
        if word.islower():
            if software:
                continue  # "built on libuv", "run ldconfig", "add santigimeno as a collaborator"
            if (not lexicon.has_frequency(word) and not word.endswith(english_suffixes())
                    and not _is_typo_or_compound(word)):
                yield start, end, f"'{word}' is not an English word: an untranslated fragment?"
        elif word.istitle() and len(word) >= 5 and not lexicon.is_known_name(word):
            if lexicon.zipf(word) == 0 and _un_english_capitalised(prose, tokens, index):
                yield start, end, (f"'{word}' is neither an English word nor a likely name:"
                                   " an untranslated fragment?")


def _non_latin_runs(document: Document, segment: Segment) -> Iterator[tuple[int, int, str]]:
    """Runs of non-Latin script inside English prose (not a gloss in brackets)."""
    text, prose = document.text, document.prose
    body = prose[segment.span.start:segment.span.end]
    if _ONLY_LATIN.fullmatch(body):
        return  # the common case: nothing outside Latin script, no need to name letters
    latin = sum(1 for ch in body if _script(ch) == "LATIN")
    foreign = sum(1 for ch in body if _script(ch) not in ("", "LATIN"))
    if latin < 20 or foreign > latin:
        return  # not English prose with a fragment in it
    index = segment.span.start
    while index < segment.span.end:
        script = _script(prose[index])
        if script in ("", "LATIN"):
            index += 1
            continue
        end = index
        while end < segment.span.end and (_script(prose[end]) == script or (
                prose[end] == " " and end + 1 < segment.span.end
                and _script(prose[end + 1]) == script)):
            end += 1
        if end - index >= 2 and _is_prose(document, index, end) and not _glossed(
                text, segment, index, end):
            yield index, end, f"'{text[index:end]}' is in {script.title()} script, not English"
        index = end


def _glossed(text: str, segment: Segment, start: int, end: int) -> bool:
    """Original script given on purpose: in brackets, after "Arabic:", or after a name."""
    before = text[segment.span.start:start]
    if before.count("(") > before.count(")") or before.count("[") > before.count("]"):
        return True
    stripped = before.rstrip()
    if stripped.endswith((":", ",", "/", "“", "\"", "«")) or re.match(r"\s*[(\[]", text[end:]):
        return True  # "(Greek: Αθήνα)", "集大成 (jídàchéng)"
    last = re.search(r"(?<!\w)(\w++)\W*+$", stripped)  # one attempt per word, not per letter
    return bool(last and (last.group(1)[:1].isupper() or last.group(1).lower() in _INTRODUCERS))


def find_untranslated_fragments(document: Document) -> Iterator[Finding]:
    for segment in document.segments:
        found = [*_fragment_candidates(document, segment),
                 *_non_latin_runs(document, segment)]
        for match in _UNK.finditer(document.text, segment.span.start, segment.span.end):
            found.append((match.start(), match.end(),
                          "'<unk>' is a translation system's placeholder for an unknown word"))
        for start, end, message in found:
            yield Finding("MT403", UNTRANSLATED_FRAGMENT.name, message, Span(start, end),
                          UNTRANSLATED_FRAGMENT.severity, 0.7)


# --- MT404 article-agreement ---------------------------------------------------------------

_ARTICLE = re.compile(r"(?<![\w'’-])(a|an|A|An)([ \t]+)([A-Za-z][a-z]*)(?=[\s,.;:!?)\"'”’-]|$)")
_VOWEL_LETTERS = "aeiou"
# A capitalised word just before a match (searched in a window that ends at the match).
_LAST_CAPITALISED = re.compile(r"\b[A-Z][a-z]++[ \t]++\Z")
# No article comes before these: "A and B must change", "option a or b" use a letter.
_NOT_AFTER_ARTICLE = frozenset({"and", "or", "nor", "but", "is", "are", "was", "were", "of",
                                "to", "in", "on", "at", "for", "with", "as", "if", "then"})


@lru_cache(maxsize=1)
def article_sounds() -> dict[str, str]:
    """Words whose first sound belies their first letter: word -> "a", "an" or "either"."""
    sounds = {}
    for line in _read_lines("article_sounds.txt"):
        word, article = line.split("\t")
        sounds[word] = article
    return sounds


def _required_article(word: str) -> str | None:
    """"a" or "an" when certain, None when English allows both or the word is unknown."""
    lower = word.lower()
    known = article_sounds().get(lower)
    if known is not None:
        return None if known == "either" else known
    if len(lower) < 2 or not lexicon.is_common_word(lower):
        return None  # unknown or foreign ("Krems an der Donau"): not sure of the sound
    if lower[0] == "u" and not (lower.startswith("un") and lower[2:3] not in "aeiouy"):
        return None  # "a user", "an umbrella": only words starting "un-" are sure
    return "an" if lower[0] in _VOWEL_LETTERS else "a"


def find_article_agreement(document: Document) -> Iterator[Finding]:
    prose = document.prose
    starts = {sentence.span.start for sentence in document.sentences}
    for segment in document.segments:
        for match in _ARTICLE.finditer(prose, segment.span.start, segment.span.end):
            article, word = match.group(1), match.group(3)
            if not _is_prose(document, match.start(), match.end()):
                continue
            if article[0] == "A" and match.start() not in starts:
                continue  # "Grade A Export", "An Lushan": a letter or a name, not an article
            if prose[match.start() - 1 : match.start()] == "/":
                continue  # "a/an word usage": the article named, not used
            if (word[0].isupper() and word[1:].isupper()) or word.lower() in _NOT_AFTER_ARTICLE:
                continue
            if article == "an" and word[0].isupper() and _LAST_CAPITALISED.search(
                    prose, max(segment.span.start, match.start() - 40), match.start()):
                continue  # "Barnum an Bailey": "and" mistyped between names, not an article
            required = _required_article(word)
            if required is None or required == article.lower():
                continue
            replacement = required if article.islower() else required.capitalize()
            yield Finding(
                "MT404", ARTICLE_AGREEMENT.name,
                f"'{article} {word}': use '{replacement}' before the sound of '{word}'",
                Span(match.start(1), match.end(3)), ARTICLE_AGREEMENT.severity, 0.9,
                (Fix(f"Replace '{article}' with '{replacement}'",
                     (Edit(match.start(1), match.end(1), replacement),)),),
            )


REPEATED_WORD = register(Rule(
    code="MT401",
    name="repeated-word",
    summary="A word is written twice in a row.",
    explanation=(
        "Machine translation repeats words, most often short ones ('in support of the the "
        "fronts') and sometimes whole runs ('a Cypriot Cypriot Cypriot friend'). Repeats "
        "that English allows ('had had', 'that that', 'bye bye') are listed in "
        "data/repeated_words_ok.txt and left alone, and so are doubled names ('Walla "
        "Walla', 'Sirhan Sirhan')."
    ),
    fix="Delete the repeated word (safe).",
    check=find_repeated_words,
    bad=(
        Example("The brigades fought in support of the the fronts in the north.",
                "The brigades fought in support of the fronts in the north."),
        # Estonian-English MT, MLQE-PE et-en (CC0).
        Example("Research into space space pology, infinality and symmetry",
                "Research into space pology, infinality and symmetry"),
        Example("Because of its great importance, prominent experimental experimental staff "
                "have been involved in this, and so on.",
                "Because of its great importance, prominent experimental staff "
                "have been involved in this, and so on."),
        Example("I will be visiting Toivo, who has a Cypriot Cypriot Cypriot friend.",
                "I will be visiting Toivo, who has a Cypriot friend."),
    ),
    good=(
        "He had had enough of the talks.",
        "She said that that decision was final.",
        "They visited Walla Walla and Bora Bora.",
        "The state state-owned company was sold.",
        "He said yes. Yes was the answer.",
    ),
))

GLUED_WORDS = register(Rule(
    code="MT402",
    name="glued-words",
    summary="Two words are written as one.",
    explanation=(
        "Machine translation and copy-and-paste glue words together, often where a line "
        "break or a link was: 'the Al-Kazemi governmentInformation', 'parliamentaryeconomic'. "
        "mtcheck flags a token that is not a known word or brand and that splits into two "
        "common English words, and suggests the split. Code is left alone: a token the "
        "document writes twice (an identifier, a user name), a member or a call "
        "('fs.copyFile', 'createServer('), and the camelCase words of a text full of them."
    ),
    fix="Insert a space between the two words (unsafe: check the split).",
    check=find_glued_words,
    bad=(
        Example("The Al-Kazemi governmentInformation was published on Monday.",
                "The Al-Kazemi government Information was published on Monday."),
        Example("The parliamentaryeconomic committee met on Sunday.",
                "The parliamentary economic committee met on Sunday."),
        # Estonian-English MT, MLQE-PE et-en (CC0).
        Example("The underpoverty line lived 53% of people in 2004.",
                "The under poverty line lived 53% of people in 2004."),
    ),
    good=(
        "She bought an iPhone and sold it on eBay.",
        "The national airline airBaltic flies from Riga.",
        "The counterterrorism unit met the newspaper editors.",
        "Use JavaScript and PowerPoint for the slides.",
    ),
))

UNTRANSLATED_FRAGMENT = register(Rule(
    code="MT403",
    name="untranslated-fragment",
    summary="A word that is neither English nor a plausible name, left by the translation.",
    explanation=(
        "When machine translation does not know a word it transliterates it or leaves it "
        "in its own script: 'the productive sectors Kalzeraih, industrial', 'available "
        "Cgtar Mali', 'to Ataatovr the conditions', a run of Cyrillic or Arabic letters in "
        "an English sentence, or the placeholder '<unk>'. mtcheck checks every word against "
        "Webster's dictionary and wordfreq's English word list. A lower-case word that "
        "neither knows (nor the word it may be inflected from) is flagged unless it is a typo "
        "of an English word, two English words run together, quoted, part of a foreign "
        "phrase or next to a word with non-English letters ('on Strynø'), or used more than "
        "once (a term), or in a Markdown document that shows code (3 or more code blocks "
        "or spans), whose lower-case unknown words name tools, functions and people's "
        "handles ('relies on libuv'). Capitalised words are usually names, so one is "
        "flagged only when its letter sequences never occur in English words and it is not "
        "the subject of a verb that follows ('Faarooq was injured'). Original script in "
        "brackets or after a name ('Athens (Greek: Αθήνα)') is a gloss, not a fragment."
    ),
    fix="No automatic fix: translate the word or check the name.",
    check=find_untranslated_fragments,
    bad=(
        # Romanian-English MT, MLQE-PE ro-en (CC0): "chihlimbar" is Romanian for amber.
        Example("They were extradited from Bratilovo and in Buzău resources were extracted "
                "from chihlimbar and sulphur."),
        Example("The minister called on the parties to Ataatovr the conditions of the deal."),
        Example("The plan supports the productive sectors Kalzeraih, industrial and "
                "agricultural alike."),
        Example("Fresh vegetables are available Cgtar Mali in every market of the city."),
        # Nepali-English MT, MLQE-PE ne-en (CC0).
        Example("Deviation, upgrades, puzons, texts etc. are the causes of thematic "
                "speculation."),
        Example("The eldest sunrise bomb, mila <unk>: the sanctuary bomb, and the youngest "
                "play bomb."),
        # Cyrillic from Romanian-English MT, MLQE-PE ro-en (CC0), in an English sentence.
        Example("The contract went to Водоснабдяване и канализация, the regional water "
                "company."),
    ),
    good=(
        "Prime Minister Mustafa Al-Kazemi met Nechirvan Barzani in Erbil.",
        "Athens (Greek: Αθήνα, Athína) is the capital of Greece.",
        "The collasped bridge was repaired last year.",
        "The word dharma has no exact English equivalent.",
        "Temnospondyls were common. Most temnospondyls lived in water.",
        "The director made little use of steadicams in the film.",
        "However, Ghazzaouq was injured during the match.",
        "Boats stop at the smakkehavn on Strynø.",
    ),
))

ARTICLE_AGREEMENT = register(Rule(
    code="MT404",
    name="article-agreement",
    summary="'a' or 'an' before the wrong sound.",
    explanation=(
        "English writes 'an' before a vowel sound and 'a' before a consonant sound: 'an "
        "hour', 'a union', 'a European'. Machine translation often gets it wrong: 'an "
        "union', 'a hour', 'a objection'. mtcheck decides by sound, using the CMU "
        "Pronouncing Dictionary for words whose spelling misleads, and flags only where "
        "the sound is certain: never before numbers, acronyms or unknown words, nor where "
        "English allows both ('a historic' and 'an historic')."
    ),
    fix="Replace the article (safe).",
    check=find_article_agreement,
    bad=(
        Example("The parties formed an union before the election.",
                "The parties formed a union before the election."),
        Example("The meeting lasted a hour.", "The meeting lasted an hour."),
        # Estonian-English MT, MLQE-PE et-en (CC0).
        Example("Scoding also looks at a objection that corresponds to Britain's position.",
                "Scoding also looks at an objection that corresponds to Britain's position."),
        # Sinhala-English MT, MLQE-PE si-en (CC0).
        Example("Also suspected that he had a partially split push as a instinct.",
                "Also suspected that he had a partially split push as an instinct."),
        # Romanian-English MT, MLQE-PE ro-en (CC0).
        Example("Replacement of an damaged bicycle during the phase was only allowed in 1923.",
                "Replacement of a damaged bicycle during the phase was only allowed in 1923."),
    ),
    good=(
        "It was an honest mistake that took an hour to fix.",
        "She studied at a university in a European capital.",
        "It was a one-off payment to an FBI agent.",
        "It was an historic day and a historic vote.",
        "He got a B in the exam, and Grade A eggs.",
        "A and B must be specific changes.",
    ),
))
