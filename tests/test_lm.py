"""The language model, for real: Gemma 3 270M from the PyPI package, no mocks.

Skipped only when the model package (or torch/transformers) is not installed. The session
converts the model exactly once, into a temporary MTCHECK_CACHE_DIR where a tampered cache has
been planted first, so that one conversion also proves a bad cache is rebuilt, not loaded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck.lm import loading
from mtcheck.model import Applicability, Edit, Finding, Fix, Span

from .conftest import Session

ROOT = Path(__file__).resolve().parent.parent


def test_importing_mtcheck_lm_does_not_import_torch() -> None:
    code = ("import sys, mtcheck.lm, mtcheck.lm.scoring, mtcheck.lm.verify, mtcheck.lm.awkward;"
            "bad = [m for m in ('torch', 'transformers') if m in sys.modules];"
            "print(','.join(bad)); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, f"imported eagerly: {result.stdout} {result.stderr}"


def test_a_decision_says_how_far_its_first_fix_leads() -> None:
    from mtcheck.lm.verify import _decision

    # As written, lowercased, full stop: the rule's order kept within the tolerance.
    decision = _decision((-30.0, -20.0, -20.5), None, 1.0)
    assert decision.fix_order == (0, 1) and decision.lead == pytest.approx(0.5)
    decision = _decision((-30.0, -20.0, -20.5), (-40.0, -33.0, -30.0), 1.0)
    assert decision.fix_order == (1, 0) and decision.lead == pytest.approx(3.0)
    assert _decision((-30.0, -20.0), None, 1.0).lead == float("inf")


def test_missing_model_file_is_model_unavailable(tmp_path: Path) -> None:
    with pytest.raises(loading.ModelUnavailable) as info:
        loading.resolve_source(tmp_path / "nope.gguf")
    assert "\n" not in str(info.value)
    (tmp_path / "weights.bin").write_bytes(b"x")
    with pytest.raises(loading.ModelUnavailable):
        loading.resolve_source(tmp_path / "weights.bin")
    with pytest.raises(loading.ModelUnavailable):
        loading.resolve_source(tmp_path)  # a directory without config.json
    # pathlib raises for these instead of answering "not there".
    for odd in ("~no-such-user-here/m.gguf", str(tmp_path / ("a" * 300 + ".gguf"))):
        with pytest.raises(loading.ModelUnavailable, match="model not found"):
            loading.resolve_source(odd)


# -- the real model ------------------------------------------------------------------------


def test_tampered_cache_was_rebuilt_and_now_verifies(session: Session) -> None:
    assert loading._manifest_ok(session.cache_dir, check_hashes=True)
    assert (session.cache_dir / "model.safetensors").stat().st_size > 100_000_000
    info = loading.model_info()
    assert info.cached and info.licence == "Gemma Terms of Use"
    assert info.cache_path == session.cache_dir and info.cache_size_bytes > 100_000_000


def test_work_folders_of_killed_conversions_are_removed(tmp_path: Path) -> None:
    import os
    import time

    stale, recent = tmp_path / ".convert-stale", tmp_path / ".convert-recent"
    for work in (stale, recent):
        (work / "model").mkdir(parents=True)
        (work / "model" / "model.safetensors").write_bytes(b"half a model")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    cache = tmp_path / "gemma-cache"
    cache.mkdir()
    loading.remove_stale_conversions(tmp_path)
    assert not stale.exists() and recent.exists() and cache.exists()


@pytest.mark.parametrize("damage", ["flip", "truncate", "delete", "manifest"])
def test_damaged_cache_is_detected(session: Session, tmp_path: Path, damage: str) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(session.cache_dir, copy)
    weights = copy / "model.safetensors"
    if damage == "flip":
        with weights.open("r+b") as handle:
            handle.seek(12345)
            byte = handle.read(1)
            handle.seek(12345)
            handle.write(bytes([byte[0] ^ 0xFF]))
    elif damage == "truncate":
        with weights.open("r+b") as handle:
            handle.truncate(weights.stat().st_size // 2)
    elif damage == "delete":
        (copy / "tokenizer.json").unlink()
    else:
        (copy / loading.MANIFEST).write_text("{", encoding="utf-8")
    assert loading._manifest_ok(copy, check_hashes=True) is False


def _sentence_finding(sentence: str, word: str, code: str = "MT101",
                      confidence: float = 0.8) -> Finding:
    """A hand-made candidate; 0.8 is the heuristics' confidence for an everyday word."""
    start = sentence.index(word)
    end = start + len(word)
    lowered = word[0].lower() + word[1:]
    lowercase = Fix(f"Lowercase '{word}'", (Edit(start, end, lowered),), Applicability.SAFE)
    fixes: tuple[Fix, ...] = (lowercase,)
    if code == "MT102":
        gap_end = len(sentence[:start].rstrip())
        full_stop = Fix(f"Insert a full stop before '{word}'", (Edit(gap_end, gap_end, "."),),
                        Applicability.UNSAFE)
        fixes = (full_stop, lowercase)
    return Finding(code, "mid-sentence-capital" if code == "MT101" else "missing-sentence-break",
                   f"'{word}'", Span(start, end), confidence=confidence, fixes=fixes,
                   context=Span(0, len(sentence)))


