"""Fixtures for the app tests: small real documents, the app factory, the speech log."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from rich.console import Console

from reader.ui.app import AppOptions, create_app

BOOK = """第一回 春天

春天来了。花开了。

我们去公园散步。公园里有很多人。

第一回最后一段。

第二回 夏天

夏天很热。

图书馆里有很多书。
"""

NOTE = """旅行笔记

火车开得很快。窗外是稻田。

到站了。
"""


@pytest.fixture
def book(tmp_path) -> Path:
    """A plain-text book of two chapters (two articles)."""
    path = tmp_path / "book.txt"
    path.write_text(BOOK, encoding="utf-8")
    return path


@pytest.fixture
def note(tmp_path) -> Path:
    """A one-article note."""
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    return path


@pytest.fixture
def speech_log(tmp_path) -> Path:
    """Where the app writes its speech log."""
    return tmp_path / "speech.jsonl"


@pytest.fixture
def make_app(speech_log):
    """Build the real app for files, with the null audio device and the speech log."""

    def make(*files: Path, **options):
        opts = AppOptions(
            files=[str(f) for f in files],
            audio="null",
            speech_log=str(speech_log),
            **options,
        )
        return create_app(opts)

    return make


def log_entries(path: Path) -> list[dict]:
    """Utterances in the speech log (progress events left out)."""
    if not path.exists():
        return []
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [e for e in entries if e.get("kind") != "event"]


def spoken(path: Path) -> list[str]:
    """The shown text of every utterance in the speech log."""
    return [e["shown"] for e in log_entries(path)]


def last_spoken(path: Path) -> str:
    """The shown text of the last utterance."""
    texts = spoken(path)
    return texts[-1] if texts else ""


def screen_text(app) -> str:
    """The app's screen as plain text (what a sighted helper sees, without colours)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(app.screen._compositor.render_update(full=True))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


async def wait_until(
    pilot, predicate, what: str, timeout: float = 30.0, interval: float = 0.02
) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await pilot.pause(interval)
    raise AssertionError(f"timed out waiting for {what}")
