"""The shipped glyph pack: GNU Unifont 16×16 bitmaps for Chinese, loaded lazily.

The pack (``unifont-subset.bin``, built by ``reader.bigtext.build_pack``) holds
about 19,000 glyphs: GB2312, Big5 (levels 1 and 2), the BMP characters of
HKSCS, the forms OpenCC converts those to, ASCII, Latin-1, pinyin letters and
the punctuation blocks. Its layout::

    b"TDGP"  u8 format version  u16 notice length  notice (UTF-8)  xz stream

The notice carries Unifont's copyright and licence (OFL-1.1) in readable text.
The xz stream holds ``u32 wide count, u32 narrow count``, the sorted code
points of the wide (16 px) glyphs, then of the narrow (8 px) ones, all
little-endian ``u32``, then 32 bytes per wide and 16 bytes per narrow bitmap
(rows top to bottom, most significant bit leftmost, as in ``unifont.hex``).

Nothing is read until the first lookup; a missing or damaged pack is logged
and behaves as an empty one, so text falls back to normal size.
"""

from __future__ import annotations

import logging
import lzma
import struct
import sys
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_log = logging.getLogger(__name__)

PACK_PATH = Path(__file__).with_name("unifont-subset.bin")
MAGIC = b"TDGP"
FORMAT_VERSION = 1
GLYPH_HEIGHT = 16
WIDE, NARROW = 16, 8
DEFAULT_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Glyph:
    """A 16-row bitmap ``width`` (8 or 16) pixels wide; bit ``width-1-x`` of a row is pixel x."""

    width: int
    rows: tuple[int, ...]

    @property
    def wide(self) -> bool:
        """True for a full-width (16 px) glyph."""
        return self.width == WIDE

    def pixel(self, x: int, y: int) -> bool:
        """Whether pixel ``(x, y)`` is ink."""
        return bool(self.rows[y] >> (self.width - 1 - x) & 1)

    def to_text(self, ink: str = "#", paper: str = ".") -> str:
        """The bitmap as lines of ``ink``/``paper`` characters (for tests and debugging)."""
        return "\n".join(
            "".join(ink if self.pixel(x, y) else paper for x in range(self.width))
            for y in range(len(self.rows))
        )

    @classmethod
    def from_hex(cls, digits: str) -> Glyph:
        """Parse a ``unifont.hex`` bitmap: 32 hex digits (8 px wide) or 64 (16 px wide)."""
        if len(digits) not in (32, 64):
            raise ValueError(f"a Unifont bitmap has 32 or 64 hex digits, not {len(digits)}")
        per_row = len(digits) // GLYPH_HEIGHT
        rows = tuple(int(digits[r * per_row : (r + 1) * per_row], 16) for r in range(GLYPH_HEIGHT))
        return cls(width=per_row * 4, rows=rows)

    def to_bytes(self) -> bytes:
        """The bitmap as stored in the pack (2 bytes a row when wide, 1 when narrow)."""
        size = self.width // 8
        return b"".join(row.to_bytes(size, "big") for row in self.rows)


def encode_pack(glyphs: dict[int, Glyph], notice: str) -> bytes:
    """The pack file's bytes for ``glyphs`` (code point → glyph) with ``notice`` in its header."""
    wide = sorted(cp for cp, g in glyphs.items() if g.wide)
    narrow = sorted(cp for cp, g in glyphs.items() if not g.wide)
    payload = bytearray(struct.pack("<II", len(wide), len(narrow)))
    payload += struct.pack(f"<{len(wide)}I", *wide)
    payload += struct.pack(f"<{len(narrow)}I", *narrow)
    for cp in wide + narrow:
        payload += glyphs[cp].to_bytes()
    note = notice.encode("utf-8")
    header = MAGIC + struct.pack("<BH", FORMAT_VERSION, len(note)) + note
    return header + lzma.compress(bytes(payload), preset=9 | lzma.PRESET_EXTREME)


class PackError(ValueError):
    """The pack file is not a glyph pack this version can read."""


