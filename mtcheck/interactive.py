"""``mtcheck fix --interactive``: ask, finding by finding, which fix to apply.

Each finding that offers a fix is shown as ``check`` shows it, with its fixes numbered best
first; the answer applies one (Enter: the first), skips the finding, or stops asking. The
answers are read a line at a time, so they may come from a terminal or a script. Decisions
are remembered for the rest of the file: a finding still there after a pass (skipped, or
waiting for an overlapping fix to go first) is not asked about again. It is followed from
pass to pass by where its text moved (the passes' texts are compared), so that a fix beside
it, or a deleted line above it, does not make it a new question.
"""

from __future__ import annotations

import difflib
import os
from bisect import bisect_right
from typing import TextIO

from mtcheck.formatters import printable
from mtcheck.formatters.text import excerpt, headline
from mtcheck.locate import LineIndex
from mtcheck.model import Finding, Fix

# Lines longer than this that a pass changed are followed by their common start and end only.
MAX_COMPARED = 20_000
HELP = ("  a number: apply that fix    Enter or y: the first    s or n: skip this one\n"
        "  q: stop asking (what you chose so far is applied; later files are left)\n"
        "  ?: this help\n")


def _is_a_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or closed
        return False


class FixPrompt:
    """A chooser for :func:`mtcheck.fix` (``choose=``) that asks on ``out`` and reads the
    answers from ``answers``. :meth:`start_file` names the file that the next questions are
    about. After ``q`` or the end of the answers (:attr:`stopped`), nothing more is asked,
    in this file or any later one."""

    def __init__(self, answers: TextIO, out: TextIO) -> None:
        self._answers = answers
        self._out = out
        self._path = "-"
        self._text = ""
        self._decisions: dict[tuple[str, int, int], int | None] = {}
        self._echo = not _is_a_terminal(answers)  # answers from a script: show them
        self._asked = False
        self.stopped = False

    def start_file(self, path: str) -> None:
        self._path = path
        self._text = ""
        self._decisions = {}

    def __call__(self, text: str, finding: Finding) -> Fix | None:
        if not finding.fixes:
            return None
        if text != self._text:  # a new pass, or a new file: follow the decisions made
            if self._decisions:
                self._decisions = _followed(self._decisions, self._text, text)
            self._text = text
        key = (finding.code, finding.start, finding.end)
        if key not in self._decisions:
            self._decisions[key] = None if self.stopped else self._ask(text, finding)
        choice = self._decisions[key]
        return finding.fixes[choice] if choice is not None and choice < len(
            finding.fixes) else None

    def _ask(self, text: str, finding: Finding) -> int | None:
        index = LineIndex(text)
        lines = [headline(self._path, index, finding), *excerpt(index, finding, fix=False)]
        lines += [f"  {number}) {printable(fix.title)} ({fix.applicability.value})"
                  for number, fix in enumerate(finding.fixes, 1)]
        count = len(finding.fixes)
        question = ("Apply the fix? [Enter or 1" if count == 1
                    else f"Apply which fix? [1-{count}, Enter: 1") + ", s: skip, q: quit, ?: help] "
        self._out.write(("\n" if self._asked else "") + "\n".join(lines) + "\n")
        self._asked = True
        while True:
            self._out.write(question)
            self._out.flush()
            line = self._answers.readline()
            if not line:  # the end of the answers: stop, as "q" does
                self._out.write("\n")
                self.stopped = True
                return None
            if self._echo:
                self._out.write(printable(line.rstrip("\r\n")) + "\n")
            answer = line.strip().lower()
            if answer in ("", "y", "yes"):
                return 0
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer) - 1
            if answer in ("s", "n", "no", "skip"):
                return None
            if answer in ("q", "quit"):
                self.stopped = True
                return None
            self._out.write(HELP if answer == "?" else f"  not an answer: {printable(answer)!r}"
                            " (? for help)\n")


def _followed(decisions: dict[tuple[str, int, int], int | None], old: str, new: str
              ) -> dict[tuple[str, int, int], int | None]:
    """``decisions`` (keyed by rule and span in ``old``) keyed by where their text stands in
    ``new``; those whose text changed are dropped."""
    moved = _Moves(old, new)
    followed = {}
    for (code, start, end), decision in decisions.items():
        new_start = moved(start)
        if new_start is not None and new[new_start:new_start + end - start] == old[start:end]:
            followed[(code, new_start, new_start + end - start)] = decision
    return followed


class _Moves:
    """Where a character of ``old`` stands in ``new`` (None where it was changed): the lines
    of the two texts are compared, and the characters of the lines that differ. A pass's
    edits are few, so this is about as fast as reading the texts."""

    def __init__(self, old: str, new: str) -> None:
        self._starts: list[int] = []  # runs of unchanged characters: (start in old, shift)
        self._ends: list[int] = []
        self._shifts: list[int] = []
        old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
        old_at, new_at = _line_starts(old_lines), _line_starts(new_lines)
        lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in lines.get_opcodes():
            if tag == "equal":
                self._add(old_at[i1], old_at[i2], new_at[j1] - old_at[i1])
            elif tag == "replace":
                before, after = old[old_at[i1]:old_at[i2]], new[new_at[j1]:new_at[j2]]
                for a, b, size in _same_characters(before, after):
                    self._add(old_at[i1] + a, old_at[i1] + a + size,
                              new_at[j1] + b - old_at[i1] - a)

    def _add(self, start: int, end: int, shift: int) -> None:
        if end <= start:
            return
        self._starts.append(start)
        self._ends.append(end)
        self._shifts.append(shift)

    def __call__(self, position: int) -> int | None:
        index = bisect_right(self._starts, position) - 1
        if index < 0 or position >= self._ends[index]:
            return None
        return position + self._shifts[index]


def _same_characters(before: str, after: str) -> list[tuple[int, int, int]]:
    """Runs of characters ``before`` and ``after`` share: ``(start in before, start in after,
    length)``. Beyond MAX_COMPARED characters (a long line) only the common start and end:
    comparing every character takes time that grows with the square of the length."""
    if len(before) <= MAX_COMPARED and len(after) <= MAX_COMPARED:
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        return [block for block in matcher.get_matching_blocks() if block[2]]
    prefix = len(os.path.commonprefix([before, after]))
    suffix = min(len(os.path.commonprefix([before[::-1], after[::-1]])),
                 len(before) - prefix, len(after) - prefix)
    return [(0, 0, prefix), (len(before) - suffix, len(after) - suffix, suffix)]


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts
