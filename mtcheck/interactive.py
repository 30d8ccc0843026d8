"""``mtcheck fix --interactive``: ask, finding by finding, which fix to apply.

Each finding that offers a fix is shown as ``check`` shows it, with its fixes numbered best
first and what each makes of the text; the answer applies one (Enter: the first), skips the
finding, or stops asking. The answers are read a line at a time, so they may come from a
terminal or a script. Decisions are remembered for the rest of the file: a finding still there
after a pass (skipped, or waiting for an overlapping fix to go first) is not asked about again.
It is followed from pass to pass through the edits each pass made, so a fix beside it, inside
it or on a line above it does not make it a new question.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import TextIO

from mtcheck.fixer import apply_edits
from mtcheck.formatters import printable
from mtcheck.formatters.text import excerpt, headline
from mtcheck.locate import LineIndex
from mtcheck.model import Edit, Finding, Fix

HELP = ("  a number: apply that fix    Enter or y: the first    s or n: skip this one\n"
        "  a: the first fix here and for the rest of this rule's findings in this file\n"
        "  q: stop asking (what you chose so far is applied; later files are left)\n"
        "  ?: this help\n")
# What a fix makes of the text, shown this many characters either side of its edits.
PREVIEW_CONTEXT = 25

_Key = tuple[str, int, int]  # a finding: its rule and span in the text of the current pass


class FixPrompt:
    """A chooser for :func:`mtcheck.fix` (``choose=``, with ``on_pass=`` its :meth:`passed`)
    that asks on ``out`` and reads the answers from ``answers``. :meth:`start_file` names the
    file the next questions are about and, for Markdown, how to tell that a fix would change
    the document's structure (such a choice is refused at once, and asked again). After ``q``
    or the end of the answers (:attr:`stopped`), nothing more is asked, in this file or any
    later one."""

    def __init__(self, answers: TextIO, out: TextIO) -> None:
        self._answers = answers
        self._out = out
        self._path = "-"
        self._refused: Callable[[str, Fix], bool] | None = None
        self._decisions: dict[_Key, int | None] = {}
        self._all_of: set[str] = set()  # rules whose findings take their first fix unasked
        self._echo = not _is_a_terminal(answers)  # answers from a script: show them
        self._asked = False
        self.stopped = False
        self.ran_out = False  # the answers ended before the questions did

    def start_file(self, path: str, refused: Callable[[str, Fix], bool] | None = None) -> None:
        self._path = path
        self._refused = refused
        self._decisions = {}
        self._all_of = set()

    def __call__(self, text: str, finding: Finding) -> Fix | None:
        if not finding.fixes:
            return None
        key = (finding.code, finding.start, finding.end)
        if key not in self._decisions:
            if finding.code in self._all_of:
                self._decisions[key] = 0  # one that would change the structure, fix refuses
            else:
                self._decisions[key] = None if self.stopped else self._ask(text, finding)
        choice = self._decisions[key]
        return finding.fixes[choice] if choice is not None and choice < len(
            finding.fixes) else None

    def passed(self, text: str, edits: Sequence[Edit]) -> None:
        """Follow the decisions through a pass that made ``edits`` to ``text``."""
        moves = _Moves(edits)
        followed = {}
        for (code, start, end), decision in self._decisions.items():
            new_start, new_end = moves(start, at_end=False), moves(end, at_end=True)
            if new_start is not None and new_end is not None:
                followed[(code, new_start, new_end)] = decision
        self._decisions = followed

    def _ask(self, text: str, finding: Finding) -> int | None:
        index = LineIndex(text)
        lines = [headline(self._path, index, finding), *excerpt(index, finding, fix=False)]
        lines += [f"  {number}) {printable(fix.title)} ({fix.applicability.value}):"
                  f" {_preview(text, fix)}" for number, fix in enumerate(finding.fixes, 1)]
        count = len(finding.fixes)
        question = ("Apply the fix? [Enter or 1" if count == 1 else
                    f"Apply which fix? [1-{count}, Enter: 1")
        question += ", s: skip, a: all, q: quit, ?: help] "
        self._out.write(("\n" if self._asked else "") + "\n".join(lines) + "\n")
        self._asked = True
        while True:
            self._out.write(question)
            self._out.flush()
            try:
                line = self._answers.readline()
            except KeyboardInterrupt:
                self._out.write("\n")  # the interrupted line ends before the next message
                raise
            if not line:  # the end of the answers: stop, as "q" does
                self._out.write("\n")
                self.stopped = self.ran_out = True
                return None
            if self._echo:
                self._out.write(printable(line.rstrip("\r\n")) + "\n")
            answer = line.strip().lower()
            every = answer in ("a", "all")
            choice = 0 if every else _chosen(answer, count)
            if choice is not None:
                if self._refused is not None and self._refused(text, finding.fixes[choice]):
                    self._out.write(f"  fix {choice + 1} would change how the Markdown is read"
                                    " (a heading, a list, code); choose another, or s\n")
                    continue
                if every:
                    self._all_of.add(finding.code)
                return choice
            if answer in ("s", "n", "no", "skip"):
                return None
            if answer in ("q", "quit"):
                self.stopped = True
                return None
            self._out.write(HELP if answer == "?" else f"  not an answer: {printable(answer)!r}"
                            " (? for help)\n")


def _chosen(answer: str, count: int) -> int | None:
    """The fix (0-based) an answer picks, or None if it picks none."""
    if answer in ("", "y", "yes"):
        return 0
    if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= count:
        return int(answer) - 1
    return None


class _Moves:
    """Where a position of a text stands after a pass's ``edits`` (which overlap none other):
    found by bisection, as a pass may make thousands of edits and a file hold thousands of
    decisions."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self._edits = sorted(edits, key=lambda edit: (edit.start, edit.end))
        self._starts = [edit.start for edit in self._edits]
        self._ends = [edit.end for edit in self._edits]
        self._shifts = [0]  # the length the first k edits add
        for edit in self._edits:
            self._shifts.append(self._shifts[-1] + len(edit.replacement) - (edit.end - edit.start))

    def __call__(self, position: int, at_end: bool) -> int | None:
        """``position`` (a finding's start, or its end if ``at_end``) after the edits; None if
        an edit changed the text across it. An insertion right at a start goes before the
        finding, one right at an end after it."""
        index = bisect_left(self._starts, position) - 1  # the last edit starting before it
        if index >= 0 and self._ends[index] > position:
            return None
        before = bisect_left(self._ends, position)  # edits that end before it
        while before < len(self._edits) and self._ends[before] == position and (
                self._starts[before] < position or not at_end):
            before += 1  # ends at it: inside the finding, or an insertion before its start
        return position + self._shifts[before]


