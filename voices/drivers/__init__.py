"""Speech engines behind one small interface: text in, PCM and word timings out.

A driver is created, used and closed on ONE thread (COM on Windows
requires it; libespeak-ng keeps global state). ``synthesize`` streams
mono 16-bit PCM at ``voices.audio.SAMPLE_RATE`` (22 050 Hz; ``sample_rate``
says so) to ``on_audio`` as it is produced and
reports each word with ``on_word(index, frame)``: ``index`` into the text
given, ``frame`` counted from the start of this call's audio. It returns
False when ``should_abort()`` became true (then it stops within one
engine buffer).

Engines: ``espeak`` (libespeak-ng from the espeakng-loader wheel, every
platform) and ``sapi5``/``nsss`` (pyttsx3's native drivers on Windows and
macOS). ``open_driver`` raises ``EngineUnavailable`` with a one-line
reason; it never ends the process. A driver that raised ``VoiceUnavailable``
works with other voices; one stuck in ``synthesize`` is ``abandon``ed (see
``voices.manager``: the speech manager's watchdog).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

AudioCallback = Callable[[bytes], None]
WordCallback = Callable[[int, int], None]
AbortCheck = Callable[[], bool]

DEFAULT_PITCH = 50
DEFAULT_VOLUME = 100


class EngineUnavailable(RuntimeError):
    """A speech engine could not be loaded or initialised (the message says why)."""


class VoiceUnavailable(EngineUnavailable):
    """The engine works but refused the voice it was asked for (the message says which)."""


@dataclass(frozen=True)
class VoiceInfo:
    """An installed voice: ``id`` is ``"<engine>:<engine's own id>"`` (e.g. ``espeak:cmn``)."""

    id: str
    name: str
    language: str
    engine: str
    gender: str | None = None


@dataclass(frozen=True)
class VoiceSettings:
    """What a driver is asked to speak with: voice (engine-local id), rate, pitch, volume."""

    voice: str
    rate: int
    pitch: int = DEFAULT_PITCH
    volume: int = DEFAULT_VOLUME


class Driver(Protocol):
    """The interface every engine implements (see the module docstring)."""

    engine: str
    sample_rate: int

    def list_voices(self) -> list[VoiceInfo]:
        """The engine's voices (those this app can use)."""
        ...

    def synthesize(
        self,
        text: str,
        settings: VoiceSettings,
        on_audio: AudioCallback,
        on_word: WordCallback,
        should_abort: AbortCheck,
    ) -> bool:
        """Speak ``text`` into the callbacks; False if aborted."""
        ...

    def close(self) -> None:
        """Release the engine."""
        ...

    def abandon(self) -> None:
        """Give up on a ``synthesize`` call stuck on another thread (called from any thread).

        The driver is not used again; the next driver opened for the
        engine must not share the stuck one's state (see ``EspeakDriver``).
        """
        ...


def platform_engines(platform: str | None = None) -> tuple[str, ...]:
    """Engines to try, best first, on ``platform`` (default: this one)."""
    platform = platform or sys.platform
    if platform == "win32":
        return ("sapi5", "espeak")
    if platform == "darwin":
        return ("nsss", "espeak")
    return ("espeak",)


def open_driver(engine: str) -> Driver:
    """Create the driver for ``engine`` on the calling thread, or raise EngineUnavailable."""
    if engine == "espeak":
        from voices.drivers.espeak import EspeakDriver

        return EspeakDriver()
    if engine in ("sapi5", "nsss"):
        from voices.drivers.native import NativeDriver

        return NativeDriver(engine)
    raise EngineUnavailable(f"unknown speech engine {engine!r}")


def split_voice_id(voice_id: str) -> tuple[str, str]:
    """``"espeak:cmn"`` → ``("espeak", "cmn")``; a bare id is taken as an espeak voice."""
    engine, sep, local = voice_id.partition(":")
    if not sep:
        return "espeak", voice_id
    return engine, local
