"""Turn character offsets into 1-based lines and columns, by bisecting line starts."""

from __future__ import annotations

import bisect
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Line starts of a text; ``position(offset)`` is (line, column), both 1-based.

    Columns count Unicode code points, so a tab or an emoji is one column, as in LSP's
    utf-32 mode and LanguageTool's offsets.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
