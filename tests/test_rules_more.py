"""MT103 and MT2xx-MT4xx: web leftovers, punctuation, words (heuristics alone).

Each rule's own examples run in test_rule_examples.py; these tests pin the behaviour around
them: what is safe, what is left alone, offsets, Markdown, and real MT text from
fixtures/mt_marks.txt (MLQE-PE and ACCEPT edinpe segments, see fixtures/README.md).
"""

from __future__ import annotations

import pytest

import mtcheck
from mtcheck.engine import CheckOptions
from mtcheck.model import Applicability
from mtcheck.rules import get_rule

from .conftest import FIXTURES


def findings(text: str, code: str, format: str = "text") -> list:
    return mtcheck.check(text, format=format, options=CheckOptions(select=(code,)))


def flagged(text: str, code: str, format: str = "text") -> list[str]:
    return [text[f.start:f.end] for f in findings(text, code, format)]


def fixed(text: str, code: str, unsafe: bool = False, format: str = "text") -> str:
    options = CheckOptions(select=(code,))
    return mtcheck.fix(text, format=format, options=options, unsafe=unsafe).text


def assert_unsafe_fix(text: str, code: str, after: str) -> None:
    """``text`` has one ``code`` finding, whose fix (unsafe) gives ``after``."""
    [finding] = findings(text, code)
    assert finding.fixes[0].applicability is Applicability.UNSAFE
    assert fixed(text, code) == text
    assert fixed(text, code, unsafe=True) == after


# --- the seed and real MT ------------------------------------------------------------------

def test_seed_comment_form_lines_are_web_leftovers(seed_text):
    found = findings(seed_text, "MT201")
    assert [seed_text[f.start:f.end] for f in found] == [
        "Please enter your comment!", "Please enter your name here"]
    assert all(f.fixes[0].applicability is Applicability.SAFE for f in found)
    result = fixed(seed_text, "MT201")
    assert "Please enter" not in result
    assert result.rstrip().endswith("the withdrawal of these forces.")


MT_MARKS = {
    "MT201": ["Read more - Here is an interview video.", "&quot;"],
    "MT103": ["listen"],
    "MT301": ["."],
    "MT302": [" ?"],
    "MT303": ["("],
    "MT401": ["space space"],
    "MT402": ["underpoverty"],
    "MT403": ["chihlimbar", "<unk>"],
    "MT404": ["a objection"],
}


@pytest.mark.parametrize("code", sorted(MT_MARKS))
def test_each_family_catches_its_mark_in_real_mt(code):
    text = (FIXTURES / "mt_marks.txt").read_text(encoding="utf-8")
    found = flagged(text, code)
    for mark in MT_MARKS[code]:
        assert mark in found, f"{code} missed {mark!r}"


# --- MT201 web-leftover --------------------------------------------------------------------

def test_leftover_line_inside_a_paragraph_is_deleted_with_its_line_break():
    text = "The vote was held.\nShare this:\nThe result is due today.\n"
    assert flagged(text, "MT201") == ["Share this:"]
    assert fixed(text, "MT201") == "The vote was held.\nThe result is due today.\n"


def test_leftover_inside_a_sentence_is_an_unsafe_fix():
    assert_unsafe_fix("The minister met the delegation (Photo: AFP) in Baghdad.", "MT201",
                      "The minister met the delegation in Baghdad.")


def test_line_only_phrases_are_prose_inside_sentences():
    text = "Readers who want to read more can subscribe to the print edition. Related work exists."
    assert flagged(text, "MT201") == []


# One sample per leftover pattern of data/web_leftovers.toml, in file order.
LEFTOVER_SAMPLES = [
    "Please enter your comment!", "You have entered an incorrect email address!",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Your email address will not be published.", "Required fields are marked *",
    "Leave a Reply Cancel reply", "2 Comments", "Click to share on Facebook",
    "(Opens in new window)", "Share on Facebook | Twitter", "Share this:",
    "Facebook Twitter WhatsApp", "Read more: the talks", "Click here to subscribe",
    "This site uses cookies to improve your experience.", "Accept all cookies",
    "Subscribe to our newsletter for the latest news.", "Advertisement", "All rights reserved.",
    "Listen online and for free", "Listen online and for free to the album",
    "(Photo: Reuters)", "Photo: AFP",
]


