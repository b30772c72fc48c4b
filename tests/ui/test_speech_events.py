"""Continuous reading's queue, events of interrupted readings, speech notices.

Events are posted as the speech bridge posts what the manager reports (the
voices.events types wrapped in messages); tests/ui/test_speech_real.py follows
real playback.
"""

from __future__ import annotations

from reader.ui.messages import SpeechNotice, SpeechProgress
from tests.ui.conftest import last_spoken, log_entries
from voices.events import EngineNotice, UtteranceDone

SIZE = (80, 24)


def normal_entries(path):
    return [e for e in log_entries(path) if e["priority"] == "normal"]


async def test_continuous_reading_queues_three_ahead(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        queued = normal_entries(speech_log)
        assert [e["shown"].split("\n")[-1] for e in queued] == [
            "春天来了。花开了。",
            "我们去公园散步。公园里有很多人。",
            "第一回最后一段。",
        ]
        await pilot.press("escape")


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
        app.post_message(SpeechNotice(EngineNotice("engine-fallback", "SAPI5 不可用")))
        await pilot.pause()
        assert last_spoken(speech_log) == "语音：SAPI5 不可用"
