"""What the speech manager is asked to say: an utterance is text chunks plus commands.

As in NVDA's speech sequences, text and control travel together: index
marks (reported back when playback reaches them), pauses, and voice, rate,
pitch or volume changes that apply from that point of the utterance on.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from dataclasses import dataclass, field


class Priority(enum.IntEnum):
    """How an utterance relates to what is being spoken (as NVDA's speech priorities).

    NOW interrupts everything (navigation feedback); NEXT is spoken after the
    current utterance, before anything NORMAL; NORMAL queues behind (say-all).
    """

    NOW = 0
    NEXT = 1
    NORMAL = 2


@dataclass(frozen=True)
class TextChunk:
    """Text for the voice, with the displayed offsets it stands for.

    ``text`` is what the engine reads (possibly rewritten: numbers spelled
    out, readings forced). ``start`` is the displayed offset of the chunk
    and ``offsets[i]`` the displayed offset of ``text[i]``; without
    ``offsets`` the mapping is ``start + i``.
    """

    text: str
    start: int = 0
    offsets: tuple[int, ...] | None = None

    def display_offset(self, index: int) -> int:
        """The displayed offset that character ``index`` of ``text`` came from."""
        if self.offsets is None:
            return self.start + max(0, index)
        if not self.offsets:
            return self.start
        return self.offsets[min(max(0, index), len(self.offsets) - 1)]


@dataclass(frozen=True)
class IndexMark:
    """A point in the utterance; ``MarkReached(name)`` is reported when playback gets there."""

    name: Hashable


@dataclass(frozen=True)
class Break:
    """Silence of ``ms`` milliseconds."""

    ms: int


@dataclass(frozen=True)
class SetVoice:
    """Switch to voice ``voice_id`` (an id from ``voices.catalog``)."""

    voice_id: str


@dataclass(frozen=True)
class SetRate:
    """Speak at ``wpm`` words per minute from here on."""

    wpm: int


@dataclass(frozen=True)
class SetPitch:
    """Pitch 0–100 (50 is the voice's normal pitch)."""

    pitch: int


@dataclass(frozen=True)
class SetVolume:
    """Volume 0–100."""

    volume: int


Command = TextChunk | IndexMark | Break | SetVoice | SetRate | SetPitch | SetVolume


@dataclass(frozen=True)
class Utterance:
    """A sequence of text chunks and commands spoken as one unit.

    ``tag`` is the caller's own label, echoed in every event of this
    utterance; ``log_text`` is the text as shown (for the speech log).
    """

    items: tuple[Command, ...]
    priority: Priority = Priority.NOW
    tag: Hashable = None
    log_text: str = field(default="", compare=False)

    @classmethod
    def of_text(
        cls, text: str, priority: Priority = Priority.NOW, tag: Hashable = None
    ) -> Utterance:
        """An utterance of one plain text chunk."""
        return cls((TextChunk(text),), priority, tag, text)