SEED_WRONG = [
    (("Today, Monday, a summit will be held in Washington between US President Joe Biden and "
     "Iraqi Prime Minister Mustafa Al-Kazemi, on several topics, most notably The future of "
     "the US military presence in Iraq."), "The"),
    (("On his second visit to Washington since he headed the Iraqi government, Al-Kazemi will "
     "discuss with President Biden a number of issues, foremost of which is Withdrawal of US "
     "combat forces from Iraq."), "Withdrawal"),
    (("Before heading to Washington, Al-Kazemi announced, through an exclusive interview with "
     "the Associated Press, that Iraq no longer needs foreign combat forces Including the "
     "American."), "Including"),
]

CONTROLS = [
    (("Before heading to Washington, Al-Kazemi announced that Iraq no longer needs foreign "
     "combat forces."), "Washington"),
    (("The idea of an American withdrawal from Iraq is controversial, as there are those who "
     "have reservations about it, such as the Kurds, while the Shiite forces are divided over "
     "it."), "Kurds"),
    (("The idea of an American withdrawal from Iraq is controversial, as there are those who "
     "have reservations about it, such as the Kurds, while the Shiite forces are divided over "
     "it."), "Shiite"),
    (("Al-Kazemi announced, through an exclusive interview with the Associated Press, that "
     "Iraq no longer needs foreign combat forces."), "Associated"),
    (("Iraq and the United States agreed last April to transfer American forces to the mission "
     "of training and advice."), "April"),
]


@pytest.mark.parametrize(("sentence", "word"), SEED_WRONG, ids=[w for _, w in SEED_WRONG])
def test_seed_wrong_capitals_are_confirmed(session: Session, sentence: str, word: str) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import DEFAULT_THRESHOLD, decide, required_margin, verify_findings

    # The heuristics' own candidate, at its own confidence (which sets the margin it needs).
    candidates = mtcheck.check(sentence, options=CheckOptions(select=("MT101",),
                                                               min_confidence=0.0))
    [finding] = [f for f in candidates if sentence[f.start:f.end] == word]
    kept = verify_findings(sentence, [finding], session.model)
    assert len(kept) == 1, f"'{word}' should be confirmed"
    assert kept[0].confidence > 0.5
    # Confirmed by the model, not by a low bar: every one clears the everyday-word threshold.
    decision = decide(sentence, [finding], session.model)[0]
    assert decision is not None and decision.margin >= required_margin(finding)
    assert decision.margin >= DEFAULT_THRESHOLD - 0.5


@pytest.mark.parametrize(("sentence", "word"), CONTROLS, ids=[w for _, w in CONTROLS])
def test_controls_are_cleared(session: Session, sentence: str, word: str) -> None:
    from mtcheck.lm import decide, verify_findings

    finding = _sentence_finding(sentence, word)
    assert verify_findings(sentence, [finding], session.model) == []
    decision = decide(sentence, [finding], session.model)[0]
    assert decision is not None and decision.margin < 0  # the capital is what the model expects


@pytest.mark.parametrize(("sentence", "kept"), [
    ("In The United States, the law took effect in 2008.", True),  # MLQE-PE si-en
    ("At The Olympic games, Russia was changing its team.", True),
    ("In The Times, she wrote that the plan had failed.", False),  # a newspaper
    ("In The Philosophy of Grammar (1924) he challenged the view.", False),  # a book
])
def test_the_after_an_opening_preposition(session: Session, sentence: str, kept: bool) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import verify_findings

    # The heuristics are confident about every one; the model tells the titles apart.
    [finding] = mtcheck.check(sentence, options=CheckOptions(select=("MT101",)))
    assert sentence[finding.start:finding.end] == "The" and finding.confidence >= 0.9
    assert len(verify_findings(sentence, [finding], session.model)) == int(kept)


@pytest.mark.parametrize("sentence", [
    "They had to deal with intense heat. the workers left early.",  # 6.0 nats
    "It was hot. the workers left early.",  # 5.3
])
def test_a_lower_case_sentence_start_needs_a_function_words_margin(session: Session,
                                                                   sentence: str) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import verify_findings

    [finding] = mtcheck.check(sentence, options=CheckOptions(select=("MT103",)))
    [kept] = verify_findings(sentence, [finding], session.model)
    assert kept.fixes[0].title == "Capitalise 'the' to 'The'"


def test_required_margin_falls_as_the_heuristics_grow_surer() -> None:
    from mtcheck.lm import DEFAULT_THRESHOLD, required_margin

    sentence, word = SEED_WRONG[0]
    margins = [required_margin(_sentence_finding(sentence, word, confidence=c))
               for c in (0.3, 0.45, 0.6, 0.8, 0.9)]
    assert margins == sorted(margins, reverse=True)
    assert required_margin(_sentence_finding(sentence, word)) == DEFAULT_THRESHOLD
    assert margins[0] > DEFAULT_THRESHOLD > margins[-1] > 0
    assert required_margin(_sentence_finding(sentence, word), threshold=4.0) == 4.0


