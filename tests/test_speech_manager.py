"""The speech manager with real espeak-ng, played through the null device at real-time pace."""

from __future__ import annotations

import time

import pytest

from tests.speech_helpers import EventLog
from voices.audio import AudioOutput, AudioUnavailable
from voices.commands import Priority, TextChunk, Utterance
from voices.events import (
    EngineNotice,
    SentenceStarted,
    UtteranceDone,
    UtteranceStarted,
    WordStarted,
)
from voices.manager import SpeechManager

LONG = (
    "北京市慈善协会开展了多项公益活动，帮助数十万残疾人创业就业。"
    "记者获悉，这些活动得到了社会各界的广泛支持，许多企业和志愿者参与其中。"
)
SHORT = "你好。"


@pytest.fixture
def log() -> EventLog:
    return EventLog()


@pytest.fixture
def manager(log):
    mgr = SpeechManager(log, audio="null", rate=300)
    assert mgr.engine_name == "espeak"
    yield mgr
    mgr.close()


def utter(text: str, priority=Priority.NORMAL, tag=None) -> Utterance:
    return Utterance((TextChunk(text),), priority, tag, text)


def done(uid):
    return lambda e: isinstance(e, UtteranceDone) and e.utterance_id == uid


def test_progress_is_reported_in_order_at_playback_time(manager, log):
    uid = manager.speak(utter("今天天气很好，我们去公园散步吧。", tag="p"))
    assert manager.is_speaking
    log.wait_for(done(uid))
    events = [e for e in log.events if getattr(e, "utterance_id", None) == uid]
    assert isinstance(events[0], UtteranceStarted)
    assert isinstance(events[1], SentenceStarted)
    assert isinstance(events[-1], UtteranceDone) and events[-1].completed
    words = [e for e in events if isinstance(e, WordStarted)]
    assert len(words) >= 5 and [w.offset for w in words] == sorted(w.offset for w in words)
    assert all(e.tag == "p" for e in events)
    # Synthesis takes milliseconds; the events follow the audio (> 1 s at 300 wpm).
    elapsed = log.time_of(events[-1]) - log.time_of(events[0])
    assert elapsed > 1.0
    first_word, last_word = words[0], words[-1]
    assert log.time_of(last_word) - log.time_of(first_word) > 0.6
    assert not manager.is_speaking


def test_cancel_silences_at_once_and_drops_late_events(manager, log):
    output = manager.output
    uid = manager.speak(utter(LONG))
    log.wait_for(lambda e: isinstance(e, WordStarted) and e.offset > 4)
    manager.cancel()
    frames_after_stop = output.frames_out
    count_after_stop = len(log.events)
    time.sleep(0.5)
    assert output.frames_out == frames_after_stop, "audio was played after cancel()"
    assert output.queued_seconds == 0
    late = log.events[count_after_stop:]
    assert late in ([], [UtteranceDone(uid, None, False)])
    assert log.of(UtteranceDone, uid) == [UtteranceDone(uid, None, False)]
    assert not manager.is_speaking
    # And it speaks again afterwards.
    again = manager.speak(utter(SHORT))
    assert log.wait_for(done(again)).completed
    assert output.frames_out > frames_after_stop


def test_now_interrupts_and_next_goes_before_normal(manager, log):
    first = manager.speak(utter("今天天气很好。", tag="a"))
    queued = manager.speak(utter(SHORT, tag="b"))
    log.wait_for(lambda e: isinstance(e, WordStarted) and e.utterance_id == first)
    urgent = manager.speak(utter(SHORT, Priority.NEXT, tag="c"))
    # NEXT waits for the current utterance but goes before the queued NORMAL one.
    log.wait_for(lambda e: isinstance(e, UtteranceStarted) and e.utterance_id == urgent, 30)
    assert not log.of(UtteranceStarted, queued)
    interrupting = manager.speak(utter(SHORT, Priority.NOW, tag="d"))
    assert log.wait_for(done(interrupting)).completed
    assert log.of(UtteranceDone, first)[0].completed
    assert log.of(UtteranceDone, queued) == [UtteranceDone(queued, "b", False)]
    assert not log.of(UtteranceStarted, queued), "a cancelled utterance must not start"


