"""The speech viewer: everything spoken, as text, for sighted helpers and braille users."""

from __future__ import annotations

from textual.widgets import Log


class SpeechViewer(Log):
    """A panel listing each utterance: time, priority and the text as shown.

    It is written to only while shown: hidden (the default), it costs
    nothing per utterance, and ``show_entries`` fills it from the speech
    log's recent entries when it is shown again.
    """

    DEFAULT_CSS = """
    SpeechViewer {
        height: 8;
        border-top: solid $foreground;
        border-title-align: left;
    }
    """

    _filled: tuple[dict, ...] = ()  # what show_entries wrote; their messages may still come

    def add_entry(self, entry: dict) -> None:
        """Append one speech-log entry (once: not one ``show_entries`` already wrote)."""
        if self._filled:
            if any(entry is e for e in self._filled):
                return
            self._filled = ()  # later entries are all new
        self.write_line(_line(entry))

    def show_entries(self, entries) -> None:
        """Show exactly ``entries`` (speech-log entries, oldest first)."""
        self._filled = tuple(entries)
        self.clear()
        self.write_lines([_line(entry) for entry in self._filled])


def _line(entry: dict) -> str:
    """One entry as a line: time, priority, the text as shown on one line."""
    clock = entry.get("time", "")[11:19]
    shown = " ".join(str(entry.get("shown", "")).split())
    return f"{clock} [{entry.get('priority', '')}] {shown}"
