"""Stop the real ``reader`` in a real terminal (tmux) and see what it left: for tests and benchmarks.

:func:`stop_reader` starts ``reader BOOK`` on a private tmux server with
its own READER_HOME, moves to paragraph 2 and stops it at once (well
before the 2-second save timer) in one of the :data:`WAYS`: SIGTERM,
SIGHUP or SIGINT sent with ``kill``, Ctrl+C typed in the terminal (raw
mode: a key, not a signal), or the terminal itself closed. It reports the
exit status, the saved paragraph, the terminal's modes and flags after
the exit, and whether anything went wrong in the log.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAYS = ("TERM", "HUP", "INT", "ctrl+c key", "terminal closed")
EXPECTED_STATUS = {"TERM": 143, "HUP": 129, "INT": 130, "ctrl+c key": 0, "terminal closed": None}
BOOK = "第一回 春天\n\n春天来了。花开了。\n\n我们去公园散步。公园里有很多人。\n\n第一回最后一段。\n"
PARAGRAPH_2 = "我们去公园散步。公园里有很多人。"
TIMEOUT_S = 20.0


@dataclass
class StopResult:
    """What one stopped reader left behind."""

    way: str
    status: int | None  # the exit status (None when the terminal was closed: nobody to ask)
    saved_paragraph: int | None  # 0-based; None: nothing saved
    cooked: bool  # stty shows icanon and echo again
    flags: str  # tmux's "alternate_on cursor_flag mouse_any_flag" ("0 1 0": restored)
    traceback_shown: bool
    errors_logged: bool
    exit_seconds: float

    @property
    def ok(self) -> bool:
        """Paragraph 2 saved, the right exit status, the terminal restored, no error anywhere."""
        restored = self.way == "terminal closed" or (self.cooked and self.flags == "0 1 0")
        return (
            self.saved_paragraph == 1
            and self.status == EXPECTED_STATUS[self.way]
            and restored
            and not self.traceback_shown
            and not self.errors_logged
        )


def wait_for(predicate, what: str, timeout: float = TIMEOUT_S):
    """Poll ``predicate`` until it returns something true; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _spoken(log: Path) -> list[str]:
    if not log.exists():
        return []
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return [e["shown"] for e in entries if e.get("kind") != "event"]


def stop_reader(way: str, workdir: Path) -> StopResult:
    """Start the reader in tmux under ``workdir``, move to paragraph 2, stop it ``way``."""
    workdir.mkdir(parents=True, exist_ok=True)
    home, book, speech_log = workdir / "home", workdir / "book.txt", workdir / "speech.jsonl"
    status_file, stty_file = workdir / "status", workdir / "stty"
    book.write_text(BOOK, encoding="utf-8")
    socket = f"reader-signals-{os.getpid()}-{time.monotonic_ns()}"

    def tmux(*args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", socket, *args], check=True, capture_output=True, text=True, timeout=10
        ).stdout

    reader = " ".join(
        [
            "env",
            f"READER_HOME={shlex.quote(str(home))}",
            shlex.quote(sys.executable),
            "-m reader --audio null --speech-log",
            shlex.quote(str(speech_log)),
            shlex.quote(str(book)),
        ]
    )
    closing = way == "terminal closed"
    then = "" if closing else f"; echo $? > {status_file}; stty -a > {stty_file}; sleep 60"
    try:
        tmux(
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "90",
            "-y",
            "26",
            "-c",
            str(ROOT),
            reader + then,
        )
        shell = int(tmux("display", "-p", "-t", "main", "#{pane_pid}"))

        def reader_pid() -> int:
            found = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True)
            return int(found.stdout.split()[0]) if found.stdout.strip() else 0

        pid = shell if closing else wait_for(reader_pid, "the reader process")
        wait_for(lambda: len(_spoken(speech_log)) >= 2, "the welcome")
        tmux("send-keys", "-t", "main", "Down")
        wait_for(lambda: PARAGRAPH_2 in _spoken(speech_log), "paragraph 2")
        start = time.monotonic()
        if closing:
            tmux("kill-session", "-t", "main")
        elif way == "ctrl+c key":
            tmux("send-keys", "-t", "main", "C-c")
        else:
            os.kill(pid, getattr(signal, f"SIG{way}"))
        wait_for(lambda: not _alive(pid), "the reader to exit")
        seconds = time.monotonic() - start
        if closing:
            status, cooked, flags, shown = None, False, "", ""
        else:
            wait_for(lambda: stty_file.exists() and stty_file.read_text(), "the shell after it")
            status = int(status_file.read_text())
            modes = stty_file.read_text().split()
            cooked = "icanon" in modes and "echo" in modes
            flags = tmux(
                "display", "-p", "-t", "main", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"
            ).strip()
            shown = tmux("capture-pane", "-p", "-t", "main", "-S", "-")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    log = (home / "state" / "reader.log").read_text(encoding="utf-8")
    return StopResult(
        way=way,
        status=status,
        saved_paragraph=_saved_paragraph(home),
        cooked=cooked,
        flags=flags,
        traceback_shown="Traceback" in shown,
        errors_logged="Traceback" in log or " ERROR " in log,
        exit_seconds=seconds,
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child of a live shell stays a zombie until reaped: count it as ended.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def _saved_paragraph(home: Path) -> int | None:
    path = home / "state" / "positions.json"
    if not path.exists():
        return None
    (entry,) = json.loads(path.read_text(encoding="utf-8"))["files"].values()
    return entry["anchor"]["paragraph"]
