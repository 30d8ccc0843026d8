"""MT101 mid-sentence-capital and MT102 missing-sentence-break.

Machine translation from scripts without letter case (Arabic, Persian, Nepali, Sinhala, ...)
often capitalises a word inside a sentence: "most notably The future", "forces Including the
American". The heuristics here propose candidates with a confidence; the language model (when
it runs) confirms, clears or re-ranks them. Names are protected by shape (acronyms, mixed
case, hyphenated names), by the dictionary (Washington, Kurds), and by position (a run of
capitalised words such as "the Associated Press" or "Central Bank of Iraq").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from mtcheck import lexicon
from mtcheck.documents import Document, blank, is_about_software, unwrapped_prose
from mtcheck.model import Applicability, Edit, Finding, Fix, Sentence, Span
from mtcheck.rules import Example, Rule, register
from mtcheck.segment import abbreviations
from mtcheck.words import Word, find_words

# Words that join the parts of a name: "Bank of Iraq", "Abu al Hassan".
_NAME_CONNECTORS = frozenset({"of", "and", "for", "de", "del", "da", "al", "el", "bin", "ibn",
                              "van", "von", "der", "du", "la", "le", "y", "&"})
# Words that commonly open a sentence: after a name or a quote they suggest a lost full stop.
_SENTENCE_OPENERS = frozenset({
    "the", "a", "an", "in", "on", "at", "this", "these", "that", "those", "it", "he", "she",
    "they", "we", "his", "her", "their", "its", "our", "but", "however", "after", "before",
    "according", "during", "since", "while", "when", "meanwhile", "moreover", "also", "there",
    "for", "as", "with", "from", "to", "by", "of", "and", "therefore", "thus", "although",
    "despite", "following", "regarding",
})
# Words that open sentences so often that, capitalised where a full stop may have been lost,
# a full stop before them is as likely the repair as lowercasing them. On edited news with the
# seed's marks put in (benchmarks/injected_news.py, 10 passes, heuristics alone) lowercasing
# was the wrong repair for 90 of 288 such capitals ("a packed hall Even in early rounds",
# "a walking zombie She also claims"), and for 4 of 266 other function words ("From", "With").
_OFTEN_OPENS_A_SENTENCE = frozenset({
    "the", "a", "an", "in", "on", "at", "as", "this", "these", "those", "there", "here", "it",
    "he", "she", "they", "we", "i", "one", "his", "her", "its", "their", "our", "but", "so",
    "also", "however", "after", "before", "according", "during", "since", "while", "when",
    "then", "if", "even", "perhaps", "instead", "finally", "meanwhile", "moreover", "although",
    "despite", "following", "other", "many", "some", "thus", "therefore", "yet", "now",
})
# Function words that can be a sentence's subject with one word after them: "Rain fell all
# night She slept." ("The aid did not arrive in the city On time" is no sentence).
_SUBJECTS = frozenset({"he", "she", "it", "they", "we", "you", "this", "that", "these", "those",
                       "nobody", "everyone", "everybody", "someone", "somebody", "none"})
# What may end one clause and start another; "}" closes a type in API documentation
# ("`encoding` {string} If the chunk is a string").
_CLAUSE_BREAK = re.compile(r"[:.!?/|•}]|\s[-–—]\s|[–—]")
# Between the steps of a path of menus or pages: "Start > All Programs", "Home » News".
_PATH_STEP = re.compile(r"\s*[>»→]")
# Verbs whose object is the label of a button or a key: "click Save", "press Enter".
_LABEL_VERBS = frozenset({"click", "clicks", "clicked", "clicking", "tap", "taps", "tapped",
                          "tapping", "press", "presses", "pressed", "pressing"})
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "‘": "’", "'": "'"}
# Closing quotes and brackets that may stand between a sentence's last word and its full stop.
_CLOSERS = "\"'”’)]"
_CLOSING_QUOTE = re.compile("[" + re.escape("".join(set(_QUOTE_PAIRS.values()))) + "]")
# A capital after a space that follows some other character: a capital past the first word.
_MID_CAPITAL = re.compile(r"\S\s+[^\w\s]{0,2}[A-Z]")
# A closing double quote and the space after it; the mark that opens each.
_QUOTATION_END = re.compile(r'["”][ \t]+')
_DOUBLE_QUOTE_OPENERS = {'"': '"', "”": "“"}
_ANY_QUOTE = re.compile("[" + re.escape("".join(_QUOTE_PAIRS)) + "]")
_MAX_TITLE_WORDS = 10
# Long lower-case words (not function words) that make a sentence running text, not a
# headline or a title, however many of its words are capitalised (see _is_running_text).
_RUNNING_TEXT_WORDS = 2
# What numbers an item of a list in running text: "a) Leaving", "2) The", "iv) Some".
_LIST_MARKER = re.compile(r"[a-zA-Z]|\d{1,2}|[ivx]{1,4}")
_DIGIT = re.compile(r"\d")
# A capitalised word that is the whole of a code span or a type in braces: `Promise`,
# {Error}, {Promise<string>} (the first name in it).
_CODE_NAME = re.compile(r"(?:`|\{)([A-Z][A-Za-z]*)(?=[`}<|\[])")
# What follows a name in code: a member ("Array#includes", "Promise.all", "Symbol::Name")
# or a call.
_CODE_AFTER = re.compile(r"[#.][A-Za-z_]|\(|::")
# An acronym defined in brackets after its long form: "Walks and hits per innings pitched
# (WHIP)", "Vessel Traffic Service (VTS)".
_MAX_ACRONYM_LETTERS = 8
_DEFINED_ACRONYM = re.compile(rf"\(([A-Z]{{2,{_MAX_ACRONYM_LETTERS}}})s?\)")
_ACRONYM_WORDS_BESIDES_LETTERS = 3  # "and", "per", "of the": words an acronym leaves out
# "1st Battalion", "the 9th Infantry", "6th Year": a capital after an ordinal names a unit or
# an event.
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
# "sold for A $22,800" (Australian dollars), "Grade A 15%": a letter before an amount.
_AMOUNT = re.compile(r"\s?[$€£¥\d]")
# A number right after a word ("Windows 7", "Round 8"); and the endings of words that come
# before a number without naming anything ("Approximately 56", "Killed 12", "Injuring 30").
_NUMBER_AFTER = re.compile(r"[ \t]\d")
_NOT_NAMING_ENDINGS = ("ly", "ed", "ing")
# The capitals counted in mid-sentence; those that can stand on their own, what comes right
# before such a use (a lowercase word or a comma, then one space), and what after it.
_PLAIN_CAPITAL = re.compile(r"[A-Z]\w*")
_LONE_WORD = re.compile(r"[A-Z][a-z]+")
_LONE_PRECEDING = re.compile(r"[a-z,;]")
_LONE_FOLLOWING = re.compile(r"[,.;:!?)]|\s+[a-z]+")
_LOWER_CASE_WORD = re.compile(r"\b[a-z]\w*")
# A content word capitalised in mid-sentence this many times in one document, and never
# written in lower case there, is the author's choice ("our Nation", "the Doctor").
CONSISTENT_CAPITAL = 2
# ... and one capitalised on its own in mid-sentence this many times is, even if it is also
# written in lower case: in edited text "the Perimeter" (14 times beside 22 "perimeter"),
# "inside the Rock" (16 beside 3); an MT mark is a word here and there.
# Its uses must go on in different ways: a sentence that machine translation repeats is not
# an author's usage.
ESTABLISHED_CAPITAL = 6
ESTABLISHED_CONTEXTS = 3
# Everyday words capitalised in one sentence that make a style, not marks: in the 45,000
# MLQE-PE translations no sentence has three such capitals that the post-editors lowercased.
STYLE_CAPITALS = 3
STYLE_SENTENCE_WORDS = 60

# Heuristic confidences; the language model replaces them when it runs.
CONFIDENT = 0.9
LIKELY = 0.8
PLAUSIBLE = 0.6
UNSURE = 0.45
DOUBTFUL = 0.3
# Words at least this frequent (Zipf scale) are "everyday" words whose capital is suspect.
COMMON_ZIPF = 4.0
# A word the dictionary also knows as a name ("Rich", "Art", "Votes") stays a candidate when
# it is at least this frequent in lower case.
EVERYDAY_NAME_ZIPF = 4.5


@dataclass(frozen=True)
class _Candidate:
    word: Word
    previous: Word
    code: str
    confidence: float
    words_after: int = 0  # in the sentence
    words_before: int = 0  # in the sentence, from its first word


def _is_name_like(word: Word) -> bool:
    """A capitalised word that is not merely a sentence's first word: a name or acronym."""
    return word.is_capitalised and (
        word.is_all_caps or word.is_mixed_case or not lexicon.is_common_word(word.text)
        or word.text in lexicon.keep_capitalised()
    )


