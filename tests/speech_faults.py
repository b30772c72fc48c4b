"""Fault injection around the real speech engine and the real audio output.

Used by ``tests/test_speech_faults.py``, ``tests/ui/test_speech_faults_ui.py``
and ``benchmarks/faults.py``. Nothing here replaces the real thing: the
espeak-ng driver still synthesises (a fault is raised or a call blocked
*inside* its callback, after some real audio, or it is given a voice it
really refuses, or a library path it really cannot load), and the audio
output is a real ``AudioOutput`` on miniaudio's NULL device whose callback
blocks, raises, or whose device is stopped under it.

``FaultPlan.open_engine`` is passed as ``SpeechManager(open_engine=...)``
and ``FaultyOutput`` as ``open_output``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

from voices.audio import AudioOutput
from voices.drivers import VoiceSettings, open_driver

HANG_LIMIT_SECONDS = 120.0  # an injected hang ends by itself after this (no test waits so long)
BOGUS_LIBRARY = "/nonexistent/libespeak-ng.so"
BOGUS_VOICE = "no-such-voice"


class InjectedFault(RuntimeError):
    """The error an injected fault raises."""


class FaultPlan:
    """What the wrapped engines do wrong next (thread-safe; each fault fires once).

    ``arm(kind, after_ms)``: the next synthesis call ``"raise"``s or
    ``"hang"``s after ``after_ms`` of real audio, or fails to set its voice
    (``"voice"``). ``fail_opens(n)``: the next ``n`` engine starts fail as
    a missing library does. ``release()`` ends every injected hang.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[tuple[str, int, Callable[[str], bool]]] = []
        self._failing_opens = 0
        self._hangs: list[threading.Event] = []
        self.calls = 0
        self.injected: list[str] = []
        self.hung = threading.Event()  # set when a hang starts blocking
        self.fired: list[float] = []  # perf_counter times at which raise/hang faults struck

    def arm(
        self, kind: str, after_ms: int = 300, when: Callable[[str], bool] = lambda text: True
    ) -> None:
        """Make the next synthesis call (of a text ``when`` accepts) fail with ``kind``.

        ``kind`` is raise, hang or voice. A call whose audio ends before
        ``after_ms`` leaves the fault armed for the next one.
        """
        assert kind in ("raise", "hang", "voice"), kind
        with self._lock:
            self._armed.append((kind, after_ms, when))

    def fail_opens(self, count: int) -> None:
        """Make the next ``count`` engine starts fail (the library cannot be loaded)."""
        with self._lock:
            self._failing_opens = count

    def release(self) -> None:
        """Let every blocked (hung) call return."""
        with self._lock:
            hangs, self._hangs = self._hangs, []
        for hang in hangs:
            hang.set()

    def _hang(self) -> None:
        """Block the calling thread until ``release`` (or ``HANG_LIMIT_SECONDS``)."""
        hang = threading.Event()
        with self._lock:
            self._hangs.append(hang)
        self.hung.set()
        hang.wait(HANG_LIMIT_SECONDS)

    def open_engine(self, engine: str):
        """``SpeechManager(open_engine=...)``: the real driver, wrapped, or a real load failure."""
        with self._lock:
            failing = self._failing_opens > 0
            if failing:
                self._failing_opens -= 1
        if failing:
            self.injected.append("missing")
            return open_missing_engine(engine)
        return FaultyDriver(open_driver(engine), self)

    def _take(self, text: str) -> tuple[str, int, Callable[[str], bool]] | None:
        with self._lock:
            self.calls += 1
            if not self._armed or not self._armed[0][2](text):
                return None
            return self._armed.pop(0)

    def _fired(self, fault: tuple[str, int, Callable[[str], bool]]) -> None:
        self.fired.append(time.perf_counter())
        self.injected.append(fault[0])

    def _unused(self, fault: tuple[str, int, Callable[[str], bool]]) -> None:
        with self._lock:
            self._armed.insert(0, fault)


def open_missing_engine(engine: str):
    """Open espeak-ng from a library path that does not exist: raises the real EngineUnavailable."""
    from voices.drivers.espeak import EspeakDriver

    return EspeakDriver(library_path=BOGUS_LIBRARY)


class FaultyDriver:
    """A real driver that fails when its ``FaultPlan`` says so (see the module docstring)."""

    def __init__(self, driver, plan: FaultPlan) -> None:
        self.driver = driver
        self.plan = plan
        self.engine = driver.engine
        self.sample_rate = driver.sample_rate

    def list_voices(self):
        """The real driver's voices."""
        return self.driver.list_voices()

    def synthesize(self, text, settings: VoiceSettings, on_audio, on_word, should_abort) -> bool:
        """Synthesise for real, failing as planned."""
        plan = self.plan
        fault = plan._take(text)
        if fault is None:
            return self.driver.synthesize(text, settings, on_audio, on_word, should_abort)
        kind, after_ms, _when = fault
        if kind == "voice":
            plan._fired(fault)
            settings = replace(settings, voice=BOGUS_VOICE)  # the engine really refuses it
            return self.driver.synthesize(text, settings, on_audio, on_word, should_abort)
        budget = self.sample_rate * 2 * after_ms // 1000
        heard = 0
        fired = False

        def faulty_audio(pcm: bytes) -> None:
            nonlocal heard, fired
            if heard >= budget:
                fired = True
                plan._fired(fault)
                if kind == "raise":
                    raise InjectedFault("injected engine failure")
                plan._hang()  # blocks inside the engine's callback, holding the engine
            heard += len(pcm)
            on_audio(pcm)

        try:
            return self.driver.synthesize(text, settings, faulty_audio, on_word, should_abort)
        finally:
            if not fired:
                plan._unused(fault)

    def close(self) -> None:
        """Close the real driver."""
        self.driver.close()

    def abandon(self) -> None:
        """Abandon the real driver."""
        self.driver.abandon()


class FaultyOutput(AudioOutput):
    """A real ``AudioOutput`` whose device can stall, fail or be stopped; records what it played.

    ``stall()``: the device's callback blocks (until ``release()``);
    ``fail()``: it raises once; ``disconnect()``: the device is stopped as
    when it is unplugged. ``heard`` is the speech actually handed to a device.
    """

    def __init__(self, *args, **kwargs) -> None:
        self._fault: tuple[str, int] | None = None
        self.released = threading.Event()
        self.heard = bytearray()
        self.injected: list[str] = []
        super().__init__(*args, **kwargs)

    def stall(self) -> None:
        """Block the current device's callback until ``release``."""
        self.injected.append("stall")
        self.released = threading.Event()
        self._fault = ("stall", self._device_id)

    def fail(self) -> None:
        """Make the current device's callback raise once."""
        self.injected.append("fail")
        self._fault = ("fail", self._device_id)

    def disconnect(self) -> None:
        """Stop the current device, as the system does when it disappears."""
        self.injected.append("disconnect")
        device = self._device
        if device is not None:
            device.stop()

    def release(self) -> None:
        """Let a stalled callback return (its device was replaced meanwhile)."""
        self.released.set()

    def _pull(self, frames: int, device_id: int | None = None) -> bytes:
        fault = self._fault
        if fault is not None and device_id == fault[1]:
            if fault[0] == "stall":
                released = self.released
                released.wait(HANG_LIMIT_SECONDS)
            elif fault[0] == "fail":
                self._fault = None
                raise InjectedFault("injected device failure")
        before = self.frames_out
        out = super()._pull(frames, device_id)
        spoken = self.frames_out - before
        if spoken:
            self.heard += out[: spoken * 2]
        return out
