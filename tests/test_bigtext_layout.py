"""Layout and painting: everything drawn once, inside the width, paged, highlighted without colour."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.bigtext.glyphpack import default_pack
from reader.bigtext.layout import (
    HIGHLIGHT,
    MARK,
    MARKER,
    Geometry,
    build_layout,
    page_text_rows,
    paint,
)
from reader.bigtext.render import STYLES, ZOOM_LEVELS
from reader.chinese import words

from .bigtext_samples import news_text

TEXT = "公告写道：“我们呼吁救助城市流浪动物，请为它们留一碗清水、一份食物（尤其是在寒冷的冬季）。”"


@pytest.fixture(scope="module", autouse=True)
def jieba_loaded():
    assert words.wait_ready(60)


geometries = st.builds(
    Geometry, st.sampled_from(ZOOM_LEVELS), st.sampled_from(STYLES), st.booleans()
)


@settings(max_examples=40, deadline=None)
@given(news_text(), geometries, st.integers(0, 120), st.integers(3, 50))
def test_every_character_is_drawn_once_inside_the_width(text, geometry, extra, height):
    # At least one full-width character wide (a narrower widget clips it).
    width = (4 if geometry.plain else 2 * geometry.zoom + 1) + extra
    pack = default_pack()
    layout = build_layout(text, width, height, geometry, pack)
    drawn = [box.offset for line in layout.lines for box in line.boxes]
    expected = [
        i for line in layout.lines for i in range(line.start, line.end) if not text[i].isspace()
    ]
    assert [i for i in drawn if not text[i].isspace()] == expected
    for line in layout.lines:
        assert all(box.right <= width or box is line.boxes[-1] for box in line.boxes)
        assert not line.boxes or line.boxes[-1].x + line.boxes[-1].cols <= width
    for page in range(layout.page_count):
        rows = paint(layout, page, (0, len(text)), pack)
        assert len(rows) <= max(height, geometry.line_pitch)
        assert all(cell_len(row) <= width for row in page_text_rows(rows))


def test_pages_hold_the_highlight():
    pack = default_pack()
    layout = build_layout(TEXT, 60, 20, Geometry(8, "half"), pack)
    assert layout.lines_per_page == 2  # 20 rows // (8 glyph rows + 1 marker row)
    assert layout.page_count > 3
    for offset in range(len(TEXT)):
        start, end = layout.page_span(layout.page_of(offset))
        assert start <= offset < end


def test_highlight_is_coloured_and_underlined_by_a_marker_line():
    pack = default_pack()
    layout = build_layout("城市流浪动物", 200, 20, Geometry(4, "half"), pack)
    rows = paint(layout, 0, (2, 4), pack)  # 流浪
    assert len(rows) == 5
    glyph_runs = rows[0]
    assert [role for _, role in glyph_runs] == ["normal", HIGHLIGHT, "normal"]
    # 城市 = 2 boxes of 8 columns + 1 gap each; the highlight starts at column 18.
    assert glyph_runs[0][0] == "".join(pack.rendered(c, "half", 4)[0] + " " for c in "城市")
    marker = page_text_rows(rows)[-1]
    assert marker == " " * 18 + MARKER * 17
    assert [role for _, role in rows[-1]] == ["normal", MARK]


def test_plain_mode_spaces_characters_and_lines():
    pack = default_pack()
    layout = build_layout("你好，world", 40, 10, Geometry(8, "half", plain=True), pack)
    rows = page_text_rows(paint(layout, 0, (0, 2), pack))
    assert rows == [" 你  好  ， world", " " + MARKER * 6]


def test_overflowing_punctuation_is_compressed_to_fit():
    pack = default_pack()
    # Two characters a line at zoom 8: "季）。" only fits with ）。 at half width.
    layout = build_layout("冬季）。", 34, 40, Geometry(8, "half"), pack)
    assert [(line.start, line.end) for line in layout.lines] == [(0, 1), (1, 4)]
    boxes = layout.lines[1].boxes
    assert [b.compressed for b in boxes] == [False, True, True]
    assert boxes[-1].x + boxes[-1].cols <= 34


def test_line_end_punctuation_is_squeezed_instead_of_breaking_early():
    pack = default_pack()
    # Four characters a line at zoom 8 (17 columns each) on 80 columns: 公告写道：
    # needs 85 at full width, 76 with the colon at half width (8 columns).
    layout = build_layout("公告写道：我们", 80, 40, Geometry(8, "half"), pack)
    assert [(line.start, line.end) for line in layout.lines] == [(0, 5), (5, 7)]
    assert [b.compressed for b in layout.lines[0].boxes] == [False] * 4 + [True]


def test_when_nothing_fits_the_line_is_split_rather_than_cut():
    pack = default_pack()
    layout = build_layout("季）。”", 34, 40, Geometry(8, "half"), pack)
    drawn = [box.offset for line in layout.lines for box in line.boxes]
    assert drawn == [0, 1, 2, 3]
    assert all(line.boxes[-1].x + line.boxes[-1].cols <= 34 for line in layout.lines)


def test_a_forced_split_keeps_dashes_and_ellipses_together():
    pack = default_pack()
    for text, expected in (("心———", ["心", "———"]), ("知……”", ["知……", "”"])):
        layout = build_layout(text, 34, 40, Geometry(8, "half"), pack)  # two characters a line
        assert [text[line.start : line.end] for line in layout.lines] == expected


def test_empty_text_is_one_blank_page():
    layout = build_layout("", 80, 24, Geometry(), default_pack())
    assert layout.page_count == 1 and layout.lines == []
    assert paint(layout, 0, None, default_pack()) == []


def test_geometry_rejects_unknown_zoom_and_style():
    with pytest.raises(ValueError):
        Geometry(zoom=3)
    with pytest.raises(ValueError):
        Geometry(style="braille")
