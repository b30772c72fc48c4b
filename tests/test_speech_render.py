"""Real espeak-ng synthesis of seed text: duration, loudness, and word/sentence marks."""

from __future__ import annotations

import pytest

from tests.speech_helpers import rms
from voices.audio import SAMPLE_RATE
from voices.catalog import DEFAULT_RATE
from voices.commands import Break, IndexMark, SetRate, SetVoice, TextChunk, Utterance
from voices.drivers import VoiceSettings
from voices.events import (
    MarkReached,
    SentenceStarted,
    UtteranceDone,
    UtteranceStarted,
    WordStarted,
)
from voices.render import PcmRecording, Renderer

MANDARIN = VoiceSettings("espeak:cmn", DEFAULT_RATE)


@pytest.fixture(scope="module")
def renderer():
    r = Renderer(engines=("espeak",))
    assert r.start(), r.failure
    yield r
    r.close()


@pytest.fixture(scope="module")
def longest_seed_paragraph() -> str:
    from reader.importers import bundled_seed_paths, load

    library = load([str(p) for p in bundled_seed_paths()])
    return max((p.text for a in library for p in a.paragraphs), key=len)


def render(renderer, utterance, settings=MANDARIN) -> PcmRecording:
    target = PcmRecording()
    assert renderer.render(utterance, 1, lambda: settings, target)
    return target


def by_frame(marks):
    return [payload for _frame, payload in sorted(marks, key=lambda m: m[0])]


def test_seed_paragraph(renderer, longest_seed_paragraph):
    text = longest_seed_paragraph
    recording = render(renderer, Utterance((TextChunk(text),), tag="p"))
    pcm, seconds = bytes(recording.pcm), recording.seconds
    # espeak cmn at 230 wpm reads about 5 characters a second (numbers and pauses vary).
    assert 2.5 < len(text) / seconds < 10, (len(text), seconds)
    assert rms(pcm) > 300, "the audio is silent"
    frames = len(pcm) // 2
    events = by_frame(recording.marks)
    assert isinstance(events[0], UtteranceStarted)
    assert isinstance(events[-1], UtteranceDone) and events[-1].completed
    assert all(0 <= frame <= frames for frame, _ in recording.marks)
    words = [e for e in events if isinstance(e, WordStarted)]
    sentences = [e for e in events if isinstance(e, SentenceStarted)]
    assert len(words) > len(text) // 4, "word events are missing"
    offsets = [w.offset for w in words]
    assert offsets == sorted(set(offsets)), "words must be reported in text order, once each"
    assert all(0 <= w.offset and w.offset + w.length <= len(text) for w in words)
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)
    assert sentences[0].start == 0 and sentences[-1].end == len(text.rstrip())
    for word in words:  # every word lies inside a sentence reported before it
        assert any(s.start <= word.offset < s.end for s in sentences)


def test_words_are_timed_through_the_audio(renderer, longest_seed_paragraph):
    recording = render(renderer, Utterance((TextChunk(longest_seed_paragraph),)))
    word_frames = sorted(f for f, e in recording.marks if isinstance(e, WordStarted))
    # Spread over the whole paragraph, not bunched at the start (synthesis time).
    assert word_frames[0] < SAMPLE_RATE
    assert word_frames[-1] > recording.frames * 0.85
    gaps = [b - a for a, b in zip(word_frames, word_frames[1:], strict=False)]
    assert max(gaps) < 3 * SAMPLE_RATE


def test_rate_changes_duration(renderer):
    text = "北京市慈善协会开展了多项公益活动，帮助残疾人创业就业。"
    slow = render(renderer, Utterance((TextChunk(text),)), VoiceSettings("espeak:cmn", 120))
    fast = render(renderer, Utterance((TextChunk(text),)), VoiceSettings("espeak:cmn", 400))
    assert slow.seconds > 2 * fast.seconds
    assert rms(fast.pcm) > 300