def _preview(text: str, fix: Fix) -> str:
    """The words around ``fix``'s edits, within their lines, as the fix leaves them; for a
    fix that deletes whole lines, what it deletes (the lines around would mislead: they are
    what is left, not what changes)."""
    deleted = [text[edit.start:edit.end] for edit in fix.edits if not edit.replacement]
    if len(deleted) == len(fix.edits) and any("\n" in d or "\r" in d for d in deleted):
        words = " ".join(" ".join(deleted).split())
        if len(words) > 2 * PREVIEW_CONTEXT + 20:
            words = words[:2 * PREVIEW_CONTEXT + 20].rsplit(" ", 1)[0] + "…"
        return printable(f"deletes «{words}»")
    start = min(edit.start for edit in fix.edits)
    end = max(edit.end for edit in fix.edits)
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    line_end = min((found for found in (text.find("\n", end), text.find("\r", end))
                    if found >= 0), default=len(text))
    left, right = max(line_start, start - PREVIEW_CONTEXT), min(line_end, end + PREVIEW_CONTEXT)
    if left > line_start and " " in text[left:start]:
        left = text.index(" ", left, start) + 1  # a whole word first
    if right < line_end and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    moved = [Edit(e.start - left, e.end - left, e.replacement) for e in fix.edits]
    shown = " ".join(apply_edits(text[left:right], moved).split())
    return printable(("…" if left > line_start else "") + shown
                     + ("…" if right < line_end else ""))


def _is_a_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or closed
        return False
