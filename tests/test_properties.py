"""Properties that hold for any text, plain or Markdown, random or adversarial.

* checking never raises;
* every finding and every edit lies inside the text;
* line and column (mtcheck/locate.py, as the reports print them) agree with the offsets;
* fixing is idempotent;
* each fixing pass changes exactly the edits it applied: every other character is kept;
* a Markdown fix never changes the document's structure (``markdown_structure``) but to
  delete a web leftover's whole paragraph, list item or quote, and the fixer refuses any edit
  that would, whatever the rules propose.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtcheck
from mtcheck.api import FileReport, markdown_structure
from mtcheck.fixer import MAX_PASSES, chosen_fix, fix_text
from mtcheck.formatters import RenderOptions, Report, renderer
from mtcheck.locate import LineIndex
from mtcheck.model import Edit, Finding, Fix, Span

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Words and marks that the rules react to: mid-sentence capitals, names, sentence openers,
# abbreviations, web leftovers, repeated and glued words, displaced punctuation, non-Latin
# fragments, addresses.
WORDS = [
    "the", "The", "Including", "including", "forces", "Support", "ISIS", "In", "Iraq", "US",
    "Al-Kazemi", "Bank", "of", "and", "a", "an", "A", "I", "said", "Therefore", "however",
    "Washington", "McKenzie", "iPhone", "April", "Monday", "Parliament", "1", "2020", "17",
    "U.S.", "Mr.", "e.g.", "a.m.", "St.", "BAGHDAD", "the the", "is is", "newspaperreports",
    "collasped", "jidacheng", "Αθήνα", "بغداد", "<unk>", "Please enter your comment!",
    "Read more", "http://example.org/The", "www.example.com", "me@example.org", "Iraq's",
    "O'Neil", "mtcheck: ignore", "<!-- mtcheck-disable-next-line -->",
]
MARKS = [".", ",", ";", ":", "!", "?", "…", " .", ".The", ", .", "“", "”", '"', "'", "‘",
         "’", "(", ")", "[", "]", " - ", " – ", "—", "/", "&amp;", "*", "_", "`", "\\"]
SEPARATORS = [" ", " ", " ", "", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u2028"]

# Ordinary sentences with a capital or two where MT leaves them.
LOWER = ["the", "ministry", "is", "providing", "support", "and", "training", "to", "police",
         "foreign", "forces", "including", "withdrawal", "of", "combat", "future", "in",
         "a", "historical", "position", "council", "condemned", "attack", "on", "city"]
CAPITALISED = ["The", "Including", "Support", "Withdrawal", "In", "Future", "Council", "A",
               "ISIS", "US", "Iraq", "Baghdad", "Therefore", "However"]
sentence = st.lists(st.one_of(st.sampled_from(LOWER), st.sampled_from(LOWER),
                              st.sampled_from(LOWER), st.sampled_from(CAPITALISED)),
                    min_size=3, max_size=16).map(
    lambda words: words[0].capitalize() + " " + " ".join(words[1:]) + ".")
token = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), sentence)
prose = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=30).map(
    lambda pairs: "".join(word + separator for word, separator in pairs))
random_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
ascii_soup = st.text(alphabet="aAbBtThe IiNn.,;:!?'\"“”()[]*_`#>-|<!\\\n\r\t0123456789",
                     max_size=200)
plain_text = st.one_of(prose, random_text, ascii_soup)


def _block(kind: str, body: str) -> str:
    one_line = body.replace("\r", " ").replace("\n", " ")
    return {
        "paragraph": body,
        "heading": "#" * (1 + len(one_line) % 3) + " " + one_line,
        "setext": one_line + "\n===",
        "bullet": "- " + one_line + "\n- " + one_line[::-1],
        "ordered": "1. " + one_line + "\n2) " + one_line,
        "quote": "> " + one_line + "\n> > " + one_line,
        "fence": "```\n" + body + "\n```",
        "indented": "    " + one_line,
        "html": "<div>\n" + one_line + "\n</div>",
        "comment": "<!-- " + one_line + " -->",
        "table": "| a | " + one_line.replace("|", " ") + " |\n|---|---|\n| x | y |",
        "inline": f"`{one_line[:8]}` [{one_line[:12]}](http://x.org/{len(one_line)}) "
                  f"*{one_line[:6]}* **{one_line[6:14]}** <http://x.org> ![i](p.png) "
                  + one_line,
        "front": "---\ntitle: " + one_line + "\n---",
        "break": one_line + "  \n" + one_line,
    }[kind]


BLOCK_KINDS = ["paragraph", "heading", "setext", "bullet", "ordered", "quote", "fence",
               "indented", "html", "comment", "table", "inline", "front", "break"]
markdown_blocks = st.lists(st.tuples(st.sampled_from(BLOCK_KINDS), prose), max_size=6).map(
    lambda blocks: "\n\n".join(_block(kind, body) for kind, body in blocks))
markdown_text = st.one_of(markdown_blocks, prose, ascii_soup, random_text)
documents = st.one_of(st.tuples(plain_text, st.just("text")),
                      st.tuples(markdown_text, st.just("markdown")))


def _naive_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column counted character by character ("\\r\\n", "\\r", "\\n" end a line)."""
    line, line_start, index = 1, 0, 0
    while index < offset:
        if text[index] == "\r" and text[index + 1:index + 2] == "\n":
            if index + 1 >= offset:
                break  # an offset inside "\r\n" stays on its line
            index += 2
        elif text[index] in "\r\n":
            index += 1
        else:
            index += 1
            continue
        line, line_start = line + 1, index
    return line, offset - line_start + 1


