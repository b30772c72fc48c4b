"""Utterance → PCM plus timed progress events, written to a target stream.

One code path serves both the speech manager (target: the playback
stream, events fire when playback reaches them) and export and tests
(target: an audio file or memory, events recorded with their frame). A
target has ``frames`` (the stream position at the end of what was
written), ``write(pcm)`` and ``mark(event, frame)``.

For each text chunk the renderer synthesises one piece at a time
(``voices.chunking``), putting a ``SentenceStarted`` mark at the piece's
first frame and a ``WordStarted`` mark at each word the engine reports,
in displayed offsets (``TextChunk.display_offset``). Voice, rate, pitch
and volume commands apply from their point to the end of the utterance,
on top of the base settings read before every piece (so a rate change
made while speaking applies from the next piece).

Faults: a voice the engine refuses (``VoiceUnavailable``) is noticed
(``voice-missing``) and the piece is spoken with the default voice. An
engine raising on a piece is noticed (``speech-error``) and reading goes
on, or, with ``raise_engine_errors``, ends the render with
``EngineFailed`` so the caller can restart the engine (the speech manager
does). ``stuck_seconds`` tells a watchdog how long the engine has shown
no sign of life inside a call; ``abandon`` gives up on that call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from voices.audio import pcm_duration, silence
from voices.chunking import split_pieces
from voices.commands import (
    Break,
    IndexMark,
    SetPitch,
    SetRate,
    SetVoice,
    SetVolume,
    TextChunk,
    Utterance,
)
from voices.drivers import (
    Driver,
    EngineUnavailable,
    VoiceSettings,
    VoiceUnavailable,
    open_driver,
    platform_engines,
    split_voice_id,
)
from voices.events import (
    EngineNotice,
    MarkReached,
    SentenceStarted,
    UtteranceDone,
    UtteranceStarted,
    WordStarted,
)

_log = logging.getLogger(__name__)


class EngineFailed(RuntimeError):
    """The engine raised while speaking a piece (``Renderer(raise_engine_errors=True)``).

    What was rendered before the piece stays in the target; ``__cause__``
    is the engine's error.
    """


class Target(Protocol):
    """Where rendered audio and its marks go."""

    @property
    def frames(self) -> int:
        """Stream position at the end of what was written."""
        ...

    def write(self, pcm: bytes) -> None:
        """Append mono 16-bit PCM at ``voices.audio.SAMPLE_RATE``."""
        ...

    def mark(self, payload: object, frame: int) -> None:
        """Attach ``payload`` to stream position ``frame``."""
        ...


@dataclass
class PcmRecording:
    """A target in memory: the PCM and every mark with its frame."""

    pcm: bytearray = field(default_factory=bytearray)
    marks: list[tuple[int, object]] = field(default_factory=list)

    @property
    def frames(self) -> int:
        """Frames recorded so far."""
        return len(self.pcm) // 2

    def write(self, pcm: bytes) -> None:
        """Append PCM."""
        self.pcm += pcm

    def mark(self, payload: object, frame: int) -> None:
        """Record a mark."""
        self.marks.append((frame, payload))

    @property
    def seconds(self) -> float:
        """Duration of the recording."""
        return pcm_duration(len(self.pcm))


class Renderer:
    """Owns the speech drivers (opened lazily, on the thread that renders) and renders utterances.

    ``engines`` are tried in order for the default voice (default: the
    platform's, see ``voices.drivers.platform_engines``). ``on_notice``
    receives ``EngineNotice``s (engine fallback, missing voice, errors).
    ``open_engine`` creates a driver (``voices.drivers.open_driver``; fault
    injection wraps it). ``raise_engine_errors``: see the module docstring.
    """

    def __init__(
        self,
        engines: Sequence[str] | None = None,
        on_notice: Callable[[EngineNotice], None] | None = None,
        *,
        open_engine: Callable[[str], Driver] | None = None,
        raise_engine_errors: bool = False,
    ) -> None:
        self.engines = tuple(platform_engines() if engines is None else engines)
        self._on_notice = on_notice or (lambda notice: None)
        self._open_engine = open_engine or open_driver
        self._raise_engine_errors = raise_engine_errors
        self._drivers: dict[str, Driver | None] = {}
        self._failures: dict[str, str] = {}
        self._noticed: set[tuple[str, str]] = set()
        self._default_voice: str | None = None
        self._voice_ids: dict[str, set[str]] = {}
        self._refused_voices: set[str] = set()
        self._in_engine_since: float | None = None  # monotonic time of the last sign of life
        self.engine_name = ""

    # ---- engines -------------------------------------------------------
    def start(self) -> bool:
        """Open the first engine that works; True if there is one (idempotent)."""
        if self.engine_name:
            return True
        for engine in self.engines:
            driver = self._driver(engine)
            if driver is None:
                continue
            self.engine_name = engine
            self.default_voice()  # listed here, on the engine's thread, and cached
            if engine != self.engines[0]:
                self._notice("engine-fallback", self._failures.get(self.engines[0], ""))
            return True
        return False

    @property
    def failure(self) -> str:
        """Why no engine started (one line per engine tried)."""
        return "; ".join(f"{e}: {self._failures.get(e, 'not tried')}" for e in self.engines)

    def _driver(self, engine: str) -> Driver | None:
        if engine not in self._drivers:
            try:
                self._drivers[engine] = self._open_engine(engine)
            except EngineUnavailable as exc:
                _log.warning("speech engine %s unavailable: %s", engine, exc)
                self._failures[engine] = str(exc)
                self._drivers[engine] = None
        return self._drivers[engine]

    def default_voice(self) -> str:
        """The voice id used when none is set or the one set is missing (Mandarin if possible)."""
        if self._default_voice is None:
            from voices.catalog import choose_default

            driver = self._drivers.get(self.engine_name)
            voices = driver.list_voices() if driver is not None else []
            chosen = choose_default(voices, "zh-Hans")
            self._default_voice = chosen.id if chosen else f"{self.engine_name}:"
        return self._default_voice

    def _resolve(self, settings: VoiceSettings) -> tuple[Driver, VoiceSettings] | None:
        """The driver for ``settings.voice`` and the settings with its engine-local voice id."""
        if not self.start():
            return None
        voice = settings.voice or self.default_voice()
        if not self._installed(voice):
            self._notice("voice-missing", voice)
            voice = self.default_voice()
        engine, local = split_voice_id(voice)
        return self._drivers[engine], replace(settings, voice=local)

    def _installed(self, voice: str) -> bool:
        engine, _local = split_voice_id(voice)
        if voice in self._refused_voices:
            return False
        if engine not in self.engines or self._driver(engine) is None:
            return False
        if engine not in self._voice_ids:
            self._voice_ids[engine] = {v.id for v in self._drivers[engine].list_voices()}
        return voice in self._voice_ids[engine] or voice == self.default_voice()

    def close(self) -> None:
        """Close every driver opened; ``start`` opens them again (a restart)."""
        for driver in self._drivers.values():
            if driver is not None:
                try:
                    driver.close()
                except Exception:  # a broken engine may fail to close too
                    _log.exception("closing speech engine failed")
        self._drivers.clear()
        self._failures.clear()
        self.engine_name = ""

    def stuck_seconds(self) -> float:
        """Seconds the engine has been inside a call with no sign of life (0 when not in one)."""
        since = self._in_engine_since
        return 0.0 if since is None else max(0.0, time.monotonic() - since)

    def abandon(self) -> None:
        """Give up on the engine call stuck on the rendering thread (called from another thread)."""
        for driver in list(self._drivers.values()):
            if driver is not None:
                driver.abandon()

    def _alive(self) -> None:
        """The engine showed a sign of life (audio, a word, an abort check)."""
        if self._in_engine_since is not None:
            self._in_engine_since = time.monotonic()

    def _notice(self, message_id: str, detail: str) -> None:
        if (message_id, detail) in self._noticed:
            return
        self._noticed.add((message_id, detail))
        self._on_notice(EngineNotice(message_id, detail))

    # ---- rendering -------------------------------------------------------
    def render(
        self,
        utterance: Utterance,
        uid: int,
        base: Callable[[], VoiceSettings],
        target: Target,
        should_abort: Callable[[], bool] = lambda: False,
        before_piece: Callable[[], None] = lambda: None,
        on_piece_done: Callable[[int], None] = lambda chars: None,
    ) -> bool:
        """Render ``utterance`` into ``target``; False if aborted or no engine could speak.

        ``base()`` gives the settings before each piece; ``before_piece``
        runs before each piece is synthesised (the manager waits there while
        enough audio is queued); ``on_piece_done(chars)`` reports progress
        in characters of text. An engine failing on one piece is noticed
        (``speech-error``) and reading goes on; the target failing (a full
        disk) raises its error here.
        """
        job = _Job(uid, utterance.tag, base, target, should_abort, before_piece, on_piece_done)
        target.mark(UtteranceStarted(uid, job.tag), target.frames)
        for item in utterance.items:
            if should_abort():
                return False
            if isinstance(item, TextChunk):
                if not self._render_chunk(item, job):
                    return False
            elif isinstance(item, IndexMark):
                target.mark(MarkReached(uid, job.tag, item.name), target.frames)
            elif isinstance(item, Break):
                target.write(silence(item.ms))
            elif isinstance(item, SetVoice):
                job.overrides["voice"] = item.voice_id
            elif isinstance(item, SetRate):
                job.overrides["rate"] = item.wpm
            elif isinstance(item, SetPitch):
                job.overrides["pitch"] = item.pitch
            elif isinstance(item, SetVolume):
                job.overrides["volume"] = item.volume
        if should_abort():
            return False
        target.mark(UtteranceDone(uid, job.tag, True), target.frames)
        return True

    def _render_chunk(self, chunk: TextChunk, job: _Job) -> bool:
        target = job.target
        for start, end in split_pieces(chunk.text):
            job.before_piece()
            if job.should_abort():
                return False
            first = target.frames
            display_end = chunk.display_offset(end - 1) + 1
            sentence = SentenceStarted(job.uid, job.tag, chunk.display_offset(start), display_end)
            target.mark(sentence, first)
            words = _WordMarks(chunk, start, end, job, first)
            completed = self._speak_piece(chunk.text[start:end], job, words)
            words.finish()
            if not completed:
                return False
            job.on_piece_done(end - start)
        return True

    def _speak_piece(self, piece: str, job: _Job, words: _WordMarks) -> bool:
        """Synthesise one piece into the job's target (the default voice if the engine refuses one)."""
        sink = _TargetWrites(job.target, self._alive)

        def should_abort() -> bool:
            self._alive()
            return job.should_abort()

        self._in_engine_since = time.monotonic()
        try:
            for _attempt in range(2):
                settings = replace(job.base(), **job.overrides)
                resolved = self._resolve(settings)
                if resolved is None:
                    return False
                driver, local = resolved
                try:
                    return driver.synthesize(piece, local, sink.write, words.word, should_abort)
                except VoiceUnavailable as exc:  # refused before any audio: retry with the default
                    voice = settings.voice or self.default_voice()
                    if voice == self.default_voice():
                        return self._engine_failed(piece, exc, sink, job)
                    self._refused_voices.add(voice)
                    self._notice("voice-missing", f"{voice}: {exc}")
                except Exception as exc:
                    return self._engine_failed(piece, exc, sink, job)
            return False
        finally:
            self._in_engine_since = None

    def _engine_failed(self, piece: str, exc: Exception, sink: _TargetWrites, job: _Job) -> bool:
        """An engine error on ``piece``: raise it on (target or caller's choice) or notice and go on."""
        if sink.failed:
            raise exc  # the target failed (a full disk), not the engine: the caller must know
        _log.warning("speech engine failed on %r: %r", piece, exc)
        if self._raise_engine_errors:
            raise EngineFailed(f"{type(exc).__name__}: {exc}") from exc
        self._notice("speech-error", f"{type(exc).__name__}: {exc}")
        return not job.should_abort()


@dataclass
class _Job:
    """One utterance being rendered: where it goes and the settings changed inside it."""

    uid: int
    tag: object
    base: Callable[[], VoiceSettings]
    target: Target
    should_abort: Callable[[], bool]
    before_piece: Callable[[], None]
    on_piece_done: Callable[[int], None]
    overrides: dict[str, object] = field(default_factory=dict)


class _TargetWrites:
    """Passes PCM to ``target.write`` and remembers whether that failed."""

    def __init__(self, target: Target, alive: Callable[[], None]) -> None:
        self.target = target
        self.alive = alive
        self.failed = False

    def write(self, pcm: bytes) -> None:
        self.alive()
        try:
            self.target.write(pcm)
        except BaseException:
            self.failed = True
            raise


class _WordMarks:
    """Turns engine word events (piece index, frame) into WordStarted marks with lengths.

    A word's length is the distance to the next word event, without
    trailing spaces and punctuation, since CJK events carry length 1.
    """

    def __init__(self, chunk: TextChunk, start: int, end: int, job: _Job, first: int) -> None:
        self.chunk, self.start, self.end = chunk, start, end
        self.job, self.first = job, first
        self.pending: tuple[int, int] | None = None

    def word(self, index: int, frame: int) -> None:
        if self.pending is not None:
            self._emit(self.pending, self.start + index)
        self.pending = (self.start + index, self.first + frame)

    def finish(self) -> None:
        if self.pending is not None:
            self._emit(self.pending, self.end)
            self.pending = None

    def _emit(self, pending: tuple[int, int], stop: int) -> None:
        begin, frame = pending
        text = self.chunk.text
        stop = min(stop, len(text))
        while begin < stop and not text[begin].isalnum():
            begin += 1
        while stop > begin and not text[stop - 1].isalnum():
            stop -= 1
        if begin >= stop:
            return
        offset = self.chunk.display_offset(begin)
        length = max(1, self.chunk.display_offset(stop - 1) + 1 - offset)
        self.job.target.mark(WordStarted(self.job.uid, self.job.tag, offset, length), frame)