class GlyphPack:
    """Bitmaps by character from a pack file, read on first use; thread-safe.

    Also keeps a bounded LRU cache of rendered glyphs (``rendered``), since
    the same few hundred characters are drawn again at every re-layout.
    """

    def __init__(self, path: Path | str = PACK_PATH, cache_size: int = DEFAULT_CACHE_SIZE):
        self.path = Path(path)
        self.load_error: str | None = None
        self._lock = threading.Lock()
        self._loaded = False
        self._notice = ""
        self._wide = array("I")
        self._narrow = array("I")
        self._data = b""
        self._narrow_base = 0
        self._rendered = lru_cache(maxsize=cache_size)(self._render)

    # ---------------------------------------------------------------- loading
    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            try:
                self._parse(self.path.read_bytes())
            except (OSError, PackError, lzma.LZMAError, struct.error) as exc:
                self.load_error = f"glyph pack {self.path}: {exc}"
                _log.error("large text falls back to normal size: %s", self.load_error)
            self._loaded = True

    def _parse(self, data: bytes) -> None:
        if data[:4] != MAGIC:
            raise PackError("not a glyph pack")
        version, note_len = struct.unpack_from("<BH", data, 4)
        if version != FORMAT_VERSION:
            raise PackError(f"format {version}, expected {FORMAT_VERSION}")
        start = 7 + note_len
        notice = data[7:start].decode("utf-8")
        raw = lzma.decompress(data[start:])
        n_wide, n_narrow = struct.unpack_from("<II", raw, 0)
        wide, narrow = array("I"), array("I")
        if wide.itemsize != 4:  # pragma: no cover - every CPython platform has 4-byte "I"
            raise PackError("unsupported platform: array('I') is not 4 bytes")
        pos = 8
        wide.frombytes(raw[pos : pos + 4 * n_wide])
        pos += 4 * n_wide
        narrow.frombytes(raw[pos : pos + 4 * n_narrow])
        pos += 4 * n_narrow
        if sys.byteorder == "big":  # pragma: no cover
            wide.byteswap()
            narrow.byteswap()
        if len(raw) != pos + 32 * n_wide + 16 * n_narrow:
            raise PackError("truncated")
        self._notice = notice
        self._wide, self._narrow = wide, narrow
        self._data = raw[pos:]
        self._narrow_base = 32 * n_wide

    # ---------------------------------------------------------------- lookup
    @property
    def notice(self) -> str:
        """The copyright and licence notice stored in the pack's header."""
        self._ensure_loaded()
        return self._notice

    def __len__(self) -> int:
        self._ensure_loaded()
        return len(self._wide) + len(self._narrow)

    def __contains__(self, ch: object) -> bool:
        return isinstance(ch, str) and len(ch) == 1 and self.glyph(ch) is not None

    def codepoints(self) -> Iterable[int]:
        """All code points in the pack, wide ones first, each group ascending."""
        self._ensure_loaded()
        yield from self._wide
        yield from self._narrow

    def glyph(self, ch: str) -> Glyph | None:
        """The bitmap of ``ch``, or None when the pack does not have it."""
        self._ensure_loaded()
        cp = ord(ch)
        i = _index(self._wide, cp)
        if i is not None:
            off = 32 * i
            d = self._data
            rows = tuple(d[off + 2 * r] << 8 | d[off + 2 * r + 1] for r in range(GLYPH_HEIGHT))
            return Glyph(WIDE, rows)
        i = _index(self._narrow, cp)
        if i is not None:
            off = self._narrow_base + 16 * i
            return Glyph(NARROW, tuple(self._data[off : off + 16]))
        return None

    # ---------------------------------------------------------------- rendering
    def rendered(self, ch: str, style: str, zoom: int, compressed: bool = False) -> tuple[str, ...]:
        """``ch`` drawn in ``style`` at ``zoom``: ``zoom`` strings of equal cell width.

        A character the pack lacks is drawn at normal size in the middle of
        its box (never left blank). ``compressed`` draws a full-width
        punctuation mark in half width (see ``render.compress``).
        """
        return self._rendered(ch, style, zoom, compressed)

    def _render(self, ch: str, style: str, zoom: int, compressed: bool) -> tuple[str, ...]:
        from reader.bigtext import render

        glyph = self.glyph(ch)
        if glyph is None:
            return render.fallback(ch, zoom)
        if compressed:
            glyph = render.compress(glyph)
        return render.render_glyph(glyph, style, zoom)

    def cache_info(self):
        """Hits, misses and size of the rendered-glyph cache (``functools`` CacheInfo)."""
        return self._rendered.cache_info()

    def clear_cache(self) -> None:
        """Forget every rendered glyph (benchmarks measure cold rendering with it)."""
        self._rendered.cache_clear()


def _index(codepoints: array, cp: int) -> int | None:
    i = bisect_left(codepoints, cp)
    if i < len(codepoints) and codepoints[i] == cp:
        return i
    return None


_default: GlyphPack | None = None
_default_lock = threading.Lock()


def default_pack() -> GlyphPack:
    """The shipped pack, shared by every widget (created on first call, loaded on first lookup)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = GlyphPack()
        return _default
