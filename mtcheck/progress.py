"""A one-line progress bar for long runs on a terminal (never in CI logs or machine output).

The bar appears only after a short delay, so quick runs never flash it, and is erased when
the run ends, so the report that follows starts on a clean line.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import TextIO

DELAY_SECONDS = 0.5
_REDRAW_SECONDS = 0.1
_WIDTH = 30


def progress_wanted(stream: TextIO, output_format: str,
                    environ: Mapping[str, str] | None = None) -> bool:
    """A bar only for the text format, on a terminal, outside CI (``CI`` set and not false)."""
    environ = os.environ if environ is None else environ
    in_ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    return output_format == "text" and is_tty and not in_ci and environ.get("TERM") != "dumb"


class ProgressBar:
    """``Checking [#########.........] 12/40 files`` on one line of ``stream``."""

    def __init__(self, total: int, stream: TextIO, label: str = "Checking",
                 delay: float | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.label = label
        self.started = time.monotonic()
        self.delay = DELAY_SECONDS if delay is None else delay
        self.drawn_at: float | None = None
        self.width = 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.started < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < _REDRAW_SECONDS \
                and self.done < self.total:
            return
        self._draw(now)

    def _draw(self, now: float) -> None:
        filled = _WIDTH * self.done // max(1, self.total)
        line = (f"{self.label} [{'#' * filled}{'.' * (_WIDTH - filled)}] "
                f"{self.done}/{self.total} files")
        self.width = max(self.width, len(line))
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.drawn_at = now

    def close(self) -> None:
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