def test_doubtful_candidate_needs_a_wider_margin(session: Session) -> None:
    from mtcheck.lm import decide, required_margin, verify_findings

    sentence, word = SEED_WRONG[1]  # "is Withdrawal of": 10.7 nats
    sure = _sentence_finding(sentence, word, confidence=0.8)
    margin = decide(sentence, [sure], session.model)[0].margin  # type: ignore[union-attr]
    assert len(verify_findings(sentence, [sure], session.model)) == 1
    # The same margin, required of a doubtful candidate under a higher bar, clears it.
    doubtful = _sentence_finding(sentence, word, confidence=0.3)
    bar = margin - required_margin(doubtful) + required_margin(sure) + 0.1
    assert verify_findings(sentence, [doubtful], session.model, threshold=bar) == []
    assert len(verify_findings(sentence, [sure], session.model, threshold=bar)) == 1


def test_missing_sentence_break_orders_full_stop_first(session: Session) -> None:
    from mtcheck.lm import verify_findings

    sentence = ("The city was attacked by the terrorist organization ISIS In a historical "
                "position, the council condemned the attack.")
    finding = _sentence_finding(sentence, "In", code="MT102")
    kept = verify_findings(sentence, [finding], session.model)
    assert len(kept) == 1
    assert kept[0].fixes[0].title.startswith("Insert a full stop")


