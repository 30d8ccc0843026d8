"""A one-line progress bar for long runs on a terminal (never in CI logs or machine output).

The bar appears only after a short delay, so quick runs never flash it, and is erased when
the run ends, so the report that follows starts on a clean line.
"""

from __future__ import annotations

import os
import shutil
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
    """``Checking [#########.........] 12/40 files`` on one line of ``stream``.

    While the language model works through a long batch, :meth:`model_progress` adds how far
    it has got (``12/40 files, model 300/943``); for a single file the bar follows the model
    alone (``Checking [######............] 300/943 candidates``).
    """

    def __init__(self, total: int, stream: TextIO, label: str = "Checking",
                 delay: float | None = None, unit: str = "files") -> None:
        self.total = total
        self.unit = unit
        self.done = 0
        self.stream = stream
        self.label = label
        self.started = time.monotonic()
        self.delay = DELAY_SECONDS if delay is None else delay
        self.drawn_at: float | None = None
        self.width = 0
        self.model: tuple[int, int, str] | None = None  # (done, total, unit)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self.model = None
        if self.total > 1:
            self._refresh(final=self.done >= self.total)

    def model_progress(self, done: int, total: int, unit: str) -> None:
        """The model has scored ``done`` of the ``total`` ``unit`` it was given."""
        self.model = (done, total, unit)
        self._refresh(final=False)

    def _refresh(self, final: bool) -> None:
        now = time.monotonic()
        if now - self.started < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < _REDRAW_SECONDS and not final:
            return
        self._draw(now)

    def _draw(self, now: float) -> None:
        if self.total > 1 or self.model is None:
            done, total = self.done, self.total
            counted = f"{done}/{total} {self.unit}"
            if self.model is not None:
                counted += f", model {self.model[0]}/{self.model[1]}"
        else:
            done, total, unit = self.model
            counted = f"{done}/{total} {unit}"
        filled = _WIDTH * done // max(1, total)
        line = f"{self.label} [{'#' * filled}{'.' * (_WIDTH - filled)}] {counted}"
        line = line[:max(1, shutil.get_terminal_size().columns - 1)]
        self.width = max(self.width, len(line))
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.drawn_at = now

    def clear(self) -> None:
        """Erase the bar (to print a message); the next step draws it again."""
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.drawn_at = None

    close = clear