def test_a_slogan_inside_a_line_of_prose_takes_no_prose_with_it():
    # A line pattern ".*listen online and for free.*" made the whole line a leftover, and the
    # safe fix deleted the minister's sentence before the slogan.
    text = ("The minister spoke about the budget and the cuts to schools. Listen online and "
            "for free to the best track in .mp3 format.\n")
    [finding] = findings(text, "MT201")
    assert text[finding.start:finding.end] == "Listen online and for free"
    assert fixed(text, "MT201") == text  # inside a sentence: unsafe
    assert fixed("Listen online and for free!\nThe talks ended.\n", "MT201") == (
        "The talks ended.\n")


def test_a_line_that_goes_on_with_the_sentence_above_is_no_leftover():
    # Node's docs: deleting "recommended." reversed the sentence.
    text = ("For this scenario, [`fs.createWriteStream()`][] is\nrecommended.\n\n"
            "[`fs.createWriteStream()`]: https://example.org/\n")
    assert flagged(text, "MT201", format="markdown") == []
    assert flagged("The talks went on for hours\nread more.", "MT201") == []
    # A leftover line under a finished sentence still goes.
    assert fixed("The talks went on for hours.\nRead more\n", "MT201") == (
        "The talks went on for hours.\n")


def test_a_copyright_line_may_be_the_documents_own_so_its_deletion_is_unsafe():
    assert_unsafe_fix("Copyright (c) 2005-2017, NumPy Developers.\nAll rights reserved.\n",
                      "MT201", "Copyright (c) 2005-2017, NumPy Developers.\n")
    # In a Markdown list, the copyright item stays; the "Read more" item goes.
    items = "- Read more\n- © 2023 The Herald\n\nThe story goes on here.\n"
    assert fixed(items, "MT201", format="markdown") == items.replace("- Read more\n", "")


def test_every_leftover_holds_a_keyword_the_prefilter_looks_for():
    from mtcheck.data import toml_table
    from mtcheck.rules.boilerplate import _KEYWORD_WORD, leftovers

    table = toml_table("web_leftovers.toml")
    keywords, anywhere = set(table["keywords"]), set(table["anywhere_keywords"])
    assert anywhere <= keywords
    assert len(LEFTOVER_SAMPLES) == len(leftovers())
    for sample, leftover in zip(LEFTOVER_SAMPLES, leftovers(), strict=True):
        match = leftover.pattern.search(sample)
        assert match, (sample, leftover.pattern.pattern)
        words = {w.lower() for w in _KEYWORD_WORD.findall(match.group())}
        assert words & (keywords if leftover.whole_line else anywhere), sample
        findings = [f for f in mtcheck.check(f"Intro line.\n{sample}\n") if f.code == "MT201"]
        assert findings, sample


def test_markdown_heading_and_entities_are_left_alone():
    text = "# Related\n\nThe vote &amp; the result were announced.\n"
    assert flagged(text, "MT201", format="markdown") == []


# --- MT301 displaced-punctuation ------------------------------------------------------------

def test_displaced_full_stop_before_a_capital_after_a_word_moves_back():
    text = "The session ended .The vote was postponed."
    [finding] = findings(text, "MT301")
    assert [fix.title for fix in finding.fixes] == [
        "Move '.' back to after 'ended'", "Remove the displaced '.'"]
    assert fixed(text, "MT301", unsafe=True) == "The session ended. The vote was postponed."
    assert fixed(text, "MT301") == text  # unsafe: not applied by default


def test_a_full_stop_displaced_after_a_word_that_may_end_a_sentence_moves_back():
    # "over" is a function word, but sentences end with it: removing the full stop ran two
    # sentences together ("The meeting was over they left", after MT101's lowercasing).
    text = "The meeting was over .They left at noon."
    assert fixed(text, "MT301", unsafe=True) == "The meeting was over. They left at noon."
    [finding] = findings("The court of the .Federal Supreme Court ruled.", "MT301")
    assert [fix.title for fix in finding.fixes] == ["Remove the displaced '.'"]


def test_displaced_quote_and_full_stop_are_one_finding():
    text = "They criticised the failure .”to pass this law in time."
    assert flagged(text, "MT301") == [".”"]


def test_a_dotted_name_in_code_is_no_displaced_full_stop():
    assert flagged("Add the new folder to .gitignore in the repository.", "MT301") == []
    assert flagged("Call setEncoding first, then .setEncoding again.", "MT301") == []
    assert flagged("Make sure .rejects() disallows sync functions.", "MT301") == []
    assert flagged("Update .mailmap now. The .mailmap lists the authors.", "MT301") == []
    # Right-to-left text: a full stop before a word, once.
    assert flagged("The session ended .The vote was postponed.", "MT301") == ["."]
    assert flagged("They spoke about the leaders .of the parties.", "MT301") == ["."]


