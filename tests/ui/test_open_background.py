"""Opening a file (``o``) on a background thread: the reader keeps talking while it is read.

A big real file (about 12 MB of text) goes through the real importer.
Where a test must act *while* the file is being read, the read waits on
a ``threading.Event`` the test holds (``gate``) before the real importer
runs, so no step depends on how fast the machine is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.ui import app as app_module
from reader.ui import opening
from tests.conftest import ROOT
from tests.hostile_corpus import all_cases
from tests.ui.conftest import spoken, wait_until

SIZE = (80, 24)
OLD_WHERE = "第1篇，共2篇，第一回 春天，第2段"  # where-am-i in the book, paragraph 2
PARAGRAPH = "春天来了。花开了。我们去公园散步。公园里有很多人。" * 4


def write_big(path: Path, chapters: int = 300) -> Path:
    """A novel of about 12 MB in plain text: ``chapters`` chapters of 135 paragraphs."""
    body = "\n\n".join(f"第{i}段。{PARAGRAPH}" for i in range(135))
    text = "\n\n".join(f"第{c}章 春天\n\n{body}" for c in range(1, chapters + 1))
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def big(tmp_path) -> Path:
    return write_big(tmp_path / "big.txt")


@pytest.fixture
def held(tmp_path, gate) -> Path:
    """A small novel whose read waits for ``gate.release()`` (its size does not matter then)."""
    return gate.hold(write_big(tmp_path / "novel.txt", chapters=3))


class Gate:
    """Holds the background read of the files given to ``hold`` until ``release``."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.held: set[Path] = set()

    def hold(self, path: Path) -> Path:
        self.held.add(path)
        return path

    def release(self) -> None:
        self.open.set()


@pytest.fixture
def gate(monkeypatch):
    gate = Gate()
    real_load = opening._load

    def gated_load(path: str):
        if Path(path) in gate.held:
            assert gate.open.wait(60), "the test never released the gate"
        return real_load(path)

    monkeypatch.setattr(opening, "_load", gated_load)
    yield gate
    gate.release()  # a thread still waiting ends with the test


async def type_open(pilot, path: Path) -> None:
    """``o``, the path, Enter."""
    await pilot.press("o")
    await wait_until(pilot, lambda: pilot.app.screen.query("Input"), "the open prompt")
    pilot.app.screen.query_one("Input").value = str(path)
    await pilot.press("enter")


def said(speech_log: Path, text: str) -> bool:
    return any(t.startswith(text) for t in spoken(speech_log))


async def test_big_file_opens_in_the_background_and_keys_answer_meanwhile(
    make_app, book, big, gate, speech_log
):
    gate.hold(big)
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        await type_open(pilot, big)
        await wait_until(pilot, lambda: said(speech_log, "正在打开big.txt…"), "the opening cue")
        assert app.opening is not None
        # Keys work while the file is read, about the document still open.
        await pilot.press("w")
        await wait_until(pilot, lambda: said(speech_log, OLD_WHERE), "where am I, in the old book")
        await pilot.press("down")
        await wait_until(pilot, lambda: app.state.paragraph == 2, "moving in the old book")
        assert app.state.current_article.title == "第一回 春天"
        assert not said(speech_log, "已打开big.txt")
        gate.release()
        await wait_until(pilot, lambda: said(speech_log, "已打开big.txt，300篇"), "the file opened")
        assert app.opening is None
        assert app.state.current_article.title == "第1章 春天"
        assert app.state.article_count == 302
        texts = spoken(speech_log)
        where_at = next(i for i, t in enumerate(texts) if t.startswith(OLD_WHERE))
        assert texts.index("正在打开big.txt…") < where_at < texts.index("已打开big.txt，300篇")
        await pilot.press("w")
        await wait_until(
            pilot, lambda: said(speech_log, "第3篇，共302篇，第1章 春天，第1段"), "the new place"
        )


async def test_big_file_without_a_gate(make_app, book, big, speech_log):
    """The real timing: the announcement comes first, the app answers at once, the file opens."""
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await type_open(pilot, big)
        await pilot.press("w")  # answered whenever it comes: before, or after, the file is read
        await wait_until(pilot, lambda: said(speech_log, "已打开big.txt，300篇"), "the file opened")
        texts = spoken(speech_log)
        assert texts.index("正在打开big.txt…") < texts.index("已打开big.txt，300篇")
        assert any(t.startswith(("第1篇，共2篇", "第3篇，共302篇")) for t in texts)
        assert app.state.current_article.title == "第1章 春天"


async def test_still_opening_is_said_while_the_read_lasts(
    make_app, book, held, gate, speech_log, monkeypatch
):
    monkeypatch.setattr(app_module, "FIRST_CUE_S", 0.1)
    monkeypatch.setattr(app_module, "CUE_EVERY_S", 0.1)
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await type_open(pilot, held)
        await wait_until(pilot, lambda: spoken(speech_log).count("还在打开…") >= 2, "two cues")
        assert app.state.current_article.title == "第一回 春天"
        gate.release()
        await wait_until(pilot, lambda: said(speech_log, "已打开novel.txt，3篇"), "the file opened")
        cues = spoken(speech_log).count("还在打开…")
        await pilot.pause(0.5)
        assert spoken(speech_log).count("还在打开…") == cues  # no cue once it is open
        assert app._open_cue is None


