"""BigText in a running Textual app (Pilot): toggling, zoom, styles, themes, following speech, snapshots.

Snapshots are golden text files in tests/golden/: the widget's rows, then a
mask of the highlighted cells. Set ``UPDATE_GOLDEN=1`` to rewrite them after
an intended change in rendering, and review the diff.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.bigtext.layout import MARKER
from reader.bigtext.themes import HIGH_CONTRAST_NAMES, HIGH_CONTRAST_THEMES
from reader.bigtext.widget import BigText
from reader.chinese import words

from .bigtext_demo import DemoApp, SpokenWord

GOLDEN = Path(__file__).parent / "golden"
TEXT = (
    "近日，多位市民在社区公告栏前驻足。公告写道：“我们呼吁救助城市流浪动物，"
    "请为它们留一碗清水、一份食物（尤其是在寒冷的冬季）。”"
)
BLOCKS = set("▀▄█▌▐▘▝▖▗▚▞▙▛▜▟")


@pytest.fixture(scope="module", autouse=True)
def jieba_loaded():
    assert words.wait_ready(60)


def is_sextant(ch: str) -> bool:
    return 0x1FB00 <= ord(ch) <= 0x1FB3B


def snapshot(big: BigText) -> str:
    """The widget as text: its rows, then the rows of highlighted cells marked with ^."""
    highlight = big.get_component_rich_style("bigtext--highlight")
    lines, masks = [], []
    for y in range(big.size.height):
        strip = big.render_line(y)
        lines.append(strip.text.rstrip())
        mask = "".join(
            ("^" if seg.style and seg.style.color == highlight.color else " ") * len(seg.text)
            for seg in strip
        ).rstrip()
        if mask:
            masks.append(f"{y:3d} {mask}")
    return "\n".join([*lines, "--- highlighted cells ---", *masks]) + "\n"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"rendering differs from {path}"


async def test_l_toggles_large_text():
    app = DemoApp(TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.big.display and app.query_one("#normal").display
        await pilot.press("l")
        assert app.big.display and not app.query_one("#normal").display
        await pilot.pause()
        rows = app.big.rendered_rows()
        assert rows and BLOCKS & set("".join(rows))
        await pilot.press("l")
        assert not app.big.display


async def test_zoom_keys_step_between_4_and_8():
    app = DemoApp(TEXT, large=True)
    async with app.run_test(size=(120, 40)) as pilot:
        big = app.big
        counts = {}
        for _ in range(5):
            counts[big.zoom] = big.page_count
            await pilot.press("minus")
        assert big.zoom == 4  # clamped
        for _ in range(5):
            await pilot.press("plus")
            assert big.text_layout.geometry.zoom == big.zoom
            rows = big.rendered_rows()
            # One line of glyphs is zoom rows tall, then a blank gap row (no highlight yet).
            assert any(rows[r].strip() for r in range(big.zoom))
            assert rows[big.zoom].strip() == ""
        assert big.zoom == 8
        assert counts[8] > counts[6] > counts[4]
        assert big.zoom_in() == 8 and big.zoom_out() == 7


async def test_m_cycles_drawing_styles():
    app = DemoApp(TEXT, large=True, zoom=6)
    async with app.run_test(size=(100, 30)) as pilot:
        big = app.big
        assert big.style == "half"
        await pilot.press("m")
        assert big.style == "quad"
        assert set("▘▝▖▗▚▞") & set("".join(big.rendered_rows()))
        await pilot.press("m")
        assert big.style == "sext"
        assert any(is_sextant(c) for c in "".join(big.rendered_rows()))
        await pilot.press("m")
        assert big.style == "half"
        assert set("".join(big.rendered_rows())) <= set(" ▀▄█")


async def test_plain_mode_is_one_key_away():
    app = DemoApp(TEXT, large=True)
    async with app.run_test(size=(80, 24)) as pilot:
        big = app.big
        await pilot.press("L")
        assert big.plain and big.has_class("-plain")
        rows = big.rendered_rows()
        assert rows[0].startswith(" 近  日  ，  多  位")
        assert rows[1].strip() == ""  # a blank row between lines
        assert not BLOCKS & set("".join(rows))
        await pilot.press("L")
        assert not big.plain and BLOCKS & set("".join(big.rendered_rows()))


async def test_h_cycles_high_contrast_themes_with_solid_colours():
    app = DemoApp(TEXT, large=True)
    async with app.run_test(size=(80, 24)) as pilot:
        big = app.big
        big.set_highlight((0, 2))
        seen = []
        for _ in HIGH_CONTRAST_THEMES:
            await pilot.pause()
            theme = app.get_theme(app.theme)
            seen.append(app.theme)
            style = big.rich_style
            assert style.color.triplet.hex == theme.foreground.lower()
            assert style.bgcolor.triplet.hex == theme.background.lower()
            hl = big.get_component_rich_style("bigtext--highlight")
            assert hl.color.triplet.hex == theme.accent.lower() and hl.bold
            # The cached strips follow the theme.
            first = big.render_line(0)
            assert any(seg.style.color == hl.color for seg in first if seg.text.strip())
            await pilot.press("h")
        assert seen == list(HIGH_CONTRAST_NAMES)
        assert app.theme == HIGH_CONTRAST_NAMES[0]


async def test_follows_speech_word_by_word_turning_pages():
    app = DemoApp(TEXT, large=True)
    spans = words.word_spans(TEXT)
    async with app.run_test(size=(60, 20)) as pilot:
        big = app.big
        await pilot.pause()
        assert big.page_count > 5

        def speech_thread():
            for start, end in spans:
                app.post_message(SpokenWord(start, end - start))

        thread = threading.Thread(target=speech_thread)
        thread.start()
        thread.join()
        for _ in range(5):
            await pilot.pause()
        assert big.highlight == spans[-1]
        assert big.page == big.page_count - 1
        pages = [page for page, _ in app.pages]
        assert pages == sorted(pages) and pages[-1] == big.page_count - 1
        assert set(range(big.page_count)) <= set(pages)  # every page was shown in turn
        # The highlight is on screen and underlined.
        assert TEXT[spans[-1][0]] in big.visible_text
        assert any(MARKER in row for row in big.rendered_rows())


async def test_highlight_moves_the_page_and_manual_paging_works():
    app = DemoApp(TEXT, large=True)
    async with app.run_test(size=(60, 20)) as pilot:
        big = app.big
        offset = TEXT.index("流浪")
        big.set_highlight((offset, offset + 2))
        await pilot.pause()
        assert "流" in big.visible_text
        where = big.highlight_offset()
        line = big.text_layout.page_lines(big.page)[where.y // big.text_layout.geometry.line_pitch]
        assert any(b.offset == offset and b.x == where.x for b in line.boxes)
        page = big.page
        assert big.next_page() and big.page == page + 1
        assert big.previous_page() and big.page == page
        while big.previous_page():
            pass
        assert big.page == 0 and not big.previous_page()
        # A resize keeps the reading position on screen.
        big.set_highlight((offset, offset + 2))
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "流" in big.visible_text


async def test_show_replaces_text_and_clamps_the_highlight():
    app = DemoApp(TEXT, large=True)
    async with app.run_test(size=(80, 24)) as pilot:
        big = app.big
        big.show("你好", (1, 99))
        await pilot.pause()
        assert big.text == "你好" and big.highlight == (1, 2) and big.page_count == 1
        big.show("", None)
        await pilot.pause()
        assert big.rendered_rows() == [] and big.visible_text == ""


async def test_lines_rebreak_at_words_once_jieba_is_loaded(monkeypatch):
    ready = {"value": False}
    monkeypatch.setattr(words, "is_ready", lambda: ready["value"])
    monkeypatch.setattr(words, "start_loading", lambda: None)
    text = "呼吁救助城市流浪动物"
    app = DemoApp(text, large=True, zoom=4)
    async with app.run_test(size=(45, 40)) as pilot:  # five characters a line
        big = app.big
        await pilot.pause()
        before = [text[x.start : x.end] for x in big.text_layout.lines]
        assert before == ["呼吁救助城", "市流浪动物"]
        ready["value"] = True
        await pilot.pause(0.6)
        after = [text[x.start : x.end] for x in big.text_layout.lines]
        assert after == ["呼吁救助", "城市流浪", "动物"]


@pytest.mark.parametrize(
    "zoom, style, size, golden",
    [
        (8, "half", (60, 19), "bigtext_half_zoom8.txt"),
        (5, "sext", (80, 19), "bigtext_sext_zoom5.txt"),
    ],
)
async def test_snapshot(zoom, style, size, golden):
    app = DemoApp(TEXT, large=True, zoom=zoom, style=style)
    async with app.run_test(size=size) as pilot:
        offset = TEXT.index("救助")
        app.big.set_highlight((offset, offset + 2))
        await pilot.pause()
        assert_golden(golden, snapshot(app.big))
