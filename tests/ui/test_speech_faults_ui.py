"""Speech faults in the running app: announced, shown, the reading position kept, reading goes on.

The real app with the real espeak-ng engine and audio output, wrapped to
fail on cue (``tests/speech_faults``) in the middle of continuous reading.
"""

from __future__ import annotations

import pytest

from tests.speech_faults import FaultPlan, FaultyOutput
from tests.ui.conftest import screen_text, spoken, wait_until
from voices import manager, render

SIZE = (80, 24)
FAST = 10
NOTICES = {
    "raise": "语音引擎出错，正在重新启动",
    "hang": "语音引擎没有响应，已换用新的引擎",
    "stall": "声音设备中断，已重新打开，从这句接着读",
}


@pytest.fixture
def plan(monkeypatch):
    plan = FaultPlan()
    monkeypatch.setattr(render, "open_driver", plan.open_engine)
    monkeypatch.setattr(manager, "AudioOutput", FaultyOutput)
    monkeypatch.setattr(manager, "HANG_SECONDS", 1.0)
    yield plan
    plan.release()


def reading_order(app) -> tuple[int, int, int]:
    state = app.state
    return (state.article, state.paragraph, state.char)


@pytest.mark.parametrize("fault", sorted(NOTICES))
async def test_fault_in_continuous_reading_is_announced_and_reading_goes_on(
    make_app, book, speech_log, plan, fault
):
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.state.paragraph >= 2, "the third paragraph")
        if fault == "stall":
            app.speech.manager.output.stall()
        else:
            plan.arm(fault, after_ms=150)
        seen = [reading_order(app)]

        def finished() -> bool:
            if reading_order(app) != seen[-1]:
                seen.append(reading_order(app))
            return not app.sayall.active

        await wait_until(pilot, finished, "the end of the library", timeout=60, interval=0.01)
        said = spoken(speech_log)
        notice = NOTICES[fault]
        assert notice in said, said
        assert notice in screen_text(app)
        # Reading resumed after the notice at the sentence it had reached, and went on to the end.
        after = said[said.index(notice) + 1 :]
        assert after and after[-1] == "全部读完。"
        resumed = after[0].split("\n")[-1]
        assert any(resumed == app.state.text(a, p)[c:] for a, p, c in seen), (resumed, seen)
        assert reading_order(app)[:2] == (1, 1)
        assert seen == sorted(seen), f"the reading position went back: {seen}"
        if fault == "stall":
            app.speech.manager.output.release()


async def test_a_sentence_that_fails_twice_is_skipped(make_app, book, speech_log, plan):
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.state.paragraph >= 2, "the third paragraph")
        plan.arm("raise", after_ms=150)
        notice = NOTICES["raise"]
        await wait_until(pilot, lambda: notice in spoken(speech_log), "the first fault")
        failed_at = reading_order(app)
        # The same sentence fails again at once (the notice said first is spared).
        plan.arm("raise", after_ms=0, when=lambda text: "引擎" not in text)
        await wait_until(pilot, lambda: spoken(speech_log).count(notice) == 2, "the second fault")
        await wait_until(pilot, lambda: not app.sayall.active, "the end of the library", 60)
        said = spoken(speech_log)
        assert said[-1] == "全部读完。"
        second = len(said) - 1 - said[::-1].index(notice)
        article, paragraph, char = failed_at
        assert said[second + 1].split("\n")[-1] != app.state.text(article, paragraph)[char:]
        assert reading_order(app)[:2] == (1, 1)


async def test_missing_engine_is_shown_and_the_app_keeps_working(make_app, book, speech_log, plan):
    plan.fail_opens(100)
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        missing = "没有语音引擎，只显示文字"
        await wait_until(pilot, lambda: missing in screen_text(app), "the notice on screen")
        assert any(missing in n.message for n in app._notifications)
        await pilot.press("down")
        assert reading_order(app)[:2] == (0, 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.sayall.active, "reading to give up", timeout=10)
        assert reading_order(app)[:2] == (0, 1), "the position moved without speech"
        await pilot.press("down")
        assert reading_order(app)[:2] == (0, 2)
