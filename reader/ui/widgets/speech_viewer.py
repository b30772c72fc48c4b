"""The speech viewer: everything spoken, as text, for sighted helpers and braille users."""

from __future__ import annotations

from textual.widgets import Log


class SpeechViewer(Log):
    """A panel listing each utterance: time, priority and the text as shown."""

    DEFAULT_CSS = """
    SpeechViewer {
        height: 8;
        border-top: solid $foreground;
        border-title-align: left;
    }
    """

    def add_entry(self, entry: dict) -> None:
        """Append one speech-log entry."""
        clock = entry.get("time", "")[11:19]
        shown = " ".join(str(entry.get("shown", "")).split())
        self.write_line(f"{clock} [{entry.get('priority', '')}] {shown}")
