"""Bitmaps to terminal cells: half blocks, quadrants and sextants, with area resampling.

At zoom ``z`` a full-width character fills ``2z`` columns × ``z`` rows
(a square on a terminal whose cells are twice as tall as wide) and a
half-width one ``z`` × ``z``. Each cell shows a small grid of sub-pixels:

=======  ==========  ===================================  ======================
style    cell grid   characters                           full-width glyph at z
=======  ==========  ===================================  ======================
half     1 × 2       `` ▀▄█`` (crisp in every terminal)   2z × 2z (native at 8)
quad     2 × 2       quadrants ``▘▝▖▗▚▞▙▛▜▟``              4z × 2z
sext     2 × 3       sextants U+1FB00–1FB3B               4z × 3z
=======  ==========  ===================================  ======================

The 16×16 bitmap is resampled to that grid by area coverage: a sub-pixel is
ink when at least a third of it is covered. Nearest-neighbour sampling drops
one-pixel strokes when shrinking (both bars of 市 vanish at 16 → 12 rows);
coverage keeps them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from reader.bigtext.glyphpack import GLYPH_HEIGHT, NARROW, Glyph

STYLES = ("half", "quad", "sext")
ZOOM_LEVELS = (4, 5, 6, 7, 8)
SUBPIXELS = {"half": (1, 2), "quad": (2, 2), "sext": (2, 3)}

_HALF = " ▀▄█"  # index: top | bottom << 1
_QUAD = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"  # index: tl | tr << 1 | bl << 2 | br << 3


def _sextant(n: int) -> str:
    """The character for sextant bits ``n`` (tl, tr, ml, mr, bl, br = bits 0..5).

    U+1FB00.. enumerates the 60 patterns that are not blank, full, or the
    left/right halves (which are ▌ and ▐).
    """
    special = {0: " ", 21: "▌", 42: "▐", 63: "█"}
    if n in special:
        return special[n]
    return chr(0x1FB00 + n - 1 - (n > 21) - (n > 42))


_SEXT = tuple(_sextant(n) for n in range(64))


def cell_units(ch: str) -> int:
    """Width of ``ch`` in half-character units: 2 wide, 1 narrow, 0 for marks and controls."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def glyph_units(glyph: Glyph) -> int:
    """Width of a bitmap in half-character units (1 for 8 px, 2 for 16 px)."""
    return 1 if glyph.width == NARROW else 2


@lru_cache(maxsize=64)
def _weights(src: int, dst: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """For each destination pixel, ``(source pixel, overlap)`` pairs.

    Positions are scaled by ``src * dst`` so overlaps are integers; a
    destination pixel's whole area is ``src`` in these units.
    """
    out = []
    for d in range(dst):
        lo, hi = d * src, (d + 1) * src
        pairs = []
        for s in range(lo // dst, min(src, -(-hi // dst))):
            overlap = min(hi, (s + 1) * dst) - max(lo, s * dst)
            if overlap > 0:
                pairs.append((s, overlap))
        out.append(tuple(pairs))
    return tuple(out)


def resample(
    rows: tuple[int, ...] | list[int], src_w: int, src_h: int, dst_w: int, dst_h: int
) -> list[int]:
    """Scale a bitmap (rows of ``src_w``-bit ints, MSB leftmost) to ``dst_w`` × ``dst_h``.

    A destination pixel is ink when ink covers at least a third of its area.
    """
    wx, wy = _weights(src_w, dst_w), _weights(src_h, dst_h)
    # Horizontal pass: ink overlap of each source row with each destination column.
    across = []
    for row in rows:
        if row == 0:
            across.append(None)
            continue
        bits = [row >> (src_w - 1 - s) & 1 for s in range(src_w)]
        across.append([sum(ov for s, ov in pairs if bits[s]) for pairs in wx])
    need = src_w * src_h  # 3 * covered >= area, area = src_w * src_h in scaled units
    out = []
    for pairs in wy:
        value = 0
        for x in range(dst_w):
            covered = 0
            for sy, ov in pairs:
                h = across[sy]
                if h is not None:
                    covered += ov * h[x]
            value = value << 1 | (3 * covered >= need)
        out.append(value)
    return out


def encode(rows: list[int], width: int, style: str) -> tuple[str, ...]:
    """Turn a bitmap of ``width`` sub-pixels (rows as ints) into cell strings in ``style``."""
    sx, sy = SUBPIXELS[style]
    cols = width // sx
    lines = []
    for top in range(0, len(rows), sy):
        band = rows[top : top + sy]
        chars = []
        for c in range(cols):
            shift = width - sx * (c + 1)  # bits of this cell's sub-pixel columns
            if style == "half":
                chars.append(_HALF[(band[0] >> shift & 1) | (band[1] >> shift & 1) << 1])
                continue
            n = 0
            for r, row in enumerate(band):
                pair = row >> shift & 3  # left sub-pixel is the higher bit
                n |= ((pair >> 1) | (pair & 1) << 1) << (2 * r)
            chars.append((_QUAD if style == "quad" else _SEXT)[n])
        lines.append("".join(chars))
    return tuple(lines)


def render_glyph(glyph: Glyph, style: str, zoom: int) -> tuple[str, ...]:
    """``glyph`` at ``zoom`` in ``style``: ``zoom`` strings, each ``units × zoom`` cells wide."""
    if style not in SUBPIXELS:
        raise ValueError(f"unknown style {style!r}; expected one of {STYLES}")
    sx, sy = SUBPIXELS[style]
    cols = glyph_units(glyph) * zoom
    w, h = cols * sx, zoom * sy
    return encode(resample(glyph.rows, glyph.width, GLYPH_HEIGHT, w, h), w, style)


def compress(glyph: Glyph) -> Glyph:
    """A full-width punctuation mark squeezed to half width: the half that holds its ink.

    Chinese typesetting compresses ，。、）」 and the like this way when a
    line would otherwise overflow (clreq: punctuation compression). The
    8 columns around the ink are kept. A glyph whose ink is wider than 8
    columns, or a half-width one, is returned unchanged.
    """
    if glyph.width == NARROW:
        return glyph
    ink = 0
    for row in glyph.rows:
        ink |= row
    if not ink:
        return glyph
    first = 15 - ink.bit_length() + 1  # leftmost ink column
    last = 15 - (ink & -ink).bit_length() + 1  # rightmost ink column
    extent = last - first + 1
    if extent > NARROW:
        return glyph
    start = min(max(first - (NARROW - extent) // 2, 0), 16 - NARROW)
    shift = 16 - NARROW - start
    return Glyph(NARROW, tuple(row >> shift & 0xFF for row in glyph.rows))


def can_compress(glyph: Glyph | None) -> bool:
    """Whether ``compress`` would narrow this glyph (full width, ink in one half only)."""
    return glyph is not None and compress(glyph) is not glyph


def fallback(ch: str, zoom: int) -> tuple[str, ...]:
    """``ch`` at normal size in the middle of its magnified box (for characters not in the pack)."""
    units = cell_units(ch)
    cols = max(1, units) * zoom
    blank = " " * cols
    left = (cols - max(1, units)) // 2
    middle = " " * left + ch + " " * (cols - left - max(1, units))
    rows = [blank] * zoom
    rows[(zoom - 1) // 2] = middle
    return tuple(rows)
