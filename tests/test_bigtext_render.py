"""Bitmap → terminal cells: the block characters, resampling that keeps thin strokes, fallbacks."""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len

from reader.bigtext import render
from reader.bigtext.glyphpack import Glyph, default_pack
from reader.bigtext.render import STYLES, SUBPIXELS, ZOOM_LEVELS, render_glyph

SAMPLE = "市龍警一。，（A g"

# Sub-pixel positions by Unicode character name words.
_QUADRANT_NAMES = {"UPPER LEFT": 0, "UPPER RIGHT": 1, "LOWER LEFT": 2, "LOWER RIGHT": 3}


def _cell_bits(ch: str, style: str) -> list[int]:
    """Ink sub-pixels of one cell, read from the character's Unicode name (independent of render)."""
    sx, sy = SUBPIXELS[style]
    n = sx * sy
    if ch == " ":
        return [0] * n
    if ch == "█":
        return [1] * n
    if style == "half":
        return {"▀": [1, 0], "▄": [0, 1]}[ch]
    if ch in "▀▄":  # quadrant style only: the top or bottom row of the 2×2 cell
        return [1, 1, 0, 0] if ch == "▀" else [0, 0, 1, 1]
    if ch in "▌▐":
        left = [1 - i % 2 for i in range(n)]
        return left if ch == "▌" else [1 - b for b in left]
    name = unicodedata.name(ch)
    if name.startswith("QUADRANT "):
        bits = [0, 0, 0, 0]
        rest = name.removeprefix("QUADRANT ")
        for part in rest.split(" AND "):
            bits[_QUADRANT_NAMES[part]] = 1
        return bits
    assert name.startswith("BLOCK SEXTANT-"), name
    digits = name.removeprefix("BLOCK SEXTANT-")
    return [1 if str(i + 1) in digits else 0 for i in range(6)]


