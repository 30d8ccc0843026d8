"""Data files: word lists and phrase lists used by the rules, read in one way."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


def word_list(name: str) -> list[str]:
    """The entries of ``mtcheck/data/<name>``: one per line, blank lines and # comments out."""
    text = resources.files("mtcheck.data").joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=8)
def toml_table(name: str) -> dict[str, Any]:
    """The parsed contents of the TOML file ``mtcheck/data/<name>``."""
    return tomllib.loads(resources.files("mtcheck.data").joinpath(name).read_text("utf-8"))
