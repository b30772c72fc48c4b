"""Helpers for the speech tests: audio measurements and an event recorder."""

from __future__ import annotations

import array
import math
import threading
import time


def rms(pcm: bytes) -> float:
    """Root mean square of mono 16-bit PCM (0 for none)."""
    samples = array.array("h")
    samples.frombytes(bytes(pcm[: len(pcm) // 2 * 2]))
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))


class EventLog:
    """Collects speech events with their arrival time; lets a test wait for one."""

    def __init__(self) -> None:
        self.items: list[tuple[float, object]] = []
        self._cond = threading.Condition()

    def __call__(self, event: object) -> None:
        with self._cond:
            self.items.append((time.perf_counter(), event))
            self._cond.notify_all()

    @property
    def events(self) -> list[object]:
        """The events so far, in delivery order."""
        with self._cond:
            return [e for _, e in self.items]

    def of(self, kind: type, uid: int | None = None) -> list[object]:
        """Events of type ``kind`` (and utterance ``uid``)."""
        return [
            e for e in self.events if isinstance(e, kind) and (uid is None or e.utterance_id == uid)
        ]

    def wait_for(self, predicate, timeout: float = 15.0) -> object:
        """Wait until an event matching ``predicate`` arrives; return it."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for _, event in self.items:
                    if predicate(event):
                        return event
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"timed out; events: {[e for _, e in self.items]}"
                self._cond.wait(remaining)

    def time_of(self, event: object) -> float:
        """Arrival time (perf_counter) of ``event``."""
        with self._cond:
            for t, e in self.items:
                if e is event:
                    return t
        raise KeyError(event)