def decode(rows: tuple[str, ...], style: str) -> list[list[int]]:
    """Cells back to a sub-pixel bitmap (rows of 0/1)."""
    sx, sy = SUBPIXELS[style]
    out = [[0] * (len(rows[0]) * sx) for _ in range(len(rows) * sy)]
    for cy, row in enumerate(rows):
        for cx, ch in enumerate(row):
            bits = _cell_bits(ch, style)
            for i, bit in enumerate(bits):
                out[cy * sy + i // sx][cx * sx + i % sx] = bit
    return out


def bitmap(glyph: Glyph) -> list[list[int]]:
    return [[int(glyph.pixel(x, y)) for x in range(glyph.width)] for y in range(16)]


def test_block_characters_are_the_right_ones():
    sext = {render._sextant(n) for n in range(64)}
    assert len(sext) == 64
    for n in range(64):
        ch = render._sextant(n)
        assert _cell_bits(ch, "sext") == [n >> i & 1 for i in range(6)], (n, ch)
    for n, ch in enumerate(render._QUAD):
        assert _cell_bits(ch, "quad") == [n >> i & 1 for i in range(4)], (n, ch)


@pytest.mark.parametrize("ch", list("市龍。A"))
def test_native_zoom_reproduces_the_bitmap_exactly(ch):
    glyph = default_pack().glyph(ch)
    # half at zoom 8: one pixel per sub-pixel.
    assert decode(render_glyph(glyph, "half", 8), "half") == bitmap(glyph)
    # quad at zoom 8: every pixel twice across, once down.
    doubled = [[p for p in row for _ in range(2)] for row in bitmap(glyph)]
    assert decode(render_glyph(glyph, "quad", 8), "quad") == doubled


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("zoom", ZOOM_LEVELS)
def test_rows_have_the_box_width_in_terminal_cells(style, zoom):
    pack = default_pack()
    for ch in SAMPLE:
        glyph = pack.glyph(ch)
        rows = render_glyph(glyph, style, zoom)
        units = 2 if glyph.wide else 1
        assert len(rows) == zoom
        assert {cell_len(row) for row in rows} == {units * zoom}, (ch, style, zoom)


def _bars(pixels: list[list[int]], min_fraction: float) -> list[int]:
    """Rows holding a horizontal run at least ``min_fraction`` of the width long."""
    width = len(pixels[0])
    found = []
    for y, row in enumerate(pixels):
        run = best = 0
        for p in row:
            run = run + 1 if p else 0
            best = max(best, run)
        if best >= min_fraction * width:
            found.append(y)
    return found


def _separate_bars(rows: list[int]) -> int:
    """Number of groups of consecutive bar rows."""
    return sum(1 for i, y in enumerate(rows) if i == 0 or rows[i - 1] != y - 1)


def nearest_neighbour(glyph: Glyph, w: int, h: int) -> list[int]:
    rows = []
    for y in range(h):
        src = glyph.rows[y * 16 // h]
        value = 0
        for x in range(w):
            value = value << 1 | (src >> (glyph.width - 1 - x * glyph.width // w) & 1)
        rows.append(value)
    return rows


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("zoom", ZOOM_LEVELS)
def test_thin_strokes_survive_scaling(style, zoom):
    """市 has one-pixel bars at rows 3 and 7 (and the box top at 7): all scales keep two bars."""
    glyph = default_pack().glyph("市")
    assert _separate_bars(_bars(bitmap(glyph), 0.6)) == 2
    pixels = decode(render_glyph(glyph, style, zoom), style)
    assert _separate_bars(_bars(pixels, 0.6)) == 2, "\n".join(render_glyph(glyph, style, zoom))


def test_nearest_neighbour_would_drop_the_bars():
    """The check above is meaningful: plain sampling at 16 → 12 rows loses both bars of 市."""
    glyph = default_pack().glyph("市")
    sx, sy = SUBPIXELS["sext"]
    w, h = 2 * 4 * sx, 4 * sy
    rows = nearest_neighbour(glyph, w, h)
    pixels = [[row >> (w - 1 - x) & 1 for x in range(w)] for row in rows]
    assert _separate_bars(_bars(pixels, 0.6)) < 2
    area = render.resample(glyph.rows, 16, 16, w, h)
    pixels = [[row >> (w - 1 - x) & 1 for x in range(w)] for row in area]
    assert _separate_bars(_bars(pixels, 0.6)) == 2


def test_resample_identity_and_exact_halving():
    rows = default_pack().glyph("龍").rows
    assert render.resample(rows, 16, 16, 16, 16) == list(rows)
    # Halving: a destination pixel is ink when at least 2 of its 4 source pixels are.
    half = render.resample(rows, 16, 16, 8, 8)
    for y in range(8):
        for x in range(8):
            ink = sum(rows[2 * y + dy] >> (15 - 2 * x - dx) & 1 for dy in (0, 1) for dx in (0, 1))
            assert (half[y] >> (7 - x) & 1) == (ink >= 2)


def test_compress_keeps_the_ink_of_punctuation():
    pack = default_pack()
    for ch in "，。、；：！（）「」《》":
        glyph = pack.glyph(ch)
        small = render.compress(glyph)
        assert small.width == 8, ch
        assert sum(bin(r).count("1") for r in small.rows) == sum(
            bin(r).count("1") for r in glyph.rows
        )
        assert render.can_compress(glyph)
    for ch in "？市A":
        assert not render.can_compress(pack.glyph(ch))


@pytest.mark.parametrize("ch", ["𫛟", "😀", "ا", "\u0e01"])
def test_characters_outside_the_pack_keep_normal_size(ch):
    pack = default_pack()
    assert ch not in pack
    rows = pack.rendered(ch, "half", 5)
    assert len(rows) == 5
    assert sum(row.count(ch) for row in rows) == 1
    assert {cell_len(row) for row in rows} == {render.cell_units(ch) * 5}


def test_unknown_style_is_an_error():
    with pytest.raises(ValueError, match="unknown style"):
        render_glyph(default_pack().glyph("市"), "braille", 4)
