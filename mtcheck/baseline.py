"""Baselines: record today's findings so that CI fails only on new ones.

``mtcheck baseline --output FILE PATH...`` writes every current finding's fingerprint;
``mtcheck check --baseline FILE`` then reports only findings whose fingerprint is not in it.
A fingerprint hashes the file's path (relative to the baseline file), the rule code, the
flagged text and a few words either side, with whitespace collapsed, so it survives edits
elsewhere in the file: lines added above, paragraphs rewrapped, other sentences rewritten.
Identical fingerprints are counted, so fixing one of two identical findings leaves one known.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mtcheck import __version__
from mtcheck.documents import InputError
from mtcheck.model import Finding

BASELINE_VERSION = 1
CONTEXT_WORDS = 4
_WORD = re.compile(r"\S+")
_CONTEXT_CHARS = 200
_PARAGRAPH_BREAK = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)")


def path_key(path: str, base: Path) -> str:
    """``path`` relative to ``base`` with forward slashes, with ``../`` if outside ``base``
    (absolute only where no relative path exists: another drive on Windows)."""
    absolute = Path(os.path.abspath(path))
    real_base = base.resolve()
    try:
        return absolute.relative_to(real_base).as_posix()
    except ValueError:
        pass
    # The folder is resolved like the base, so that each ../ is a real step up; the key stays
    # the same wherever the project is checked out.
    try:
        return Path(os.path.relpath(absolute.parent.resolve() / absolute.name, real_base)
                    ).as_posix()
    except ValueError:
        return absolute.as_posix()


def fingerprint(key: str, text: str, finding: Finding) -> str:
    """A digest of a finding that does not change when other parts of the file do."""
    start, end = finding.span.start, finding.span.end
    # The context stays inside the finding's paragraph: other paragraphs may change freely.
    preceding = _PARAGRAPH_BREAK.split(text[max(0, start - _CONTEXT_CHARS) : start])[-1]
    following = _PARAGRAPH_BREAK.split(text[end : end + _CONTEXT_CHARS])[0]
    before = _WORD.findall(preceding)[-CONTEXT_WORDS:]
    after = _WORD.findall(following)[:CONTEXT_WORDS]
    if before and start > 0 and not text[start - 1].isspace():
        before = before[:-1]  # a partial word glued to the finding is part of it
    flagged = " ".join(text[start:end].split())
    parts = [key, finding.code, flagged, " ".join(before), " ".join(after)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def unique_fingerprints(key: str, text: str, findings: Sequence[Finding]) -> list[str]:
    """Fingerprints made unique within a file (a repeat gets ``-2``, ``-3``, ...)."""
    seen: Counter[str] = Counter()
    unique = []
    for finding in findings:
        digest = fingerprint(key, text, finding)
        seen[digest] += 1
        unique.append(digest if seen[digest] == 1 else f"{digest}-{seen[digest]}")
    return unique


@dataclass(frozen=True)
class BaselineEntry:
    path: str
    code: str
    fingerprint: str
    line: int
    message: str


@dataclass
class Baseline:
    """Known findings, counted by fingerprint; :meth:`new_findings` consumes the counts."""

    base: Path
    counts: Counter[str] = field(default_factory=Counter)
    # The absolute paths in the file: older versions wrote them for files outside ``base``.
    absolute_paths: frozenset[str] = frozenset()

    def new_findings(self, path: str, text: str,
                     findings: Iterable[Finding]) -> tuple[list[Finding], int]:
        """The findings of one file not in the baseline, and how many were known."""
        key = path_key(path, self.base)
        keys = [key, *self._older_keys(path, key)]
        new: list[Finding] = []
        known = 0
        for finding in findings:
            digests = (fingerprint(k, text, finding) for k in keys)
            digest = next((d for d in digests if self.counts[d] > 0), None)
            if digest:
                self.counts[digest] -= 1
                known += 1
            else:
                new.append(finding)
        return new, known

    def _older_keys(self, path: str, key: str) -> list[str]:
        """The absolute paths an older mtcheck may have recorded this file under: it wrote
        no ``../`` keys, so the file itself or, checked out elsewhere, a path with the same
        tail after the ``../`` steps."""
        tail = key
        while tail.startswith("../"):
            tail = tail[3:]
        if tail == key:
            return []
        absolute = Path(os.path.abspath(path)).as_posix()
        return sorted(p for p in self.absolute_paths if p == absolute or p.endswith("/" + tail))


def entries_for(path: str, text: str, findings: Iterable[Finding],
                base: Path) -> list[BaselineEntry]:
    from mtcheck.locate import LineIndex

    key = path_key(path, base)
    index = LineIndex(text)
    return [BaselineEntry(key, f.code, fingerprint(key, text, f), index.position(f.start)[0],
                          f.message) for f in findings]


def write_baseline(file: Path, entries: Sequence[BaselineEntry]) -> None:
    """Write a baseline file (JSON; sorted, so it diffs well under version control)."""
    data = {
        "version": BASELINE_VERSION,
        "mtcheck": __version__,
        "findings": [
            {"path": e.path, "code": e.code, "fingerprint": e.fingerprint, "line": e.line,
             "message": e.message}
            for e in sorted(entries, key=lambda e: (e.path, e.line, e.code, e.fingerprint))
        ],
    }
    try:
        if not file.parent.exists():  # "ci/mtcheck-baseline.json"
            file.parent.mkdir(parents=True)
        file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{file}: cannot write baseline ({exc.strerror})") from None


def load_baseline(file: Path) -> Baseline:
    """Read a baseline file; a missing or malformed one is an :class:`InputError`."""
    try:
        if not stat.S_ISREG(file.stat().st_mode):
            # A pipe would block for ever, a device (a link to /dev/zero) never end.
            raise InputError(f"{file}: baseline is not a regular file")
        # utf-8-sig: Windows editors save with a BOM, accepted everywhere else too.
        data = json.loads(file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"{file}: baseline not found (create it with `mtcheck baseline "
                         f"--output {file} PATH...`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc  # not "[Errno 36] ...: 'path'" again
        raise InputError(f"{file}: cannot read baseline ({reason})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{file}: baseline is not valid JSON ({exc.msg}, line {exc.lineno})"
                         ) from None
    except RecursionError:
        raise InputError(f"{file}: baseline JSON is nested too deeply") from None
    except ValueError:  # an integer longer than Python will convert
        raise InputError(f"{file}: baseline JSON has a number too long") from None
    shaped = isinstance(data, dict) and isinstance(data.get("findings"), list)
    if shaped and isinstance(data.get("version"), int) and data["version"] != BASELINE_VERSION:
        raise InputError(f"{file}: baseline version {data['version']}; this mtcheck reads"
                         f" version {BASELINE_VERSION} (write it again with mtcheck baseline)")
    if not shaped or data.get("version") != BASELINE_VERSION:
        raise InputError(f"{file}: not an mtcheck baseline (version {BASELINE_VERSION})")
    counts: Counter[str] = Counter()
    absolute_paths: set[str] = set()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise InputError(f"{file}: malformed baseline entry {str(entry)[:60]}")
        counts[entry["fingerprint"]] += 1
        if isinstance(entry.get("path"), str) and Path(entry["path"]).is_absolute():
            absolute_paths.add(entry["path"])
    return Baseline(file.resolve().parent, counts, frozenset(absolute_paths))
