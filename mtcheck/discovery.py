"""Find the files to check: explicit paths as given, directories walked for supported files.

The walk skips hidden files and directories, never follows a symbolic link (to a file or a
directory), and can leave out what an ``excluded`` predicate names (``exclude`` globs from the
config) and what ``.gitignore`` files ignore (as git would, nested files and negations
included).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtcheck.documents import SUPPORTED_SUFFIXES

STDIN = "-"
# Skipped by the walk unless the caller takes over exclusion (``builtin_excludes=False``).
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv",
                   ".tox", ".mypy_cache", ".pytest_cache")
_SKIPPED_DIRECTORIES = frozenset(DEFAULT_EXCLUDE)


def iter_files(
    paths: list[str], excluded: Callable[[Path], bool] | None = None, *,
    gitignore: bool = False, builtin_excludes: bool = True,
) -> Iterator[str]:
    """Yield files to check, in a stable order. ``-`` stands for standard input.

    A file named explicitly (or a path that names nothing: reading it is the error) is checked
    whatever its extension (and whatever ``excluded`` or ``.gitignore`` say); a directory is
    walked for Markdown and text files, without following symbolic links (so link loops cannot
    trap it). ``gitignore`` makes the walk respect the ``.gitignore`` files inside the tree
    and above it up to the repository root, and ``.git/info/exclude``.
    """
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False  # a name longer than the file system allows: reading it says so
        if is_dir:
            ignores = _GitIgnores.above(path) if gitignore else None
            yield from _walk(path, excluded, ignores, builtin_excludes)
        else:
            # A file, or a path that is missing or cannot be looked at: reading it is the
            # file's error, which the report lists with the others ("errors"), as ruff's E902.
            yield raw


def _walk(root: Path, excluded: Callable[[Path], bool] | None, ignores: _GitIgnores | None,
          builtin_excludes: bool) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(root, followlinks=False):
        here = Path(directory)
        if ignores is not None:
            ignores = ignores.entering(here)
        subdirectories[:] = sorted(
            d for d in subdirectories
            if not (builtin_excludes and d in _SKIPPED_DIRECTORIES) and not d.startswith(".")
            and not (excluded and excluded(here / d))
            and not (ignores and ignores.ignored(here / d, is_dir=True))
        )
        for name in sorted(files):
            path = here / name
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or name.startswith("."):
                continue
            if path.is_symlink() or not path.is_file():
                # A link is never followed: one out of the tree must not be read or written,
                # one inside it names a file the walk reaches anyway. A pipe would block.
                continue
            if excluded and excluded(path):
                continue
            if ignores and ignores.ignored(path, is_dir=False):
                continue
            yield str(path)


@dataclass(frozen=True)
class _IgnoreFile:
    source: Path
    base: Path  # the directory whose paths the patterns are relative to
    spec: object  # pathspec.GitIgnoreSpec


def _read_ignore_file(path: Path) -> object | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    # git skips a line it cannot parse and keeps the rest of the file; so does the walk.
    return compile_globs([line for line in lines if glob_problem(line) is None])


def compile_globs(patterns: Iterable[str]) -> Any:
    """A ``pathspec.GitIgnoreSpec`` for gitignore-style ``patterns``."""
    import pathspec

    with warnings.catch_warnings():
        # Python's re warns about a "[[" that pathspec copies from a glob into its regex:
        # noise on stderr, as the glob either compiles or is reported (or skipped) anyway.
        warnings.simplefilter("ignore", FutureWarning)
        return pathspec.GitIgnoreSpec.from_lines(patterns)


def glob_problem(pattern: str) -> str | None:
    """Why pathspec cannot compile the gitignore-style ``pattern``, or None if it can."""
    try:
        compile_globs([pattern])
    except Exception as exc:  # pathspec and its backends (re, re2, hyperscan) each raise their own
        # re.error's msg leaves out the position in pathspec's regex, which no one wrote.
        return str(getattr(exc, "msg", None) or exc) or type(exc).__name__
    return None


def matchable(path: str) -> str:
    """``path`` with U+FFFD for what a file name had that is not UTF-8, so pathspec can match it.

    Python keeps such bytes as lone surrogates, which pathspec's re2 and hyperscan backends
    cannot encode; back to the file system's bytes, each becomes one U+FFFD (``?`` matches it).
    """
    return os.fsencode(path).decode("utf-8", "replace")


@dataclass(frozen=True)
class _GitIgnores:
    """The ignore files that apply in a directory, outermost first (later ones win)."""

    files: tuple[_IgnoreFile, ...] = ()

    @classmethod
    def above(cls, root: Path) -> _GitIgnores:
        """Ignore files from the repository root (if any) down to the parent of ``root``."""
        start = root.resolve()
        chain = [start, *start.parents]
        repository = next((d for d in chain if (d / ".git").exists()), None)
        ignores = cls()
        if repository is None:
            return ignores
        ignores = ignores._add(repository / ".git" / "info" / "exclude", repository)
        for directory in reversed(chain[1 : chain.index(repository) + 1]):
            ignores = ignores._add(directory / ".gitignore", directory)
        return ignores

    def entering(self, directory: Path) -> _GitIgnores:
        resolved = directory.resolve()
        # Ignore files of directories the walk has left no longer apply.
        kept = _GitIgnores(tuple(f for f in self.files if _is_relative_to(resolved, f.base)))
        own = resolved / ".gitignore"
        if any(f.source == own for f in kept.files):
            return kept
        return kept._add(own, resolved)

    def _add(self, file: Path, base: Path) -> _GitIgnores:
        spec = _read_ignore_file(file) if file.is_file() else None
        if spec is None:
            return self
        return _GitIgnores((*self.files, _IgnoreFile(file, base, spec)))

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        resolved = path.parent.resolve() / path.name
        verdict = False
        for file in self.files:
            try:
                relative = resolved.relative_to(file.base).as_posix()
            except ValueError:
                continue
            result = file.spec.check_file(matchable(relative) + ("/" if is_dir else ""))  # type: ignore[attr-defined]
            if result.include is not None:
                verdict = result.include
        return verdict


def _is_relative_to(path: Path, base: Path) -> bool:
    try:
        path.relative_to(base)
    except ValueError:
        return False
    return True
