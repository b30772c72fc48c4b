"""Snapshots of the screens as text, compared with committed goldens.

Run with ``UPDATE_GOLDENS=1`` to rewrite the goldens after an intended
change (and review the diff). Styles that carry meaning (the marker, the
underlined sentence, the reversed cursor) are checked separately, since
plain text cannot show them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import screen_text

GOLDENS = Path(__file__).parent / "goldens"
SIZE = (60, 20)


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``goldens/<name>.txt`` (or write it when updating)."""
    path = GOLDENS / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        path.write_text(text + "\n", encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}; run with UPDATE_GOLDENS=1"
    assert text + "\n" == path.read_text(encoding="utf-8")


async def test_reading_screen(make_app, book):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right")
        await pilot.pause()
        check_golden("reading", screen_text(app))


async def test_reading_screen_traditional_large(make_app, book):
    app = make_app(book, variant="zh-Hant")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "down", "escape")
        await pilot.pause()
        check_golden("reading-large-traditional", screen_text(app))


async def test_help_screen(make_app, book):
    app = make_app(book, ui_lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        check_golden("help-en", screen_text(app))


async def test_settings_screen(make_app, book):
    app = make_app(book, ui_lang="zh-Hant")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        check_golden("settings-zh-Hant", screen_text(app))


@pytest.mark.parametrize(
    "theme", ["reader-default", "hc-yellow-on-black", "hc-white-on-black", "hc-black-on-white"]
)
async def test_highlight_does_not_rely_on_colour(make_app, book, theme):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_setting("theme", theme)
        await pilot.press("down", "right")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        line = view.line_of_position() - int(view.scroll_y)
        segments = list(view.render_line(line))
        marker = segments[0]
        assert marker.text in ("▶ ", "┃ ") and marker.style.bold
        sentence = [s for s in segments if s.text and "园里有很多人" in s.text]
        assert sentence and sentence[0].style.underline and sentence[0].style.bold
        others = [s for s in segments if s.text and "我们去公园散步" in s.text]
        assert others and not others[0].style.underline
        assert str(app.theme) == theme
        text_colour = app.current_theme.variables["text"]
        assert len(text_colour) == 7  # pinned, no alpha
        assert app.theme_variables["text"].upper() == text_colour.upper()


async def test_long_article_shows_every_character_beside_the_scrollbar(make_app, tmp_path):
    """Wrapping leaves room for the scrollbar: no character hides under it at a line end."""
    sentence = "记者获悉，自十一月起，你好艺术在上海武康路、衡山路、淮海中路等落叶街道发起公益展。"
    path = tmp_path / "long.txt"
    path.write_text("长文\n\n" + "\n\n".join(sentence * 2 for _ in range(12)), encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        assert view.virtual_size.height > view.scrollable_content_region.height, "needs a scrollbar"
        lines = screen_text(app).splitlines()
        shown = "".join(
            ch for line in lines for ch in line if "\u4e00" <= ch <= "\u9fff" or ch in "，。、"
        )
        assert sentence * 2 in shown
