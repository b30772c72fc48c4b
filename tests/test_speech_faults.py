"""Engine and device faults, injected into the real espeak-ng engine and the real audio output.

The speech manager must announce each fault, keep every utterance's one
``UtteranceDone``, recover, and speak real audio afterwards; a sound
device that stalls or fails is replaced within about a second and
playback goes on from the interrupted sentence. See ``tests/speech_faults``.
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.speech_faults import FaultPlan, FaultyOutput
from tests.speech_helpers import EventLog, rms
from voices import manager as manager_module
from voices.audio import SAMPLE_RATE, pcm_duration
from voices.commands import Priority, TextChunk, Utterance
from voices.drivers import VoiceSettings
from voices.events import EngineNotice, SentenceStarted, UtteranceDone, WordStarted
from voices.manager import SpeechManager
from voices.render import PcmRecording, Renderer

LONG = (
    "北京市慈善协会开展了多项公益活动，帮助数十万残疾人创业就业。"
    "记者获悉，这些活动得到了社会各界的广泛支持，许多企业和志愿者参与其中。"
)
AFTER = "第二段话也要读得清清楚楚。"
TWO_SENTENCES = "今天天气很好。我们一起去公园散步，看看花开了没有。"
RATE = 300
FAST = 450


def utter(text: str) -> Utterance:
    return Utterance((TextChunk(text),), Priority.NORMAL, None, text)


def done(uid):
    return lambda e: isinstance(e, UtteranceDone) and e.utterance_id == uid


def notice(message_id):
    return lambda e: isinstance(e, EngineNotice) and e.message_id == message_id


def seconds_of(text: str, rate: int = RATE) -> float:
    """How long ``text`` lasts when rendered without any fault."""
    renderer = Renderer(engines=("espeak",))
    recording = PcmRecording()
    try:
        renderer.render(utter(text), 1, lambda: VoiceSettings("espeak:cmn", rate), recording)
    finally:
        renderer.close()
    return recording.seconds


@pytest.fixture
def plan():
    plan = FaultPlan()
    yield plan
    plan.release()


@pytest.fixture
def log() -> EventLog:
    return EventLog()


@pytest.fixture
def make_manager(log, plan):
    made = []

    def make(**options) -> SpeechManager:
        options.setdefault("open_engine", plan.open_engine)
        options.setdefault("rate", RATE)
        mgr = SpeechManager(log, audio="null", open_output=FaultyOutput, **options)
        made.append(mgr)
        return mgr

    yield make
    for mgr in made:
        mgr.output.release()
        mgr.close()


def heard_after(mgr: SpeechManager, start_bytes: int) -> bytes:
    return bytes(mgr.output.heard[start_bytes:])


def test_engine_raising_mid_utterance_is_restarted_and_later_utterances_speak(
    make_manager, log, plan
):
    mgr = make_manager()
    plan.arm("raise", after_ms=300)
    first = mgr.speak(utter(LONG))
    second = mgr.speak(utter(AFTER))
    log.wait_for(done(second), timeout=30)
    assert log.of(UtteranceDone, first) == [UtteranceDone(first, None, False, "engine-error")]
    assert log.of(UtteranceDone, second) == [UtteranceDone(second, None, True)]
    assert [e.message_id for e in log.events if isinstance(e, EngineNotice)] == ["engine-error"]
    # The notice comes at once; the utterance ends only after its audio so far is heard.
    assert log.events.index(log.wait_for(notice("engine-error"))) < log.events.index(
        log.of(UtteranceDone, first)[0]
    )
    # Real audio after the restart: the whole second utterance, and not silence.
    started = log.of(SentenceStarted, second)[0]
    assert started is not None
    after = heard_after(mgr, 0)
    assert pcm_duration(after) > 0.3 + seconds_of(AFTER) * 0.9
    assert rms(after[-int(seconds_of(AFTER) * SAMPLE_RATE) * 2 :]) > 300
    assert mgr.engine_name == "espeak" and not mgr.is_speaking


def test_hung_engine_is_abandoned_and_a_fresh_instance_speaks(make_manager, log, plan):
    from voices.drivers import espeak

    mgr = make_manager(hang_seconds=1.0)
    threads_before = {t for t in threading.enumerate() if t.name == "speech-synth"}
    plan.arm("hang", after_ms=300)
    first = mgr.speak(utter(LONG))
    second = mgr.speak(utter(AFTER))
    assert plan.hung.wait(10)
    heard_at_hang = len(mgr.output.heard)
    log.wait_for(notice("engine-hung"), timeout=15)
    log.wait_for(done(second), timeout=30)
    assert log.of(UtteranceDone, first) == [UtteranceDone(first, None, False, "engine-hung")]
    assert log.of(UtteranceDone, second) == [UtteranceDone(second, None, True)]
    # The stuck call still holds its library: the new engine is a separate copy of it.
    assert sum(lib.stuck for lib in espeak._libraries) == 1
    assert len(espeak._libraries) >= 2
    after = heard_after(mgr, heard_at_hang)
    assert pcm_duration(after) >= seconds_of(AFTER) * 0.9
    assert rms(after) > 300
    # The abandoned thread ends once its call returns, and writes nothing more.
    (stuck,) = threads_before
    heard = len(mgr.output.heard)
    plan.release()
    stuck.join(10)
    assert not stuck.is_alive()
    assert not any(lib.stuck for lib in espeak._libraries)
    assert len(mgr.output.heard) == heard
    third = mgr.speak(utter(AFTER))
    log.wait_for(done(third), timeout=30)
    assert log.of(UtteranceDone, third)[0].completed


def test_missing_engine_completes_utterances_unspoken_and_comes_back(
    make_manager, log, plan, monkeypatch
):
    plan.fail_opens(1)
    mgr = make_manager()
    assert mgr.engine_name == ""
    uids = [mgr.speak(utter(AFTER)) for _ in range(3)]
    for uid in uids:
        log.wait_for(done(uid))
        assert log.of(UtteranceDone, uid) == [UtteranceDone(uid, None, False)]
    missing = [e for e in log.events if isinstance(e, EngineNotice)]
    assert [e.message_id for e in missing] == ["no-engine"]
    assert "cannot load libespeak-ng" in missing[0].detail
    assert mgr.output.heard == b""
    # The library is back: the next try (every ENGINE_RETRY_SECONDS) speaks again.
    monkeypatch.setattr(manager_module, "ENGINE_RETRY_SECONDS", 0.0)
    uid = mgr.speak(utter(AFTER))
    log.wait_for(done(uid), timeout=30)
    assert log.of(UtteranceDone, uid)[0].completed
    assert rms(mgr.output.heard) > 300


def test_engine_that_cannot_restart_leaves_speech_silent_with_a_notice(make_manager, log, plan):
    mgr = make_manager()
    plan.arm("raise", after_ms=200)
    plan.fail_opens(10)  # every restart attempt fails
    first = mgr.speak(utter(LONG))
    log.wait_for(done(first), timeout=30)
    second = mgr.speak(utter(AFTER))
    log.wait_for(done(second), timeout=30)
    assert log.of(UtteranceDone, second) == [UtteranceDone(second, None, False)]
    ids = [e.message_id for e in log.events if isinstance(e, EngineNotice)]
    assert ids == ["engine-error", "no-engine"]
    assert plan.injected.count("missing") == 1 + len(manager_module.RESTART_BACKOFF)


def test_refused_voice_falls_back_to_the_default_voice(make_manager, log, plan):
    mgr = make_manager(voice="espeak:yue")
    plan.arm("voice")
    uid = mgr.speak(utter(AFTER))
    log.wait_for(done(uid), timeout=30)
    assert log.of(UtteranceDone, uid) == [UtteranceDone(uid, None, True)]
    missing = log.wait_for(notice("voice-missing"))
    assert "espeak:yue" in missing.detail and "no-such-voice" in missing.detail
    assert pcm_duration(mgr.output.heard) >= seconds_of(AFTER) * 0.9
    assert rms(mgr.output.heard) > 300


@pytest.mark.parametrize("fault", ["stall", "fail", "disconnect"])
def test_failed_sound_device_is_replaced_and_the_sentence_is_heard_again(make_manager, log, fault):
    mgr = make_manager(rate=FAST)
    uid = mgr.speak(utter(TWO_SENTENCES))
    second = TWO_SENTENCES.index("我")
    log.wait_for(lambda e: isinstance(e, WordStarted) and e.offset > second + 2)
    getattr(mgr.output, fault)()
    restarted = log.wait_for(notice("sound-device-restarted"), timeout=10)
    assert restarted.detail
    log.wait_for(done(uid), timeout=30)
    assert log.of(UtteranceDone, uid) == [UtteranceDone(uid, None, True)]
    assert mgr.output.faults == 1
    # Playback went back to the start of the interrupted sentence, then on to the end.
    starts = [e.start for e in log.of(SentenceStarted, uid)]
    assert starts == [0, second, second], starts
    words = [e.offset for e in log.of(WordStarted, uid)]
    back = next(i for i in range(1, len(words)) if words[i] < words[i - 1])
    assert words[back] == second and words[-1] > words[back - 1]
    # Nothing was lost: at least the whole utterance was heard, and it is speech.
    assert pcm_duration(mgr.output.heard) >= seconds_of(TWO_SENTENCES, FAST) * 0.95
    assert rms(mgr.output.heard) > 300


def test_closing_does_not_wait_for_a_stuck_device_or_engine(make_manager, log, plan):
    mgr = make_manager(hang_seconds=60.0)  # the watchdog will not step in
    plan.arm("hang", after_ms=100)
    mgr.speak(utter(LONG))
    assert plan.hung.wait(10)
    mgr.output.stall()
    time.sleep(0.3)  # the device's callback is now blocked too
    started = time.monotonic()
    mgr.close()
    assert time.monotonic() - started < 5.0
