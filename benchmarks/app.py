"""The reading app: time to the first speech, a big book's memory, jumps and variant switches.

``app.cold_start_first_speech_ms`` and ``book.open_first_speech_ms`` run the
real ``python -m reader --audio null --speech-log F`` in a pseudo-terminal
and time process start → the first PCM frame of the welcome (the speech
log's ``started`` event, written by the speech thread when playback of the
utterance begins). ``book.peak_rss_mb`` is that process's peak resident
memory after opening the book, jumping to the middle and switching script.
``book.jump_ms`` and ``book.variant_switch_ms`` are measured in process on
the running app: the state change plus drawing every visible line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.result import Result, median

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BOOK = ROOT.parent / "shared" / "data" / "novels" / "红楼梦.txt"
RUNS = 3
TIMEOUT_S = 30.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--book PATH``: the big book (default: 红楼梦 from the shared data, when present)."""
    parser.add_argument("--book", metavar="PATH", help="a big book for the book.* figures")


def _read_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            break  # a line being written
    return out


class _Reader:
    """``python -m reader`` running in a pseudo-terminal with a private READER_HOME."""

    def __init__(self, files: list[str], home: Path) -> None:
        self.log = home / "speech.jsonl"
        self.log.unlink(missing_ok=True)
        master, slave = pty.openpty()
        self.master = master
        env = {**os.environ, "READER_HOME": str(home), "TERM": "xterm-256color"}
        args = [sys.executable, "-m", "reader", "--audio", "null", "--speech-log", str(self.log)]
        self.started = time.time()
        self.process = subprocess.Popen(
            [*args, *files],
            cwd=ROOT,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        os.close(slave)

    def first_speech_s(self) -> tuple[float, bool]:
        """Seconds from process start to the welcome's first audio (or its submission)."""
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            self._drain()
            entries = _read_log(self.log)
            utterances = [e for e in entries if e.get("kind") != "event"]
            if utterances:
                welcome = utterances[0]
                if welcome.get("id") is None:
                    # No speech manager: only the submission can be timed.
                    return welcome["t"] - self.started, False
                for e in entries:
                    if e.get("event") == "started" and e.get("id") == welcome["id"]:
                        return e["t"] - self.started, True
            time.sleep(0.005)
        raise RuntimeError("the reader did not speak its welcome")

    def send(self, keys: bytes) -> None:
        """Type ``keys`` into the app's terminal."""
        os.write(self.master, keys)

    def peak_rss_mb(self) -> float:
        """The process's peak resident memory so far (VmHWM)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def _drain(self) -> None:
        import select

        while select.select([self.master], [], [], 0)[0]:
            try:
                if not os.read(self.master, 65536):
                    return
            except OSError:
                return

    def stop(self) -> None:
        """Quit (q), or terminate if it does not."""
        try:
            self.send(b"q")
            deadline = time.monotonic() + 5
            while self.process.poll() is None and time.monotonic() < deadline:
                self._drain()
                time.sleep(0.02)
        finally:
            if self.process.poll() is None:
                self.process.terminate()
                self.process.wait(5)
            os.close(self.master)


def _first_speech(files: list[str], name: str, target: float) -> Result:
    times, real = [], True
    with tempfile.TemporaryDirectory() as home:
        for _ in range(RUNS):
            reader = _Reader(files, Path(home))
            try:
                seconds, heard = reader.first_speech_s()
            finally:
                reader.stop()
            times.append(seconds * 1000)
            real = real and heard
    note = f"median of {RUNS}" if real else "no speech manager: welcome submitted, not heard"
    return Result(name, median(times), "ms", target, note=note)


def _book_memory(book: str) -> Result:
    with tempfile.TemporaryDirectory() as home:
        reader = _Reader([book], Path(home))
        try:
            reader.first_speech_s()
            for keys in (b"g", b"50", b"\r", b"v", b"\x1b[B", b"\x1b[6~"):
                reader.send(keys)
                time.sleep(0.2)
            time.sleep(1.5)  # jieba and OpenCC load in the background
            peak = reader.peak_rss_mb()
        finally:
            reader.stop()
    return Result("book.peak_rss_mb", peak, "MB", 250, note="open, jump 50 %, v, ↓, PageDown")


async def _in_app(book: str) -> list[Result]:
    from reader.logs import setup_logging
    from reader.ui.app import AppOptions, create_app

    setup_logging()
    app = create_app(AppOptions(files=[book], audio="null"))
    jumps, switches = [], []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.view
        height = view.scrollable_content_region.height

        def draw() -> None:
            for y in range(height):
                view.render_line(y)

        for percent in (50, 23, 77, 50, 91, 5, 64):
            t = time.perf_counter()
            screen.go_to_percent(percent)
            draw()
            jumps.append((time.perf_counter() - t) * 1000)
            await pilot.pause()
        for _ in range(8):
            t = time.perf_counter()
            screen.action_next_variant()
            draw()
            switches.append((time.perf_counter() - t) * 1000)
            await pilot.pause()
        await app.action_quit()
    return [
        Result("book.jump_ms", median(jumps), "ms", 50, note=f"median of {len(jumps)}"),
        Result("book.variant_switch_ms", median(switches), "ms", 50, note="简→繁→臺→港 cycle"),
    ]


def run(options: argparse.Namespace) -> list[Result]:
    """Measure start-up to first speech, and the big-book figures when a book is available."""
    results = [_first_speech([], "app.cold_start_first_speech_ms", 1200)]
    book = getattr(options, "book", None) or (str(DEFAULT_BOOK) if DEFAULT_BOOK.exists() else "")
    if not book:
        results.append(Result("book.skipped", 0, note="no --book and no shared 红楼梦 file"))
        return results
    results.append(_first_speech([book], "book.open_first_speech_ms", 1500))
    results.append(_book_memory(book))
    with tempfile.TemporaryDirectory() as home:
        previous = os.environ.get("READER_HOME")
        os.environ["READER_HOME"] = home
        try:
            results.extend(asyncio.run(_in_app(book)))
        finally:
            if previous is None:
                os.environ.pop("READER_HOME", None)
            else:
                os.environ["READER_HOME"] = previous
    return results
