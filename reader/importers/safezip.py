"""Reading members of an untrusted ZIP archive (an EPUB) in memory, within limits.

Nothing is ever extracted to disk. The archive is refused as a whole if it
has too many members, a member name that is absolute or climbs out with
``..``, or declared sizes beyond the limits; each member read is refused if
it is encrypted, larger than the per-member limit, compressed more than a
text file can be (a zip bomb), or would take the total read past its limit.
The declared size is also enforced while decompressing, so a header that
lies about it cannot make us inflate more.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from reader.errors import UnreadableFileError

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_DECLARED_BYTES = 1024 * 1024 * 1024
MAX_TOTAL_READ_BYTES = 256 * 1024 * 1024
# Ratio of uncompressed to compressed size above which a member is a bomb
# (XHTML compresses 3–10×, rarely past 30×); checked for members over 1 MB.
MAX_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024

_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError)


def is_unsafe_name(name: str) -> bool:
    """True for member names that are absolute, have a drive, or climb out with ``..``."""
    if not name or "\x00" in name:
        return True
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        return True
    return ".." in normalized.split("/")


class SafeZip:
    """An in-memory ZIP archive whose members are read with size and safety limits."""

    def __init__(self, data: bytes, label: str) -> None:
        self.label = label
        self._read_total = 0
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, *_READ_ERRORS) as exc:
            raise UnreadableFileError(f"{label}: damaged or not a ZIP archive ({exc})") from exc
        if len(infos) > MAX_MEMBERS:
            raise UnreadableFileError(f"{label}: too many files inside ({len(infos)})")
        for info in infos:
            if is_unsafe_name(info.filename):
                raise UnreadableFileError(
                    f"{label}: unsafe file name inside ({info.filename!r}); refusing to read it"
                )
        declared = sum(info.file_size for info in infos)
        if declared > MAX_TOTAL_DECLARED_BYTES:
            raise UnreadableFileError(
                f"{label}: unpacks to {declared // (1024 * 1024)} MB, too large to be a book"
            )
        self._infos = {info.filename: info for info in infos}

    def names(self) -> list[str]:
        """Member names, in archive order."""
        return list(self._infos)

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """The bytes of member ``name``; raises UnreadableFileError on any limit or damage."""
        info = self._infos.get(name)
        if info is None:
            raise UnreadableFileError(f"{self.label}: {name} is missing")
        if info.flag_bits & 0x1:
            raise UnreadableFileError(f"{self.label}: {name} is password-protected")
        size = info.file_size
        if size > MAX_MEMBER_BYTES:
            raise UnreadableFileError(
                f"{self.label}: {name} is too large ({size // (1024 * 1024)} MB)"
            )
        if size >= RATIO_CHECK_FROM_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableFileError(
                f"{self.label}: {name} is compressed {size // max(info.compress_size, 1)}:1, "
                "a zip bomb; refusing to read it"
            )
        if self._read_total + size > MAX_TOTAL_READ_BYTES:
            raise UnreadableFileError(f"{self.label}: too much text to unpack")
        try:
            with self._zip.open(info) as member:
                data = member.read(size + 1)
        except _READ_ERRORS as exc:
            raise UnreadableFileError(f"{self.label}: damaged ({name}: {exc})") from exc
        if len(data) > size:
            raise UnreadableFileError(f"{self.label}: {name} is larger than it claims")
        self._read_total += len(data)
        return data
