"""Key storms and terminal resizing on the real app (issue 8, requirements 2 and 5).

A storm of random keys (default 20 000; ``--storm-keys N`` for more) is
posted in bursts into the real app while it reads three documents aloud
with espeak-ng through the null device (real-time pace), exactly as
``tests/ui/test_key_storm.py`` does it (``tests/ui/storm.py``); then a
resize sweep (tiny, huge and back) in normal and every large-text mode
while reading. Reported: keys pressed, exceptions (the app's and logged
ones), the largest speech backlog seen (sampled every 2 ms), failed
final-state checks, resizes done, time per key, and the process's
resident memory before, halfway through and after the storm (the first
half loads what the keys use for the first time: jieba, the OpenCC
converters, pinyin, the voice list, glyphs; the second half must not grow).

The backlog bound: a ``NOW`` utterance (every key's answer) cancels all
queued speech; continuous reading keeps 3 paragraphs ahead plus its end
notice; an export report or a speech notice (``NEXT``) may wait behind
them. So 6 unfinished utterances is the most a correct app can have.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
from pathlib import Path

from benchmarks.result import Result

DEFAULT_KEYS = 20_000
RSS_GROWTH_MB = 20
SIZE = (80, 24)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--storm-keys N`` and ``--storm-seed S``."""
    parser.add_argument(
        "--storm-keys", type=int, default=DEFAULT_KEYS, metavar="N", help="keys in the storm"
    )
    parser.add_argument("--storm-seed", type=int, default=8, metavar="S", help="storm seed")


def _rss_mb() -> float:
    """This process's resident memory now, in MB (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _documents(folder: Path) -> list[Path]:
    from tests.conftest import SEED
    from tests.ui.conftest import BOOK, NOTE

    docs = folder / "docs"
    docs.mkdir()
    (docs / "book.txt").write_text(BOOK, encoding="utf-8")
    (docs / "note.txt").write_text(NOTE, encoding="utf-8")
    return [docs / "book.txt", docs / "note.txt", SEED]


async def _storm_run(files: list[Path], log: Path, keys: int, seed: int) -> dict:
    from reader.ui.app import AppOptions, create_app
    from tests.ui.storm import (
        ErrorLog,
        back_to_reading,
        final_state_problems,
        read_key_problems,
        storm,
    )

    app = create_app(AppOptions(files=[str(f) for f in files], audio="null", speech_log=str(log)))
    out: dict = {}
    with ErrorLog() as errors:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            out["rss_before"] = _rss_mb()
            rng = random.Random(seed)
            report = await storm(app, pilot, rng, keys // 2)
            out["rss_half"] = _rss_mb()
            second = await storm(app, pilot, rng, keys - report.keys)
            out["rss_after"] = _rss_mb()
            report.merge(second)
            failures = list(report.failures)
            if await back_to_reading(app, pilot) > 2:
                failures.append("more than two dialogs open")
            await pilot.pause()
            failures += final_state_problems(app)
            failures += await read_key_problems(app, pilot, log)
        out["exception"] = app._exception  # noqa: SLF001
    out["report"] = report
    out["failures"] = failures
    out["errors"] = errors.messages()
    return out


async def _resize_run(files: list[Path], log: Path) -> tuple[int, list[str]]:
    from reader.state import LARGE_STYLES, ZOOM_MAX, ZOOM_MIN
    from reader.ui.app import AppOptions, create_app
    from tests.ui.storm import app_failed, screen_problems

    sizes = [(20, 5), (1, 1), (10, 3), (400, 200), (2, 1), (120, 40), SIZE]
    modes = [None] + [
        (style, zoom, plain)
        for style in LARGE_STYLES
        for zoom in range(ZOOM_MIN, ZOOM_MAX + 1)
        for plain in (False, True)
    ]
    app = create_app(AppOptions(files=[str(f) for f in files], audio="null", speech_log=str(log)))
    resizes, failures = 0, []
    async with app.run_test(size=SIZE) as pilot:
        for mode in modes:
            if mode is None:
                app.apply_setting("large_text", False)
            else:
                for name, value in zip(("large_style", "zoom", "large_plain"), mode, strict=True):
                    app.apply_setting(name, value)
                app.apply_setting("large_text", True)
            await pilot.press("pagedown", "enter")
            for width, height in sizes:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                resizes += 1
                if app_failed(app):
                    return resizes, [f"{mode} at {width}×{height}: {app._exception!r}"]  # noqa: SLF001
            await pilot.press("escape")
            await pilot.pause()
            failures += [f"{mode}: {p}" for p in screen_problems(app)]
    return resizes, failures


def run(options: argparse.Namespace) -> list[Result]:
    """The storm, then the resize sweep."""
    from tests.ui.storm import MAX_BACKLOG

    keys = getattr(options, "storm_keys", DEFAULT_KEYS)
    seed = getattr(options, "storm_seed", 8)
    old_home, old_cwd = os.environ.get("READER_HOME"), os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["READER_HOME"] = str(folder / "home")
        files = _documents(folder)
        os.chdir(files[0].parent)  # the open-file prompt reads typed paths from here
        try:
            storm = asyncio.run(_storm_run(files, folder / "storm.jsonl", keys, seed))
            resizes, resize_failures = asyncio.run(_resize_run(files, folder / "resize.jsonl"))
        finally:
            os.chdir(old_cwd)
            if old_home is None:
                os.environ.pop("READER_HOME", None)
            else:
                os.environ["READER_HOME"] = old_home
    report = storm["report"]
    exceptions = len(storm["errors"]) + (storm["exception"] is not None)
    note = "; ".join((storm["errors"] + storm["failures"])[:2])[:120]
    return [
        Result("keystorm.keys", report.keys, "keys", note=f"seed {seed}"),
        Result("keystorm.exceptions", exceptions, "", 0, note=note if exceptions else ""),
        Result(
            "keystorm.max_speech_backlog",
            report.max_backlog,
            "utterances",
            MAX_BACKLOG,
            note=f"{report.samples} samples",
        ),
        Result("keystorm.max_tracked_utterances", report.max_outstanding, "", MAX_BACKLOG),
        Result(
            "keystorm.final_state_failures",
            len(storm["failures"]),
            "",
            0,
            note=note if storm["failures"] else "",
        ),
        Result("keystorm.dialogs_opened", report.dialogs_opened, "dialogs"),
        Result(
            "keystorm.quiet_checks",
            report.quiet_checks,
            "checks",
            note="pauses: no drift without reading, the screen shows the position",
        ),
        Result("keystorm.ms_per_key", report.seconds * 1000 / max(1, report.keys), "ms"),
        Result("keystorm.rss_before_mb", storm["rss_before"], "MB"),
        Result(
            "keystorm.rss_after_mb",
            storm["rss_after"],
            "MB",
            note="jieba, OpenCC, pinyin, voices and glyphs load on first use",
        ),
        Result(
            "keystorm.rss_growth_second_half_mb",
            storm["rss_after"] - storm["rss_half"],
            "MB",
            RSS_GROWTH_MB,
            note="everything loaded by then: growth here would be a leak",
        ),
        Result("resize.resizes", resizes, "resizes"),
        Result(
            "resize.failures",
            len(resize_failures),
            "",
            0,
            note="; ".join(resize_failures[:2])[:120],
        ),
    ]