def test_a_document_about_software_writes_members_after_a_full_stop():
    # Node's changelogs: "child_process: emit error when .kill fails", "repl: fix .load".
    prose = "The worker now exits when .kill fails. The ruling of the .Federal Supreme Court.\n"
    assert flagged(prose, "MT301", "markdown") == [".", "."]
    with_code = prose + "\nUse `worker.kill()`, `worker.exit()` or:\n\n```js\nrun();\n```\n"
    assert flagged(with_code, "MT301", "markdown") == ["."]  # ".Federal" is still one


def test_an_emoji_code_a_bound_and_a_file_type_are_no_displaced_punctuation():
    assert flagged("> :warning: Do not modify any source code.", "MT301", "markdown") == []
    assert flagged("The guard now takes T: ?Sized and T: !Send as bounds.", "MT301") == []
    assert flagged("Files ending in .m and .mm are built with clang.", "MT301") == []


# --- MT302 spacing -------------------------------------------------------------------------

def test_spacing_ignores_markdown_syntax_and_code():
    text = "Run `a  b` now, then **stop** .\n"
    assert flagged(text, "MT302", format="markdown") == [" ."]


def test_doubled_space_after_a_sentence_is_a_style():
    assert flagged("One sentence.  Another one.  A third.", "MT302") == []


def test_spacing_fix_is_safe_and_stable():
    text = "Thank you for your answer , and the vote .\n"
    assert fixed(text, "MT302") == "Thank you for your answer, and the vote.\n"


def test_the_semicolon_that_ends_an_html_entity_wants_no_space():
    # "&amp;quot;hello": MT201 unescapes the entity; a space after its ';' left '" hello'.
    text = "He said &amp;quot;hello&amp;quot; to the army, and &#39;then&#39; left.\n"
    assert flagged(text, "MT302") == []
    assert mtcheck.fix(text).text == "He said \"hello\" to the army, and 'then' left.\n"
    assert flagged("The army came;then it left.", "MT302") == [";"]
    # In Markdown the entity "&amp;" is blanked from the prose; the text still shows it.
    assert flagged(text, "MT302", format="markdown") == []


def test_a_domain_or_file_ending_after_a_full_stop_wants_no_space():
    text = "Visit Google.Com today. Node.Js and Vue.Js are used. See Readme.Md now."
    assert flagged(text, "MT302") == []
    assert flagged("The army left.Then it came back.", "MT302") == ["."]


def test_a_term_written_without_spaces_on_purpose_is_left_alone():
    # Changelog tags, a list of names, a name in braces or emphasis, a name used again.
    changelog = "* **build,win**: fix the build of the tools.\n"
    assert flagged(changelog, "MT302", format="markdown") == []
    assert flagged("The change touched benchmark,doc,lib in the tree.", "MT302") == []
    assert flagged("It returns {stream.Writable} when done.", "MT302") == []
    assert flagged("Rename net.Socket now. The stream is a net.Socket.", "MT302") == []
    # A module or an object: the document writes its name before other members too.
    assert flagged("Use vm.Contexts and vm.runInContext in the sandbox.", "MT302") == []
    # Running text keeps its flags, in emphasis too.
    assert flagged("The army came,then it left.", "MT302") == [","]
    assert flagged("*The army came,then it left.*", "MT302", format="markdown") == [","]
    assert flagged("The army left.Then it came back. The army left.", "MT302") == ["."]


def test_an_operator_is_no_space_before_punctuation():
    assert flagged("The test checks that this != new.target in the addon.", "MT302") == []
    assert flagged("Support ./configure and addresses ending in :: now.", "MT302") == []
    assert flagged("The army left , and the talks ended .", "MT302") == [" ,", " ."]


# --- MT303 unbalanced-quotes ---------------------------------------------------------------

def test_a_web_address_ends_before_the_bracket_and_stop_around_it():
    text = "The font is made by GNOME (http://gnome.org/fonts/). Its purpose is to help."
    assert flagged(text, "MT303") == []
    assert flagged("See https://en.wikipedia.org/wiki/Foo_(bar) for more.", "MT303") == []
    assert flagged("And (see http://x.org/a_(b)) here.", "MT303") == []


def test_quotation_over_two_paragraphs_is_balanced():
    text = ('He said: "The first part of the statement goes on.\n\n'
            'And the second part ends here."\n')
    assert flagged(text, "MT303") == []


def test_unclosed_quote_points_at_the_opening_quote():
    text = 'He called it "a historic decision and left.\n\nNothing else was said.\n'
    [finding] = findings(text, "MT303")
    assert finding.start == text.index('"')
    assert finding.fixes == ()


