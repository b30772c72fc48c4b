"""A short soak: a few hundred paragraphs read on, time-compressed, through the null device.

Every paragraph must be queued and heard once, in order, to the library's
end; threads and open files must not grow, and every per-utterance
structure (the bridge's and the manager's live utterances, the audio
queue and marks, the app's message queue) must be empty again at the end.
``python -m benchmarks soak`` does the same for a whole novel in the real
process, measured from outside.
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import pytest

from reader.ui.i18n import tr
from tests.ui.conftest import wait_until
from voices.audio import TIME_SCALE_ENV

EXCERPT = Path(__file__).resolve().parent.parent / "data" / "hongloumeng-utf8.txt"
CHAPTERS = 4
PARAGRAPHS_PER_CHAPTER = 50
WARM_UP_PARAGRAPHS = 30
SPEED = 300  # the null output plays 300× real time

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="counts threads and files through /proc"
)


def soak_book(path: Path) -> Path:
    """200 paragraphs of one or two sentences of 红楼梦, in four chapters."""
    text = EXCERPT.read_text(encoding="utf-8")
    body = text[text.index("此开卷") :]
    sentences = [s for s in re.findall(r"[^．。！？\s]+[．。！？]", body) if len(s) > 6]
    lines, n = [], 0
    for chapter in range(1, CHAPTERS + 1):
        lines += [f"第{chapter}回 长读测试", ""]
        for _ in range(PARAGRAPHS_PER_CHAPTER):
            count = 1 + n % 2
            lines += ["".join(sentences[(n + k) % len(sentences)] for k in range(count)), ""]
            n += count
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def threads_and_files() -> tuple[int, int]:
    """Threads of this process (native ones too) and its open file descriptors."""
    return len(os.listdir("/proc/self/task")), len(os.listdir("/proc/self/fd"))


async def test_reading_a_few_hundred_paragraphs_leaks_nothing(
    make_app, tmp_path, speech_log, monkeypatch
):
    monkeypatch.setenv(TIME_SCALE_ENV, str(SPEED))
    app = make_app(soak_book(tmp_path / "soak.txt"), rate=10)
    async with app.run_test(size=(80, 24)) as pilot:
        state = app.state
        expected = [
            state.text(a, p)
            for a in range(len(state.library))
            for p in range(len(state.library[a].paragraphs))
        ]
        assert len(expected) == CHAPTERS * PARAGRAPHS_PER_CHAPTER
        await pilot.press("enter")

        def heard() -> int:
            return state.article * PARAGRAPHS_PER_CHAPTER + state.paragraph

        await wait_until(pilot, lambda: heard() >= WARM_UP_PARAGRAPHS, "the warm-up", timeout=60)
        warm = threads_and_files()
        python_threads = threading.active_count()
        await wait_until(
            pilot, lambda: not app.sayall.active, "the end of the library", timeout=120
        )
        await pilot.pause(0.2)
        after = threads_and_files()

        entries = [json.loads(line) for line in speech_log.read_text().splitlines()]
        reading = [e for e in entries if e.get("priority") == "normal"]
        assert [e["shown"].split("\n")[-1] for e in reading[:-1]] == expected
        assert reading[-1]["shown"] == tr("library.end", app.lang)
        starts = [e["id"] for e in entries if e.get("event") == "started"]
        for e in reading:
            assert starts.count(e["id"]) == 1, f"paragraph {e['shown'][:12]} heard once"
        assert (state.article, state.paragraph) == (CHAPTERS - 1, PARAGRAPHS_PER_CHAPTER - 1)

        assert after[0] <= warm[0], f"threads grew: {warm[0]} → {after[0]}"
        assert threading.active_count() <= python_threads
        assert after[1] <= warm[1], f"open files grew: {warm[1]} → {after[1]}"
        manager = app.speech.manager
        assert not app.speech._current and not manager._live and not manager._queue
        output = manager.output
        assert not output._chunks and not output._marks
        assert app._message_queue.qsize() < 5, "the UI keeps up with the speech events"
        assert len(app.speech.log.entries) <= 500
        await app.action_quit()
