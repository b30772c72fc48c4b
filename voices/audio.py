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
        self._open(mode, buffer_ms)
        _open_outputs.add(self)

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
        source = self._generator()
        next(source)
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
    def _generator(self):
        frames = yield b""
        while True:
            frames = yield self._pull(frames)

    def _pull(self, frames: int) -> bytes:
        need = frames * SAMPLE_WIDTH
        fired: list[object] = []
        with self._lock:
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
                self._played += len(out) // SAMPLE_WIDTH
                while self._marks and self._marks[0][0] <= self._played:
                    fired.append(heapq.heappop(self._marks)[2])
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

    def mark(self, payload: object, frame: int, generation: int) -> bool:
        """Hand ``payload`` to ``on_mark`` when playback reaches stream position ``frame``."""
        with self._lock:
            if generation != self._generation:
                return False
            heapq.heappush(self._marks, (frame, next(self._mark_seq), payload))
            return True

    def flush(self) -> int:
        """Drop all queued audio and marks, resume if paused; return the new generation."""
        with self._lock:
            self._chunks.clear()
            self._chunk_pos = 0
            self._queued_bytes = 0
            self._marks.clear()
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
        self._closed = True
        _log.info("audio output closed after %.1f s of speech", self.frames_out / self.sample_rate)
        if self._device is not None:
            with contextlib.suppress(Exception):
                self._device.close()
            self._device = None
        if self._pacer is not None:
            self._pacer.join(1)