def test_brackets_closed_twice_and_smileys():
    assert flagged("The bloc (which won)) has seats.", "MT303") == [")"]
    assert flagged("We won :) and a) b) c) are the options.", "MT303") == []


# --- MT103 lowercase-sentence-start --------------------------------------------------------

def test_lowercase_start_has_context_and_two_fixes():
    text = "It rained all day. The city had to deal with intense heat. the centres stayed open."
    [finding] = findings(text, "MT103")
    assert text[finding.start:finding.end] == "the"
    assert text[finding.context.start:finding.context.end] == (
        "The city had to deal with intense heat. the centres stayed open.")
    capitalise, remove = finding.fixes
    assert capitalise.applicability is Applicability.SAFE
    assert capitalise.edits[0].replacement == "The"
    assert remove.applicability is Applicability.UNSAFE
    edit = remove.edits[0]
    assert (text[edit.start:edit.end], edit.replacement) == (".", "")
    assert get_rule("MT103").verified_by_lm


def test_lowercase_after_abbreviations_and_foreign_ordinals_is_fine():
    text = ("Tools, nails, etc. are sold here. Section 5 mm. wide. "
            "The brigade (1. hrvatski gardijski zdrug) was formed.")
    assert flagged(text, "MT103") == []
    # gsutil's CHANGES.md: a list lettered "a.", "b.", "c." after a full stop.
    items = "Fixed the bugs left over from earlier CL.\n   c. Merged two functions into one.\n"
    assert flagged(items, "MT103") == []
    assert flagged("They had to deal with the heat. a man came in.", "MT103") == ["a"]


def test_a_name_spelt_in_lower_case_and_a_call_keep_their_case():
    text = "npm is a tool. It reads files. npm makes a folder. Then npm runs the scripts."
    assert flagged(text, "MT103") == []
    assert flagged("The url module is old. require('url') loads it.", "MT103") == []
    # A word machine translation forgot to capitalise is capitalised elsewhere.
    assert flagged("The talks ended. the army left. The army came back.", "MT103") == ["the"]


# --- MT401 .. MT404 -------------------------------------------------------------------------

def test_repeated_word_across_a_line_break():
    text = "They fought in support of the\nthe fronts.\n"
    assert flagged(text, "MT401") == ["the\nthe"]
    assert fixed(text, "MT401") == "They fought in support of the\nfronts.\n"
    # The copy that shares its line goes, so the file keeps its lines.
    assert fixed("In support of the\nthe\nfronts.\n", "MT401") == "In support of\nthe\nfronts.\n"
    assert fixed("In support of\nthe\nthe\nfronts.\n", "MT401") == "In support of\nthe\nfronts.\n"
    assert fixed("It was the   \n  the fronts.\n", "MT401") == "It was the   \n  fronts.\n"
    assert fixed("It was the the\nthe fronts.\n", "MT401") == "It was the fronts.\n"
    assert fixed("It was in the\nthe 1. place.\n", "MT401") == "It was in\nthe 1. place.\n"


def test_repeated_word_keeps_case_of_the_first():
    assert fixed("The the vote was held.", "MT401") == "The vote was held."
    assert flagged("It was a Cypriot Cypriot friend.", "MT401") == []  # a doubled name
    assert flagged('The change fixes "the the" typos in comments.', "MT401") == []  # named


def test_glued_words_fix_is_unsafe():
    [finding] = findings("The Al-Kazemi governmentInformation office.", "MT402")
    assert finding.fixes[0].applicability is Applicability.UNSAFE


def test_camel_case_code_is_not_glued_words():
    story = "The Al-Kazemi governmentInformation office said that the talks went well. "
    assert flagged(story, "MT402") == ["governmentInformation"]
    # An identifier the text uses again, a member, a call: code, not an accident.
    assert flagged("Use strictEqual here. The strictEqual check is stricter.", "MT402") == []
    assert flagged("The change uses fs.copyFile and Array#indexOf in tests.", "MT402") == []
    assert flagged("The test now calls createServer() on start.", "MT402") == []
    # So is a lower-case token the text writes twice (a user name), or a step of a path.
    assert flagged("Thanks to digitalinfinity. We moved digitalinfinity to emeritus.",
                   "MT402") == []
    assert flagged("The test runs webmessaging/broadcastchannel on Windows.", "MT402") == []
    assert flagged("The parliamentaryeconomic committee met on Sunday.", "MT402") == [
        "parliamentaryeconomic"]
    # A document that writes many different camelCase words is about code.
    changelog = ("Add saltLength to sign. Fix nextTick ordering. Refactor setupInspector. "
                 "Document the defaultPort option.")
    assert flagged(changelog, "MT402") == []
    # ... unless they are few and far between.
    long_story = story + "The minister spoke about the economy and the army. " * 700
    assert len(flagged(long_story + "The parliamentBudget and the healthMinister said.",
                       "MT402")) == 3


