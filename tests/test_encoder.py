"""voices.encoder: WAV, MP3 and OGG files with tags, decoded back by an independent decoder."""

from __future__ import annotations

import array
import math
import wave

import miniaudio
import pytest
import soundfile

from tests.speech_helpers import rms
from voices import encoder
from voices.audio import SAMPLE_RATE
from voices.encoder import (
    AudioFileWriter,
    Tags,
    UnsupportedFormat,
    WavTooLong,
    format_for,
    id3v2_tag,
)

TONE = array.array(
    "h", (int(8000 * math.sin(2 * math.pi * 440 * i / SAMPLE_RATE)) for i in range(SAMPLE_RATE))
).tobytes()
TAGS = Tags("第一章：一个很长很长的标题，远远超过三十个字节的那种", "李明", "春夏", 3)


def decode(path) -> tuple[bytes, float]:
    """PCM (mono 16-bit, 22 050 Hz) and duration, decoded by miniaudio (dr_wav, dr_mp3, stb_vorbis)."""
    sound = miniaudio.decode_file(
        str(path), miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=SAMPLE_RATE
    )
    return sound.samples.tobytes(), sound.num_frames / SAMPLE_RATE


def tags_of(path) -> dict[str, str]:
    """The tags libsndfile reads back (for MP3: mpg123's ID3v2 parser)."""
    with soundfile.SoundFile(str(path)) as f:
        return {k: v for k, v in f.copy_metadata().items() if v}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.wav", "wav"), ("a.MP3", "mp3"), ("书.ogg", "ogg"), ("a.b.oga", "ogg")],
)
def test_format_from_the_extension(name, expected):
    assert format_for(name) == expected


@pytest.mark.parametrize("name", ["a.flac", "a", "a.wav.txt", ".mp3x"])
def test_unknown_extensions_are_refused(name):
    with pytest.raises(UnsupportedFormat, match="use one of .wav, .mp3, .ogg"):
        format_for(name)


@pytest.mark.parametrize("ext", ["wav", "mp3", "ogg", "oga"])
def test_round_trip(tmp_path, ext):
    out = tmp_path / f"tone.{ext}"
    with AudioFileWriter(out, TAGS) as writer:
        for i in range(0, len(TONE) * 3, 1000):  # odd-sized pieces, as an engine delivers them
            writer.write((TONE * 3)[i : i + 1000])
        assert not out.exists(), "nothing appears before the file is complete"
    assert writer.seconds == pytest.approx(3.0)
    pcm, seconds = decode(out)
    assert seconds == pytest.approx(3.0, abs=0.01), "encoder delay and padding are trimmed"
    assert rms(pcm) == pytest.approx(rms(TONE * 3), rel=0.1)
    assert tags_of(out) == {
        "title": TAGS.title,
        "artist": "李明",
        "album": "春夏",
        "tracknumber": "3",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_mp3_tags_are_id3v2_3_in_utf16(tmp_path):
    out = tmp_path / "t.mp3"
    with AudioFileWriter(out, Tags("春天", track=1)) as writer:
        writer.write(TONE)
    data = out.read_bytes()
    assert data.startswith(b"ID3\x03\x00")
    assert b"TIT2" in data and "春天".encode("utf-16-le") in data
    assert "春天".encode() not in data, "no raw UTF-8 frames for players to show as mojibake"
    assert id3v2_tag(Tags()) == b""


def test_wav_is_plain_pcm_that_the_standard_library_reads(tmp_path):
    out = tmp_path / "t.wav"
    with AudioFileWriter(out, Tags("春天")) as writer:
        writer.write(TONE)
    assert out.read_bytes()[:4] == b"RIFF"
    with wave.open(str(out)) as w:  # format tag 1: no WAVE_FORMAT_EXTENSIBLE, no RF64
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SAMPLE_RATE)
        assert w.getnframes() == SAMPLE_RATE
        assert w.readframes(SAMPLE_RATE) == TONE
    with soundfile.SoundFile(str(out)) as f:
        assert f.title == "春天"


def test_a_wav_longer_than_its_32_bit_sizes_is_refused_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(encoder, "MAX_WAV_DATA_BYTES", len(TONE) * 2)
    out = tmp_path / "t.wav"
    with pytest.raises(WavTooLong, match="--split"), AudioFileWriter(out) as writer:
        writer.write(TONE)
        writer.write(TONE)
        writer.write(TONE)
    assert list(tmp_path.iterdir()) == []


def test_an_error_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "t.ogg"
    out.write_bytes(b"previous export")
    with pytest.raises(KeyboardInterrupt), AudioFileWriter(out) as writer:
        writer.write(TONE * 2)
        raise KeyboardInterrupt
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.ogg"]


def test_encoder_failure_is_an_oserror_and_leaves_nothing(tmp_path, monkeypatch):
    def broken(self, data, dtype):
        raise soundfile.SoundFileRuntimeError("simulated encoder failure")

    monkeypatch.setattr(soundfile.SoundFile, "buffer_write", broken)
    out = tmp_path / "t.mp3"
    with pytest.raises(OSError, match="MP3 encoder failed: simulated"):
        with AudioFileWriter(out) as writer:
            writer.write(TONE * 2)
    assert list(tmp_path.iterdir()) == []