def _closing_quotes(text: str, start: int, end: int) -> dict[str, list[int]]:
    """Where each closing quote mark stands in ``text[start:end]``, in order.

    A straight apostrophe followed by a letter ("Iraq's") closes nothing. Looking closers up
    here, instead of searching forward from every opening mark, keeps a sentence full of
    unclosed quotes linear.
    """
    positions: dict[str, list[int]] = {mark: [] for mark in set(_QUOTE_PAIRS.values())}
    for match in _CLOSING_QUOTE.finditer(text, start, end):
        at = match.start()
        if match.group() == "'" and at + 1 < end and text[at + 1].isalnum():
            continue
        positions[match.group()].append(at)
    return positions


def _quoted_title_spans(text: str, start: int, end: int) -> list[Span]:
    """Short quoted stretches: titles and names whose capitals are the author's choice. A
    quotation that is running text ("The army will Leave the city within weeks") is speech,
    and its capitals are judged as the sentence's own."""
    spans: list[Span] = []
    if not _ANY_QUOTE.search(text, start, end):
        return spans
    closers = _closing_quotes(text, start, end)
    index = start
    while index < end:
        ch = text[index]
        closing = _QUOTE_PAIRS.get(ch)
        # An apostrophe inside a word ("Iraq's") is not a quote.
        if closing and not (ch == "'" and index > start and text[index - 1].isalnum()):
            candidates = closers[closing]
            after = bisect.bisect_right(candidates, index)
            close_at = candidates[after] if after < len(candidates) else -1
            if close_at != -1:
                quoted = find_words(text, index + 1, close_at)
                if (len(quoted) <= _MAX_TITLE_WORDS and not _opens_with_a_lowercase_word(quoted)
                        and not _is_running_text(quoted)):
                    spans.append(Span(index + 1, close_at))
                index = close_at + 1
                continue
        index += 1
    return spans


def _opens_with_a_lowercase_word(words: list[Word]) -> bool:
    """Whether a quotation opens with a lowercase word other than a function word: a
    fragment of speech, not a title ("refused 'based solely on the response of The ...'")."""
    first = words[0].text if words else ""
    return first.isalpha() and first.islower() and first not in lexicon.function_words()


def _opens_inline_markup(source: str, start: int, word: Word) -> bool:
    """Whether Markdown link text, emphasis or an inline HTML element opens right before
    ``word`` and goes on after it (``source[start:word.start]`` is the gap before it): its
    first word is a title's, as after an opening quote ("wrote [How the coalition fought
    ISIS](…) for the paper"). One word set apart ("forces *Including* the") is judged."""
    if source[word.end : word.end + 1] in ("*", "_", "]", "<"):
        return False
    before = source[word.start - 1 : word.start]
    if before in ("[", "*", "_"):
        return True
    tag = source.rfind("<", start, word.start)
    return before == ">" and tag >= 0 and not source.startswith("</", tag)


def _opens_quotation(gap: str) -> bool:
    """Whether the text between two words opens a quotation or bracket before the second.

    A straight quote is opening only when it touches the following word ("said 'The"),
    closing when it touches the preceding one ("'Iraq Bloc' The").
    """
    for index, ch in enumerate(gap):
        if ch in "“‘«([{":
            return True
        touches_next = index == len(gap) - 1
        touches_previous = index > 0 and not gap[index - 1].isspace()
        if ch in "\"'" and touches_next and not touches_previous:
            return True
    return False


