"""The platform's own voices through pyttsx3: SAPI 5 on Windows, NSSpeechSynthesizer on macOS.

pyttsx3 is used only to *render* one chunk (a sentence or clause) to a
file: ``save_to_file`` + ``runAndWait``. Playback, stopping and progress
are ours, so stop is as instant as with espeak and the highlight follows
playback. SAPI writes WAV, NSSS writes AIFF (read here without the
``aifc`` module, which Python 3.13 removed); both are resampled to the
output rate. File rendering gives no word timings, so words are placed
in proportion to the spoken characters before them, which for Chinese
(about one syllable per character) is close.

The pyttsx3 engine is created on the thread that uses it (COM requires
it) and its stray ``print`` output is swallowed. pyttsx3's Linux espeak
driver is never used (see DESIGN.md, Speech).
"""

from __future__ import annotations

import array
import contextlib
import io
import os
import struct
import sys
import tempfile
import wave

from voices.audio import SAMPLE_RATE, convert_rate
from voices.drivers import (
    AbortCheck,
    AudioCallback,
    EngineUnavailable,
    VoiceInfo,
    VoiceSettings,
    WordCallback,
)

_PLATFORMS = {"sapi5": "win32", "nsss": "darwin"}
_STREAM_PIECE_FRAMES = SAMPLE_RATE // 10  # hand audio on in 100 ms pieces, checking for abort


