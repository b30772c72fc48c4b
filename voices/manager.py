"""The speech manager: speaks utterances at once, stops at once, reports progress as it is heard.

Use::

    mgr = SpeechManager(on_event=callback, audio="auto", voice="espeak:cmn", rate=230)
    uid = mgr.speak(Utterance((TextChunk(text),), Priority.NOW, tag=paragraph_index))
    mgr.cancel()                 # silence within one audio buffer (~20 ms)
    mgr.pause(); mgr.resume()
    mgr.set_voice("espeak:yue"); mgr.set_rate(300); mgr.set_pitch(50); mgr.set_volume(100)
    mgr.is_speaking, mgr.is_paused, mgr.engine_name, mgr.audio_backend
    mgr.close()

Priorities (as NVDA's): ``NOW`` cancels everything spoken or queued and
speaks at once; ``NEXT`` is queued before every ``NORMAL`` utterance;
``NORMAL`` queues behind (continuous reading). Queued utterances are
synthesised into one stream: the next one starts when less than
``BOUNDARY_AHEAD_SECONDS`` of the current one is left to play, so reading
on is gapless and a ``NEXT`` utterance queued meanwhile still goes first.

Threads: a *synthesis* thread owns the engine (``voices.render.Renderer``)
and stays at most ``AHEAD_SECONDS`` of audio ahead of playback; the audio
device's thread plays and passes marks on when they are *played*; an
*events* thread calls ``on_event`` with each event, in order. ``on_event``
is always called on that events thread, must return quickly (e.g. Textual's
``post_message``) and may call the manager.

Events (``voices.events``): ``UtteranceStarted``, ``SentenceStarted``,
``WordStarted``, ``MarkReached``, ``UtteranceDone`` and ``EngineNotice``
(``no-sound-device`` once at start when there is no device, ``no-engine``
once at the first ``speak`` when no engine could start, and others). One
cancel path: ``cancel`` (and a ``NOW`` utterance) flushes the audio,
aborts synthesis and posts ``UtteranceDone(completed=False)`` for every
unfinished utterance; after ``cancel`` returns no other event of those
utterances is delivered. Every ``speak`` gets exactly one ``UtteranceDone``.

With no speech engine the manager still works: utterances complete at
once with ``UtteranceDone(completed=False)``. With no sound device
(``audio="auto"``) speech plays silently at real-time pace, so progress
events keep their timing; ``audio="device"`` raises ``AudioUnavailable``
instead. Files are rendered without a device by ``voices.render.Renderer``
into ``voices.encoder.AudioFileWriter`` (see ``reader.export``).

Faults (a *watchdog* thread checks a few times a second):

- The engine raising while speaking: ``EngineNotice("engine-error")`` at
  once; the utterance ends after what was already synthesised is played,
  with ``UtteranceDone(completed=False, fault="engine-error")``; the engine
  is restarted (``RESTART_BACKOFF``: bounded retries with backoff) and the
  queue goes on. If it cannot restart: ``no-engine``, and utterances
  complete unspoken (another start is tried every ``ENGINE_RETRY_SECONDS``).
- The engine stuck inside a call (no audio, word or abort check for
  ``hang_seconds``; at least ``NATIVE_HANG_SECONDS`` for the platform's
  voices, which give no sign of life while rendering a piece): the stuck thread cannot be stopped, so it is
  abandoned (it speaks no more and ends if the call ever returns) and a
  new synthesis thread starts with a new engine instance (for espeak-ng a
  fresh copy of the library, see ``voices.drivers.espeak``);
  ``EngineNotice("engine-hung")`` and ``UtteranceDone(fault="engine-hung")``
  as above.
- The sound device stalling or failing: ``AudioOutput.check`` replaces it
  and playback resumes from the sentence that was interrupted
  (``sound-device-restarted``, or ``sound-device-lost`` when only the
  silent real-time output is left); no utterance is lost.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace

from voices.audio import AudioOutput
from voices.catalog import DEFAULT_RATE, clamp_rate
from voices.commands import Priority, Utterance
from voices.drivers import DEFAULT_PITCH, DEFAULT_VOLUME, Driver, VoiceSettings
from voices.events import EngineNotice, SentenceStarted, SpeechEvent, UtteranceDone
from voices.render import Renderer

_log = logging.getLogger(__name__)

AHEAD_SECONDS = 3.0
BOUNDARY_AHEAD_SECONDS = 0.5
_ROOM_POLL_SECONDS = 0.05
_START_TIMEOUT = 10.0
_STOP = object()
HANG_SECONDS = 5.0  # an engine call with no sign of life this long is stuck
# The platform's voices render a whole piece to a file before any sign of life.
NATIVE_HANG_SECONDS = 30.0
WATCH_SECONDS = 0.1  # how often the watchdog looks
RESTART_BACKOFF = (0.1, 0.4, 1.6)  # waits between engine restart attempts
ENGINE_RETRY_SECONDS = 30.0  # with no engine, try to start one again this often

EventCallback = Callable[[object], None]


@dataclass(frozen=True)
class _Entry:
    uid: int
    utterance: Utterance


class _Worker:
    """One synthesis thread and the engines it owns; ``abandoned`` once its engine got stuck."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.abandoned = False
        self.entry: _Entry | None = None  # the utterance being synthesised
        self.generation = 0  # the stream generation it is synthesised for
        self.thread: threading.Thread | None = None


