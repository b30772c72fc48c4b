"""Quitting however it comes (q, Ctrl+C, SIGTERM/SIGHUP/SIGINT, any other exit) saves the place."""

from __future__ import annotations

import json
import os
import signal
import threading

import pytest

from reader.ui.app import QUIT_SIGNALS
from tests.ui.conftest import spoken, wait_until

SIZE = (90, 26)


def saved_paragraph(app) -> int:
    saved = json.loads(app.positions.path.read_text(encoding="utf-8"))
    (entry,) = saved["files"].values()
    return entry["anchor"]["paragraph"]


def speech_stopped(app) -> bool:
    """The speech manager is closed and its threads have ended."""
    names = {t.name for t in threading.enumerate()}
    return app.speech.manager is None and not names & {"speech-synth", "speech-events"}


async def test_ctrl_c_quits_like_q_and_saves(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0
    assert saved_paragraph(app) == 2
    assert speech_stopped(app)


async def test_ctrl_c_quits_from_any_screen(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "f1")
        await wait_until(pilot, lambda: len(app.screen_stack) > 2, "the help screen")
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0
    assert saved_paragraph(app) == 1


async def test_help_says_ctrl_c_quits(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1", "end")
        await wait_until(pilot, lambda: "Ctrl+C" in " ".join(spoken(speech_log)), "the quit key")
    assert any("q / Ctrl+C" in text for text in spoken(speech_log))


@pytest.mark.parametrize("signum", QUIT_SIGNALS, ids=lambda s: signal.Signals(s).name)
async def test_a_quit_signal_saves_and_exits(make_app, book, speech_log, signum):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert signum in app._signals, "the handler is on the event loop"
        os.kill(os.getpid(), signum)
        await wait_until(pilot, lambda: app.return_code is not None, "the app to quit")
    assert app.return_code == 128 + signum
    assert saved_paragraph(app) == 1
    assert speech_stopped(app)
    # The signals are given back when the app ends (this test process keeps its defaults).
    assert app._signals == []


async def test_any_exit_saves_the_position(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        app.exit()  # not through q: e.g. an error that ends the app
    assert saved_paragraph(app) == 2
