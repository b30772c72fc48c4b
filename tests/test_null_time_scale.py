"""Time compression of the silent output (soak tests and benchmarks): faster, same marks, same order."""

from __future__ import annotations

import queue
import time

import pytest

from voices.audio import SAMPLE_RATE, TIME_SCALE_ENV, AudioOutput, null_time_scale

TONE = b"\x00\x10\x00\xf0" * (SAMPLE_RATE // 2)  # 1 s of a loud square wave


def test_time_scale_plays_the_null_output_faster_with_every_mark_in_order():
    arrived: queue.SimpleQueue = queue.SimpleQueue()
    output = AudioOutput(lambda p: arrived.put((time.perf_counter(), p)), "null", time_scale=50)
    try:
        assert output.is_silent and output.time_scale == 50
        generation = output.generation
        start = time.perf_counter()
        for second in range(10):  # 10 s of speech, a mark at the end of each second
            output.write(TONE, generation)
            output.mark(second, output.frames, generation)
        got = [arrived.get(timeout=5) for _ in range(10)]
        assert [p for _, p in got] == list(range(10))
        # Real time would take 10 s; 50× takes 0.2 s (generous bound for a busy machine).
        assert got[-1][0] - start < 3.0
        assert output.frames_out == 10 * SAMPLE_RATE
    finally:
        output.close()


def test_time_scale_from_the_environment(monkeypatch):
    monkeypatch.setenv(TIME_SCALE_ENV, "20")
    assert null_time_scale() == 20
    monkeypatch.setenv(TIME_SCALE_ENV, "fast")
    assert null_time_scale() == 1, "a value that is not a number is ignored"
    monkeypatch.delenv(TIME_SCALE_ENV)
    assert null_time_scale() == 1
    assert null_time_scale(0.5) == 1, "never slower than real time"


@pytest.mark.parametrize("scale", [None, 1])
def test_real_time_by_default(monkeypatch, scale):
    monkeypatch.delenv(TIME_SCALE_ENV, raising=False)
    arrived: queue.SimpleQueue = queue.SimpleQueue()
    output = AudioOutput(lambda p: arrived.put(time.perf_counter()), "null", time_scale=scale)
    try:
        start = time.perf_counter()
        output.write(TONE[: SAMPLE_RATE // 2], output.generation)  # 0.25 s
        output.mark("end", output.frames, output.generation)
        assert arrived.get(timeout=3) - start > 0.2
    finally:
        output.close()
