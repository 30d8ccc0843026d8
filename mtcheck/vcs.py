"""Ask git which files changed, for ``--changed-since REF``."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mtcheck.documents import InputError

_TIMEOUT_SECONDS = 60


def _git(arguments: list[str], where: Path) -> str:
    try:
        completed = subprocess.run(["git", "-C", str(where), *arguments], capture_output=True,
                                   text=True, encoding="utf-8", errors="surrogateescape",
                                   timeout=_TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        raise InputError("--changed-since needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"--changed-since: git {arguments[0]} took over "
                         f"{_TIMEOUT_SECONDS} s") from None
    if completed.returncode != 0:
        message = (completed.stderr.strip().splitlines() or ["failed"])[-1]
        raise _GitFailed(message)
    return completed.stdout


class _GitFailed(Exception):
    pass


def changed_files(ref: str, wheres: list[Path]) -> set[Path]:
    """Files changed on this branch since it left ``ref`` (their merge base) in the working
    tree (committed, staged or not), plus untracked files that .gitignore does not ignore;
    deleted files are left out.

    ``wheres`` are paths inside one or more repositories: each repository is asked once
    (paths in two checkouts were answered from the first one's alone). Paths come back
    resolved.
    """
    if ref.startswith("-"):
        raise InputError(f"--changed-since: unknown git ref '{ref}'")
    tops: dict[Path, None] = {}  # in order, once each
    for directory in dict.fromkeys(w if w.is_dir() else w.parent for w in wheres):
        try:
            tops[Path(_git(["rev-parse", "--show-toplevel"], directory).strip())] = None
        except _GitFailed:
            raise InputError(f"--changed-since: {directory} is not inside a git repository"
                             ) from None
    return {path for top in tops for path in _changed_in(ref, top)}


def _changed_in(ref: str, top: Path) -> set[Path]:
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except _GitFailed:
        raise InputError(f"--changed-since: unknown git ref '{ref}'") from None
    base = _branch_point(ref, top)
    try:
        changed = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d",
                        base, "--"], top)
        untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    except _GitFailed as exc:
        raise InputError(f"--changed-since: git failed ({exc})") from None
    names = [name for name in (changed + untracked).split("\0") if name]
    return {(top / name).resolve() for name in names}


def _branch_point(ref: str, top: Path) -> str:
    """Where this branch left ``ref`` (``git merge-base ref HEAD``), as ``git diff ref...``
    reads it: a file changed on ``ref`` since, and not here, is no change of this branch. A
    repository without that history (a shallow clone, no commit yet) compares with ``ref``."""
    try:
        return _git(["merge-base", ref, "HEAD"], top).strip() or ref
    except _GitFailed:
        return ref
