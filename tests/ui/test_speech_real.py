"""The app with the real speech manager (espeak-ng, null audio device at real-time pace):
the highlight follows playback, continuous reading moves on, the log records what was heard."""

from __future__ import annotations

import json

from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import log_entries, wait_until

SIZE = (80, 24)
FAST = 10  # the fastest rate keeps these tests short


def events(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [e for e in map(json.loads, lines) if e.get("kind") == "event"]


async def test_welcome_is_heard_with_a_voice(make_app, book, speech_log):
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: events(speech_log), "the welcome to start playing")
        welcome = log_entries(speech_log)[0]
        assert isinstance(welcome["id"], int)
        assert events(speech_log)[0]["id"] == welcome["id"]
        assert welcome["voice"].startswith("espeak:")


async def test_highlight_follows_the_sentence_being_heard(make_app, book, speech_log):
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        # The key puts the reader on the paragraph's first sentence; on a busy
        # machine its mark may already have been heard when the press returns.
        assert app.state.paragraph == 1 and app.state.sentence in (0, 1)
        view = app.screen.query_one(ArticleView)
        await wait_until(pilot, lambda: view.spoken is not None, "a word being spoken")
        await wait_until(pilot, lambda: app.state.sentence == 1, "the second sentence's mark")
        assert app.state.sentence_text() == "公园里有很多人。"
        await wait_until(pilot, lambda: view.spoken is None, "the end of the paragraph")


async def test_continuous_reading_goes_on_into_the_next_article(make_app, book, speech_log):
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.state.article == 1, "the second article", 30)
        await wait_until(pilot, lambda: not app.sayall.active, "the end of the library", 30)
        shown = [e["shown"] for e in log_entries(speech_log)]
        assert "第2篇，共2篇：第二回 夏天\n夏天很热。" in shown
        assert shown[-1] == "全部读完。"
        assert (app.state.article, app.state.paragraph) == (1, 1)


async def test_zh_hk_reads_in_cantonese(make_app, book, speech_log):
    app = make_app(book, variant="zh-HK", rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        # The Cantonese voice is looked up after the welcome, off the UI thread.
        await wait_until(pilot, lambda: app.speech.voice_id == "espeak:yue", "the voice")
        await pilot.press("down")
        assert log_entries(speech_log)[-1]["voice"] == "espeak:yue"
