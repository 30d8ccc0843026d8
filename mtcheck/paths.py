"""Where mtcheck keeps what it builds once and reuses: the user cache directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_root() -> Path:
    """``$MTCHECK_CACHE_DIR`` or the platform's user cache dir for mtcheck.

    A ``~user`` in the variable that names no user (or no home) falls back to the platform's
    dir: a cache is never required, so a bad value must not stop a check, and taken literally
    it would make a folder named ``~user`` in whatever folder mtcheck runs in.
    """
    override = os.environ.get("MTCHECK_CACHE_DIR")
    if override:
        try:
            return Path(override).expanduser()
        except RuntimeError:  # pathlib: "Could not determine home directory"
            pass
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mtcheck"))


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to the cache file ``path`` all at once (temporary file + rename).

    False when it cannot be written (a read-only or full cache directory): a cache saves
    time, it is never required, so callers carry on without it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True
