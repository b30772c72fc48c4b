"""The speech log stays bounded however long the reading goes on: in memory and on disk."""

from __future__ import annotations

import json
import os

import pytest

from reader.ui import speech
from reader.ui.speech import VIEWER_ENTRIES, SpeechLog


def entry(n: int) -> dict:
    return {"t": n, "priority": "normal", "shown": f"第{n}段。" + "春" * 40, "id": n}


def test_memory_keeps_only_the_last_entries(tmp_path):
    log = SpeechLog(str(tmp_path / "speech.jsonl"))
    for n in range(VIEWER_ENTRIES * 3):
        log.write(entry(n))
        log.write({"kind": "event", "event": "started", "id": n})
    log.close()
    assert len(log.entries) == VIEWER_ENTRIES
    assert log.entries[-1]["id"] == VIEWER_ENTRIES * 3 - 1


def test_file_is_rotated_past_the_cap_and_no_line_is_lost_or_torn(tmp_path, monkeypatch):
    monkeypatch.setattr(speech, "LOG_MAX_BYTES", 4096)
    path = tmp_path / "speech.jsonl"
    path.write_text('{"from": "an earlier run"}\n', encoding="utf-8")
    log = SpeechLog(str(path))
    for n in range(200):
        log.write(entry(n))
    log.close()
    older = path.with_name("speech.jsonl.1")
    assert path.stat().st_size <= 4096 and older.stat().st_size <= 4096
    ids = [json.loads(line).get("id") for p in (older, path) for line in p.read_text().splitlines()]
    tail = list(range(200))[-len(ids) :]
    assert ids == tail, "the two files hold the latest entries, whole and in order"
    assert not list(tmp_path.glob("speech.jsonl.2*")), "one older file is kept, not more"


def test_appends_to_an_existing_log_below_the_cap(tmp_path):
    path = tmp_path / "speech.jsonl"
    path.write_text('{"from": "an earlier run"}\n', encoding="utf-8")
    log = SpeechLog(str(path))
    log.write(entry(1))
    log.close()
    assert [json.loads(line) for line in path.read_text().splitlines()][0] == {
        "from": "an earlier run"
    }
    assert not path.with_name("speech.jsonl.1").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_a_pipe_is_written_on_without_rotating(tmp_path, monkeypatch):
    monkeypatch.setattr(speech, "LOG_MAX_BYTES", 100)
    fifo = tmp_path / "speech.pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        log = SpeechLog(str(fifo))
        for n in range(5):
            log.write(entry(n))
        log.close()
        lines = os.read(reader, 65536).decode("utf-8").splitlines()
    finally:
        os.close(reader)
    assert [json.loads(line)["id"] for line in lines] == list(range(5))
    assert not fifo.with_name("speech.pipe.1").exists()


async def test_hidden_viewer_is_not_written_and_shows_recent_speech_once_opened(
    make_app, book, speech_log
):
    from reader.ui.widgets.speech_viewer import SpeechViewer
    from tests.ui.conftest import screen_text

    app = make_app(book)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = app.screen.query_one(SpeechViewer)
        await pilot.press("down", "down", "w")
        await pilot.pause()
        assert viewer.line_count == 0, "a hidden viewer costs nothing per utterance"
        app.session.say("临时一句")  # its message is still queued when the viewer opens
        said = [e["shown"] for e in app.speech.log.entries]
        app.screen.action_speech_viewer()  # F2
        await pilot.pause()
        lines = list(viewer.lines)
        assert [line.split("] ", 1)[1] for line in lines] == [
            " ".join(s.split()) for s in [*said, "语音记录开"]
        ], "every recent utterance once, in order, then the new one"
        assert "[now] 语音记录开" in screen_text(app)