def _is_title_cased(words: list[Word]) -> bool:
    """Headline style: most words of four letters or more after the first (which every
    sentence capitalises: "Each section has a Theme.") start with a capital.

    Names say nothing about the style, so words the dictionary knows as names or as words
    kept capitalised ("Thursday", "Government") are left out of the count: "He was released
    on US$ 20,000 Bail on Thursday" is a sentence, not a headline. Nor is a sentence with
    _RUNNING_TEXT_WORDS long lower-case words other than function words, however many names
    crowd it: a headline capitalises those ("The study was supported By the Croucher
    Foundation, US National Science Foundation, and US National Park Service").
    """
    long_words = [w.text for w in words[1:] if len(w.text) >= 4]
    capitalised = sum(1 for text in long_words if text[0].isupper())
    if len(long_words) >= 2 and capitalised / len(long_words) < 0.6:
        return False  # leaving capitals out of the count could only lower the share
    if _is_running_text(words):
        return False
    long_words = [text for text in long_words
                  if not (text[0].isupper() and _names_something(text))]
    if len(long_words) < 2:
        # A short title capitalises every word but its function words ("Valery Solovey - Our
        # Way in the Dark"); "They were In" is no title.
        content = [w for w in words if w.text.lower() not in lexicon.function_words()]
        return len(content) >= 2 and all(w.text[:1].isupper() for w in content)
    capitalised = sum(1 for text in long_words if text[0].isupper())
    return capitalised / len(long_words) >= 0.6


def _is_running_text(words: list[Word]) -> bool:
    """Whether ``words`` hold _RUNNING_TEXT_WORDS lower-case words of four letters or more
    other than function words, as a sentence does and a title or a headline does not."""
    return sum(1 for w in words if len(w.text) >= 4 and w.text.isalpha() and w.text.islower()
               and w.text not in lexicon.function_words()) >= _RUNNING_TEXT_WORDS


def _names_something(word: str) -> bool:
    """Whether the capitalised ``word`` is capitalised for a reason of its own: an acronym, a
    word kept capitalised, a name the dictionary knows or a word it does not know. A word
    with other characters than letters ("Father's", "Kwok-kin") counts as one too, so that
    the heuristics never need wordfreq's own tokenizer and its 40 MB table."""
    return (not word.isalpha() or word.isupper() or word in lexicon.keep_capitalised()
            or not lexicon.is_common_word(word) or lexicon.is_known_name(word))


def _capitalised_neighbour(
    words: list[Word], index: int, step: int, text: str, max_hops: int = 3
) -> bool:
    """Whether a capitalised word joins ``words[index]`` directly or through connectors."""
    position = index + step
    hops = 0
    while 0 <= position < len(words) and hops <= max_hops:
        neighbour = words[position]
        left, right = (neighbour, words[position - step]) if step < 0 else (
            words[position - step], neighbour)
        gap = text[left.end:right.start]
        if gap.strip(" -'’&"):
            return False  # punctuation between: not one name ("Science & Medicine" is one)
        if neighbour.is_capitalised:
            if position == 0:
                # A sentence's first word is capitalised anyway; it joins only if it is a name.
                return _is_name_like(neighbour)
            return True
        lower = neighbour.text.lower()
        # "the" joins only behind another connector: "Bank of the Republic", "Man of the
        # Match" read from either end.
        if lower not in _NAME_CONNECTORS and not (lower == "the" and (
                hops > 0 or step < 0 and position > 0
                and words[position - 1].text.lower() in _NAME_CONNECTORS)):
            return False
        position += step
        hops += 1
    return False


def _sentence_candidates(text: str, sentence: Sentence, source: str | None = None
                         ) -> list[_Candidate]:
    """The sentence's capital candidates (see _judge), less a style of capitals. ``source``
    is a Markdown document's own text (``text`` is its prose, markup blanked)."""
    if not _MID_CAPITAL.search(text, sentence.span.start, sentence.span.end):
        return []  # only the first word is capitalised: nothing to look at
    words = find_words(text, sentence.span.start, sentence.span.end)
    if len(words) < 3 or _is_title_cased(words):
        return []
    if sentence.segment_kind == "heading" and all(
            w.text[:1].isupper() for w in words
            if w.text.isalpha() and w.text.lower() not in lexicon.function_words()):
        return []  # a heading that capitalises all its content words: "How to Use"
    found = []
    titles = _quoted_title_spans(text, sentence.span.start, sentence.span.end)
    opening = first_word_index(words)
    first = _first_after_aside(text, sentence, words, opening)
    for index in range(first + 1, len(words)):
        word = words[index]
        if not word.text[0].isupper():
            continue  # most words: checked first, without the property calls below
        if not word.is_title_case or word.text == "I" or _DIGIT.search(word.text):
            continue
        previous = words[index - 1]
        if text.startswith(".", word.end) and (word.text in abbreviations() or len(word.text) == 1):
            continue  # "St. Petersburg", "Gen. Allen", "Eugene A. Nida"
        if "-" in word.text or "'" in word.text[1:-2]:
            continue  # "Al-Kazemi", "O'Neil"
        if _CODE_AFTER.match(text, word.end):
            continue  # a name in code: "Array#includes", "Promise.all", "Error(message)"
        if any(span.start <= word.start < span.end for span in titles):
            continue
        gap = text[previous.end : word.start]
        if "\n" in gap or "\r" in gap:
            continue  # a capital at the start of a line: verse, a list, a title above text
        if _CLAUSE_BREAK.search(gap) or _opens_quotation(gap):
            continue  # a colon, a dash or an opening quote may start a new clause or quotation
        if source is not None and _opens_inline_markup(source, previous.end, word):
            continue  # "[How the coalition fought ISIS](…)", "*Why the withdrawal matters*"
        if gap.startswith(")") and _LIST_MARKER.fullmatch(previous.text):
            continue  # an item of a list: "sins: a) Leaving a life"
        if _is_a_label(text, gap, previous, word):
            continue
        candidate = _judge(text, words, index, opening)
        if candidate is not None:
            found.append(replace(candidate, words_after=len(words) - index - 1,
                                 words_before=index - opening))
    if len(words) <= STYLE_SENTENCE_WORDS and _is_a_style_of_capitals(found):
        return [c for c in found if c.code != "MT101" or _may_open_sentence(text, c)]
    return found


def _is_a_label(text: str, gap: str, previous: Word, word: Word) -> bool:
    """Whether ``word`` names a button, a key, a menu or a page, capitalised as the screen
    shows it: a step of a path ("Start > All Programs", "Norton > Support > About"), or the
    object of "click", "tap" or "press" ("click Save", "press Enter"; not "pressed On")."""
    return (bool(_PATH_STEP.match(gap)) or bool(_PATH_STEP.match(text, word.end))
            or gap == " " and previous.text.lower() in _LABEL_VERBS
            and word.text.lower() not in lexicon.function_words())


_ASIDE_CLOSERS = {"(": ")", "[": "]"}
_ARTICLES = frozenset({"a", "an", "the"})
# Words that open a sentence before its subject, and verbs that follow a subject.
_CLAUSE_OPENERS = frozenset({"and", "but", "so", "yet", "however", "then", "still", "now",
                             "thus", "meanwhile", "instead", "later", "yesterday", "today",
                             "or", "nor", "also", "finally", "eventually"})
