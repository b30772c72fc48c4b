"""Textual messages that carry progress from other threads (speech, export) to the UI.

The speech manager and a background export report on their own threads;
each report is wrapped in a message and posted (``post_message`` is
thread-safe), so widgets are only ever touched on the UI thread.
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


class ExportStarted(Message):
    """A background export began writing ``files`` (its planned output files)."""

    def __init__(self, files: tuple) -> None:
        super().__init__()
        self.files = files


class ExportProgressed(Message):
    """A background export moved on (a ``reader.export.ExportProgress``)."""

    def __init__(self, progress) -> None:
        super().__init__()
        self.progress = progress


class ExportEnded(Message):
    """A background export ended: ``outcome`` is ``done``, ``cancelled`` or ``failed``.

    ``files`` are the files written (done) or kept (cancelled: whole
    articles finished before); ``error`` says why it failed.
    """

    def __init__(self, outcome: str, files: tuple = (), error: str = "") -> None:
        super().__init__()
        self.outcome = outcome
        self.files = files
        self.error = error


class OpenEnded(Message):
    """A background open (``reader.ui.opening.BackgroundOpen``) ended.

    ``library`` is what was read, or None when it failed; ``error`` then
    says why in one line.
    """

    def __init__(self, job, library=None, error: str = "") -> None:
        super().__init__()
        self.job = job
        self.library = library
        self.error = error
