"""The playback stream: marks at playback time, flush, pacing, the device mode."""

from __future__ import annotations

import queue
import time

import pytest

from voices import audio
from voices.audio import SAMPLE_RATE, AudioOutput

TONE = b"\x00\x10\x00\xf0" * (SAMPLE_RATE // 2)  # 1 s of a loud square wave


def collect(output_mode="null"):
    arrived: queue.SimpleQueue = queue.SimpleQueue()
    output = AudioOutput(lambda payload: arrived.put((time.perf_counter(), payload)), output_mode)
    return output, arrived


def test_marks_fire_when_playback_reaches_them():
    output, arrived = collect()
    try:
        generation = output.generation
        start = time.perf_counter()
        output.write(TONE[:SAMPLE_RATE], generation)  # 0.5 s
        output.mark("half", SAMPLE_RATE // 4 + output.frames - SAMPLE_RATE // 2, generation)
        output.mark("end", output.frames, generation)
        t_half, half = arrived.get(timeout=3)
        t_end, end = arrived.get(timeout=3)
        assert (half, end) == ("half", "end")
        # A mark fires with the audio period (20 ms) that contains it.
        assert 0.2 < t_half - start < 0.35
        assert 0.42 < t_end - start < 0.65
    finally:
        output.close()


def test_flush_drops_audio_marks_and_stale_writes():
    output, arrived = collect()
    try:
        old = output.generation
        output.write(TONE, old)
        output.mark("never", output.frames, old)
        new = output.flush()
        assert new != old
        assert output.queued_seconds == 0
        assert output.write(TONE, old) is False, "a write for a flushed stream is refused"
        assert output.mark("stale", 0, old) is False
        before = output.frames_out
        time.sleep(0.1)
        assert output.frames_out == before
        assert arrived.empty()
    finally:
        output.close()


def test_python_pacer_when_miniaudio_cannot_open(monkeypatch):
    def fail(self, miniaudio, backends, buffer_ms):
        raise RuntimeError("no backend")

    monkeypatch.setattr(AudioOutput, "_start_device", fail)
    output, arrived = collect("auto")
    try:
        assert output.backend == "paced-null" and output.is_silent
        assert output.notice and "no sound device" in output.notice
        start = time.perf_counter()
        output.write(TONE[: SAMPLE_RATE // 5 * 2], output.generation)  # 0.2 s
        output.mark("end", output.frames, output.generation)
        t_end, _ = arrived.get(timeout=3)
        assert 0.15 < t_end - start < 0.4, "the pacer runs at real-time pace"
    finally:
        output.close()


def test_device_mode_raises_instead_of_falling_back(monkeypatch):
    def fail(self, miniaudio, backends, buffer_ms):
        raise RuntimeError("no device")

    monkeypatch.setattr(AudioOutput, "_start_device", fail)
    with pytest.raises(audio.AudioUnavailable):
        AudioOutput(lambda payload: None, "device")
