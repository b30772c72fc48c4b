"""The pyttsx3 native driver's parts that run everywhere: audio file reading and word timing."""

from __future__ import annotations

import array
import struct
import sys
import wave

import pytest

from voices.drivers import EngineUnavailable
from voices.drivers.native import (
    NativeDriver,
    estimate_word_frames,
    normalise_language,
    read_audio_file,
)

SAMPLES = [0, 1000, -1000, 32767, -32768, 12345]


def _extended(rate: int) -> bytes:
    """``rate`` as an 80-bit IEEE extended float (AIFF's COMM sample rate)."""
    exponent = rate.bit_length() - 1
    mantissa = rate << (63 - exponent)
    return struct.pack(">HQ", exponent + 16383, mantissa)


def write_aiff(path, samples, rate=22050, channels=1, compression: bytes | None = None):
    order = "<" if compression == b"sowt" else ">"
    data = struct.pack(f"{order}{len(samples)}h", *samples)
    frames = len(samples) // channels
    comm = struct.pack(">hIh", channels, frames, 16) + _extended(rate)
    if compression:
        comm += compression + b"\x04none"  # pascal string, padded to even length
        comm += b"\x00" if len(comm) % 2 else b""
    ssnd = struct.pack(">II", 0, 0) + data
    kind = b"AIFC" if compression else b"AIFF"
    body = kind + b"COMM" + struct.pack(">I", len(comm)) + comm
    body += b"SSND" + struct.pack(">I", len(ssnd)) + ssnd
    path.write_bytes(b"FORM" + struct.pack(">I", len(body)) + body)


def as_samples(pcm: bytes) -> list[int]:
    a = array.array("h")
    a.frombytes(pcm)
    if sys.byteorder == "big":
        a.byteswap()
    return list(a)


def test_reads_aiff_as_nsss_writes_it(tmp_path):
    path = tmp_path / "speech.aiff"
    write_aiff(path, SAMPLES, rate=22050)
    pcm, rate = read_audio_file(path)
    assert rate == 22050
    assert as_samples(pcm) == SAMPLES


def test_reads_aifc_little_endian_and_stereo(tmp_path):
    path = tmp_path / "speech.aifc"
    write_aiff(path, SAMPLES, rate=16000, compression=b"sowt")
    pcm, rate = read_audio_file(path)
    assert (as_samples(pcm), rate) == (SAMPLES, 16000)
    stereo = tmp_path / "stereo.aiff"
    write_aiff(stereo, [1, 2, 3, 4, 5, 6], rate=44100, channels=2)
    pcm, rate = read_audio_file(stereo)
    assert (as_samples(pcm), rate) == ([1, 3, 5], 44100)


def test_reads_wav_as_sapi_writes_it(tmp_path):
    path = tmp_path / "speech.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(array.array("h", SAMPLES).tobytes())
    pcm, rate = read_audio_file(path)
    assert (as_samples(pcm), rate) == (SAMPLES, 16000)


def test_rejects_compressed_aifc(tmp_path):
    path = tmp_path / "speech.aifc"
    write_aiff(path, SAMPLES, compression=b"ulaw")
    with pytest.raises(ValueError, match="compression"):
        read_audio_file(path)


def test_word_frames_follow_spoken_characters():
    text = "今天，OK好。"
    marks = estimate_word_frames(text, 6000)
    assert [i for i, _ in marks] == [0, 1, 3, 5]  # 今 天 OK 好; punctuation is not a word
    assert [f for _, f in marks] == [0, 1200, 2400, 4800]  # 6000 frames / 5 characters
    assert estimate_word_frames("。，", 100) == []


def test_language_tags():
    assert normalise_language("zh_CN") == "zh-CN"
    assert normalise_language("zh-hk") == "zh-HK"
    assert normalise_language("cmn") == "cmn"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="native voices exist here")
def test_native_engines_are_unavailable_here_without_ending_the_process():
    for engine in ("sapi5", "nsss"):
        with pytest.raises(EngineUnavailable):
            NativeDriver(engine)


def test_resampling_to_the_output_rate():
    from voices.audio import SAMPLE_RATE, convert_rate

    tone = array.array("h", [8000, -8000] * 8000).tobytes()  # 1 s at 16 kHz
    out = convert_rate(tone, 16000)
    assert abs(len(out) // 2 - SAMPLE_RATE) <= 2
    assert convert_rate(tone, SAMPLE_RATE) is tone
