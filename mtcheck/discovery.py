"""Find the files to check: explicit paths as given, directories walked for supported files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from mtcheck.documents import SUPPORTED_SUFFIXES, InputError

STDIN = "-"
_SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__",
                                  ".venv", "venv", ".tox", ".mypy_cache", ".pytest_cache"})


def iter_files(
    paths: list[str], excluded: Callable[[Path], bool] | None = None
) -> Iterator[str]:
    """Yield files to check, in a stable order. ``-`` stands for standard input.

    A file named explicitly is checked whatever its extension; a directory is walked for
    Markdown and text files, without following symbolic links (so link loops cannot trap it).
    """
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, excluded)
        elif path.exists() or path.is_symlink():
            yield raw
        else:
            raise InputError(f"{raw}: no such file or directory")


def _walk(root: Path, excluded: Callable[[Path], bool] | None) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(root, followlinks=False):
        subdirectories[:] = sorted(
            d for d in subdirectories
            if d not in _SKIPPED_DIRECTORIES and not d.startswith(".")
            and not (excluded and excluded(Path(directory, d)))
        )
        for name in sorted(files):
            path = Path(directory, name)
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or name.startswith("."):
                continue
            if path.is_symlink() and not _inside(path, root):
                continue  # never follow a link out of the tree
            if excluded and excluded(path):
                continue
            yield str(path)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True
