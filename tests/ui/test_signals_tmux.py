"""The real ``reader`` in a real terminal (tmux) stopped by signals: place saved, terminal restored.

Each test starts the app on a two-chapter book, moves to paragraph 2 and
stops it at once (well before the 2-second save timer): SIGTERM, SIGHUP or
SIGINT sent with ``kill``, Ctrl+C typed in the terminal (raw mode: a key,
not a signal), or the terminal itself closed. The position file must hold
paragraph 2, the exit status say why it ended, and the terminal be back
in cooked mode on the main screen with the cursor shown and mouse
reporting off. A private tmux server keeps these tests apart from others.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.ui.conftest import spoken

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

TIMEOUT_S = 20.0


@pytest.fixture
def tmux(tmp_path):
    """Run tmux commands on a private server, removed afterwards."""
    socket = f"reader-signals-{os.getpid()}-{time.monotonic_ns()}"

    def run(*args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", socket, *args], check=True, capture_output=True, text=True, timeout=10
        ).stdout

    yield run
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def wait_for(predicate, what: str):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def start_reader(tmux, tmp_path, book, speech_log, *, then: str) -> int:
    """Start ``reader BOOK`` in a new terminal; ``then`` runs after it. Returns its process id."""
    reader = " ".join(
        [
            "env",
            f"READER_HOME={shlex.quote(os.environ['READER_HOME'])}",
            shlex.quote(sys.executable),
            "-m reader --audio null --speech-log",
            shlex.quote(str(speech_log)),
            shlex.quote(str(book)),
        ]
    )
    tmux("new-session", "-d", "-s", "main", "-x", "90", "-y", "26", "-c", str(ROOT), reader + then)
    shell = int(tmux("display", "-p", "-t", "main", "#{pane_pid}"))

    def reader_pid() -> int:
        found = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True)
        return int(found.stdout.split()[0]) if found.stdout.strip() else 0

    pid = wait_for(reader_pid, "the reader process") if then else shell
    wait_for(lambda: len(spoken(speech_log)) >= 2, "the welcome")
    tmux("send-keys", "-t", "main", "Down")
    wait_for(lambda: "我们去公园散步。公园里有很多人。" in spoken(speech_log), "paragraph 2")
    return pid


def saved_paragraph(home) -> int | None:
    path = home / "state" / "positions.json"
    if not path.exists():
        return None
    (entry,) = json.loads(path.read_text(encoding="utf-8"))["files"].values()
    return entry["anchor"]["paragraph"]


def no_errors_logged(home) -> bool:
    log = (home / "state" / "reader.log").read_text(encoding="utf-8")
    return "Traceback" not in log and " ERROR " not in log


@pytest.mark.parametrize(
    ("how", "status"),
    [("TERM", 143), ("HUP", 129), ("INT", 130), ("ctrl+c key", 0)],
)
def test_signal_saves_the_place_and_restores_the_terminal(
    tmux, tmp_path, book, speech_log, isolated_home, how, status
):
    status_file, stty_file = tmp_path / "status", tmp_path / "stty"
    then = f"; echo $? > {status_file}; stty -a > {stty_file}; sleep 60"
    pid = start_reader(tmux, tmp_path, book, speech_log, then=then)
    if how == "ctrl+c key":
        tmux("send-keys", "-t", "main", "C-c")
    else:
        os.kill(pid, getattr(signal, f"SIG{how}"))
    wait_for(lambda: stty_file.exists() and stty_file.read_text(), "the reader to exit")
    assert int(status_file.read_text()) == status
    assert saved_paragraph(isolated_home) == 1
    modes = stty_file.read_text().split()
    assert "icanon" in modes and "echo" in modes, "the terminal is back in cooked mode"
    flags = tmux("display", "-p", "-t", "main", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}")
    assert flags.split() == ["0", "1", "0"], "main screen, cursor shown, no mouse reporting"
    assert "Traceback" not in tmux("capture-pane", "-p", "-t", "main", "-S", "-")
    assert no_errors_logged(isolated_home)


def test_closing_the_terminal_saves_the_place(tmux, tmp_path, book, speech_log, isolated_home):
    pid = start_reader(tmux, tmp_path, book, speech_log, then="")
    tmux("kill-session", "-t", "main")  # the terminal goes away: SIGHUP, and no terminal left

    def ended() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    wait_for(ended, "the reader to exit")
    assert saved_paragraph(isolated_home) == 1
    assert no_errors_logged(isolated_home)