def test_untranslated_fragment_is_flag_only_and_spares_terms():
    [finding] = findings("The parties agreed to Ataatovr the conditions.", "MT403")
    assert finding.fixes == ()
    # A word the text uses twice is a term, not a leftover.
    assert flagged("The zorblat is new. Each zorblat costs little.", "MT403") == []


def test_a_document_about_software_names_tools_in_lower_case():
    # Node's docs and changelogs: "relies on V8 and libuv", "add santigimeno to collaborators".
    prose = ("Node relies on libuv for its loop. The army came to ataatovr the conditions. "
             "The plan supports the productive sectors Kalzeraih, industrial and tourism.\n")
    assert flagged(prose, "MT403", "markdown") == ["libuv", "ataatovr", "Kalzeraih"]
    with_code = prose + "\nCall `loop.run()`, `loop.stop()` or:\n\n```c\nuv_run();\n```\n"
    # A capitalised fragment or another script is still a fragment there.
    assert flagged(with_code, "MT403", "markdown") == ["Kalzeraih"]


def test_article_agreement_keeps_capital_and_skips_numbers_and_letters():
    assert fixed("A apple a day.", "MT404") == "An apple a day."
    assert flagged("An 8-year-old won a X-ray prize in an NBA game.", "MT404") == []
    assert flagged("He drove an hour to see a one-off show.", "MT404") == []
    assert flagged("The change adjusts a/an word usage in the docs.", "MT404") == []


def test_a_no_break_space_entity_beside_a_space_is_deleted():
    # Replaced by U+00A0 it left "deal \xa0 was": a space beside a no-break space.
    assert mtcheck.fix("The deal &nbsp; was off.").text == "The deal was off."
    assert mtcheck.fix("The deal &nbsp;was off.").text == "The deal was off."
    assert mtcheck.fix("The deal&nbsp;was off.").text == "The deal\xa0was off."


def test_a_capital_inside_a_web_leftover_is_the_leftovers():
    # Lowercased by MT101's safe fix, "Click to share on Twitter" hid from MT201.
    text = "He walked to the city Click to share on Twitter and more.\n"
    assert [(f.code, text[f.start:f.end]) for f in mtcheck.check(text)] == [
        ("MT201", "Click to share on Twitter")]
    assert mtcheck.fix(text).text == text  # deleting a leftover inside a sentence is unsafe


@pytest.mark.parametrize("text", [
    "Iraq no longer needs foreign combat forces{}Including the American.",
    "The talks ended.{}{}Please enter your comment!{}Please enter your name here{}",
])
def test_carriage_returns_alone_break_lines_as_line_feeds_do(text):
    # Old Mac files end lines with CR alone: a wrapped line's capital was missed, and two
    # leftover lines were read as one.
    def found(separator: str) -> list[tuple[str, int, str]]:
        document = text.replace("{}", separator)
        return [(f.code, f.start, document[f.start:f.end])
                for f in mtcheck.check(document, format="text")]

    assert found("\r") == found("\n")
    assert found("\r\n") != [] and len(found("\r\n")) == len(found("\n"))


def test_a_label_before_a_colon_is_a_term():
    # Node's changelogs: "* lib,src: fix `spawnSync` ignoring its timeout" ("lib, src:").
    assert flagged("* lib,src: fix spawnSync ignoring its timeout.", "MT302") == []
    assert flagged("I followed your advice,but it failed.", "MT302") == [","]


def test_a_document_about_software_discusses_marks_and_names_members():
    # Node's changelogs: "resolve urls with . and ..", "remove unnecessary ?? operator",
    # "inherit from stream.Readable".
    prose = ("Resolve urls with . and .. now. Remove the unnecessary ?? operator. "
             "It inherits from stream.Readable here. It returns an object.The content is "
             "long. The army , and the people.\n")
    assert flagged(prose, "MT302", "markdown") == [" .", " ..", " ?", ".", ".", " ,"]
    with_code = prose + "\nCall `a.run()`, `a.stop()` or:\n\n```js\nrun();\n```\n"
    # "an object.The content" stays a slip; a mark on its own, even "army , and", is read as a
    # character the document discusses.
    assert flagged(with_code, "MT302", "markdown") == ["."]
