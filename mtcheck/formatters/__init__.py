"""Output formats. Each module turns a :class:`Report` into a string; nothing prints here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from mtcheck.api import FileReport

# Format name -> module under mtcheck.formatters with a ``render(report, options)`` function.
FORMATS = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "checkstyle": "checkstyle",
    "gitlab": "gitlab",
}


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    show_source: bool = True
    cwd: str | None = None


# Control characters from a checked file or its name are shown, not sent to the terminal (an
# escape sequence could recolour, retitle or clear it, a line break split a one-line message):
# C0 as their Unicode pictures ("␛"), DEL and C1 as "�", one character for one so that carets
# stay in place; a tab as a space.
PRINTABLE = {c: 0x2400 + c for c in range(0x20)} | {c: 0xFFFD for c in range(0x7F, 0xA0)}
PRINTABLE[ord("\t")] = ord(" ")


def printable(text: str) -> str:
    """``text`` with its control characters shown (see PRINTABLE)."""
    return text.translate(PRINTABLE)


def undecoded_as_escapes(text: str) -> str:
    """``text`` with the bytes a file name held that were not UTF-8 (read in as lone
    surrogates, "\udcff") shown as escapes: "bad\\xffname.txt"."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class InputProblem:
    """A file that could not be read: its path as reports show it, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Report:
    """What one run found: per-file findings plus statistics and a signature."""

    files: list[FileReport]
    stats: dict[str, object] = field(default_factory=dict)
    signature: dict[str, object] = field(default_factory=dict)
    errors: list[InputProblem] = field(default_factory=list)

    @property
    def finding_count(self) -> int:
        return sum(len(f.findings) for f in self.files)


def renderer(name: str) -> Callable[[Report, RenderOptions], str]:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(sorted(FORMATS))}")
    module = importlib.import_module(f"mtcheck.formatters.{FORMATS[name]}")
    return module.render  # type: ignore[no-any-return]