def test_a_capital_that_opens_a_sentence_becomes_a_missing_sentence_break(
        session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import verify_findings

    sentence = "Two people were wounded by militias The attack happened at night."
    [finding] = mtcheck.check(sentence, options=CheckOptions(select=("MT101",)))
    assert finding.code == "MT101" and len(finding.fixes) == 2
    [kept] = verify_findings(sentence, [finding], session.model)
    assert kept.code == "MT102" and kept.name == "missing-sentence-break"
    assert "after 'militias'" in kept.message
    assert kept.fixes[0].title == "Insert a full stop before 'The'"
    assert {fix.applicability for fix in kept.fixes} == {Applicability.UNSAFE}
    # With MT102 not selected, the finding is not reported as a lowercasing either.
    assert verify_findings(sentence, [finding], session.model,
                           selected=frozenset({"MT101"})) == []
    # A capital to lowercase that could also open a sentence stays MT101, lowercase first.
    sentence, word = SEED_WRONG[2]
    [finding] = [f for f in mtcheck.check(sentence, options=CheckOptions(select=("MT101",)))
                 if sentence[f.start:f.end] == word]
    assert len(finding.fixes) == 2
    [kept] = verify_findings(sentence, [finding], session.model)
    assert kept.code == "MT101" and kept.fixes[0].applicability is Applicability.SAFE
    assert kept.fixes[0].title == "Lowercase 'Including' to 'including'"
    # "most notably The future": without the model lowercasing is unsafe, as "The" often
    # opens a sentence; the model prefers it to the full stop, and so makes it safe.
    sentence, word = SEED_WRONG[0]
    [finding] = [f for f in mtcheck.check(sentence, options=CheckOptions(select=("MT101",)))
                 if sentence[f.start:f.end] == word]
    assert [fix.applicability for fix in finding.fixes] == [Applicability.UNSAFE] * 2
    [kept] = verify_findings(sentence, [finding], session.model)
    assert kept.code == "MT101" and kept.fixes[0].title == "Lowercase 'The' to 'the'"
    assert [fix.applicability for fix in kept.fixes] == [Applicability.SAFE,
                                                          Applicability.UNSAFE]
    # Where the model barely prefers lowercasing to a full stop, neither is safe.
    for sentence in ("Prices rose again this month However the bank kept rates on hold.",
                     "Officials said the border was closed After that no one could leave."):
        [finding] = mtcheck.check(sentence, options=CheckOptions(select=("MT101",)))
        [kept] = verify_findings(sentence, [finding], session.model)
        assert {fix.applicability for fix in kept.fixes} == {Applicability.UNSAFE}, sentence


def test_a_missing_sentence_break_that_reads_better_lowercased_becomes_a_capital(
        session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import make_verifier, verify_findings

    # After a name, "And" may open a sentence; what follows is no sentence, and the model
    # prefers lowercasing: the finding says what the fix does.
    sentence = ("The two sides discussed the Strategic Framework Agreement And the future of "
                "the international coalition in Iraq.")
    [finding] = mtcheck.check(sentence, options=CheckOptions(select=("MT102",)))
    assert finding.code == "MT102"
    [kept] = verify_findings(sentence, [finding], session.model)
    assert kept.code == "MT101" and kept.name == "mid-sentence-capital"
    assert kept.message == "'And' is capitalised in mid-sentence"
    assert kept.fixes[0].title == "Lowercase 'And' to 'and'"
    assert {fix.applicability for fix in kept.fixes} == {Applicability.UNSAFE}
    # With MT101 alone selected, the verifier looks at MT102's candidates too.
    options = CheckOptions(select=("MT101",), verifier=make_verifier(session.model))
    assert [f.code for f in mtcheck.check(sentence, options=options)] == ["MT101"]
    options = CheckOptions(select=("MT102",), verifier=make_verifier(session.model))
    assert mtcheck.check(sentence, options=options) == []


def test_the_model_tells_a_word_after_a_title_from_a_name(session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import make_verifier

    options = CheckOptions(select=("MT101",), verifier=make_verifier(session.model))
    text = "On Monday the Minister Visited the camp near the border."
    assert [text[f.start:f.end] for f in mtcheck.check(text, options=options)] == ["Visited"]
    text = "The talks were held in the Parliament Building on Monday."
    assert mtcheck.check(text, options=options) == []


def test_a_doubted_function_word_needs_only_the_everyday_margin(session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import DEFAULT_THRESHOLD, decide, required_margin, verify_findings

    # "The Minister" could be a title, so the heuristics doubt the capital; the full stop
    # before it wins by about 10.8 nats. With the everyday bar 1 nat below that margin the
    # function word is confirmed, where a doubted content word would need 0.5 nats more.
    sentence = ("The council will publish the report next week The Minister has promised to "
                "read it carefully.")
    [finding] = mtcheck.check(sentence, options=CheckOptions(select=("MT101",),
                                                             min_confidence=0.0))
    assert finding.confidence < 0.6 and len(finding.fixes) == 2
    assert required_margin(finding, word="The") == DEFAULT_THRESHOLD
    assert required_margin(finding, word="Minister") > DEFAULT_THRESHOLD
    [decision] = decide(sentence, [finding], session.model)
    assert decision is not None
    threshold = decision.margin - 1.0
    assert required_margin(finding, threshold, word="Minister") > decision.margin
    [kept] = verify_findings(sentence, [finding], session.model, threshold=threshold)
    assert kept.code == "MT102" and kept.fixes[0].title == "Insert a full stop before 'The'"
    # Under a higher everyday bar the same margin is not enough.
    assert verify_findings(sentence, [finding], session.model,
                           threshold=decision.margin + 0.1) == []


def test_a_full_stop_is_judged_with_the_whole_sentence_read(session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import DEFAULT_THRESHOLD, decide, verify_findings

    # On edited news with lost full stops put in: three words after "The" do not show the
    # run-on (about 6.2 nats), the rest of the sentence does (about 7.6).
    sentence = ("Syria and all refugees are covered by the ban The Syrian refugee team listed "
                "six athletes.")
    [finding] = mtcheck.check(sentence, options=CheckOptions(select=("MT101",),
                                                             min_confidence=0.0))
    [decision] = decide(sentence, [finding], session.model)
    assert decision is not None
    written, *fixes = decision.scores
    assert max(fixes) - written < DEFAULT_THRESHOLD <= decision.margin
    [kept] = verify_findings(sentence, [finding], session.model)
    assert kept.code == "MT102" and kept.fixes[0].title == "Insert a full stop before 'The'"


def test_an_everyday_word_that_is_also_a_name_needs_the_everyday_margin(
        session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import DEFAULT_THRESHOLD, decide, required_margin, verify_findings

    # Webster's lists "Rich" as a name, so the heuristics doubt it; the model reads "to be
    # rich and famous" (about 10 nats) apart from "produced by Rich Costey" (about -9.5).
    candidates = CheckOptions(select=("MT101",), min_confidence=0.0)
    mark = "He wanted to be Rich and famous, and he made a lot of money."
    name = "The album was produced by Rich Costey in Los Angeles."
    [finding] = mtcheck.check(mark, options=candidates)
    assert finding.confidence < 0.6
    assert required_margin(finding, word="Rich") == DEFAULT_THRESHOLD
    assert required_margin(finding, word="Quietly") > DEFAULT_THRESHOLD
    [decision] = decide(mark, [finding], session.model)
    assert decision is not None and decision.margin > DEFAULT_THRESHOLD
    assert len(verify_findings(mark, [finding], session.model)) == 1
    # With the bar just under this margin, the everyday bar keeps it; a doubtful word's would
    # not.
    bar = decision.margin - 1.0
    assert len(verify_findings(mark, [finding], session.model, threshold=bar)) == 1
    assert required_margin(finding, threshold=bar, word="Quietly") > decision.margin
    found = [f for f in mtcheck.check(name, options=candidates) if name[f.start:f.end] == "Rich"]
    assert found and verify_findings(name, found, session.model) == []


def test_a_run_on_sentence_is_seen_when_the_whole_sentence_is_read(session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import make_verifier

    # Read three tokens on, "constituency in the New Territories" is fine; read to the end,
    # it is two sentences (Wikinews, in the clean-text data).
    sentence = ("Eddie Chu received the largest vote in any geographical constituency In the "
                "New Territories West geographical constituency, nonpartisan pan-democrat Eddie "
                "Chu was elected with 84,121 votes.")
    options = CheckOptions(select=("MT101", "MT102"), verifier=make_verifier(session.model))
    [finding] = mtcheck.check(sentence, options=options)
    assert finding.code == "MT102" and finding.fixes[0].title == "Insert a full stop before 'In'"


def test_each_lost_full_stop_bounds_the_sentence_the_model_reads(session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import make_verifier

    # Three full stops lost in a row: read from the text's start, the last two looked like
    # one long sentence that runs on ("…in the country this is the first time": 0.6 nats).
    text = ("The Afghan team had been denied visas until last week, drawing notice from critics"
            " of the policies regarding Muslims traveling to the country The President later"
            " took action to allow the team into the country According to the ambassador, the"
            " participation of this team shows progress in the country This is the first time"
            " the team has competed abroad.")
    options = CheckOptions(select=("MT101", "MT102"), verifier=make_verifier(session.model))
    found = mtcheck.check(text, options=options)
    assert [(f.code, text[f.start:f.end], f.fixes[0].title.split(" ")[0]) for f in found] == [
        ("MT102", "The", "Insert"), ("MT102", "According", "Insert"),
        ("MT102", "This", "Insert")]


def test_a_quotation_that_lost_its_full_stop_needs_only_a_function_words_margin(
        session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import DEFAULT_THRESHOLD, decide, make_verifier

    # GUM news with a full stop dropped after a quotation: the model prefers the full stop by
    # about 3.7 nats, short of an everyday word's bar, enough for a closing quote that meets
    # a capital (the heuristics are sure of that).
    sentence = ('The tables were adorned with colorful gumball "pills" The music in the '
                "background was loud.")
    options = CheckOptions(select=("MT101", "MT102"), verifier=make_verifier(session.model))
    [finding] = mtcheck.check(sentence, options=options)
    assert finding.code == "MT102" and finding.fixes[0].title == "Insert a full stop before 'The'"
    [candidate] = mtcheck.check(sentence, options=CheckOptions(select=("MT102",),
                                                               min_confidence=0.0))
    [decision] = decide(sentence, [candidate], session.model)
    assert decision is not None and decision.margin < DEFAULT_THRESHOLD
    # A quoted title before a name: the model clears it.
    title = 'The band played the song "Help" The Beatles wrote it in 1965.'
    assert mtcheck.check(title, options=options) == []


def test_a_word_the_document_writes_in_lower_case_elsewhere_needs_less(
        session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import make_verifier, required_margin
    from mtcheck.lm.verify import LOWER_CASE_ELSEWHERE_SHIFT

    # GUM news with a mark put in: the model reads "day of the Festival when" as a name
    # might be (about 4.7 nats, under the everyday word's 6.5); the article's own "the
    # festival" tips it.
    mark = ("Wait until the fourth or fifth day of the Festival when the crowds will have "
            "dwindled.")
    options = CheckOptions(select=("MT101",), verifier=make_verifier(session.model))
    assert mtcheck.check(mark, options=options) == []
    text = mark + " I visited the festival on Saturday night."
    [finding] = mtcheck.check(text, options=options)
    assert text[finding.start:finding.end] == "Festival"
    assert finding.fixes[0].edits[0].replacement == "festival"
    assert required_margin(finding, in_lower_case_elsewhere=True) == (
        required_margin(finding) + LOWER_CASE_ELSEWHERE_SHIFT)


def test_the_model_reads_blanked_markup_and_line_breaks_as_one_space() -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm.verify import comparison_for

    candidates = CheckOptions(select=("MT101",), min_confidence=0.0)
    text = "Wait until the fifth day of the **Festival**\nwhen the crowds have dwindled.\n"
    document = mtcheck.parse(text, "markdown")
    [finding] = mtcheck.check(text, format="markdown", options=candidates)
    comparison = comparison_for(document.prose, finding)
    assert comparison is not None
    read = "Wait until the fifth day of the {} when the crowds have dwindled."
    assert [comparison.text(i) for i in (0, 1)] == [read.format("Festival"),
                                                    read.format("festival")]


def test_the_model_reads_nothing_where_markup_was() -> None:
    # Blanked to spaces, "*women*," read "women , the": the decision on "Protection" turned
    # on the emphasis (6.86 nats plain, 5.65 emphasised).
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import _model_prose
    from mtcheck.lm.scoring import as_read, read_text
    from mtcheck.lm.verify import comparison_for

    candidates = CheckOptions(select=("MT101",), min_confidence=0.0)
    for text in ("The talks focused on Protection and *women*, the statement said.\n",
                 "The talks focused on Protection and [women](http://x.org/w), the statement "
                 "said.\n"):
        document = mtcheck.parse(text, "markdown")
        [finding] = mtcheck.check(text, format="markdown", options=candidates)
        view = _model_prose(document)
        assert len(view) == len(text)
        comparison = comparison_for(view, finding)
        assert comparison is not None
        assert comparison.text(0) == ("The talks focused on Protection and women, the "
                                      "statement said.")
        # MT901 reads the same, and maps what it finds back to the text.
        read, positions = as_read(view)
        assert read == read_text(view) and len(positions) == len(read) + 1
        assert all(read[i] == view[p] or read[i] == " " for i, p in enumerate(positions[:-1]))
        assert text[positions[read.index("women")]:].startswith("women")


def test_documents_checked_together_are_scored_in_one_batch(session: Session) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions, check_document, check_documents
    from mtcheck.lm import ModelVerifier

    class Watched(ModelVerifier):
        """The real verifier, noting how much the model had computed when prefetch ended."""

        def prefetch(self, items, selected=frozenset()):  # type: ignore[no-untyped-def]
            super().prefetch(items, selected)
            self.tokens_after_prefetch = self.model.stats.forward_tokens

    texts = [sentence for sentence, _ in SEED_WRONG + CONTROLS]
    texts.append("Two people were wounded by militias The attack happened at night.")
    verifier = Watched(session.model)
    options = CheckOptions(verifier=verifier)
    session.model.clear_cache()
    one_by_one = [check_document(mtcheck.parse(text), options) for text in texts]
    session.model.clear_cache()
    before = session.model.stats.forward_tokens
    together = check_documents([mtcheck.parse(text) for text in texts], options)
    assert together == one_by_one
    assert [f.code for f in together[-1]] == ["MT102"]
    # Everything was scored in the prefetch; verifying each document found it cached.
    assert verifier.tokens_after_prefetch > before
    assert session.model.stats.forward_tokens == verifier.tokens_after_prefetch


def test_other_codes_pass_through_and_order_is_kept(session: Session) -> None:
    from mtcheck.lm import verify_findings

    sentence, word = SEED_WRONG[2]
    other = Finding("MT201", "boilerplate", "x", Span(0, 6), confidence=0.42)
    cleared = _sentence_finding(sentence, "Washington")
    confirmed = _sentence_finding(sentence, word)
    kept = verify_findings(sentence, [other, cleared, confirmed], session.model)
    assert [f.code for f in kept] == ["MT201", "MT101"]
    assert kept[0] is other
    assert kept[1].span == confirmed.span


def test_compute_dtype_is_float32_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MTCHECK_DTYPE", raising=False)
    assert loading.compute_dtype() == "float32"
    monkeypatch.setenv("MTCHECK_DTYPE", "bfloat16")
    assert loading.compute_dtype() == "bfloat16"
    monkeypatch.setenv("MTCHECK_DTYPE", "auto")
    for native, expected in ((True, "bfloat16"), (False, "float32")):
        monkeypatch.setattr(loading, "_cpu_has_native_bfloat16", lambda native=native: native)
        assert loading.compute_dtype("cpu") == expected
    assert loading.compute_dtype("cuda") == "float32"
    monkeypatch.setenv("MTCHECK_DTYPE", "fp16")
    with pytest.raises(loading.ModelUnavailable, match="MTCHECK_DTYPE must be one of"):
        loading.compute_dtype()


def test_bfloat16_stored_layers_compute_exactly_what_float32_layers_do() -> None:
    """The linear weights stay bfloat16 between calls, and the outputs do not move at all."""
    import copy

    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    config = transformers.Gemma3TextConfig(
        vocab_size=512, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=2, num_key_value_heads=1, head_dim=32, sliding_window=16)
    torch.manual_seed(0)
    plain = transformers.Gemma3ForCausalLM(config).eval()
    for param in plain.parameters():  # the values a bfloat16 cache holds
        param.data = param.data.to(torch.bfloat16).float()
    arranged = copy.deepcopy(plain)
    for param in arranged.parameters():  # as loaded from the cache
        param.data = param.data.to(torch.bfloat16)
    loading._arrange_for_scoring(arranged, "float32")
    matrices = [p for p in arranged.model.parameters() if p.ndim == 2]
    assert len(matrices) == 15 and all(p.dtype == torch.bfloat16 for p in matrices)
    ids = torch.randint(0, 512, (3, 20))
    with torch.inference_mode():
        expected = plain.model(input_ids=ids).last_hidden_state
        got = arranged.model(input_ids=ids).last_hidden_state
    assert got.dtype == torch.float32 and torch.equal(got, expected)


def test_bfloat16_model_makes_the_same_seed_decisions(session: Session,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import ScoringModel, decide, verify_findings

    monkeypatch.setenv("MTCHECK_DTYPE", "bfloat16")
    model = ScoringModel.load()
    assert model.dtype == "bfloat16"
    candidates = CheckOptions(select=("MT101",), min_confidence=0.0)
    for sentence, word in SEED_WRONG + CONTROLS:
        [finding] = ([f for f in mtcheck.check(sentence, options=candidates)
                      if sentence[f.start:f.end] == word] or [_sentence_finding(sentence, word)])
        [fast] = decide(sentence, [finding], model)
        [exact] = decide(sentence, [finding], session.model)
        assert fast is not None and exact is not None
        assert abs(fast.margin - exact.margin) < 0.5, word
        wrong = (sentence, word) in SEED_WRONG
        assert len(verify_findings(sentence, [finding], model)) == int(wrong), word


def test_packed_scores_match_full_sequence(session: Session) -> None:
    from mtcheck.lm import Comparison

    model = session.model
    comparison = Comparison("The city was attacked by the terrorist organization ISIS",
                            (" In", ". In", " in"), " a historical position, the council "
                            "condemned the attack.")
    model.clear_cache()
    fast = model.score([comparison])[0]
    plan = model._plan(comparison)
    for v, ids in enumerate(plan.ids):
        hidden = model._forward([ids])
        positions = list(range(plan.start - 1, plan.ends[v] - 1))
        slow = model._logprobs(hidden[0, positions], [ids[p + 1] for p in positions]).sum()
        assert abs(float(slow) - fast[v]) < 1e-2
    assert model.score([comparison])[0] == fast  # from the LRU


def test_one_call_may_score_more_than_the_cache_holds(session: Session) -> None:
    # A document with more variants than the LRU keeps (20,000 by default) raised KeyError:
    # its own scores were pushed out before they were read back.
    from mtcheck.lm import Comparison

    model = session.model
    comparisons = [Comparison(f"Iraq needs foreign forces number {n}", (" Including", " including"),
                              " the American.") for n in range(6)]
    model.clear_cache()
    alone = [model.score([c])[0] for c in comparisons]
    cached = model.score(comparisons[:1])[0]
    size = model._cache_size
    model.clear_cache()
    model._cache_size = 4  # holds two comparisons of two variants
    try:
        model.score(comparisons[:1])  # one read from the cache, the rest computed
        together = model.score(comparisons)
    finally:
        model._cache_size = size
        model.clear_cache()
    assert cached == alone[0]
    assert [[round(v, 3) for v in t] for t in together] == [
        [round(v, 3) for v in a] for a in alone]


@pytest.mark.parametrize("endless", ["run-on sentence", "one endless word"])
def test_a_sentence_with_no_end_is_scored_in_a_bounded_row(session: Session,
                                                          endless: str) -> None:
    # Read "to the end of the sentence" (as MT102's fix order is), a sentence of 20,000 words
    # or one word of 100,000 letters once made a row of tens of thousands of tokens (minutes,
    # gigabytes of attention mask); the scored suffix now stops at MAX_SUFFIX_TOKENS.
    from mtcheck.lm import Comparison
    from mtcheck.lm.scoring import MAX_SEQUENCE_TOKENS, MAX_SUFFIX_TOKENS

    model = session.model
    tail = (" the forces met the leaders" * 4000 if endless == "run-on sentence"
            else " " + "x" * 100_000)
    comparison = Comparison("The city was attacked by the organization ISIS",
                            (" In", ". In", " in"), " a historical position" + tail + ".",
                            window=10_000)
    plan = model._plan(comparison)
    # The forward pass reads each variant's tokens up to its end, and no further.
    assert max(plan.ends) <= MAX_SEQUENCE_TOKENS
    assert all(end - plan.start <= MAX_SUFFIX_TOKENS + 4 for end in plan.ends)
    # Every variant is scored up to the same point of the suffix, and the scores are numbers.
    assert len({text[stop:] for text, _, stop in plan.keys}) == 1
    scores = model.score([comparison])[0]
    assert all(-1e4 < score < 0 for score in scores)


def test_many_candidates_in_one_long_sentence_are_scored_in_bounded_groups(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every alternative of one sentence was packed in one row: 60 capitals in a run-on of 200
    # words, each read to the end of the sentence, made a row of 30,000 tokens (minutes, 2 GB).
    # Groups now hold at most MAX_GROUP_TOKENS; the scores are what one group gave.
    from mtcheck.lm import Comparison, scoring

    words = ("the forces In the market The city of Support and In water " * 6).split()
    comparisons = []
    for position, word in enumerate(words):
        if word[0].isupper():
            prefix, suffix = " ".join(words[:position]), " " + " ".join(words[position + 1:])
            comparisons.append(Comparison(
                prefix, (" " + word, ". " + word, " " + word.lower()), suffix + ".",
                window=10_000))
    model = session.model
    model.clear_cache()
    one_group = model.score(comparisons)
    model.clear_cache()
    monkeypatch.setattr(scoring, "MAX_GROUP_TOKENS", 200)
    built: list[int] = []
    real_build = scoring._Group.build

    def build(cls: type, written: tuple[int, ...], plans: list) -> object:
        group = real_build(written, plans)
        built.append(len(group.ids))
        return group

    monkeypatch.setattr(scoring._Group, "build", classmethod(build))
    bounded = model.score(comparisons)
    model.clear_cache()
    assert len(built) > 1 and max(built) <= 200 + 2 * scoring.MAX_SUFFIX_TOKENS
    assert all(abs(a - b) < 1e-3 for x, y in zip(one_group, bounded, strict=True)
               for a, b in zip(x, y, strict=True))


def test_text_with_lone_surrogates_is_checked_not_refused(session: Session) -> None:
    # A str decoded with errors="surrogateescape" can hold lone surrogates, which no tokenizer
    # takes: they are read as U+FFFD, one character for one, so offsets still hold.
    import mtcheck
    from mtcheck.engine import CheckOptions
    from mtcheck.lm import make_verifier

    text = "Iraq no longer needs \udcff foreign combat forces Including the American."
    findings = mtcheck.check(text, options=CheckOptions(verifier=make_verifier(session.model)))
    assert [text[f.start:f.end] for f in findings] == ["Including"]


def test_scoring_tells_how_far_it_has_got(session: Session) -> None:
    from mtcheck.lm import Comparison

    model = session.model
    heard: list[tuple[int, int, str]] = []
    model.on_progress = lambda done, total, unit: heard.append((done, total, unit))
    try:
        comparisons = [Comparison(f"Report {n} says the", (" Army", " army"), " left the city.")
                       for n in range(40)]
        model.score(comparisons)
        model.surprisal([f"Sentence {n} is here." for n in range(5)])
    finally:
        model.on_progress = None
    scored = [done for done, total, unit in heard if unit == "candidates" and total == 40]
    assert scored and scored == sorted(scored) and scored[-1] == 40
    assert heard[-1] == (5, 5, "sentences")


def test_awkward_sentence_flagged_fluent_sentence_not(session: Session) -> None:
    from mtcheck.lm import find_awkward_sentences

    fluent = ("The council met on Tuesday and agreed to publish the report before the end of "
              "the month.")
    # A real machine translation from WMT20 MLQE-PE (CC0).
    salad = "Kamadhavathiya Subsidiary of lizard binaries?"
    text = fluent + " " + salad
    sentences = [(Span(0, len(fluent)), fluent),
                 (Span(len(fluent) + 1, len(text)), salad)]
    findings = find_awkward_sentences(text, sentences, session.model)
    assert [f.code for f in findings] == ["MT901"]
    assert findings[0].span.start > len(fluent) and not findings[0].fixes
    assert findings[0].severity.value == "info"


def test_awkward_sentence_is_read_with_blanked_markup_as_one_space(session: Session) -> None:
    from mtcheck.lm import find_awkward_sentences

    salad = "Kamadhavathiya Subsidiary of lizard binaries?"
    spaced = "Kamadhavathiya   Subsidiary of\nlizard   binaries?"  # "**Subsidiary**", a wrap
    [plain] = find_awkward_sentences(salad, [(Span(0, len(salad)), salad)], session.model)
    [marked] = find_awkward_sentences(spaced, [(Span(0, len(spaced)), spaced)], session.model)
    assert marked.message == plain.message  # the same score and the same stretch
    stretch = spaced[marked.start:marked.end]
    assert stretch == stretch.strip() and " ".join(stretch.split()) in salad


def test_make_verifier_matches_the_engine_signature(session: Session) -> None:
    from mtcheck.documents import parse
    from mtcheck.lm import make_verifier

    sentence, word = SEED_WRONG[1]
    text = sentence + " Kamadhavathiya Subsidiary of lizard binaries?"
    document = parse(text)
    finding = _sentence_finding(sentence, word)
    verify = make_verifier(session.model)
    kept = verify(document, [finding], frozenset({"MT101"}))
    assert [f.code for f in kept] == ["MT101"]
    with_awkward = verify(document, [finding], frozenset({"MT101", "MT901"}))
    assert sorted(f.code for f in with_awkward) == ["MT101", "MT901"]


def test_english_subset_normalisation_stays_close_to_the_full_vocabulary(session: Session) -> None:
    from mtcheck.lm import Comparison

    model = session.model
    subset = model._in_subset
    assert subset is not None and 0.1 < float(subset.float().mean()) < 0.5
    comparison = Comparison("Iraq no longer needs foreign combat forces",
                            (" Including", " including"), " the American.")
    plan = model._plan(comparison)
    margins = []
    for full in (False, True):
        totals = []
        for v, ids in enumerate(plan.ids):
            hidden = model._forward([ids])
            positions = list(range(plan.start - 1, plan.ends[v] - 1))
            totals.append(float(model._logprobs(hidden[0, positions],
                                                [ids[p + 1] for p in positions], full=full).sum()))
        margins.append(totals[1] - totals[0])
    assert margins[0] > 1.0 and abs(margins[0] - margins[1]) < 0.5


def test_english_token_cache_is_rebuilt_when_damaged(session: Session) -> None:
    from mtcheck.lm import vocabulary

    tokenizer = session.model._tokenizer
    path = vocabulary._cache_file(tokenizer)
    assert path is not None and path.is_file()  # written when the model was loaded
    good = vocabulary.english_token_ids(tokenizer)
    path.write_text('{"format": 1, "count": 2, "ids": [5, 3]}', encoding="utf-8")
    assert vocabulary._read(path) is None
    assert vocabulary.english_token_ids(tokenizer) == good
    assert vocabulary._read(path) == good