_VERBS_AFTER_A_SUBJECT = frozenset({
    "will", "would", "was", "is", "has", "had", "said", "says", "can", "could", "did",
    "does", "may", "might", "must", "should", "shall", "were", "are", "have", "told", "went",
    "took", "made", "became", "won", "lost", "added", "wrote", "called", "asked"})
# The end of a quotation before its speaker: '...personality", Water said', "...,' Cook said".
_AFTER_QUOTATION = re.compile(r"""[,?!]?["'”’],?\s+""")
# Places whose name includes a capitalised "The" in running text.
_NAMES_WITH_THE = frozenset({"Hague", "Gambia", "Bahamas"})


def _first_after_aside(text: str, sentence: Sentence, words: list[Word], first: int) -> int:
    """The first word after an aside that opens the sentence: "(Laughter) What we see"."""
    lead = text[sentence.span.start : words[first].start].rstrip()
    closer = _ASIDE_CLOSERS.get(lead[-1:])
    if closer is None:
        return first
    close = text.find(closer, words[first].end, sentence.span.end)
    if close < 0:
        return first
    for index in range(first + 1, len(words)):
        if words[index].start > close:
            return index
    return first


def first_word_index(words: list[Word]) -> int:
    """The sentence's first real word, after citation marks and numbers ("[17] Placed")."""
    for index, word in enumerate(words):
        if any(ch.isalpha() for ch in word.text):
            return index
    return 0


def _judge(text: str, words: list[Word], index: int, opening: int) -> _Candidate | None:
    """The candidate ``words[index]`` makes, if any; ``opening`` is the sentence's first word."""
    word, previous = words[index], words[index - 1]
    lower = word.text.lower()
    if word.text in lexicon.keep_capitalised():
        return None  # "May 12", "the Parliament": capitalised on purpose
    if len(word.text) == 1 and _AMOUNT.match(text, word.end):
        return None  # "A $22,800", "Class A 15"
    next_capital = _capitalised_neighbour(words, index, +1, text, max_hops=0)
    if lower in lexicon.function_words():
        remaining = len(words) - index - 1
        gap = text[previous.end : word.start]
        after_name = (
            (previous.is_capitalised and (index > 1 or _is_name_like(previous)))
            or previous.text.isdigit()
            or any(ch in "\"'”’)]" for ch in gap)
        )
        if previous.text.lower() in _ARTICLES and lower not in _ARTICLES:
            # "a classic Who set-up", "the If clause": after an article a function word is
            # used as a noun, a name or a title.
            return _Candidate(word, previous, "MT101", DOUBTFUL)
        if word.text == "Is" and previous.is_all_caps:
            # "20 UB Is were built": the plural of a class name that ends in the numeral I.
            return _Candidate(word, previous, "MT101", DOUBTFUL)
        if next_capital:
            if _article_after_opener(words, index, opening):
                return _Candidate(word, previous, "MT101", CONFIDENT)  # "In The United States,"
            return _Candidate(word, previous, "MT101", DOUBTFUL)  # "The Hague", a title
        if after_name and lower in _SENTENCE_OPENERS and remaining >= 3:
            if _ends_a_quotation(text, words, index):
                # 'gumball "pills" The music in the background': a quotation whose sentence
                # lost its full stop, as a closing quote never meets a capital otherwise.
                return _Candidate(word, previous, "MT102", CONFIDENT)
            return _Candidate(word, previous, "MT102", PLAUSIBLE)
        if previous.is_title_case and index > opening + 1 or remaining == 0:
            return _Candidate(word, previous, "MT101", DOUBTFUL)  # "Wilson Or", "James To."
        return _Candidate(word, previous, "MT101", CONFIDENT)
    known_name = lexicon.is_known_name(word.text)
    if known_name and not _everyday_word(word.text):
        return None
    if _is_epithet(text, words, index, opening):
        return None
    if _opens_a_defined_acronym(text, words, index):
        return None
    if _ends_a_capitalised_run(text, words, index, opening):
        return None
    after_a_title = (previous.text in lexicon.keep_capitalised()
                     and text[previous.end:word.start] == " ")
    if after_a_title and not (lexicon.is_common_word(word.text)
                              and lexicon.zipf(lower) >= COMMON_ZIPF):
        return None  # a name after a title: "Mayor Tate", "General Frank McKenzie"
    if _ORDINAL.fullmatch(previous.text):
        return None  # "the 1st Battalion", "2nd Platoon"
    if previous.text.isdigit() and len(previous.text) == 4 or word.text.endswith(("'s", "’s")):
        # "the 2010 World Cup", "the Father's house": an event or a name, as often as not.
        return _Candidate(word, previous, "MT101", DOUBTFUL)
    if not lexicon.is_common_word(word.text):
        return None
    if after_a_title:
        # "the State Department", or "the Labour Party Lost her seat": part of a name as
        # often as an MT mark; the model tells which.
        return _Candidate(word, previous, "MT101", DOUBTFUL)
    if (_NUMBER_AFTER.match(text, word.end) and not lower.endswith(_NOT_NAMING_ENDINGS)
            and not (index == opening + 1 and previous.text.lower() in _ARTICLES)):
        # "on Windows 7", "Ghost 15 is not compatible", "held in Round 8", "at Studio 54": a
        # word before a number names what the number counts. In ACCEPT's fr-en translations
        # 35 capitals the post-editors kept stand so, and none they lowercased. Right after
        # a sentence's opening article it is an MT mark as often ("The Year 1865 records").
        return _Candidate(word, previous, "MT101", DOUBTFUL)
    if known_name:
        # "to be Rich and famous", "elected with 58,825 Votes": a name in the dictionary, and
        # an everyday word; the model tells which.
        return _Candidate(word, previous, "MT101", DOUBTFUL)
    if _is_a_bare_subject(text, words, index, opening):
        return _Candidate(word, previous, "MT101", DOUBTFUL)
    if next_capital or _capitalised_neighbour(words, index, -1, text):
        return _Candidate(word, previous, "MT101", DOUBTFUL)  # "the Associated Press"
    if _capitalised_neighbour(words, index, +1, text):
        # "Withdrawal of US combat forces" (an acronym used as a modifier) is an MT mark more
        # often than a name; "Conservation of Energy" is a name or a title.
        following = words[index + 2] if index + 2 < len(words) else None
        if following is not None and following.is_all_caps:
            return _Candidate(word, previous, "MT101", PLAUSIBLE)
        return _Candidate(word, previous, "MT101", DOUBTFUL)
    # A rare word capitalised is more often a name ("Harrow", "Holt") than an MT mark, and
    # "the Society", "the Crown" are institutions as often as not: the model decides those.
    frequency = lexicon.zipf(lower)
    if frequency >= COMMON_ZIPF:
        return _Candidate(word, previous, "MT101", LIKELY)
    return _Candidate(word, previous, "MT101", UNSURE if frequency >= 3.0 else DOUBTFUL)


