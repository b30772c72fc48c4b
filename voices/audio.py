"""Where synthesised speech is played: one stream on the sound device, or at its pace on none.

``AudioOutput`` is one persistent playback stream (mono, 16-bit, 22 050 Hz)
opened once and kept running. Speech is appended with ``write``; points
in the stream carry payloads (``mark``) that are handed to ``on_mark``
when playback reaches them, so progress follows what is heard. ``flush``
drops everything queued from the caller's thread: the next audio period
is silent (within one ~20 ms buffer), and writes made for the flushed
stream are refused thereafter (each flush starts a new *generation*).

Backends, as asked with ``mode``:

- ``"device"``: the system's sound device via miniaudio (ALSA, PulseAudio,
  JACK, WASAPI, Core Audio); ``AudioUnavailable`` if there is none.
- ``"null"``: no sound, but consumed at real-time pace (miniaudio's NULL
  backend), so marks and highlighting still follow speech timing.
- ``"auto"``: the device, else null with ``notice`` set to say why.

Time compression, for soak tests and benchmarks only: ``time_scale=N``
(or the environment variable ``READER_NULL_TIME_SCALE=N``) consumes a
silent output N times faster than real time, so hours of reading pass in
minutes with marks still fired in stream order. It never changes an
audible device; users have no reason to set it.

libasound writes its errors straight to file descriptor 2, which corrupts
a full-screen terminal app; ``silence_native_errors`` installs a no-op
handler before any device is opened.

Device faults: a device that stops pulling audio while some is waiting
(``STALL_SECONDS``), or whose callback failed, is found by ``check`` (the
speech manager's watchdog calls it a few times a second). The device is
replaced: a sound device by a new one (after ``MAX_QUICK_FAULTS`` faults
within a minute, or when none opens, by the null backend at real-time
pace); the null backend by a new null backend. Playback then goes on from
the last *checkpoint* mark (a sentence start) before the fault, with its
marks again, so nothing is lost and progress never skips. The old device
is closed on a throwaway thread: a device stuck in its callback may never
close. A device callback never raises into miniaudio (cffi would print
the traceback on the terminal).

Files are written by ``voices.encoder.AudioFileWriter`` (WAV, MP3, OGG).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import heapq
import itertools
import logging
import os
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable

_log = logging.getLogger(__name__)

SAMPLE_RATE = 22050
SAMPLE_WIDTH = 2
BUFFER_MS = 20
MODES = ("auto", "device", "null")
STALL_SECONDS = 0.75  # audio waiting but not pulled this long: the device is gone
MAX_QUICK_FAULTS = 3  # sound-device faults within QUICK_FAULT_WINDOW before giving up on it
QUICK_FAULT_WINDOW = 60.0
REPLAY_LIMIT_SECONDS = 60.0  # audio kept since the last checkpoint, to replay after a fault
CLOSE_WAIT_SECONDS = 2.0  # closing waits this long at most for the device to stop
TIME_SCALE_ENV = "READER_NULL_TIME_SCALE"


class AudioUnavailable(RuntimeError):
    """No sound output could be opened in the requested mode."""


_open_outputs: weakref.WeakSet[AudioOutput] = weakref.WeakSet()


@atexit.register
def _close_open_outputs() -> None:
    """Close devices still open at exit (a running device thread would hang the interpreter)."""
    for output in list(_open_outputs):
        output.close()


_ALSA_HANDLER_TYPE = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
_alsa_handler = None


def silence_native_errors() -> None:
    """Stop libasound from writing error messages to the terminal (idempotent).

    The handler is process-wide in libasound, and miniaudio loads the same
    library, so setting it once here covers every device opened later.
    """
    global _alsa_handler
    if _alsa_handler is not None:
        return
    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        lib = ctypes.CDLL(name)
        handler = _ALSA_HANDLER_TYPE(lambda *args: None)
        lib.snd_lib_error_set_handler(handler)
    except (OSError, AttributeError):
        _alsa_handler = False  # no libasound: nothing to silence
        return
    _alsa_handler = handler  # keep the callback alive for the process's lifetime


def null_time_scale(value: float | None = None) -> float:
    """How many times faster than real time a silent output plays (``value``, else the env; ≥ 1)."""
    if value is None:
        try:
            value = float(os.environ.get(TIME_SCALE_ENV, "") or 1)
        except ValueError:
            _log.warning("ignoring %s=%r: not a number", TIME_SCALE_ENV, os.environ[TIME_SCALE_ENV])
            value = 1.0
    return max(1.0, value)


def pcm_duration(pcm_bytes: int | bytes, sample_rate: int = SAMPLE_RATE) -> float:
    """Seconds of mono 16-bit audio in ``pcm_bytes`` (a byte count or the bytes)."""
    n = pcm_bytes if isinstance(pcm_bytes, int) else len(pcm_bytes)
    return n / SAMPLE_WIDTH / sample_rate


def silence(ms: int, sample_rate: int = SAMPLE_RATE) -> bytes:
    """``ms`` milliseconds of silence as mono 16-bit PCM."""
    return bytes(max(0, int(sample_rate * ms / 1000)) * SAMPLE_WIDTH)


def convert_rate(pcm: bytes, from_rate: int, to_rate: int = SAMPLE_RATE) -> bytes:
    """Resample mono 16-bit ``pcm`` (miniaudio's converter; unchanged when the rates match)."""
    if from_rate == to_rate or not pcm:
        return pcm
    import miniaudio

    fmt = miniaudio.SampleFormat.SIGNED16
    return bytes(miniaudio.convert_frames(fmt, 1, from_rate, pcm, fmt, 1, to_rate))


class AudioOutput:
    """One persistent, instantly stoppable playback stream with marks at playback time.

    ``on_mark(payload)`` is called on the audio thread when playback
    reaches a mark: it must only hand the payload on (e.g. ``queue.put``).
    All other methods may be called from any thread.
    """

    def __init__(
        self,
        on_mark: Callable[[object], None],
        mode: str = "auto",
        sample_rate: int = SAMPLE_RATE,
        buffer_ms: int = BUFFER_MS,
        time_scale: float | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"audio mode must be one of {MODES}, not {mode!r}")
        self.sample_rate = sample_rate
        self._on_mark = on_mark
        self._lock = threading.Lock()
        self._chunks: deque[bytes] = deque()
        self._chunk_pos = 0
        self._queued_bytes = 0
        self._marks: list[tuple[int, int, object]] = []
        self._mark_seq = itertools.count()
        self._written = 0  # stream position (frames) at the end of what was written
        self._played = 0  # stream position (frames) handed to the device
        self._generation = 0
        self._paused = False
        self._closed = False
        # Instrumentation (read by benchmarks and tests): perf_counter times.
        self.frames_out = 0  # speech frames handed to the device, ever
        self.audio_started_at: float | None = None  # first speech frame after idle/flush
        self.silent_since: float | None = None  # first all-silent period after speech
        self.notice: str | None = None  # why output is silent, when it is
        self.backend = ""
        self._device = None
        self._pacer: threading.Thread | None = None
        self.time_scale = null_time_scale(time_scale)
        self._init_fault_handling(mode, buffer_ms)
        self._open(mode, buffer_ms)
        _open_outputs.add(self)

    def _init_fault_handling(self, mode: str, buffer_ms: int) -> None:
        self._mode = mode
        self._buffer_ms = buffer_ms
        self._device_id = 0  # the device whose pulls count; a replaced one's are refused
        self._pulled_at = time.monotonic()
        self._device_failed: str | bool = False  # why the callback failed
        self._reopen_lock = threading.Lock()
        self._fault_times: deque[float] = deque(maxlen=MAX_QUICK_FAULTS)
        self._replay: list[tuple[int, bytes]] = []  # (first frame, pcm) played since the checkpoint
        self._replay_marks: list[tuple] = []  # marks fired since (and including) the checkpoint
        self._replay_bytes = 0
        self.stall_seconds = STALL_SECONDS
        self.faults = 0  # device faults recovered from
        self.last_fault = ""  # what went wrong the last time

    # ---- opening -------------------------------------------------------
    def _open(self, mode: str, buffer_ms: int) -> None:
        try:
            import miniaudio
        except ImportError as exc:  # pragma: no cover - miniaudio is a dependency
            if mode == "device":
                raise AudioUnavailable(f"audio library missing: {exc}") from exc
            self.notice = f"audio library missing ({exc})"
            self._start_pacer(buffer_ms)
            return
        silence_native_errors()
        device_error = None
        if mode != "null":
            try:
                self._start_device(miniaudio, None, buffer_ms)
                self.time_scale = 1.0  # an audible device always plays in real time
                return
            except Exception as exc:  # miniaudio.MiniaudioError: ('failed to init device', -401)
                device_error = exc
                if mode == "device":
                    raise AudioUnavailable(f"no sound device ({exc})") from exc
                self.notice = f"no sound device ({exc})"
                _log.info("no sound device (%s); playing silently at real-time pace", exc)
        if self.time_scale > 1:  # miniaudio's NULL backend keeps real time: pace in Python
            _log.info("silent output %g× faster than real time", self.time_scale)
            self._start_pacer(buffer_ms)
            return
        try:
            self._start_device(miniaudio, [miniaudio.Backend.NULL], buffer_ms)
        except Exception as exc:  # the NULL backend is built in; this is a last resort
            _log.warning(
                "miniaudio NULL backend failed (%s, %s); pacing in Python", device_error, exc
            )
            self._start_pacer(buffer_ms)

    def _start_device(self, miniaudio, backends, buffer_ms: int) -> None:
        kwargs = {} if backends is None else {"backends": backends}
        device = miniaudio.PlaybackDevice(
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=self.sample_rate,
            buffersize_msec=buffer_ms,
            app_name="tingdu-reader",
            **kwargs,
        )
        self._device_id += 1
        source = self._generator(self._device_id)
        next(source)
        self._pulled_at = time.monotonic()
        device.start(source)
        self._device = device
        self.backend = str(getattr(device.backend, "name", device.backend) or "")
        _log.info("audio output: %s", self.backend)

    def _start_pacer(self, buffer_ms: int) -> None:
        self.backend = "paced-null"
        period = buffer_ms / 1000
        frames = max(1, int(self.sample_rate * period * self.time_scale))

        def pace() -> None:
            due = time.perf_counter()
            while not self._closed:
                self._pull(frames)
                due += period
                time.sleep(max(0.0, due - time.perf_counter()))

        self._pacer = threading.Thread(target=pace, name="audio-pacer", daemon=True)
        self._pacer.start()

    @property
    def is_silent(self) -> bool:
        """True when nothing is audible (the null backend)."""
        return self.backend in ("Null", "NULL", "paced-null")

    # ---- the audio thread ----------------------------------------------
    def _generator(self, device_id: int):
        frames = yield b""
        while True:
            try:
                out = self._pull(frames, device_id)
            except Exception as exc:  # never into miniaudio: cffi would print it on the terminal
                # Logged by ``check``: logging here would register the device's native thread.
                if device_id == self._device_id:
                    self._device_failed = f"the device callback failed ({exc!r})"
                return  # miniaudio stops asking; ``check`` replaces the device
            frames = yield out

    def _pull(self, frames: int, device_id: int | None = None) -> bytes:
        """The next ``frames`` of the stream for device ``device_id`` (None: the pacer)."""
        need = frames * SAMPLE_WIDTH
        fired: list[object] = []
        with self._lock:
            if device_id is not None and device_id != self._device_id:
                return bytes(need)  # a replaced device that came back: it plays nothing
            self._pulled_at = time.monotonic()
            if self._paused or not self._chunks:
                out = b""
            else:
                parts = []
                got = 0
                while got < need and self._chunks:
                    chunk = self._chunks[0]
                    take = min(need - got, len(chunk) - self._chunk_pos)
                    parts.append(chunk[self._chunk_pos : self._chunk_pos + take])
                    got += take
                    self._chunk_pos += take
                    if self._chunk_pos >= len(chunk):
                        self._chunks.popleft()
                        self._chunk_pos = 0
                self._queued_bytes -= got
                out = b"".join(parts)
            if not self._paused:
                first = self._played
                self._played += len(out) // SAMPLE_WIDTH
                while self._marks and self._marks[0][0] <= self._played:
                    mark = heapq.heappop(self._marks)
                    self._remember_fired(mark)
                    fired.append(mark[2])
                if out:
                    self._remember_played(first, out)
            now = time.perf_counter()
            if out:
                self.frames_out += len(out) // SAMPLE_WIDTH
                if self.audio_started_at is None:
                    self.audio_started_at = now
                self.silent_since = None
            elif self.silent_since is None:
                self.silent_since = now
        for payload in fired:
            self._on_mark(payload)
        if len(out) < need:
            out += bytes(need - len(out))
        return out

    def _remember_played(self, first: int, pcm: bytes) -> None:
        """Keep audio played since the last checkpoint, for replay after a fault (under the lock)."""
        if not self._replay_marks:
            return  # no checkpoint yet: nothing to replay from
        self._replay.append((first, pcm))
        self._replay_bytes += len(pcm)
        if pcm_duration(self._replay_bytes, self.sample_rate) > REPLAY_LIMIT_SECONDS:
            self._forget_replay()  # too long since a checkpoint: a fault resumes where it was

    def _remember_fired(self, mark: tuple) -> None:
        """A mark fired: a checkpoint starts a new replay; others are fired again on replay."""
        frame, _seq, _payload, checkpoint = mark
        if checkpoint:
            self._forget_replay()  # the pull that reached it is kept, trimmed on replay
            self._replay_marks.append(mark)
        elif self._replay_marks:
            self._replay_marks.append(mark)

    def _forget_replay(self) -> None:
        self._replay.clear()
        self._replay_marks.clear()
        self._replay_bytes = 0

    def _rewind_locked(self) -> None:
        """Queue again what was played since the last checkpoint, with its marks (under the lock)."""
        if not self._replay_marks:
            return
        start = self._replay_marks[0][0]
        parts = []
        for first, pcm in self._replay:
            skip = max(0, start - first) * SAMPLE_WIDTH
            if skip < len(pcm):
                parts.append(pcm[skip:])
        if self._chunks and self._chunk_pos:
            self._chunks[0] = self._chunks[0][self._chunk_pos :]
            self._chunk_pos = 0
        replay = b"".join(parts)
        if replay:
            self._chunks.appendleft(replay)
            self._queued_bytes += len(replay)
        self._played = start
        for mark in self._replay_marks:
            heapq.heappush(self._marks, mark)
        self._forget_replay()

    # ---- faults (any thread) ---------------------------------------------
    def check(self) -> str | None:
        """Replace a failed or stalled device; return the notice id when it did, else None.

        ``"sound-device-restarted"``: a new device of the same kind plays on;
        ``"sound-device-lost"``: no sound device any more, playing silently at
        real-time pace (``notice`` says why). Call it a few times a second.
        """
        if self._closed or self._device is None:
            return None  # the Python pacer is the last resort: it cannot stall
        with self._lock:
            waiting = bool(self._chunks or self._marks) and not self._paused
            quiet = time.monotonic() - self._pulled_at
            failed = self._device_failed
        if not failed and not (waiting and quiet > self.stall_seconds):
            return None
        reason = str(failed) if failed else f"no audio pulled for {quiet:.1f} s"
        return self._replace_device(reason)

    def _replace_device(self, reason: str) -> str | None:
        with self._reopen_lock:
            if self._closed:
                return None
            old, was_silent = self._device, self.is_silent
            with self._lock:
                self._device_id += 1  # the old device's pulls are refused from now on
                self._device = None
                self._device_failed = False
                self._rewind_locked()
                self.faults += 1
            self.last_fault = reason
            _log.warning("sound output %s failed (%s): replacing it", self.backend, reason)
            threading.Thread(
                target=_close_device, args=(old,), name="audio-close", daemon=True
            ).start()
            now = time.monotonic()
            self._fault_times.append(now)
            give_up = (
                len(self._fault_times) == MAX_QUICK_FAULTS
                and now - self._fault_times[0] < QUICK_FAULT_WINDOW
            )
            import miniaudio

            if not was_silent and not give_up:
                try:
                    self._start_device(miniaudio, None, self._buffer_ms)
                    return "sound-device-restarted"
                except Exception as exc:  # the device is gone for good
                    reason = f"{reason}; reopening failed: {exc}"
            try:
                self._start_device(miniaudio, [miniaudio.Backend.NULL], self._buffer_ms)
            except Exception as exc:  # pragma: no cover - the NULL backend is built in
                _log.warning("miniaudio NULL backend failed (%s); pacing in Python", exc)
                self._start_pacer(self._buffer_ms)
            if was_silent:
                return "sound-device-restarted"
            self.notice = f"sound device lost ({reason})"
            return "sound-device-lost"

    # ---- any thread ------------------------------------------------------
    @property
    def generation(self) -> int:
        """Number of the current stream; bumped by every ``flush``."""
        return self._generation

    @property
    def frames(self) -> int:
        """Stream position (in frames) at the end of everything written so far."""
        return self._written

    @property
    def queued_seconds(self) -> float:
        """Seconds of audio written but not yet played."""
        return pcm_duration(self._queued_bytes, self.sample_rate)

    @property
    def is_paused(self) -> bool:
        """True while playback is held by ``pause``."""
        return self._paused

    def write(self, pcm: bytes, generation: int) -> bool:
        """Append speech to the stream; False (and ignored) if ``generation`` was flushed."""
        if not pcm:
            return generation == self._generation
        with self._lock:
            if generation != self._generation:
                return False
            if not self._chunks:
                self.audio_started_at = None
            self._chunks.append(bytes(pcm))
            self._queued_bytes += len(pcm)
            self._written += len(pcm) // SAMPLE_WIDTH
            return True

    def mark(self, payload: object, frame: int, generation: int, checkpoint: bool = False) -> bool:
        """Hand ``payload`` to ``on_mark`` when playback reaches stream position ``frame``.

        A ``checkpoint`` (a sentence start) is where playback resumes after a device fault.
        """
        with self._lock:
            if generation != self._generation:
                return False
            heapq.heappush(self._marks, (frame, next(self._mark_seq), payload, checkpoint))
            return True

    def flush(self) -> int:
        """Drop all queued audio and marks, resume if paused; return the new generation."""
        with self._lock:
            self._chunks.clear()
            self._chunk_pos = 0
            self._queued_bytes = 0
            self._marks.clear()
            self._forget_replay()
            self._written = self._played
            self._generation += 1
            self._paused = False
            self.audio_started_at = None
            return self._generation

    def pause(self) -> None:
        """Hold playback (the next period is silent); queued audio and marks wait."""
        with self._lock:
            self._paused = True

    def resume(self) -> None:
        """Continue playback after ``pause``."""
        with self._lock:
            self._paused = False

    def close(self) -> None:
        """Stop the device; the output cannot be used afterwards (idempotent)."""
        if self._closed:
            return
        self.flush()
        _log.info("audio output closed after %.1f s of speech", self.frames_out / self.sample_rate)
        with self._reopen_lock:
            self._closed = True
            device, self._device = self._device, None
        if device is not None:  # a device stuck in its callback never closes: don't wait on it
            closer = threading.Thread(
                target=_close_device, args=(device,), name="audio-close", daemon=True
            )
            closer.start()
            closer.join(CLOSE_WAIT_SECONDS)
        if self._pacer is not None:
            self._pacer.join(1)


def _close_device(device) -> None:
    """Stop and release a miniaudio device, whatever state it is in."""
    with contextlib.suppress(Exception):
        device.close()
