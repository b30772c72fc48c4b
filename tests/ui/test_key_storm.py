"""Key storms: thousands of random keys into the real app while it speaks (issue 8, requirement 2).

The real app, real espeak-ng speech played at real-time pace to the null
device, real files. Keys come from the whole key table and the rest of
the keyboard (dialogs included), never quit. After the storm: no
exception (the app's or a logged one), the speech backlog stayed small,
the state is consistent on screen and on disk, and Enter reads exactly
the current paragraph. ``benchmarks/keystorm.py`` runs a longer storm.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ui.messages import ExportStarted
from reader.ui.screens.reading import ReadingScreen
from tests.conftest import SEED
from tests.ui.conftest import screen_text, spoken, wait_until
from tests.ui.storm import (
    MAX_BACKLOG,
    ErrorLog,
    app_failed,
    back_to_reading,
    final_state_problems,
    key_event,
    read_key_problems,
    screen_problems,
    stack_problems,
    storm,
    storm_keys,
)

SIZE = (80, 24)
STORM_KEYS = 3000


@pytest.fixture
def documents(tmp_path, monkeypatch, book, note):
    """The book, the note and the newspaper page; the working folder holds only them.

    The open-file prompt reads what the storm types as a path, relative to it.
    """
    folder = tmp_path / "docs"
    folder.mkdir()
    paths = []
    for path in (book, note):
        target = folder / path.name
        target.write_bytes(path.read_bytes())
        paths.append(target)
    monkeypatch.chdir(folder)
    return [*paths, SEED]


async def _storm_and_check(make_app, documents, speech_log, seed: int, keys: int) -> None:
    app = make_app(*documents)
    with ErrorLog() as errors:
        async with app.run_test(size=SIZE) as pilot:
            assert app.speech.manager is not None and app.speech.manager.engine_name == "espeak"
            report = await storm(app, pilot, random.Random(seed), keys)
            assert report.failures == []
            assert report.keys >= keys
            assert report.samples > 0
            assert report.max_backlog <= MAX_BACKLOG, report
            assert report.max_outstanding <= MAX_BACKLOG, report
            assert await back_to_reading(app, pilot) <= 2
            await pilot.pause()
            assert final_state_problems(app) == []
            assert await read_key_problems(app, pilot, speech_log) == []
        assert app.return_code in (None, 0)
    assert errors.messages() == []


def test_storm_keys_cover_the_key_table_and_never_quit():
    from reader.ui.keys import READING_KEYS

    keys = set(storm_keys())
    assert {spec.key for spec in READING_KEYS if spec.id != "quit"} <= keys
    assert {"s", "f1", "a", "B", "o", "e", "g", "tab", "escape", "enter", "f5", "ctrl+a"} <= keys
    assert not keys & {"q", "ctrl+q"}


async def test_enter_typed_ahead_closes_only_the_prompt(make_app, documents, speech_log):
    """Found by the storm: a second Enter reached the prompt after it closed and closed the
    reading screen under it; and the digits typed right after ``g`` were lost."""
    app = make_app(*documents)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("g", "5", "0", "enter", "enter", "escape", "escape"):
            app.post_message(key_event(key))
        await pilot.pause()
        assert stack_problems(app) == []
        assert isinstance(app.screen, ReadingScreen)
        assert 45 <= app.state.percent() <= 55
        assert any(text.startswith("50%：") for text in spoken(speech_log))


async def test_enter_typed_ahead_starts_one_export(make_app, documents):
    """Found by the storm: Enter Enter in the export dialog started two exports."""
    messages: list = []
    app = make_app(*documents)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        for key in ("e", "enter", "enter", "enter"):
            app.post_message(key_event(key))
        await pilot.pause()
        await wait_until(
            pilot, lambda: any(isinstance(m, ExportStarted) for m in messages), "start"
        )
        assert stack_problems(app) == []
        assert sum(isinstance(m, ExportStarted) for m in messages) == 1


async def test_large_text_off_after_moving_to_a_shorter_article(make_app, documents):
    """Found by the storm: the hidden article view drew the last paragraphs of the article it
    had been laid out for against the new one (IndexError)."""
    app = make_app(*documents)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "l", "pagedown", "pagedown", "l")
        await pilot.pause()
        assert not app_failed(app)
        assert (app.state.article, app.state.paragraph) == (2, 0)
        assert screen_problems(app) == []


async def test_the_screen_is_filled_at_start_in_both_views(make_app, documents):
    """Found by the hypothesis storm: with large text saved on, the large view stayed blank (and
    the status line empty in both views) until a key moved the position."""
    for large in (False, True):
        app = make_app(*documents)
        async with app.run_test(size=SIZE) as pilot:
            app.apply_setting("large_text", large)  # saved: the next start begins with it
        app = make_app(*documents)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.settings.large_text is large
            assert screen_problems(app) == []
            assert "第1/6篇" in screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("seed", [1, 2])
async def test_key_storm(make_app, documents, speech_log, seed):
    await _storm_and_check(make_app, documents, speech_log, seed, STORM_KEYS // 2)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(keys=st.lists(st.sampled_from(storm_keys()), min_size=1, max_size=80))
def test_any_key_sequence_leaves_a_consistent_reader(make_app, documents, speech_log, keys):
    """Hypothesis chooses the keys (and shrinks a failing sequence to the few that matter)."""

    async def run() -> None:
        app = make_app(*documents)
        with ErrorLog() as errors:
            async with app.run_test(size=SIZE) as pilot:
                for key in keys:
                    app.post_message(key_event(key))
                await pilot.pause()
                assert not app_failed(app), app._exception
                assert stack_problems(app) == []
                assert app.speech.backlog <= MAX_BACKLOG
                assert await back_to_reading(app, pilot) <= 2
                await pilot.pause()
                assert final_state_problems(app) == []
                assert await read_key_problems(app, pilot, speech_log) == []
        assert errors.messages() == []

    asyncio.run(run())