def _ends_a_quotation(text: str, words: list[Word], index: int) -> bool:
    """Whether only a closing double quote, touching the last quoted word, stands between
    ``words[index]`` and the word before it, and the sentence opened that quotation: `the
    Internet, part XVII" He characterized`, not `"Adam vs. Eve" [17] She` or `12" The`."""
    previous = words[index - 1]
    gap = text[previous.end : words[index].start]
    if not _QUOTATION_END.fullmatch(gap) or not previous.text[-1].isalnum():
        return False
    opener = _DOUBLE_QUOTE_OPENERS[gap[0]]
    return opener in text[max(0, words[0].start - 1) : previous.start]


def is_everyday_name(word: str) -> bool:
    """Whether ``word`` is a name in the dictionary that is far more often an everyday word:
    "Rich", "Space", "Votes" (not "China", "Washington", "Austin's")."""
    return lexicon.is_known_name(word) and _everyday_word(word)


@lru_cache(maxsize=65536)
def _everyday_word(word: str) -> bool:
    """Whether ``word``, though the dictionary knows it as a name ("Rich", "Space", "Votes"),
    is far more often an everyday word: frequent in lower case, and not a word edited English
    usually capitalises ("China", "Americans"). A possessive ("Austin's") stays a name."""
    lower = word.lower()
    return (word.isalpha() and lexicon.zipf(lower) >= EVERYDAY_NAME_ZIPF
            and lexicon.is_common_word(word)
            and not any(form in lexicon.usually_capitalised() for form in lexicon.stems(lower)))


def _ends_a_capitalised_run(text: str, words: list[Word], index: int, opening: int) -> bool:
    """Whether ``words[index]`` follows two capitalised everyday words, as the end of a name
    or a title does: "two M19 Gun Motor Carriages in Agok". Machine translation capitalises a
    word here and there, not three in a row."""
    if index - 2 <= opening:
        return False
    first, second = words[index - 2], words[index - 1]
    if text[first.end:second.start] != " " or text[second.end:words[index].start] != " ":
        return False
    return all(w.is_title_case and w.text.isalpha() and w.text.lower() not in
               lexicon.function_words() and lexicon.is_common_word(w.text)
               for w in (first, second))


def _is_epithet(text: str, words: list[Word], index: int, opening: int) -> bool:
    """Whether ``words[index]`` closes a name as its epithet: "Pliny the Elder, who wrote",
    "the Cathedral of St. Mary the Crowned.", "Theodore the Sanctified was". The word follows
    a capitalised word (not the sentence's first) and "the", and ends the name: punctuation
    follows, or it is a participle. "gave Mohamed the Option to come" is not one."""
    if index - 2 <= opening or words[index - 1].text != "the":
        return False
    name, article, word = words[index - 2], words[index - 1], words[index]
    if not name.is_capitalised or text[name.end:article.start] != " ":
        return False
    following = text[word.end:word.end + 1]
    return following in ("", ",", ".", ";", ":", ")") or word.text.endswith("ed")


def _opens_a_defined_acronym(text: str, words: list[Word], index: int) -> bool:
    """Whether ``words[index]`` opens the long form of an acronym that the brackets after it
    define: "his Walks and hits per innings pitched average (WHIP)". Edited English often
    capitalises such a long form; machine translation's stray capitals do not spell one out.
    The acronym starts with the word's initial, and its letters are, in order, initials of the
    words up to the bracket, with a few words to spare."""
    word = words[index]
    longest = _MAX_ACRONYM_LETTERS + _ACRONYM_WORDS_BESIDES_LETTERS
    for end in range(index, min(len(words), index + longest)):
        gap = text[words[end].end : words[end + 1].start] if end + 1 < len(words) else ""
        if "(" in gap:
            break
        if _CLAUSE_BREAK.search(gap) or "," in gap or ")" in gap:
            return False
    else:
        return False
    match = _DEFINED_ACRONYM.match(text, text.index("(", words[end].end))
    if match is None:
        return False
    letters = match.group(1).lower()
    initials = "".join(w.text[0].lower() for w in words[index : end + 1])
    if (letters[0] != word.text[0].lower()
            or len(initials) > len(letters) + _ACRONYM_WORDS_BESIDES_LETTERS):
        return False
    remaining = iter(initials)
    return all(letter in remaining for letter in letters)


def _is_a_bare_subject(text: str, words: list[Word], index: int, opening: int) -> bool:
    """Whether ``words[index]`` stands alone before the sentence's verb, between the
    conjunction or adverb that opens its sentence and the verb ("But Bell will always be",
    "However Cook was not convinced", "And Rose said") or between a quotation and a verb
    of saying ('"... such a personality", Water said.'). An everyday noun needs an article
    there, so such a word is a name more often than an MT mark."""
    if index + 1 >= len(words) or words[index + 1].text not in _VERBS_AFTER_A_SUBJECT:
        return False
    if index == opening + 1 and words[opening].text.lower() in _CLAUSE_OPENERS:
        return True
    return bool(_AFTER_QUOTATION.fullmatch(text, words[index - 1].end, words[index].start))


def _article_after_opener(words: list[Word], index: int, opening: int) -> bool:
    """A capitalised "The" right after a sentence's opening preposition: "In The United
    States, ...", "At The Olympic games". A title that starts with "The" is rare in that place
    ("In The Times, she wrote"), and the language model tells those apart."""
    return (words[index].text == "The" and index == opening + 1
            and words[index - 1].text.lower() in lexicon.function_words()
            and not (index + 1 < len(words) and words[index + 1].text in _NAMES_WITH_THE))


def _lowercase_fix(word: Word, applicability: Applicability) -> Fix:
    lowered = word.text[0].lower() + word.text[1:]
    return Fix(f"Lowercase '{word.text}' to '{lowered}'",
               (Edit(word.start, word.end, lowered),), applicability)