async def test_a_second_open_supersedes_the_first(make_app, book, note, held, gate, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await type_open(pilot, held)
        await wait_until(pilot, lambda: said(speech_log, "正在打开novel.txt…"), "the first open")
        first = app.opening
        await type_open(pilot, note)
        await wait_until(pilot, lambda: said(speech_log, "已打开note.txt，1篇"), "the second open")
        assert app.state.current_article.title == "旅行笔记"
        gate.release()
        first.thread.join(30)
        assert not first.thread.is_alive()
        await pilot.pause(0.2)
        assert not said(speech_log, "已打开novel.txt")
        assert app.state.current_article.title == "旅行笔记"
        assert app.state.article_count == 3  # the book's two and the note: not the novel


async def test_esc_cancels_an_open(make_app, book, held, gate, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        await type_open(pilot, held)
        await wait_until(pilot, lambda: said(speech_log, "正在打开novel.txt…"), "the open")
        job = app.opening
        await pilot.press("escape")
        await wait_until(pilot, lambda: said(speech_log, "已取消打开novel.txt"), "the cancel")
        assert app.opening is None
        gate.release()
        job.thread.join(30)
        await pilot.pause(0.2)
        assert not said(speech_log, "已打开novel.txt")
        assert (app.state.article_count, app.state.article, app.state.paragraph) == (2, 0, 1)
        # Esc with nothing being opened stops speech, as always.
        await pilot.press("escape")
        await wait_until(pilot, lambda: spoken(speech_log)[-1] == "停止", "the stop")


async def test_failures_in_the_background_leave_the_book(
    make_app, book, tmp_path, speech_log, monkeypatch
):
    hostile = tmp_path / "random-small.txt"
    hostile.write_bytes({c.name: c for c in all_cases(0.05)}[hostile.name].make())
    broken = tmp_path / "broken.txt"
    broken.write_text("正文", encoding="utf-8")
    real_load = opening._load

    def load_with_a_bug(path: str):
        if Path(path) == broken:
            raise RuntimeError("an importer bug")
        return real_load(path)

    monkeypatch.setattr(opening, "_load", load_with_a_bug)
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        before = (app.state.article_count, app.state.article, app.state.paragraph)
        await type_open(pilot, hostile)
        await wait_until(pilot, lambda: said(speech_log, "打不开：random-small.txt"), "refused")
        assert (app.state.article_count, app.state.article, app.state.paragraph) == before
        await type_open(pilot, broken)
        await wait_until(pilot, lambda: spoken(speech_log)[-1] == "打不开：broken.txt", "the bug")
        assert (app.state.article_count, app.state.article, app.state.paragraph) == before
        assert app.opening is None
        await type_open(pilot, tmp_path / "missing.txt")
        await wait_until(
            pilot,
            lambda: said(speech_log, "打不开：") and "missing.txt" in spoken(speech_log)[-1],
            "missing",
        )
        assert (app.state.article_count, app.state.article, app.state.paragraph) == before


async def test_quit_while_opening_saves_and_drops_the_open(make_app, book, held, gate, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        await type_open(pilot, held)
        await wait_until(pilot, lambda: said(speech_log, "正在打开novel.txt…"), "the open")
        job = app.opening
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert job.thread.daemon and job.cancelled.is_set()
    saved = json.loads(app.positions.path.read_text(encoding="utf-8"))
    assert [e["anchor"]["paragraph"] for e in saved["files"].values()] == [2]


QUIT_WHILE_OPENING = """
import asyncio, sys, threading
from reader.ui import opening
from reader.ui.app import AppOptions, create_app

never = threading.Event()
opening._load = lambda path: never.wait()  # a read that never ends

async def main():
    app = create_app(AppOptions(files=[sys.argv[1]], audio="null"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "o")
        await pilot.pause(0.2)
        app.screen.query_one("Input").value = sys.argv[2]
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.opening is not None and app.opening.thread.is_alive()
        await pilot.press("q")

asyncio.run(main())
print("returned")
"""


def test_the_process_ends_though_a_read_never_does(book, tmp_path, isolated_home):
    """Quitting while a file is being read ends the process: the reading thread does not hold it."""
    done = subprocess.run(
        [sys.executable, "-c", QUIT_WHILE_OPENING, str(book), str(tmp_path / "big.txt")],
        cwd=ROOT,
        env={**os.environ, "READER_HOME": str(isolated_home)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "returned"
    saved = json.loads((isolated_home / "state" / "positions.json").read_text(encoding="utf-8"))
    assert [e["anchor"]["paragraph"] for e in saved["files"].values()] == [1]
