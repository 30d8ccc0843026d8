"""Where mtcheck keeps what it builds once and reuses: the user cache directory."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """``$MTCHECK_CACHE_DIR`` or the platform's user cache dir for mtcheck."""
    override = os.environ.get("MTCHECK_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mtcheck"))