def _full_stop_fix(source: str, candidate: _Candidate) -> Fix:
    """Insert a full stop after the word before, behind any closing quote or markup between
    them in ``source`` (the document's own text): "'Iraq Bloc'. The", "**ISIS**. In"; not
    behind an HTML comment, which the page does not show ("**ISIS**. <!-- AFP --> In")."""
    gap = source[candidate.previous.end : candidate.word.start].rstrip()
    while gap.endswith("-->") and "<!--" in gap:
        gap = gap[: gap.rfind("<!--")].rstrip()  # "**ISIS** <!-- AFP --> In": before it
    insert_at = candidate.previous.end + len(gap)
    return Fix(f"Insert a full stop before '{candidate.word.text}'",
               (Edit(insert_at, insert_at, "."),), Applicability.UNSAFE)


def is_full_stop_fix(fix: Fix) -> bool:
    """Whether ``fix`` inserts a full stop (MT102's repair) rather than changing a word."""
    return all(edit.start == edit.end and edit.replacement == "." for edit in fix.edits)


def offers_full_stop(finding: Finding) -> bool:
    """An MT101 finding whose word may open a sentence: its fixes are lowercasing and, second,
    a full stop before it."""
    return (finding.code == MID_SENTENCE_CAPITAL.code and len(finding.fixes) == 2
            and is_full_stop_fix(finding.fixes[1]))


def _may_open_sentence(text: str, candidate: _Candidate) -> bool:
    """A capitalised function word that may be the first word of a sentence whose full stop
    was lost: "a walking zombie She also claims", "in a packed hall Even in early rounds",
    "all night She slept".
    Such an MT101 finding offers the full stop as a second fix, and the model chooses."""
    word, previous = candidate.word, candidate.previous
    if word.text.lower() not in lexicon.function_words():
        return False
    if text[previous.end : word.start].rstrip().strip(_CLOSERS):
        return False  # a comma or a semicolon: a full stop is not the repair
    # Not after the sentence's first word alone: "In The 2006 Games" never meant "In. The".
    return candidate.words_before >= 2 and (
        candidate.words_after >= 2
        or candidate.words_after == 1 and word.text.lower() in _SUBJECTS)


def _capital_message(word: str) -> str:
    return f"'{word}' is capitalised in mid-sentence"


def _break_message(word: str, previous: str) -> str:
    return (f"'{word}' after '{previous}' looks like the start of a new sentence: a full stop "
            "may be missing")


def as_missing_sentence_break(text: str, finding: Finding) -> Finding:
    """The MT102 finding that an MT101 finding is when the model prefers its full-stop fix:
    the same span and fixes (in the order given), every fix unsafe."""
    before = find_words(text, finding.context.start if finding.context else 0, finding.start)
    previous = before[-1].text if before else ""
    fixes = tuple(replace(fix, applicability=Applicability.UNSAFE) for fix in finding.fixes)
    return finding.with_changes(
        code=MISSING_SENTENCE_BREAK.code, name=MISSING_SENTENCE_BREAK.name,
        message=_break_message(text[finding.start : finding.end], previous),
        severity=MISSING_SENTENCE_BREAK.severity, fixes=fixes)


def as_mid_sentence_capital(text: str, finding: Finding) -> Finding:
    """The MT101 finding that an MT102 finding is when the model prefers lowercasing to the
    full stop ("the Strategic Framework Agreement And the future of the coalition"): the same
    span and fixes (in the order given, unsafe as they were)."""
    return finding.with_changes(
        code=MID_SENTENCE_CAPITAL.code, name=MID_SENTENCE_CAPITAL.name,
        message=_capital_message(text[finding.start : finding.end]),
        severity=MID_SENTENCE_CAPITAL.severity)


def _document_candidates(document: Document) -> list[tuple[Sentence, _Candidate]]:
    """Every capital candidate of the document; MT101 and MT102 share one pass."""
    cached = document.memo.get("capitals")
    if cached is None:
        source = document.text if document.format == "markdown" else None
        cached = [
            (sentence, candidate)
            for sentence in document.sentences
            for candidate in _sentence_candidates(unwrapped_prose(document), sentence, source)
        ]
        cached = _without_consistent_capitals(_body(document), cached)
        if document.format == "markdown" and cached:
            names = _names_in_code(document.text)
            cached = [(s, c) for s, c in cached if c.code != "MT101" or c.word.text not in names]
            if is_about_software(document):
                cached = [(s, _doubted_in_software_text(c)) for s, c in cached]
        document.memo["capitals"] = cached
    return cached  # type: ignore[return-value]


def _doubted_in_software_text(candidate: _Candidate) -> _Candidate:
    """``candidate`` as a document about software has it: a capitalised content word there
    may name a part of the software ("on a Worker thread", "HTTP/2 Server objects", "use of
    an Experimental feature"), so the heuristics doubt it and leave it to the model. In 398
    files of developer documentation, 769 of the heuristics' 848 capital flags stood in the
    files with 10 or more pieces of code. A function word is judged as anywhere."""
    if (candidate.code != "MT101" or candidate.confidence <= DOUBTFUL
            or candidate.word.text.lower() in lexicon.function_words()):
        return candidate
    return replace(candidate, confidence=DOUBTFUL)


def _names_in_code(source: str) -> frozenset[str]:
    """Capitalised words a Markdown document writes as code on their own: `` `Promise` ``,
    ``{Error}``. In its prose they are names of classes or types ("returns a Promise"), not
    capitals machine translation put there. Not function words: `Including` in code says
    nothing of "forces Including the American"."""
    return frozenset(name for name in _CODE_NAME.findall(source)
                     if name.lower() not in lexicon.function_words())


def _body(document: Document) -> str:
    """The document's prose with its headings blanked: the capitals of a Title Case heading
    ("# The Withdrawal Plan") say nothing of how the text capitalises a word."""
    cached = document.memo.get("capitals-body")
    if cached is None:
        cached = blank(unwrapped_prose(document), [
            (s.span.start, s.span.end) for s in document.sentences
            if s.segment_kind == "heading"])
        document.memo["capitals-body"] = cached
    return cached  # type: ignore[return-value]


