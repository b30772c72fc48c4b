"""The status line: where the reader is, and the last thing announced."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """One line at the bottom: position summary, then the last announcement."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    """

    def show(self, position: str, announcement: str = "") -> None:
        """Show the position summary and the latest announcement."""
        text = position if not announcement else f"{position}  ｜  {announcement}"
        self.update(Text(text))