class _StreamTarget:
    """The playback stream as a render target, bound to one generation and one worker.

    Writes of a flushed generation or an abandoned worker are dropped.
    Sentence starts are checkpoints: playback resumes there after a device fault.
    """

    def __init__(
        self, output: AudioOutput, generation: int, worker: _Worker, lock: threading.Condition
    ) -> None:
        self._output = output
        self._generation = generation
        self._worker = worker
        self._lock = lock  # the manager's: an abandoned worker cannot write after its end

    @property
    def frames(self) -> int:
        return self._output.frames

    def write(self, pcm: bytes) -> None:
        with self._lock:
            if not self._worker.abandoned:
                self._output.write(pcm, self._generation)

    def mark(self, payload: object, frame: int) -> None:
        with self._lock:
            if not self._worker.abandoned:
                checkpoint = isinstance(payload, SentenceStarted)
                self._output.mark(payload, frame, self._generation, checkpoint)


class SpeechManager:
    """Speaks utterances with priorities, one cancel path and playback-time progress (see module)."""

    def __init__(
        self,
        on_event: EventCallback,
        *,
        audio: str = "auto",
        voice: str | None = None,
        rate: int | None = None,
        pitch: int = DEFAULT_PITCH,
        volume: int = DEFAULT_VOLUME,
        engines: Sequence[str] | None = None,
        hang_seconds: float | None = None,
        open_engine: Callable[[str], Driver] | None = None,
        open_output: Callable[..., AudioOutput] | None = None,
    ) -> None:
        """Start the threads and the engine (see the module docstring).

        ``hang_seconds`` (default ``HANG_SECONDS``): the watchdog's bound.
        ``open_engine`` (default ``voices.drivers.open_driver``) and
        ``open_output`` (default ``AudioOutput``) create the engine drivers
        and the playback stream; fault injection wraps them.
        """
        self._on_event = on_event
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._delivery = threading.RLock()  # held while delivering; cancel takes it too
        self._cond = threading.Condition()  # guards the queue, settings and current entry
        self._queue: list[_Entry] = []
        self._live: dict[int, Hashable] = {}  # unfinished utterances: uid → tag
        self._ids = itertools.count(1)
        self._closing = False
        self._engine_missing_noticed = False
        self._settings = VoiceSettings(voice or "", clamp_rate(rate or DEFAULT_RATE), pitch, volume)
        self._engines = engines
        self._open_engine = open_engine
        self._hang_seconds = hang_seconds or HANG_SECONDS
        self._engine_tried_at = 0.0
        self._output = (open_output or AudioOutput)(on_mark=self._played, mode=audio)
        if self._output.notice:
            self._post(EngineNotice("no-sound-device", self._output.notice))
        self._ready = threading.Event()
        self._dispatcher = threading.Thread(
            target=self._dispatch, name="speech-events", daemon=True
        )
        self._dispatcher.start()
        self._worker = self._start_worker()
        self._ready.wait(_START_TIMEOUT)
        self._watchdog = threading.Thread(target=self._watch, name="speech-watchdog", daemon=True)
        self._watchdog.start()

    # ---- public API (any thread) -------------------------------------------
    def speak(self, utterance: Utterance) -> int:
        """Queue ``utterance`` by its priority (NOW interrupts); return its id."""
        with self._delivery, self._cond:
            uid = next(self._ids)
            if utterance.priority == Priority.NOW:
                self._cancel_locked()
            position = len(self._queue)
            for i, entry in enumerate(self._queue):
                if entry.utterance.priority > utterance.priority:
                    position = i
                    break
            self._queue.insert(position, _Entry(uid, utterance))
            self._live[uid] = utterance.tag
            self._cond.notify_all()
        return uid

    def cancel(self) -> None:
        """Stop speaking and drop everything queued; silence within one audio buffer."""
        with self._delivery, self._cond:
            self._cancel_locked()
            self._cond.notify_all()

    def pause(self) -> None:
        """Hold speech where it is (the audio goes silent at once)."""
        self._output.pause()

    def resume(self) -> None:
        """Continue after ``pause``."""
        self._output.resume()

    @property
    def is_paused(self) -> bool:
        """True while paused."""
        return self._output.is_paused

    @property
    def backlog(self) -> int:
        """How many utterances are unfinished (queued, being synthesised or played).

        Bounded in use: ``NOW`` clears it, continuous reading keeps a few
        ahead (for diagnostics, tests and benchmarks; any thread).
        """
        return len(self._live)

    @property
    def is_speaking(self) -> bool:
        """True while any utterance is unfinished (queued, playing or paused)."""
        return bool(self._live)

    def set_voice(self, voice_id: str) -> None:
        """Use ``voice_id`` (from ``voices.catalog``) from the next sentence on."""
        self._update(voice=voice_id)

    def set_rate(self, wpm: int) -> None:
        """Speak at ``wpm`` words per minute (80–450) from the next sentence on."""
        self._update(rate=clamp_rate(wpm))

    def set_pitch(self, pitch: int) -> None:
        """Pitch 0–100 (50 normal) from the next sentence on."""
        self._update(pitch=max(0, min(100, int(pitch))))

    def set_volume(self, volume: int) -> None:
        """Volume 0–100 from the next sentence on."""
        self._update(volume=max(0, min(100, int(volume))))

    @property
    def settings(self) -> VoiceSettings:
        """The current base voice settings (voice id "" means the default voice)."""
        return self._settings

    @property
    def voice(self) -> str:
        """The voice id in use (the default voice when none was chosen)."""
        if self._settings.voice:
            return self._settings.voice
        renderer = self._worker.renderer
        return renderer.default_voice() if renderer.engine_name else ""

    @property
    def engine_name(self) -> str:
        """The speech engine in use (``espeak``, ``sapi5``, ``nsss``), or "" when none started."""
        return self._worker.renderer.engine_name

    @property
    def audio_backend(self) -> str:
        """The sound output in use (e.g. ``ALSA``, ``PulseAudio``, ``Null``)."""
        return self._output.backend

    @property
    def output(self) -> AudioOutput:
        """The playback stream (for diagnostics and benchmarks)."""
        return self._output

    def close(self) -> None:
        """Cancel everything, deliver the last events and stop the threads."""
        with self._delivery, self._cond:
            if self._closing:
                return
            self._closing = True
            self._cancel_locked()
            self._cond.notify_all()
        worker = self._worker
        deadline = time.monotonic() + 5.0
        while worker.thread.is_alive() and time.monotonic() < deadline:
            if worker.renderer.stuck_seconds() > 0.5:
                break  # stuck in its engine: it may never end (a daemon thread)
            worker.thread.join(0.05)
        if self._watchdog is not threading.current_thread():
            self._watchdog.join(5)
        self._events.put(_STOP)
        if threading.current_thread() is not self._dispatcher:  # closed from the callback
            self._dispatcher.join(5)
        self._output.close()

    def __enter__(self) -> SpeechManager:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # ---- internals -----------------------------------------------------------
    def _update(self, **changes) -> None:
        with self._cond:
            self._settings = replace(self._settings, **changes)

    def _base_settings(self) -> VoiceSettings:
        return self._settings

    def _cancel_locked(self) -> None:
        """The one cancel path (caller holds the delivery lock and the condition)."""
        self._queue.clear()
        self._output.flush()
        for uid, tag in sorted(self._live.items()):
            self._events.put((UtteranceDone(uid, tag, False), True))
        self._live.clear()

    def _post(self, event: object) -> None:
        self._events.put((event, True))

    def _played(self, payload: object) -> None:
        """Called on the audio thread when playback reaches a mark."""
        self._events.put((payload, False))

    def _dispatch(self) -> None:
        while True:
            item = self._events.get()
            if item is _STOP:
                return
            event, final = item
            with self._delivery:
                if isinstance(event, SpeechEvent) and not final:
                    if event.utterance_id not in self._live:
                        continue  # a late event of a cancelled utterance
                    if isinstance(event, UtteranceDone):
                        del self._live[event.utterance_id]
                try:
                    self._on_event(event)
                except Exception:
                    _log.exception("speech event callback failed on %r", event)

    def _start_worker(self) -> _Worker:
        """A new synthesis thread with its own engines (at start, and after an engine got stuck)."""
        renderer = Renderer(
            self._engines,
            on_notice=self._post,
            open_engine=self._open_engine,
            raise_engine_errors=True,
        )
        worker = _Worker(renderer)
        worker.thread = threading.Thread(
            target=self._work, args=(worker,), name="speech-synth", daemon=True
        )
        worker.thread.start()
        return worker

    def _work(self, worker: _Worker) -> None:
        try:
            self._engine_tried_at = time.monotonic()
            worker.renderer.start()
        finally:
            self._ready.set()
        try:
            while True:
                with self._cond:
                    # The next utterance starts only when the current one is nearly
                    # played, so a NEXT utterance queued meanwhile still goes first.
                    while not (self._closing or worker.abandoned) and not (
                        self._queue and self._output.queued_seconds <= BOUNDARY_AHEAD_SECONDS
                    ):
                        self._cond.wait(_ROOM_POLL_SECONDS if self._queue else None)
                    if self._closing or worker.abandoned:
                        return
                    entry = self._queue.pop(0)
                    worker.entry, worker.generation = entry, self._output.generation
                self._speak_entry(worker, entry, worker.generation)
                with self._cond:
                    worker.entry = None
        finally:
            worker.renderer.close()

    def _speak_entry(self, worker: _Worker, entry: _Entry, generation: int) -> None:
        renderer = worker.renderer
        if not renderer.engine_name and not self._retry_engine(renderer):
            self._finish_unspoken(entry, renderer)
            return
        output = self._output

        def aborted() -> bool:
            return output.generation != generation or self._closing or worker.abandoned

        def wait_for_room() -> None:
            with self._cond:
                while output.queued_seconds > AHEAD_SECONDS and not aborted():
                    self._cond.wait(_ROOM_POLL_SECONDS)

        try:
            completed = renderer.render(
                entry.utterance,
                entry.uid,
                self._base_settings,
                _StreamTarget(output, generation, worker, self._cond),
                should_abort=aborted,
                before_piece=wait_for_room,
            )
        except Exception as exc:  # EngineFailed, or any other failure while rendering
            if not worker.abandoned:
                _log.warning("speech engine failed: %s; restarting it", exc)
                self._end_by_fault(entry, generation, "engine-error", str(exc))
                self._restart_engine(worker)
            return
        if not completed and not aborted():
            self._finish_unspoken(entry, renderer)

    def _end_by_fault(self, entry: _Entry, generation: int, fault: str, detail: str) -> None:
        """Notice a fault now; end ``entry`` where its audio so far ends (if not cancelled)."""
        with self._delivery, self._cond:
            self._post(EngineNotice(fault, detail))
            output = self._output
            if entry.uid in self._live and output.generation == generation:
                done = UtteranceDone(entry.uid, entry.utterance.tag, False, fault)
                output.mark(done, output.frames, generation)

    def _restart_engine(self, worker: _Worker) -> None:
        """Close and start the worker's engine again, with bounded retries and backoff."""
        renderer = worker.renderer
        for delay in (0.0, *RESTART_BACKOFF):
            with self._cond:
                if delay:
                    self._cond.wait_for(lambda: self._closing or worker.abandoned, delay)
                if self._closing or worker.abandoned:
                    return
            renderer.close()
            self._engine_tried_at = time.monotonic()
            if renderer.start():
                _log.info("speech engine %s restarted", renderer.engine_name)
                return
        _log.warning("speech engine could not restart: %s", renderer.failure)

    def _retry_engine(self, renderer: Renderer) -> bool:
        """With no engine, try to start one now and then; True if one started."""
        if time.monotonic() - self._engine_tried_at < ENGINE_RETRY_SECONDS:
            return False
        self._engine_tried_at = time.monotonic()
        renderer.close()
        if not renderer.start():
            return False
        self._engine_missing_noticed = False  # it may go missing again: say so again
        return True

    def _watch(self) -> None:
        """The watchdog: replace a failed sound device, abandon a stuck engine."""
        while not self._closing:
            time.sleep(WATCH_SECONDS)
            try:
                notice = self._output.check()
                if notice:
                    self._post(EngineNotice(notice, self._output.last_fault))
                worker = self._worker
                stuck = worker.renderer.stuck_seconds()
                bound = self._hang_seconds
                if worker.renderer.engine_name not in ("", "espeak"):
                    bound = max(bound, NATIVE_HANG_SECONDS)
                if stuck > bound:
                    self._abandon(worker, stuck)
            except Exception:  # the watchdog must outlive anything it watches
                _log.exception("speech watchdog failed")

    def _abandon(self, worker: _Worker, stuck: float) -> None:
        """Give up on a worker stuck in its engine: a new worker takes over the queue."""
        with self._delivery, self._cond:
            if worker is not self._worker or self._closing:
                return
            _log.warning("speech engine stuck for %.1f s: abandoning its thread", stuck)
            worker.abandoned = True
            worker.renderer.abandon()  # before the new engine loads: it must not share the stuck one
            self._worker = self._start_worker()
            self._cond.notify_all()
            if worker.entry is not None:
                detail = f"no progress for {stuck:.1f} s"
                self._end_by_fault(worker.entry, worker.generation, "engine-hung", detail)
            else:
                self._post(EngineNotice("engine-hung", f"no progress for {stuck:.1f} s"))

    def _finish_unspoken(self, entry: _Entry, renderer: Renderer) -> None:
        """Complete an utterance that cannot be spoken (no engine), noticing it once."""
        with self._delivery:
            if not self._engine_missing_noticed:
                self._engine_missing_noticed = True
                self._post(EngineNotice("no-engine", renderer.failure))
            if self._live.pop(entry.uid, _STOP) is not _STOP:
                self._events.put((UtteranceDone(entry.uid, entry.utterance.tag, False), True))