def test_commands_inside_an_utterance(renderer):
    utterance = Utterance(
        (
            TextChunk("你好。"),
            Break(500),
            IndexMark("after-break"),
            SetVoice("espeak:yue"),
            SetRate(300),
            TextChunk("多谢晒。"),
        ),
        tag="t",
    )
    recording = render(renderer, utterance)
    frames = {type(e).__name__ + str(getattr(e, "name", "")): f for f, e in recording.marks}
    mark_frame = frames["MarkReachedafter-break"]
    second_sentence = max(f for f, e in recording.marks if isinstance(e, SentenceStarted))
    assert mark_frame == second_sentence, "the mark sits where the next text starts"
    gap = recording.pcm[(mark_frame - SAMPLE_RATE // 2) * 2 : mark_frame * 2]
    assert rms(gap) == 0, "Break(500) is silence"
    assert rms(recording.pcm[mark_frame * 2 :]) > 300, "the Cantonese part is spoken"
    assert all(e.tag == "t" for _, e in recording.marks)
    assert [e.name for _, e in recording.marks if isinstance(e, MarkReached)] == ["after-break"]


def test_cantonese_and_mandarin_differ(renderer):
    text = "香港特別行政區政府今日公佈。"
    cantonese = render(renderer, Utterance((TextChunk(text),)), VoiceSettings("espeak:yue", 230))
    mandarin = render(renderer, Utterance((TextChunk(text),)), MANDARIN)
    assert rms(cantonese.pcm) > 300 and rms(mandarin.pcm) > 300
    assert cantonese.pcm != mandarin.pcm


def test_word_offsets_map_to_displayed_text(renderer):
    # The voice reads "二零二二年" for the displayed "2022年" (offsets 0-3 -> 0-3, 年 -> 4),
    # preceded by displayed text at offset 10 of its paragraph.
    chunk = TextChunk("二零二二年好", start=10, offsets=(10, 11, 12, 13, 14, 15))
    recording = render(renderer, Utterance((chunk,)))
    words = [e for _, e in recording.marks if isinstance(e, WordStarted)]
    assert words and all(10 <= w.offset <= 15 for w in words)
    sentence = next(e for _, e in recording.marks if isinstance(e, SentenceStarted))
    assert (sentence.start, sentence.end) == (10, 16)


def test_abort_stops_synthesis_at_once(renderer, longest_seed_paragraph):
    target = PcmRecording()
    completed = renderer.render(
        Utterance((TextChunk(longest_seed_paragraph),)),
        1,
        lambda: MANDARIN,
        target,
        should_abort=lambda: target.frames > SAMPLE_RATE // 10,
    )
    assert not completed
    assert target.seconds < 0.5, "synthesis went on after the abort"
    assert not any(isinstance(e, UtteranceDone) for _, e in target.marks)


def test_missing_voice_falls_back_to_default_with_a_notice():
    notices = []
    renderer = Renderer(engines=("espeak",), on_notice=notices.append)
    try:
        recording = render(
            renderer, Utterance((TextChunk("你好。"),)), VoiceSettings("espeak:xx-none", 230)
        )
    finally:
        renderer.close()
    assert rms(recording.pcm) > 300
    assert [n.message_id for n in notices] == ["voice-missing"]


def test_a_failing_target_stops_rendering_with_its_error():
    """A full disk is not an engine glitch: the target's error reaches the caller, no notice."""
    notices = []
    renderer = Renderer(engines=("espeak",), on_notice=notices.append)

    class FullDisk(PcmRecording):
        def write(self, pcm: bytes) -> None:
            if self.frames > SAMPLE_RATE // 2:
                raise OSError(28, "No space left on device")
            super().write(pcm)

    target = FullDisk()
    try:
        with pytest.raises(OSError, match="No space left"):
            renderer.render(
                Utterance.of_text("第一句话。第二句话。第三句话。"), 1, lambda: MANDARIN, target
            )
    finally:
        renderer.close()
    assert notices == []
    assert 0 < target.frames <= SAMPLE_RATE
