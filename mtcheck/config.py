"""Configuration: ``[tool.mtcheck]`` in pyproject.toml, or a ``.mtcheck.toml`` / ``mtcheck.toml``.

The file is found by walking up from the checked paths (``--config FILE`` names one). Reading
is strict, as in ruff: an unknown key or a bad value raises :class:`ConfigError` naming the
key. Globs (``exclude``, ``per-file-ignores``) and files (``vocabulary-file``, ``baseline``,
``model``) are relative to the directory that holds the configuration file.

    [tool.mtcheck]
    select = ["MT1", "MT2"]
    ignore = ["MT901"]
    per-file-ignores = { "legal/*.md" = ["MT102"] }
    severity = { MT101 = "error" }
    extend-exclude = ["drafts/"]
    min-confidence = 0.7
    vocabulary = ["Shafaq News", "Peshmerga"]
    fail-on = "warning"
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from mtcheck.discovery import DEFAULT_EXCLUDE, compile_globs, glob_problem, matchable
from mtcheck.documents import Document, InputError
from mtcheck.engine import DEFAULT_MIN_CONFIDENCE, CheckOptions, Verifier
from mtcheck.model import Finding, Severity
from mtcheck.rules import known_code, matches, rule_named, unknown_code

CONFIG_FILES = (".mtcheck.toml", "mtcheck.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_CODE = re.compile(r"ALL|MT\d{0,3}")
# Configuration and vocabulary files are small; anything larger is a mistake (a log, a link
# to /dev/zero), refused before it fills the memory. A vocabulary of 200,000 names fits.
MAX_CONFIG_FILE_SIZE = 4 * 1024 * 1024

Filter = Callable[[Document, list[Finding]], list[Finding]]


class ConfigError(InputError):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """Every setting, from the file and then the command line (defaults where neither says)."""

    root: Path = field(default_factory=Path.cwd)  # globs are relative to this directory
    source: Path | None = None  # the configuration file, if there was one
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    respect_gitignore: bool = True
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    vocabulary: frozenset[str] = frozenset()
    fail_on: str = "info"
    jobs: int = 1
    cache: bool = True
    output_format: str | None = None
    lm: bool = True
    model: str | None = None
    baseline: str | None = None

    def with_changes(self, **changes: Any) -> Config:
        return replace(self, **changes)

    def effective_select(self) -> tuple[str, ...]:
        """The select prefixes; empty means the default rules (every rule but the opt-in)."""
        if self.extend_select and not self.select:
            # No select means the default rules, which is what "ALL" selects: extend-select
            # adds to those, so `--extend-select MT901` turns the opt-in rule on beside them.
            return ("ALL", *self.extend_select)
        return (*self.select, *self.extend_select)

    def filters(self) -> tuple[Filter, ...]:
        """The filters the engine applies after the rules, in order."""
        from mtcheck.suppressions import apply_suppressions
        from mtcheck.vocabulary import VocabularyFilter

        chosen: list[Filter] = [apply_suppressions]
        if self.per_file_ignores:
            chosen.append(PerFileIgnores(str(self.root), self.per_file_ignores))
        if self.vocabulary:
            chosen.append(VocabularyFilter(self.vocabulary))
        if self.severity:
            chosen.append(SeverityOverrides(self.severity))
        return tuple(chosen)

    def check_options(self, verifier: Verifier | None = None) -> CheckOptions:
        return CheckOptions(select=self.effective_select(), ignore=self.ignore,
                            min_confidence=self.min_confidence, verifier=verifier,
                            filters=self.filters())

    def excluded(self) -> Callable[[Path], bool]:
        """A predicate for the file walk: whether ``exclude``/``extend-exclude`` name a path."""
        patterns = (*self.exclude, *self.extend_exclude)
        # The file's globs were checked when it was read; the command line's are checked here,
        # so a bad one is an error before the walk rather than a crash inside it.
        error = _glob_error(patterns)
        if error:
            raise ConfigError(f"exclude: {error}")
        return GlobMatcher(str(self.root), patterns)

    def fails(self, severity: Severity) -> bool:
        """Whether a finding of ``severity`` makes the run fail under ``fail-on``."""
        if self.fail_on == "never":
            return False
        return _SEVERITY_RANK[severity] >= _SEVERITY_RANK[Severity(self.fail_on)]

    def fingerprint(self) -> str:
        """A digest of every setting that changes which findings a file gets."""
        settings = {
            "select": self.effective_select(), "ignore": self.ignore,
            "per_file_ignores": self.per_file_ignores, "root": str(self.root),
            "severity": [(code, level.value) for code, level in self.severity],
            "min_confidence": self.min_confidence, "vocabulary": sorted(self.vocabulary),
        }
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


# --- finding the file ------------------------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start`` (a file or a directory).

    In one directory ``.mtcheck.toml`` wins over ``mtcheck.toml``, which wins over a
    ``pyproject.toml``; a pyproject.toml without a ``[tool.mtcheck]`` table is passed over.
    """
    # Not Path.resolve(), which raises for a symbolic link loop: the search only needs a
    # folder to start from, and the checked path's own error comes when it is read.
    directory = Path(os.path.realpath(start))
    if not _has_mode(directory, stat.S_ISDIR):
        directory = directory.parent
    for candidate_dir in (directory, *directory.parents):
        found = config_in(candidate_dir)
        if found is not None:
            return found
    return None