def test_queued_utterances_follow_without_a_gap(manager, log):
    first = manager.speak(utter("今天天气很好。"))
    second = manager.speak(utter(SHORT))
    end = log.wait_for(done(first))
    start = log.wait_for(lambda e: isinstance(e, UtteranceStarted) and e.utterance_id == second)
    assert abs(log.time_of(start) - log.time_of(end)) < 0.06


def test_every_utterance_gets_exactly_one_done(manager, log):
    uids = [manager.speak(utter(SHORT)) for _ in range(3)]
    manager.speak(utter(LONG))
    manager.cancel()
    last = manager.speak(utter(SHORT, Priority.NOW))
    log.wait_for(done(last))
    time.sleep(0.2)
    for uid in [*uids, last]:
        assert len(log.of(UtteranceDone, uid)) == 1


def test_pause_and_resume(manager, log):
    output = manager.output
    uid = manager.speak(utter(LONG))
    log.wait_for(lambda e: isinstance(e, WordStarted))
    manager.pause()
    assert manager.is_paused and manager.is_speaking
    time.sleep(0.05)
    held = output.frames_out
    words = len(log.of(WordStarted))
    time.sleep(0.4)
    assert output.frames_out == held
    assert len(log.of(WordStarted)) == words
    manager.resume()
    log.wait_for(lambda e: isinstance(e, WordStarted) and len(log.of(WordStarted)) > words + 1)
    assert output.frames_out > held
    manager.cancel()
    assert not log.wait_for(done(uid)).completed


def test_rate_change_applies_to_later_speech(manager, log):
    def duration(uid):
        event = log.wait_for(done(uid))
        start = log.of(UtteranceStarted, uid)[0]
        return log.time_of(event) - log.time_of(start)

    text = "天气很好。"
    manager.set_rate(450)
    fast = duration(manager.speak(utter(text)))
    manager.set_rate(150)
    slow = duration(manager.speak(utter(text)))
    assert slow > 1.5 * fast


def test_without_engine_utterances_complete_and_one_notice(log):
    with SpeechManager(log, audio="null", engines=()) as mgr:
        assert mgr.engine_name == ""
        first = mgr.speak(utter(SHORT))
        second = mgr.speak(utter(LONG))
        assert log.wait_for(done(second)).completed is False
        assert log.of(UtteranceDone, first) == [UtteranceDone(first, None, False)]
        notices = [e for e in log.events if isinstance(e, EngineNotice)]
        assert [n.message_id for n in notices] == ["no-engine"]
        assert not mgr.is_speaking


def _has_sound_device() -> bool:
    try:
        AudioOutput(lambda payload: None, "device").close()
    except AudioUnavailable:
        return False
    return True


def test_without_sound_device_speech_goes_on_silently(log):
    if _has_sound_device():
        pytest.skip("this machine has a sound device")
    with pytest.raises(AudioUnavailable):
        SpeechManager(log, audio="device")
    with SpeechManager(log, audio="auto") as mgr:
        assert mgr.audio_backend == "Null"
        uid = mgr.speak(utter(SHORT))
        assert log.wait_for(done(uid)).completed
        notices = [e.message_id for e in log.events if isinstance(e, EngineNotice)]
        assert notices == ["no-sound-device"]
        assert mgr.output.frames_out > 0


def test_callback_may_call_the_manager(log):
    """A NOW utterance spoken from inside the callback (as a UI might) does not deadlock."""
    spoken = []

    def on_event(event):
        log(event)
        if isinstance(event, WordStarted) and not spoken:
            spoken.append(mgr.speak(utter(SHORT, Priority.NOW)))

    mgr = SpeechManager(on_event, audio="null")
    try:
        mgr.speak(utter(LONG))
        log.wait_for(
            lambda e: spoken and isinstance(e, UtteranceDone) and e.utterance_id == spoken[0]
        )
    finally:
        mgr.close()