class NativeDriver:
    """A pyttsx3 native driver (``sapi5`` or ``nsss``) rendering chunk by chunk to a file."""

    def __init__(self, engine: str) -> None:
        if _PLATFORMS.get(engine) != sys.platform:
            raise EngineUnavailable(f"{engine} is not available on {sys.platform}")
        try:
            from pyttsx3.engine import Engine

            with _quiet():
                # A private engine, not pyttsx3.init()'s shared one: COM objects
                # belong to the thread that created them.
                self._tts = Engine(engine)
        except Exception as exc:  # ImportError, COM or Objective-C bridge errors
            raise EngineUnavailable(f"{engine} could not start ({exc})") from exc
        self.engine = engine
        self.sample_rate = SAMPLE_RATE
        self._applied: VoiceSettings | None = None
        self._suffix = ".aiff" if engine == "nsss" else ".wav"

    def list_voices(self) -> list[VoiceInfo]:
        """The platform's installed voices."""
        with _quiet():
            voices = self._tts.getProperty("voices")
        return [
            VoiceInfo(
                id=f"{self.engine}:{v.id}",
                name=str(v.name or v.id),
                language=normalise_language(v.languages[0] if v.languages else ""),
                engine=self.engine,
                gender=str(v.gender).lower() if v.gender else None,
            )
            for v in voices
        ]

    def synthesize(
        self,
        text: str,
        settings: VoiceSettings,
        on_audio: AudioCallback,
        on_word: WordCallback,
        should_abort: AbortCheck,
    ) -> bool:
        """Render ``text`` to a temporary file, then stream it on with estimated word timings."""
        if not text.strip():
            return not should_abort()
        self._apply(settings)
        fd, name = tempfile.mkstemp(prefix="reader-tts-", suffix=self._suffix)
        os.close(fd)
        try:
            with _quiet():
                self._tts.save_to_file(text, name)
                self._tts.runAndWait()
            if should_abort():
                return False
            pcm, rate = read_audio_file(name)
        finally:
            with contextlib.suppress(OSError):
                os.remove(name)
        pcm = convert_rate(pcm, rate, self.sample_rate)
        for index, frame in estimate_word_frames(text, len(pcm) // 2):
            on_word(index, frame)
        step = _STREAM_PIECE_FRAMES * 2
        for start in range(0, len(pcm), step):
            if should_abort():
                return False
            on_audio(pcm[start : start + step])
        return not should_abort()

    def _apply(self, settings: VoiceSettings) -> None:
        applied = self._applied
        with _quiet():
            if settings.voice and (applied is None or applied.voice != settings.voice):
                self._tts.setProperty("voice", settings.voice)
            if applied is None or applied.rate != settings.rate:
                self._tts.setProperty("rate", settings.rate)
            if applied is None or applied.volume != settings.volume:
                self._tts.setProperty("volume", max(0, min(100, settings.volume)) / 100)
        self._applied = settings

    def close(self) -> None:
        """Stop the pyttsx3 engine."""
        with contextlib.suppress(Exception), _quiet():
            self._tts.stop()

    def abandon(self) -> None:
        """Nothing shared to mark: the next driver creates its own pyttsx3 engine."""


@contextlib.contextmanager
def _quiet():
    """Swallow pyttsx3's ``print`` output (it would corrupt the terminal UI)."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def normalise_language(tag: str) -> str:
    """``zh_CN`` / ``zh-cn`` → ``zh-CN``; other forms are kept."""
    tag = str(tag).replace("_", "-")
    language, sep, region = tag.partition("-")
    return f"{language.lower()}-{region.upper()}" if sep and len(region) == 2 else tag


def estimate_word_frames(text: str, frames: int) -> list[tuple[int, int]]:
    """Word starts ``(index, frame)`` spread over ``frames`` in proportion to spoken characters.

    Every CJK character counts as a word (a syllable), a run of Latin
    letters or digits as one word weighted by its length.
    """
    spoken = [i for i, ch in enumerate(text) if ch.isalnum()]
    if not spoken or frames <= 0:
        return []
    marks = []
    for k, index in enumerate(spoken):
        previous = text[index - 1] if index else ""
        if previous.isalnum() and previous.isascii() and text[index].isascii():
            continue  # inside a Latin word
        marks.append((index, frames * k // len(spoken)))
    return marks


def read_audio_file(path: str | os.PathLike) -> tuple[bytes, int]:
    """Mono 16-bit little-endian PCM and its sample rate from a WAV or AIFF/AIFC file."""
    with open(path, "rb") as f:
        head = f.read(12)
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return _read_aiff(path)
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit samples, got {8 * w.getsampwidth()}-bit")
        pcm = w.readframes(w.getnframes())
        return _first_channel(pcm, w.getnchannels(), swap=False), w.getframerate()


def _read_aiff(path: str | os.PathLike) -> tuple[bytes, int]:
    with open(path, "rb") as f:
        data = f.read()
    kind = data[8:12]
    channels, bits, rate, sound, little_endian = 1, 16, 0, b"", False
    pos = 12
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        size = struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        body = data[pos + 8 : pos + 8 + size]
        if chunk_id == b"COMM":
            channels, _frames, bits = struct.unpack(">hIh", body[:8])
            rate = round(_extended_float(body[8:18]))
            if kind == b"AIFC" and len(body) >= 22:
                compression = body[18:22]
                if compression not in (b"NONE", b"sowt"):
                    raise ValueError(f"{path}: unsupported AIFC compression {compression!r}")
                little_endian = compression == b"sowt"
        elif chunk_id == b"SSND":
            offset = struct.unpack(">I", body[:4])[0]
            sound = body[8 + offset :]
        pos += 8 + size + (size & 1)
    if bits != 16 or rate <= 0:
        raise ValueError(f"{path}: unsupported AIFF ({bits}-bit, {rate} Hz)")
    return _first_channel(sound, channels, swap=not little_endian), rate


def _extended_float(raw: bytes) -> float:
    """An 80-bit IEEE 754 extended float (AIFF's sample rate)."""
    exponent, mantissa = struct.unpack(">HQ", raw)
    sign = -1 if exponent & 0x8000 else 1
    exponent &= 0x7FFF
    if exponent == 0 and mantissa == 0:
        return 0.0
    return sign * mantissa * 2.0 ** (exponent - 16383 - 63)


def _first_channel(pcm: bytes, channels: int, swap: bool) -> bytes:
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    if swap != (sys.byteorder == "big"):
        samples.byteswap()
    if channels > 1:
        samples = samples[::channels]  # speech voices are mono; take the first channel
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()
