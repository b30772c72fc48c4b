"""Progress reported by the speech manager, at playback time, through one callback.

The UI turns these into Textual messages (``post_message`` is thread-safe).
Every utterance gets exactly one ``UtteranceDone``; once an utterance is
cancelled, that ``UtteranceDone(completed=False)`` is the only event it
still gets: late marks and words of a cancelled utterance are dropped.
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
class SentenceStarted(SpeechEvent):
    """Playback reached a sentence (a long one is reported clause by clause).

    ``start`` and ``end`` are displayed offsets (half-open) of the text chunk
    it belongs to; the UI maps them to its own sentences.
    """

    start: int
    end: int


@dataclass(frozen=True)
class WordStarted(SpeechEvent):
    """Playback reached a word: ``offset`` and ``length`` are displayed offsets of the chunk's text."""

    offset: int
    length: int


@dataclass(frozen=True)
class UtteranceDone(SpeechEvent):
    """The utterance ended: ``completed`` is False when it was cancelled or interrupted,
    or could not be spoken (no speech engine). Every utterance gets exactly one.

    ``fault`` is the notice id (``engine-error``, ``engine-hung``) when an engine
    fault cut it short after what was heard, "" otherwise: a reader reading on
    resumes from the last sentence reached instead of stopping.
    """

    completed: bool
    fault: str = ""


@dataclass(frozen=True)
class EngineNotice:
    """A one-time notice about the speech system (e.g. no sound device: silent real-time output).

    ``message_id`` is one of ``NOTICE_IDS`` (the UI has a string for each);
    ``detail`` is technical, for the log.
    """

    message_id: str
    detail: str = ""


NOTICE_IDS = {
    "no-sound-device": "no sound device: speech continues silently at real-time pace",
    "no-engine": "no speech engine could start: nothing is spoken",
    "engine-fallback": "the platform's voices failed: using espeak-ng instead",
    "voice-missing": "the chosen voice is not installed: using the default voice",
    "speech-error": "the speech engine failed on some text",
    "engine-error": "the speech engine failed while speaking: restarting it",
    "engine-hung": "the speech engine stopped responding: starting a new one",
    "sound-device-restarted": "the sound device stopped: reopened it",
    "sound-device-lost": "the sound device is gone: speech continues silently at real-time pace",
}
