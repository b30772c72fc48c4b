"""Sound files out: WAV, MP3 or OGG Vorbis with tags, encoded as the speech is made.

``AudioFileWriter`` is a render target (``frames``, ``write(pcm)``,
``mark``) that encodes mono 16-bit PCM into the format its file name asks
for (``format_for``): ``.wav``, ``.mp3``, ``.ogg``/``.oga``. The encoders
are libsndfile's (LAME for MP3, libvorbis for OGG), which the
``soundfile`` wheels bundle on Linux, Windows and macOS: no system tools.
PCM is handed to the encoder in pieces of about a second, so a book of any
length is never held in memory.

The file is written under a temporary name in the destination directory
(``.NAME.XXXXXXXX.part``) and moved into place only when complete; on an
error or Ctrl+C the temporary file is removed, so no partial file is ever
left behind.

Tags: title, artist, album and track number. WAV carries them in its INFO
chunk and OGG as Vorbis comments (both UTF-8). For MP3 an ID3v2.3 tag in
UTF-16 is written here, ahead of LAME's stream: libsndfile's own MP3 tags
are Latin-1 frames holding UTF-8 bytes, which every player shows as
mojibake for Chinese. WAV is plain PCM WAV (format tag 1, what every
player and Python's ``wave`` module read); its 32-bit sizes stop at 4 GiB
(about 27 hours of speech), so a longer WAV is refused with a clear error
that suggests ``--split`` or MP3/OGG.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path

from voices.audio import SAMPLE_RATE, SAMPLE_WIDTH

FORMATS = {".wav": "wav", ".mp3": "mp3", ".ogg": "ogg", ".oga": "ogg"}
"""File-name extensions and the formats they ask for."""

# libsndfile's major format, subtype and settings for each of ours. MP3: LAME's
# variable bit rate at level 0.6 gives about 60 kbit/s for this mono 22 kHz
# speech, encoded ~145x faster than real time (CBR, the default: 83 kbit/s,
# ~140x); OGG Vorbis at its default quality gives about 60 kbit/s, ~420x.
_SOUNDFILE_FORMATS = {
    "wav": ("WAV", "PCM_16", {}),
    "mp3": ("MP3", "MPEG_LAYER_III", {"compression_level": 0.6, "bitrate_mode": "VARIABLE"}),
    "ogg": ("OGG", "VORBIS", {}),
}
# A WAV's RIFF sizes are 32-bit; keep clear of the limit (header and INFO tags included).
MAX_WAV_DATA_BYTES = 0xFFFFFFFF - 64 * 1024
_BATCH_BYTES = SAMPLE_RATE * SAMPLE_WIDTH  # about one second of PCM per encoder call


class WavTooLong(OSError):
    """More audio than a WAV file's 32-bit sizes can hold."""


class UnsupportedFormat(ValueError):
    """A file name whose extension names no format this writer encodes."""


def format_for(path: str | os.PathLike) -> str:
    """``"wav"``, ``"mp3"`` or ``"ogg"`` from the extension of ``path``."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        what = f"extension {suffix!r}" if suffix else "no extension"
        raise UnsupportedFormat(f"{Path(path).name}: {what}; use one of {known}")
    return FORMATS[suffix]


@dataclass(frozen=True)
class Tags:
    """What a player shows for a file: title, artist (the author), album and track number."""

    title: str = ""
    artist: str = ""
    album: str = ""
    track: int | None = None

    def strings(self) -> dict[str, str]:
        """The non-empty tags by libsndfile's names (title, artist, album, tracknumber)."""
        found = {"title": self.title, "artist": self.artist, "album": self.album}
        if self.track is not None:
            found["tracknumber"] = str(self.track)
        return {key: value for key, value in found.items() if value}


def id3v2_tag(tags: Tags) -> bytes:
    """An ID3v2.3 tag with UTF-16 text frames (TIT2, TPE1, TALB, TRCK); b"" when empty.

    Version 2.3 is the one every player reads (Windows Explorer and many
    car and portable players do not read 2.4).
    """
    frame_ids = {"title": b"TIT2", "artist": b"TPE1", "album": b"TALB", "tracknumber": b"TRCK"}
    frames = b""
    for key, value in tags.strings().items():
        text = b"\x01" + value.encode("utf-16")  # 1 = UTF-16 with byte-order mark
        frames += frame_ids[key] + struct.pack(">IH", len(text), 0) + text
    if not frames:
        return b""
    size = len(frames)
    syncsafe = bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x03\x00\x00" + syncsafe + frames


