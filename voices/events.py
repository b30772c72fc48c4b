"""Progress reported by the speech manager, at playback time, through one callback.

The UI turns these into Textual messages (``post_message`` is thread-safe);
they are never delivered for an utterance after it was cancelled.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class SpeechEvent:
    """Base of all events: which utterance (manager-assigned id) and the caller's tag."""

    utterance_id: int
    tag: Hashable


@dataclass(frozen=True)
class UtteranceStarted(SpeechEvent):
    """The first audio of the utterance is being played."""


@dataclass(frozen=True)
class MarkReached(SpeechEvent):
    """Playback reached ``IndexMark(name)``."""

    name: Hashable


@dataclass(frozen=True)
class WordStarted(SpeechEvent):
    """Playback reached a word: ``offset`` and ``length`` are displayed offsets of the chunk's text."""

    offset: int
    length: int


@dataclass(frozen=True)
class UtteranceDone(SpeechEvent):
    """The utterance ended: ``completed`` is False when it was cancelled or interrupted."""

    completed: bool


@dataclass(frozen=True)
class EngineNotice:
    """A one-time notice about the speech system (e.g. no sound device: silent real-time output)."""

    message_id: str
    detail: str = ""
