"""Textual messages that carry speech progress from the speech thread to the UI.

The speech manager reports on its own thread; the bridge wraps each event
in a message and posts it (``post_message`` is thread-safe), so widgets are
only ever touched on the UI thread.
"""

from __future__ import annotations

from textual.message import Message

from voices.events import EngineNotice, SpeechEvent


class SpeechProgress(Message):
    """A speech event (started, mark reached, word, done) for an utterance."""

    def __init__(self, event: SpeechEvent) -> None:
        super().__init__()
        self.event = event


class SpeechNotice(Message):
    """A notice from the speech system (e.g. no sound device: silent output)."""

    def __init__(self, notice: EngineNotice) -> None:
        super().__init__()
        self.notice = notice


class SpeechLogged(Message):
    """Something was given to the voice (for the speech viewer)."""

    def __init__(self, entry: dict) -> None:
        super().__init__()
        self.entry = entry