class _OffsetFile:
    """The part of a file after ``offset``, as libsndfile sees it; keeps the first OS error.

    libsndfile calls these methods from C, where an exception would be
    printed and lost: an OSError is stored in ``error`` (re-raised by the
    writer) and libsndfile is told the call failed. The file is
    unbuffered, so a full disk shows up at the write that hits it.
    """

    def __init__(self, file, offset: int) -> None:
        self.file = file
        self.offset = offset
        self.error: OSError | None = None

    def seek(self, position: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            position += self.offset
        try:
            return self.file.seek(position, whence) - self.offset
        except OSError as exc:
            self.error = self.error or exc
            return -1

    def tell(self) -> int:
        try:
            return self.file.tell() - self.offset
        except OSError as exc:
            self.error = self.error or exc
            return -1

    def read(self, size: int = -1) -> bytes:
        try:
            return self.file.read(size)
        except OSError as exc:
            self.error = self.error or exc
            return b""

    def write(self, data) -> int:
        if self.error is not None:
            return 0
        view = memoryview(data)
        done = 0
        try:
            while done < len(view):
                done += self.file.write(view[done:])
        except OSError as exc:
            self.error = exc
        return done


class AudioFileWriter:
    """An audio file written while speech is rendered, moved into place only when complete.

    Use as a context manager: the file appears at ``path`` only if the
    block completes; on an error or Ctrl+C the temporary file is removed.
    Encoder and disk errors are raised as ``OSError``. The format comes
    from the extension of ``path`` (``format_for``). Marks are ignored.
    """

    def __init__(
        self, path: str | os.PathLike, tags: Tags | None = None, sample_rate: int = SAMPLE_RATE
    ) -> None:
        self.path = Path(path)
        self.format = format_for(self.path)
        self.tags = tags or Tags()
        self.sample_rate = sample_rate
        self.temp_path = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.part")
        self._frames = 0
        self._pending = bytearray()
        self._file = None
        self._io: _OffsetFile | None = None
        self._sound = None

    def __enter__(self) -> AudioFileWriter:
        import soundfile

        # Not mkstemp: its 0600 mode would stick to the finished file; this honours the umask.
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(self.temp_path, flags, 0o666)
        try:
            self._file = os.fdopen(fd, "w+b", buffering=0)
            header = id3v2_tag(self.tags) if self.format == "mp3" else b""
            self._file.write(header)
            self._io = _OffsetFile(self._file, len(header))
            major, subtype, settings = _SOUNDFILE_FORMATS[self.format]
            with self._encoder_errors():
                self._sound = soundfile.SoundFile(
                    self._io, "w", self.sample_rate, 1, subtype, format=major, **settings
                )
                if self.format != "mp3":
                    for key, value in self.tags.strings().items():
                        setattr(self._sound, key, value)
        except BaseException:
            self._discard()
            raise
        return self

    @property
    def frames(self) -> int:
        """Frames written so far."""
        return self._frames

    @property
    def seconds(self) -> float:
        """Seconds of audio written so far."""
        return self._frames / self.sample_rate

    def write(self, pcm: bytes) -> None:
        """Append mono 16-bit PCM (encoded about a second at a time)."""
        if self.format == "wav" and (self._frames * SAMPLE_WIDTH + len(pcm)) > MAX_WAV_DATA_BYTES:
            raise WavTooLong(
                f"{self.path.name}: a WAV file holds at most about 27 hours of speech; "
                "use --split, or .mp3 or .ogg"
            )
        self._pending += pcm
        self._frames += len(pcm) // SAMPLE_WIDTH
        if len(self._pending) >= _BATCH_BYTES:
            self._encode_pending()

    def mark(self, payload: object, frame: int) -> None:
        """Marks have no place in a sound file: ignored."""

    def _encode_pending(self) -> None:
        usable = len(self._pending) // SAMPLE_WIDTH * SAMPLE_WIDTH
        if not usable:
            return
        with self._encoder_errors():
            self._sound.buffer_write(bytes(self._pending[:usable]), dtype="int16")
        del self._pending[:usable]

    @contextlib.contextmanager
    def _encoder_errors(self):
        """Raise libsndfile failures as OSError, with the disk error behind them if there is one.

        A failed write is not always reported by the encoder (LAME's output
        is not checked), so the disk error is looked at after every call.
        """
        try:
            yield
        except OSError:
            raise
        except Exception as exc:
            if self._io is not None and self._io.error is not None:
                raise self._io.error from exc
            raise OSError(f"{self.format.upper()} encoder failed: {exc}") from exc
        if self._io is not None and self._io.error is not None:
            raise self._io.error

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self._discard()
            return
        try:
            self._encode_pending()
            with self._encoder_errors():
                self._sound.close()
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self.temp_path, self.path)
        except BaseException:
            self._discard()
            raise

    def _discard(self) -> None:
        """Close quietly and remove the temporary file."""
        if self._sound is not None and not self._sound.closed:
            with contextlib.suppress(Exception):  # the file is being thrown away
                self._sound.close()
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        with contextlib.suppress(FileNotFoundError):
            self.temp_path.unlink()
