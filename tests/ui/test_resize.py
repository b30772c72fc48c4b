"""Terminal resizing (issue 8, requirement 5): tiny, huge and back, in normal and large text, while speaking.

The real app with real espeak-ng speech (null device): at 20×5, 1×1,
10×3 and 400×200 nothing may crash; back at 80×24 the screen shows the
current paragraph again, laid out for the new size (large text in every
drawing style, zoom level and plain mode), and nothing is left blank.
"""

from __future__ import annotations

import shutil
import time

import pytest

from reader.bigtext.widget import BigText
from reader.state import LARGE_STYLES, ZOOM_MAX, ZOOM_MIN
from reader.ui.widgets.article_view import ArticleView
from tests.conftest import SEED
from tests.ui.conftest import screen_text, spoken, wait_until
from tests.ui.storm import app_failed, screen_problems
from tests.ui.test_e2e_tmux import session  # noqa: F401 - the tmux session fixture

SIZE = (80, 24)
SWEEP = [(20, 5), (1, 1), (10, 3), (400, 200), (2, 1), (20, 5), SIZE]
LARGE_MODES = (
    [(style, zoom, False) for style in LARGE_STYLES for zoom in (ZOOM_MIN, ZOOM_MAX)]
    + [("half", zoom, False) for zoom in range(ZOOM_MIN + 1, ZOOM_MAX)]
    + [("half", ZOOM_MIN, True), ("sext", ZOOM_MAX, True)]
)


async def _sweep(app, pilot, sizes=SWEEP) -> None:
    """Resize through ``sizes``; the app must take every one without failing."""
    for width, height in sizes:
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        assert not app_failed(app), (width, height, app._exception)
        assert app.size == (width, height)


async def _reading(app, pilot) -> None:
    """Start continuous reading and wait until it is heard."""
    await pilot.press("enter")
    await wait_until(pilot, app.speech.reading, "continuous reading")


def _article_rows(app) -> list[str]:
    return [row for row in screen_text(app).splitlines()[:-1] if row.strip()]


async def test_normal_view_recovers_exactly_after_tiny_and_huge(make_app, book):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right", "escape")
        await pilot.pause()
        before = screen_text(app)
        assert "▶" in before
        await _sweep(app, pilot)
        assert screen_text(app) == before


async def test_normal_view_while_reading_a_long_page(make_app):
    app = make_app(SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "down", "down")
        await _reading(app, pilot)
        for width, height in SWEEP:
            await _sweep(app, pilot, [(width, height)])
            view = app.screen.query_one(ArticleView)
            if width >= 10 and height >= 3:
                await pilot.pause()
                assert screen_problems(app) == [], (width, height)
        assert app.speech.reading(), "resizing must not stop the reading"
        await pilot.press("escape")
        await pilot.pause()
        assert screen_problems(app) == []
        assert view._layout_key[2] == view._text_width()  # noqa: SLF001 - wrapped for 80 columns
        assert len(_article_rows(app)) > SIZE[1] // 2, "the view is not left blank"


@pytest.mark.parametrize(("style", "zoom", "plain"), LARGE_MODES)
async def test_large_text_relays_out_in_every_style_and_zoom(make_app, book, style, zoom, plain):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        for name, value in (
            ("large_text", True),
            ("large_style", style),
            ("zoom", zoom),
            ("large_plain", plain),
        ):
            app.apply_setting(name, value)
        await pilot.press("down", "escape")
        await pilot.pause()
        big = app.screen.query_one(BigText)
        before = big.rendered_rows()
        assert any(row.strip() for row in before)
        await _reading(app, pilot)
        await _sweep(app, pilot)
        await pilot.press("escape")
        app.state.go(app.state.article, 1, 0)  # where it was, whatever the reading reached
        app.screen.refresh_position()
        await pilot.pause()
        layout = big.text_layout
        assert layout is not None and (layout.width, layout.height) == tuple(big.size)
        assert big.rendered_rows() == before
        assert screen_problems(app) == []


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_real_reader_in_tmux_survives_resizing(session, book, speech_log, isolated_home):  # noqa: F811
    """The real ``reader`` in a real terminal (tmux): resized while reading, then quit with q."""
    from tests.ui.test_e2e_tmux import screen, start, tmux, wait_for

    start(session, "--audio", "null", "--speech-log", str(speech_log), str(book))
    wait_for(lambda: "第一回 春天" in screen(session), "the article on screen")
    tmux("send-keys", "-t", session, "Down")
    wait_for(lambda: "我们去公园散步。公园里有很多人。" in spoken(speech_log), "paragraph 2")
    tmux("send-keys", "-t", session, "Enter")  # read on while the terminal changes size
    for width, height in [(20, 5), (10, 3), (1, 1), (300, 90), (20, 5), (90, 26)]:
        tmux("resize-window", "-t", session, "-x", str(width), "-y", str(height))
        time.sleep(0.3)
    tmux("send-keys", "-t", session, "Escape")
    tmux("send-keys", "-t", session, "Home")
    wait_for(lambda: "▶ 春天来了。花开了。" in screen(session), "the first paragraph on screen")
    assert spoken(speech_log)[-1] == "第一段：春天来了。花开了。"
    tmux("send-keys", "-t", session, "w")
    wait_for(lambda: any(t.startswith("第1篇，共2篇") for t in spoken(speech_log)), "where am I")
    tmux("send-keys", "-t", session, "q")
    wait_for(lambda: (isolated_home / "state" / "positions.json").exists(), "the saved position")
    assert "Traceback" not in screen(session)