def _is_a_style_of_capitals(candidates: list[_Candidate]) -> bool:
    """Whether a sentence's candidates are a style rather than stray marks.

    Machine translation capitalises a word here and there; STYLE_CAPITALS everyday capitals
    in one sentence are the writer's: verse whose lines were joined ("vibrates here, Which
    whispers ... doubly dear To one, ... must roam, And seek"), old spelling ("The internal
    Sense is, a passive Power of receiving Ideas ... from all Objects"), a legal text ("this
    Regulation ... on Plants, Animals, Food and Feed"). A paragraph that lost its full stops
    reads as one long sentence, so the caller applies this only up to STYLE_SENTENCE_WORDS
    words and keeps a capital that may open a sentence (it counts here all the same).
    """
    return sum(1 for c in candidates
               if c.code == "MT101" and c.confidence >= PLAUSIBLE) >= STYLE_CAPITALS


def _without_consistent_capitals(
    text: str, candidates: list[tuple[Sentence, _Candidate]]
) -> list[tuple[Sentence, _Candidate]]:
    """Drop content words the document capitalises in mid-sentence at least twice, candidates
    or not ("Space Shuttle Enterprise"), and never writes in lower case; or that it
    capitalises so often that the capital is a usage of its own, though the word also
    appears in lower case in another sense ("the Perimeter" and "a perimeter", "the Rock" of
    Gibraltar and "rock").

    Machine translation capitalises a word here and there ("foremost of which is Withdrawal
    of US combat forces", and "withdrawal" elsewhere); an author who writes "our Nation" or
    "the Doctor" does so throughout. A function word ("The", "In") is judged on its own.
    """
    counts = Counter(c.word.text for _, c in candidates if c.code == "MT101"
                     and c.word.text.lower() not in lexicon.function_words())
    consistent = set()
    for word, count in counts.items():
        in_lower_case = re.search(r"\b" + re.escape(word[0].lower() + word[1:]) + r"\b", text)
        if not in_lower_case and count >= CONSISTENT_CAPITAL:
            consistent.add(word)
        elif text.count(word) >= (ESTABLISHED_CAPITAL if in_lower_case else CONSISTENT_CAPITAL):
            mid_sentence, followers = _capital_uses(text, word)
            if _is_established(followers) or (
                    not in_lower_case and mid_sentence >= CONSISTENT_CAPITAL):
                consistent.add(word)
    if not consistent:
        return candidates
    return [(s, c) for s, c in candidates if c.word.text not in consistent]


def written_in_lower_case(document: Document) -> frozenset[int]:
    """Where the document's MT101 capitals stand (start offsets) whose word it writes in lower
    case elsewhere and capitalises in mid-sentence nowhere else: "defeated in this
    Constituency" beside nineteen "constituency", "the fourth or fifth day of the Festival"
    beside "the festival". Machine translation capitalises a word here and there; the
    document's own lower-case uses are evidence the model does not see, as it reads one
    sentence. A word beside another capital is left out: it may be part of a name whose
    words the document also uses on their own ("Fox and Paramount Theaters", "the theaters").
    Function words are judged on their own.
    """
    cached = document.memo.get("capitals-in-lower-case")
    if cached is None:
        text, body = unwrapped_prose(document), _body(document)
        candidates = _document_candidates(document)
        lower_case = set(_LOWER_CASE_WORD.findall(body))
        repeated = {word for word, count in Counter(c.word.text for _, c in candidates).items()
                    if count > 1}
        found = set()
        for sentence, candidate in candidates:
            word = candidate.word
            lowered = word.text[0].lower() + word.text[1:]
            if (candidate.code == "MT101" and lowered in lower_case
                    and word.text not in repeated
                    and lowered not in lexicon.function_words()
                    and _capital_uses(body, word.text)[0] == 1
                    and not _beside_a_capital(text, sentence, word)):
                found.add(word.start)
        cached = frozenset(found)
        document.memo["capitals-in-lower-case"] = cached
    return cached  # type: ignore[return-value]


def _beside_a_capital(text: str, sentence: Sentence, word: Word) -> bool:
    words = find_words(text, sentence.span.start, sentence.span.end)
    index = bisect.bisect_left([w.start for w in words], word.start)
    return (_capitalised_neighbour(words, index, -1, text, max_hops=0)
            or _capitalised_neighbour(words, index, +1, text, max_hops=0))


def _capital_uses(text: str, word: str) -> tuple[int, list[str]]:
    """How often the capitalised ``word`` stands in mid-sentence in ``text`` (after a word or
    a comma on the same line), and what follows each use of it on its own (between lowercase
    words, not inside a longer name: "inside the Rock contained", not "Johnson Space
    Center")."""
    mid_sentence = 0
    followers: list[str] = []
    if not _PLAIN_CAPITAL.fullmatch(word):
        return mid_sentence, followers  # "Hope's", "Al-Kazemi": counted as candidates only
    lone_shape = _LONE_WORD.fullmatch(word) is not None
    for match in re.finditer(re.escape(word) + r"\b", text):
        start = match.start()
        before = start - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before == start - 1 or before < 0 or text[before].isspace() or text[before] in ".!?:":
            continue  # not after a space, or after the end of a sentence or a line
        mid_sentence += 1
        if (lone_shape and before == start - 2 and text[start - 1] == " "
                and _LONE_PRECEDING.match(text[before])):
            following = _LONE_FOLLOWING.match(text, match.end())
            if following:
                followers.append(following.group().strip())
    return mid_sentence, followers


def _is_established(following: list[str]) -> bool:
    """Whether a capital used on its own, followed each time by ``following``, is the
    author's usage: often enough, and in enough different places."""
    return (len(following) >= ESTABLISHED_CAPITAL
            and len(set(following)) >= ESTABLISHED_CONTEXTS)


def _findings(document: Document, code: str) -> Iterator[Finding]:
    text = unwrapped_prose(document)
    for sentence, candidate in _document_candidates(document):
        if candidate.code == code:
            word = candidate.word
            if code == "MT101":
                opens = _may_open_sentence(text, candidate)
                # A word that often opens a sentence ("by militias The attack happened") may
                # want the full stop instead: which repair is right is the model's to say, and
                # lm.verify makes lowercasing safe when the model prefers it.
                ambiguous = opens and word.text.lower() in _OFTEN_OPENS_A_SENTENCE
                fixes: tuple[Fix, ...] = (_lowercase_fix(
                    word, Applicability.UNSAFE if ambiguous else Applicability.SAFE),)
                if opens:
                    fixes += (_full_stop_fix(document.text, candidate),)
                yield Finding(
                    code, MID_SENTENCE_CAPITAL.name,
                    _capital_message(word.text),
                    Span(word.start, word.end), MID_SENTENCE_CAPITAL.severity,
                    candidate.confidence, fixes, context=sentence.span,
                )
            else:
                yield Finding(
                    code, MISSING_SENTENCE_BREAK.name,
                    _break_message(word.text, candidate.previous.text),
                    Span(word.start, word.end), MISSING_SENTENCE_BREAK.severity,
                    candidate.confidence,
                    (_full_stop_fix(document.text, candidate),
                     _lowercase_fix(word, Applicability.UNSAFE)),
                    context=sentence.span,
                )