def config_in(directory: Path) -> Path | None:
    """The configuration file in ``directory`` itself, if any (see find_config)."""
    for name in CONFIG_FILES:
        candidate = directory / name
        if not _has_mode(candidate, stat.S_ISREG):
            continue
        if name != "pyproject.toml" or _has_tool_table(candidate):
            return candidate
    return None


def _has_mode(path: Path, kind: Callable[[int], bool]) -> bool:
    """Whether ``path`` is there and of ``kind`` (``stat.S_ISDIR``...); False where it cannot
    be looked at: pathlib's is_dir() raises for a name longer than the file system allows."""
    try:
        return kind(path.stat().st_mode)
    except OSError:
        return False


def _read_config_text(path: Path) -> str:
    """The text of a configuration or vocabulary file, at most MAX_CONFIG_FILE_SIZE bytes.

    Raises OSError, UnicodeDecodeError, or ValueError for a file that is not a regular file
    or is too large.
    """
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise ValueError("is a directory")
    if not stat.S_ISREG(mode):
        # A pipe with no writer would block for ever, a device (/dev/zero) never end.
        raise ValueError("not a regular file")
    with path.open("rb") as handle:
        data = handle.read(MAX_CONFIG_FILE_SIZE + 1)  # it may have grown since stat()
    if len(data) > MAX_CONFIG_FILE_SIZE:
        raise ValueError(f"more than {MAX_CONFIG_FILE_SIZE:,} bytes")
    return data.decode("utf-8")


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(_read_config_text(pyproject))
    except tomllib.TOMLDecodeError as exc:
        # It may hold our settings; guessing would silently check with the wrong ones.
        raise ConfigError(f"{pyproject}: invalid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError):
        return False
    except ValueError as exc:  # too large to read: it too may hold our settings
        raise ConfigError(f"{pyproject}: cannot read configuration ({exc})") from None
    tool = data.get("tool")
    return isinstance(tool, dict) and "mtcheck" in tool


def load_config(path: Path) -> Config:
    """Read and validate a configuration file (pyproject.toml: its ``[tool.mtcheck]`` table)."""
    try:
        text = _read_config_text(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ConfigError(f"{path}: cannot read configuration ({reason})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    table = "[tool.mtcheck]" if path.name == "pyproject.toml" else ""
    if table:
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "mtcheck" not in tool:
            # Only --config names such a file (the search passes it over): the defaults
            # would apply without a word, and the settings meant are elsewhere.
            raise ConfigError(f"{path}: no [tool.mtcheck] table")
        data = tool["mtcheck"]
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.mtcheck] must be a table")
    return _Reader(path, table).read(data)


# --- validation ------------------------------------------------------------------------------


class _Reader:
    """Turns a TOML table into a :class:`Config`, naming the key of anything wrong."""

    def __init__(self, path: Path, table: str) -> None:
        self.path = path
        self.root = path.resolve().parent
        self.where = f"{path}: {table + ' ' if table else ''}"

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.where}{key}: {problem}")

    def read(self, data: Mapping[str, Any]) -> Config:
        readers: dict[str, Callable[[str, Any], dict[str, Any]]] = {
            "select": self._select_field, "ignore": self._codes_field,
            "extend-select": self._codes_field, "extend-ignore": self._codes_field,
            "per-file-ignores": self._per_file_ignores, "severity": self._severity,
            "exclude": self._globs_field, "extend-exclude": self._globs_field,
            "force-exclude": self._bool_field, "respect-gitignore": self._bool_field,
            "min-confidence": self._min_confidence, "vocabulary": self._vocabulary,
            "vocabulary-file": self._vocabulary_file, "fail-on": self._fail_on,
            "jobs": self._jobs, "cache": self._bool_field, "lm": self._bool_field,
            "output-format": self._output_format, "model": self._path_field,
            "baseline": self._path_field,
        }
        settings: dict[str, Any] = {"root": self.root, "source": self.path}
        words: set[str] = set()
        for key, value in data.items():
            if key not in readers:
                close = difflib.get_close_matches(key, readers, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ConfigError(f"{self.where}unknown key '{key}'{hint}")
            for name, parsed in readers[key](key, value).items():
                if name == "vocabulary":
                    words |= parsed
                elif name in ("ignore", "extend_ignore"):
                    settings["ignore"] = (*settings.get("ignore", ()), *parsed)
                else:
                    settings[name] = parsed
        if words:
            settings["vocabulary"] = frozenset(words)
        return Config(**settings)

    @staticmethod
    def _name(key: str) -> str:
        return key.replace("-", "_")

    def _strings(self, key: str, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"must be a list of strings, got {_show(value)}")
        return list(value)

    def _codes(self, key: str, values: Iterable[str]) -> tuple[str, ...]:
        codes = []
        for raw in values:
            code = raw.strip().upper()
            if rule_named(raw) is not None:
                raise self.fail(key, unknown_code(raw))  # a rule's name
            if not _CODE.fullmatch(code):
                raise self.fail(key, f"'{raw}' is not a rule code or prefix (like MT101 or MT1)")
            if not known_code(code):
                raise self.fail(key, unknown_code(raw))
            codes.append(code)
        return tuple(codes)

    def _codes_field(self, key: str, value: Any) -> dict[str, Any]:
        return {self._name(key): self._codes(key, self._strings(key, value))}

    def _select_field(self, key: str, value: Any) -> dict[str, Any]:
        field = self._codes_field(key, value)
        if not field[self._name(key)]:
            # An empty selection would check nothing, or (as no selection) everything.
            raise self.fail(key, "must name at least one rule code (leave it out for the"
                                 " default rules)")
        return field

    def _globs_field(self, key: str, value: Any) -> dict[str, Any]:
        globs = tuple(self._strings(key, value))
        error = _glob_error(globs)
        if error:
            raise self.fail(key, error)
        return {self._name(key): globs}

    def _bool_field(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, got {_show(value)}")
        return {self._name(key): value}

    def _path(self, key: str, value: Any) -> Path:
        # No file name holds a NUL; the call that opens the path would raise ValueError.
        if not isinstance(value, str) or not value or "\0" in value:
            raise self.fail(key, f"must be a path, got {_show(value)}")
        try:
            return self.root / Path(value).expanduser()
        except RuntimeError:  # pathlib's way to say "~user" names no user with a home
            raise self.fail(key, f"cannot expand {_show(value)}: no such user or home "
                                 "directory") from None

    def _path_field(self, key: str, value: Any) -> dict[str, Any]:
        return {self._name(key): str(self._path(key, value))}

    def _per_file_ignores(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table of glob = [codes], got {_show(value)}")
        entries = []
        for glob, codes in value.items():
            inner = f"{key}.\"{glob}\""
            error = _glob_error([glob])
            if error:
                raise self.fail(key, error)
            entries.append((glob, self._codes(inner, self._strings(inner, codes))))
        return {"per_file_ignores": tuple(entries)}

    def _severity(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table of code = \"error\"|\"warning\"|\"info\", "
                                 f"got {_show(value)}")
        entries = []
        for code, level in value.items():
            inner = f"{key}.{code}"
            (checked,) = self._codes(inner, [code])
            try:
                entries.append((checked, Severity(level)))
            except ValueError:
                raise self.fail(inner, f"must be \"error\", \"warning\" or \"info\", "
                                       f"got {_show(level)}") from None
        return {"severity": tuple(entries)}

    def _min_confidence(self, key: str, value: Any) -> dict[str, Any]:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.fail(key, f"must be a number between 0 and 1, got {_show(value)}")
        return {"min_confidence": float(value)}

    def _vocabulary(self, key: str, value: Any) -> dict[str, Any]:
        words = {w.strip() for w in self._strings(key, value) if w.strip()}
        return {"vocabulary": words}

    def _vocabulary_file(self, key: str, value: Any) -> dict[str, Any]:
        names = [value] if isinstance(value, str) else self._strings(key, value)
        words: set[str] = set()
        for name in names:
            file = self._path(key, name)
            try:
                text = _read_config_text(file)
            except (OSError, ValueError) as exc:
                reason = getattr(exc, "strerror", None) or exc
                raise self.fail(key, f"cannot read {file} ({reason})") from None
            words |= read_vocabulary(text)
        return {"vocabulary": words}

    def _fail_on(self, key: str, value: Any) -> dict[str, Any]:
        if value not in FAIL_ON:
            raise self.fail(key, f"must be one of {', '.join(FAIL_ON)}, got {_show(value)}")
        return {"fail_on": value}

    def _jobs(self, key: str, value: Any) -> dict[str, Any]:
        if value == "auto":
            return {"jobs": default_jobs()}
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(key, f"must be a positive whole number or \"auto\", "
                                 f"got {_show(value)}")
        return {"jobs": value}

    def _output_format(self, key: str, value: Any) -> dict[str, Any]:
        from mtcheck.formatters import FORMATS

        if value not in FORMATS:
            raise self.fail(key, f"must be one of {', '.join(sorted(FORMATS))}, "
                                 f"got {_show(value)}")
        return {"output_format": value}


def _show(value: Any) -> str:
    return repr(value) if not isinstance(value, dict) else "a table"


def _glob_error(patterns: Iterable[str]) -> str | None:
    """What is wrong with the first glob pathspec cannot compile, or None if all compile."""
    for pattern in patterns:
        problem = glob_problem(pattern)
        if problem is not None:
            return f"'{pattern}' is not a valid glob ({problem})"
    return None


def read_vocabulary(text: str) -> set[str]:
    """Entries of a vocabulary file: one word or name a line; ``#`` starts a comment line."""
    return {line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")}


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


# --- filters and matchers (plain frozen values, so worker processes can rebuild them) ------


@lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]) -> Any:
    return compile_globs(patterns)


def _relative_posix(path: Path | str, root: str) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


@dataclass(frozen=True)
class GlobMatcher:
    """Whether a path matches gitignore-style globs (relative to ``root``; ``*.md`` anywhere)."""

    root: str
    patterns: tuple[str, ...]

    def __call__(self, path: Path | str) -> bool:
        if not self.patterns:
            return False
        spec = _spec(self.patterns)
        relative = matchable(_relative_posix(path, self.root))
        if Path(path).is_dir():
            relative += "/"
        return bool(spec.match_file(relative) or spec.match_file(matchable(Path(path).name)))


@dataclass(frozen=True)
class PerFileIgnores:
    """Drops findings of the codes ``per-file-ignores`` names for the document's path."""

    root: str
    entries: tuple[tuple[str, tuple[str, ...]], ...]

    def codes_for(self, path: str) -> tuple[str, ...]:
        codes: list[str] = []
        for glob, entry_codes in self.entries:
            if GlobMatcher(self.root, (glob,))(path):
                codes.extend(entry_codes)
        return tuple(codes)

    def __call__(self, document: Document, findings: list[Finding]) -> list[Finding]:
        codes = self.codes_for(document.path)
        if not codes:
            return findings
        return [f for f in findings if not matches(f.code, codes)]


@dataclass(frozen=True)
class SeverityOverrides:
    """Sets each finding's severity from ``severity``; the longest matching prefix wins."""

    entries: tuple[tuple[str, Severity], ...]

    def __call__(self, document: Document, findings: list[Finding]) -> list[Finding]:
        # ALL matches every code, so it ranks below every real prefix (MT1 is as long as it).
        ranked = sorted(self.entries, reverse=True,
                        key=lambda entry: -1 if entry[0].upper() == "ALL" else len(entry[0]))
        changed = []
        for finding in findings:
            level = next((lvl for code, lvl in ranked if matches(finding.code, (code,))), None)
            changed.append(finding if level is None else finding.with_changes(severity=level))
        return changed