def _splice(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` made, written independently of the fixer: left to right."""
    pieces, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        assert position <= edit.start <= edit.end <= len(text), "overlapping edits"
        pieces += [text[position:edit.start], edit.replacement]
        position = edit.end
    return "".join(pieces) + text[position:]


class RecordingCheck:
    """The check a fix runs, remembering every text it was asked about and its findings."""

    def __init__(self, format: str) -> None:
        self.format = format
        self.passes: list[tuple[str, list[Finding]]] = []

    def __call__(self, text: str) -> list[Finding]:
        findings = mtcheck.check(text, format=self.format)
        self.passes.append((text, findings))
        return findings


@PROPERTY
@given(documents)
def test_checking_never_raises_and_offsets_lie_inside(document):
    text, format = document
    for finding in mtcheck.check(text, format=format):
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.end > finding.start or finding.fixes, "an empty finding with no fix"
        for fix in finding.fixes:
            for edit in fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text)


@PROPERTY
@given(documents)
def test_line_and_column_agree_with_offsets(document):
    text, format = document
    findings = mtcheck.check(text, format=format)
    index = LineIndex(text)
    report = Report([FileReport("doc", text, tuple(findings), format)])
    rendered = renderer("text")(report, RenderOptions(color=False))
    json_report = renderer("json")(report, RenderOptions())
    import json

    json_findings = json.loads(json_report)["files"][0]["findings"] if findings else []
    for finding, reported in zip(findings, json_findings, strict=True):
        line, column = index.position(finding.start)
        assert (line, column) == _naive_position(text, finding.start)
        assert (reported["line"], reported["column"]) == (line, column)
        assert (reported["end_line"], reported["end_column"]) == _naive_position(
            text, finding.end)
        assert index.starts[line - 1] + column - 1 == finding.start
        assert f"doc:{line}:{column}: {finding.code}" in rendered
        # The line the report shows holds the finding's text at that column.
        line_text = index.line_text(line)
        if "\n" not in text[finding.start:finding.end] and "\r" not in text[
                finding.start:finding.end]:
            assert line_text[column - 1:column - 1 + len(finding.span)] == text[
                finding.start:finding.end]


@PROPERTY
@given(documents, st.booleans())
def test_fixing_is_idempotent(document, unsafe):
    text, format = document
    once = mtcheck.fix(text, format=format, unsafe=unsafe)
    twice = mtcheck.fix(once.text, format=format, unsafe=unsafe)
    assert twice.text == once.text
    assert not twice.applied


@PROPERTY
@given(documents, st.booleans())
def test_each_pass_changes_only_its_edits(document, unsafe):
    text, format = document
    check = RecordingCheck(format)
    structure = markdown_structure if format == "markdown" else None
    result = fix_text(text, check, unsafe, structure)
    applied = {id(finding) for finding in result.applied}
    passes = check.passes
    assert len(passes) <= MAX_PASSES + 1
    for (before, findings), (after, _) in pairwise(passes):
        chosen = [f for f in findings if id(f) in applied]
        edits = [edit for f in chosen for edit in chosen_fix(f, unsafe).edits]
        assert _splice(before, edits) == after
        # The same, byte for byte, in the file's encoding.
        assert _splice(before, edits).encode("utf-8") == after.encode("utf-8")
    assert passes[-1][0] == result.text
    assert len(applied) == sum(1 for _, fs in passes for f in fs if id(f) in applied)


_CONTAINERS = {"list_item_open", "blockquote_open", "bullet_list_open", "ordered_list_open"}


def _units(shape: tuple) -> list[tuple]:
    """The shape cut into units: a paragraph, a list, a list item or a quote (its open token
    to its close) is one unit, every other entry one of its own."""
    units, index = [], 0
    while index < len(shape):
        kind, _, level = shape[index]
        end = index + 1
        if kind in _CONTAINERS or kind == "paragraph_open":
            close = kind.replace("_open", "_close")
            while (shape[end][0], shape[end][2]) != (close, level):
                end += 1
            end += 1
        units.append(shape[index:end])
        index = end
    return units


@cache
def _units_removed(units: tuple, after: tuple) -> bool:
    """Whether ``after`` is ``units`` with zero or more whole blocks taken out: top-level
    paragraphs, list items and quotes at any level (a list goes with its last item)."""
    if not units:
        return not after
    unit, rest = units[0], units[1:]
    if after[:len(unit)] == unit and _units_removed(rest, after[len(unit):]):
        return True  # kept as it was
    removable = unit[0][0] in _CONTAINERS or unit[0] == ("paragraph_open", "p", 0)
    if removable and _units_removed(rest, after):
        return True  # taken out
    if unit[0][0] in _CONTAINERS and after[:1] == unit[:1]:  # kept, less some of its blocks
        kept = _units(after)[0]
        return (kept[-1] == unit[-1] and _units_removed(tuple(_units(unit[1:-1])), kept[1:-1])
                and _units_removed(rest, after[len(kept):]))
    return False


def _blocks_removed(before: tuple, after: tuple) -> bool:
    return _units_removed(tuple(_units(before)), after)


@PROPERTY
@given(markdown_text, st.booleans())
def test_markdown_fix_keeps_the_structure(text, unsafe):
    # Only a web leftover that fills a whole top-level paragraph, list item or quote may take
    # that block away.
    fixed = mtcheck.fix(text, format="markdown", unsafe=unsafe).text
    assert _blocks_removed(markdown_structure(text), markdown_structure(fixed))


# Edits that would change a Markdown document's structure if they were applied.
STRUCTURAL = ["# ", "\n\n# ", "- ", "\n- ", "1. ", "> ", "\n> ", "```\n", "`", "*", "**", "_",
              "[", "](x)", "|", "\n---\n", "<div>", "<!--", "    ", "\n\n", "==\n", "\\"]


@PROPERTY
@given(markdown_text, st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1),
                                         st.sampled_from(STRUCTURAL)), min_size=1, max_size=6))
def test_the_fixer_refuses_edits_that_change_the_structure(text, proposals):
    """Whatever a rule proposes, a Markdown fix never changes the structure."""
    def hostile_check(current: str) -> list[Finding]:
        findings = []
        for first, second, insert in proposals:
            start = int(first * len(current))
            end = min(len(current), start + int(second * 3))
            findings.append(Finding("MT999", "hostile", "test", Span(start, end),
                                    fixes=(Fix("break it", (Edit(start, end, insert),)),)))
        return findings

    result = fix_text(text, hostile_check, unsafe=True, structure=markdown_structure)
    assert markdown_structure(result.text) == markdown_structure(text)


def test_a_fix_that_would_make_a_list_is_refused():
    # The unsafe MT102 fix inserts a full stop after "1": "1. The city" would start a list.
    text = "Officials met today in Baghdad\n1 The city was calm and the markets were open.\n"
    [stop] = mtcheck.fix(text, format="text", unsafe=True).applied
    assert stop.code == "MT102" and stop.fixes[0].edits[0].replacement == "."
    # check offers only the fix that fix would apply: lowercasing.
    [finding] = mtcheck.check(text, format="markdown")
    assert [fix.title for fix in finding.fixes] == ["Lowercase 'The' to 'the'"]
    fixed = mtcheck.fix(text, format="markdown", unsafe=True).text
    assert "1. The" not in fixed
    assert markdown_structure(fixed) == markdown_structure(text)
    # As plain text there is no structure to break: the same fix is applied.
    assert "1. The" in mtcheck.fix(text, format="text", unsafe=True).text


def _fix_keeps(check: Callable[[str], list[Finding]], text: str) -> str:
    return fix_text(text, check, unsafe=True, structure=markdown_structure).text


def test_refusal_keeps_the_other_fixes():
    text = "Para one.\n\nPara two.\n"
    heading = Finding("MT999", "x", "x", Span(0, 0), fixes=(Fix("h", (Edit(0, 0, "# "),)),))
    harmless = Finding("MT998", "x", "x", Span(11, 15),
                       fixes=(Fix("l", (Edit(11, 15, "PARA"),)),))
    calls = []

    def check(current: str) -> list[Finding]:
        calls.append(current)
        return [heading, harmless] if len(calls) == 1 else []

    assert _fix_keeps(check, text) == "Para one.\n\nPARA two.\n"