def find_mid_sentence_capitals(document: Document) -> Iterator[Finding]:
    return _findings(document, "MT101")


def find_missing_sentence_breaks(document: Document) -> Iterator[Finding]:
    return _findings(document, "MT102")


def may_open_sentence(document: Document) -> list[Finding]:
    """The MT101 findings whose word may open a sentence whose full stop was lost: with the
    model they may turn out MT102 findings ("a walking zombie She also claims")."""
    return [f for f in find_mid_sentence_capitals(document) if offers_full_stop(f)]


MID_SENTENCE_CAPITAL = register(Rule(
    code="MT101",
    name="mid-sentence-capital",
    summary="A word is capitalised inside a sentence where English would not capitalise it.",
    explanation=(
        "Machine translation from languages whose scripts have no capital letters (Arabic, "
        "Persian, Nepali, Sinhala, ...) often capitalises ordinary words in mid-sentence: "
        "'most notably The future of ...', 'forces Including the American'. Readers take "
        "such capitals for names or for a broken sentence. mtcheck leaves names alone "
        "(dictionary names, acronyms, mixed case, runs of capitalised words such as 'the "
        "Associated Press', epithets such as 'Pliny the Elder', the long form before a "
        "bracketed acronym, months and institutions), the first word of a sentence or of a "
        "list item, a quoted title or a clause after a colon, Title Case headings, and a "
        "sentence that capitalises three or more everyday words (verse, old spelling); with "
        "the language model, each candidate is "
        "compared with its lowercase form in context, and a word that is a name in the "
        "dictionary but far more often an everyday word ('to be Rich and famous') is "
        "checked too. A word the document capitalises throughout is the author's choice; "
        "one it writes in lower case elsewhere and capitalises only once needs less "
        "evidence from the model. In a Markdown document that shows code (3 or more code "
        "blocks or spans), a capitalised content word may name a part of the software ('on "
        "a Worker thread'): it is reported only when the model confirms it."
    ),
    fix=("Lowercase the word (safe). Where the word may open a sentence ('a walking zombie "
         "She also claims'), inserting a full stop is offered too (unsafe), and if the word "
         "often opens sentences ('The', 'In', 'She') lowercasing is safe only when the model "
         "clearly prefers it; with the model, the finding becomes MT102 when the full stop is "
         "the better fix."),
    check=find_mid_sentence_capitals,
    bad=(
        Example("A summit will be held on several topics, most notably The future of the "
                "US military presence in Iraq.",
                "A summit will be held on several topics, most notably the future of the "
                "US military presence in Iraq."),
        Example("He will discuss a number of issues, foremost of which is Withdrawal of US "
                "combat forces from Iraq.",
                "He will discuss a number of issues, foremost of which is withdrawal of US "
                "combat forces from Iraq."),
        Example("Iraq no longer needs foreign combat forces Including the American.",
                "Iraq no longer needs foreign combat forces including the American."),
        Example("The ministry is providing Support and training to the police.",
                "The ministry is providing support and training to the police."),
        Example("The aid was distributed to the needy, In addition to the displaced.",
                "The aid was distributed to the needy, in addition to the displaced."),
        Example("The talks failed; Therefore, it is up to the parliament now.",
                "The talks failed; therefore, it is up to the parliament now."),
        Example("In The United States, the law took effect in 2008.",
                "In the United States, the law took effect in 2008."),
    ),
    good=(
        ("A summit will be held in Washington between US President Joe Biden and Iraqi Prime "
         "Minister Mustafa Al-Kazemi."),
        ("Al-Kazemi announced, through an exclusive interview with the Associated Press, that "
         "Iraq no longer needs foreign combat forces."),
        ("There are those who have reservations, such as the Kurds, while the Shiite forces "
         "are divided."),
        "Iraq and the United States agreed last April to transfer the forces on Monday.",
        "General Frank McKenzie met officials of the Central Bank of Iraq and bought an iPhone.",
        "The court in The Hague quoted The New York Times on the matter.",
        "He said: The decision is final and I accept it.",
        "She called the report \"A Failure Of Leadership\" in her speech.",
        "Prime Minister Mustafa Al-Kazemi met ISIS defectors in the Green Zone.",
        "The port provides a Vessel Traffic Service (VTS) to shipping.",
    ),
    verified_by_lm=True,
))

MISSING_SENTENCE_BREAK = register(Rule(
    code="MT102",
    name="missing-sentence-break",
    summary="A sentence ends without punctuation and the next one starts with a capital.",
    explanation=(
        "Machine translation sometimes drops the full stop between two sentences, so a "
        "sentence-opening word follows a name or a quote in mid-sentence: 'attacked by the "
        "terrorist organization ISIS In a historical position', 'under the name 'Iraq Bloc' "
        "The bloc is'. Either a full stop is missing or the capital is wrong; the language "
        "model decides which fix comes first. Both fixes change meaning, so both are unsafe. "
        "With the model, a capitalised function word after an ordinary word ('wounded by "
        "militias The attack happened') is also reported here when a full stop before it "
        "reads better than lowercasing it; and a candidate whose lowercasing reads better "
        "('the Framework Agreement And the future of the coalition') is reported as MT101."
    ),
    fix="Insert a full stop before the word, or lowercase it (both unsafe).",
    check=find_missing_sentence_breaks,
    bad=(
        Example("The city was attacked by the terrorist organization ISIS In a historical "
                "position the council condemned the attack.",
                "The city was attacked by the terrorist organization ISIS. In a historical "
                "position the council condemned the attack."),
        Example("The new list runs under the name 'Iraq Bloc' The bloc is led by a former "
                "minister.",
                "The new list runs under the name 'Iraq Bloc'. The bloc is led by a former "
                "minister."),
        Example("Two people were wounded by militias The attack happened at night.",
                "Two people were wounded by militias. The attack happened at night.",
                needs_lm=True),
    ),
    good=(
        "The city was attacked by ISIS in a historical position near the river.",
        "Ministers met in Baghdad. In a historical position, the council condemned it.",
    ),
    verified_by_lm=True,
))
