"""How the app follows speech progress: index marks move the highlight, finished
utterances keep continuous reading going, notices are spoken.

Events are posted exactly as the speech bridge posts what the manager reports
(the voices.events types wrapped in SpeechProgress), so this checks the UI's side
of the contract; tests/ui/test_speech_real.py runs the real manager.
"""

from __future__ import annotations

from reader.ui.messages import SpeechNotice, SpeechProgress
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import last_spoken, log_entries
from voices.events import EngineNotice, MarkReached, UtteranceDone, WordStarted

SIZE = (80, 24)


def normal_entries(path):
    return [e for e in log_entries(path) if e["priority"] == "normal"]


async def test_marks_move_the_highlight(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(SpeechProgress(MarkReached(7, "nav", ("s", 0, 1, 1))))
        await pilot.pause()
        assert (app.state.article, app.state.paragraph, app.state.sentence) == (0, 1, 1)
        assert app.state.sentence_text() == "公园里有很多人。"
        view = app.screen.query_one(ArticleView)
        app.post_message(SpeechProgress(WordStarted(7, "nav", 9, 2)))
        await pilot.pause()
        assert view.spoken == (9, 11)
        app.post_message(SpeechProgress(UtteranceDone(7, "nav", True)))
        await pilot.pause()
        assert view.spoken is None
        app.post_message(SpeechProgress(MarkReached(8, "sayall", ("t", 1))))
        await pilot.pause()
        assert (app.state.article, app.state.paragraph) == (1, 0)


async def test_continuous_reading_queues_ahead_and_moves_on(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        queued = normal_entries(speech_log)
        assert [e["shown"].split("\n")[-1] for e in queued] == [
            "春天来了。花开了。",
            "我们去公园散步。公园里有很多人。",
            "第一回最后一段。",
        ]
        generation = app.sayall._generation
        app.post_message(SpeechProgress(UtteranceDone(1, ("sayall", generation, 0, 0), True)))
        await pilot.pause()
        fourth = normal_entries(speech_log)[3]
        assert fourth["shown"] == "第2篇，共2篇：第二回 夏天\n夏天很热。"
        for n, paragraph in enumerate([(0, 1), (0, 2), (1, 0)], start=2):
            tag = ("sayall", generation, *paragraph)
            app.post_message(SpeechProgress(UtteranceDone(n, tag, True)))
            await pilot.pause()
        texts = [e["shown"] for e in normal_entries(speech_log)]
        assert texts[-2:] == ["图书馆里有很多书。", "全部读完。"]
        app.post_message(SpeechProgress(UtteranceDone(9, ("sayall", generation, 1, 1), True)))
        app.post_message(SpeechProgress(UtteranceDone(10, ("sayall", generation, "end"), True)))
        await pilot.pause()
        assert not app.sayall.active


async def test_interrupted_reading_stops_and_stale_events_are_ignored(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        old = app.sayall._generation
        await pilot.press("down")  # navigation stops continuous reading
        assert not app.sayall.active
        count = len(normal_entries(speech_log))
        app.post_message(SpeechProgress(UtteranceDone(1, ("sayall", old, 0, 0), True)))
        await pilot.pause()
        assert len(normal_entries(speech_log)) == count
        await pilot.press("enter")
        new = app.sayall._generation
        app.post_message(SpeechProgress(UtteranceDone(2, ("sayall", new, 0, 1), False)))
        await pilot.pause()
        assert not app.sayall.active


async def test_continuous_reading_starts_at_the_current_sentence(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right", "enter")
        first = normal_entries(speech_log)[0]
        assert first["shown"] == "公园里有很多人。"


async def test_engine_notice_is_spoken(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(SpeechNotice(EngineNotice("no-sound-device", "无声卡，静音输出")))
        await pilot.pause()
        assert last_spoken(speech_log) == "语音：无声卡，静音输出"
