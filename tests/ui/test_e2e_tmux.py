"""End to end: the real ``reader`` in a terminal (tmux), keys pressed, speech log and screen read."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.signal_exit import wait_for
from tests.ui.conftest import spoken

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", *args], check=True, capture_output=True, text=True, timeout=10
    ).stdout


@pytest.fixture
def session(isolated_home):
    name = f"reader-e2e-{os.getpid()}-{time.monotonic_ns()}"
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def start(session: str, *args: str) -> None:
    command = " ".join(
        [
            "env",
            f"READER_HOME={shlex.quote(os.environ['READER_HOME'])}",
            shlex.quote(sys.executable),
            "-m",
            "reader",
            *map(shlex.quote, args),
        ]
    )
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "90",
        "-y",
        "26",
        "-c",
        str(ROOT),
        f"{command}; sleep 30",
    )


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def test_read_navigate_quit_and_resume(session, book, speech_log, isolated_home):
    start(session, "--audio", "null", "--speech-log", str(speech_log), str(book))
    wait_for(lambda: len(spoken(speech_log)) >= 2, "the welcome")
    assert spoken(speech_log)[0].startswith("听读。已打开book.txt")
    wait_for(lambda: "第一回 春天" in screen(session), "the article on screen")

    tmux("send-keys", "-t", session, "Down")
    wait_for(lambda: "我们去公园散步。公园里有很多人。" in spoken(speech_log), "paragraph 2")
    tmux("send-keys", "-t", session, "w")
    wait_for(lambda: any(t.startswith("第1篇，共2篇") for t in spoken(speech_log)), "where am I")
    wait_for(lambda: "第2/3段" in screen(session), "the status line")
    shown = screen(session)
    assert "▶ 我们去公园散步" in shown

    tmux("send-keys", "-t", session, "q")
    wait_for(lambda: (isolated_home / "state" / "positions.json").exists(), "the saved position")
    positions = json.loads((isolated_home / "state" / "positions.json").read_text("utf-8"))
    (entry,) = positions["files"].values()
    assert entry["anchor"]["paragraph"] == 1

    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    before = len(spoken(speech_log))
    start(session, "--audio", "null", "--speech-log", str(speech_log), str(book))
    wait_for(lambda: len(spoken(speech_log)) >= before + 2, "the second welcome")
    assert spoken(speech_log)[before + 1] == "继续：第1篇，第一回 春天，第2段。"


def test_bad_file_exits_with_one_line(session, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--audio", "null", str(tmp_path / "missing.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "missing.txt" in result.stderr


def test_document_from_standard_input(session, tmp_path, speech_log):
    doc = tmp_path / "piped.txt"
    doc.write_text("笔记\n\n第一段。\n\n第二段。\n", encoding="utf-8")
    command = " ".join(
        [
            "cat",
            shlex.quote(str(doc)),
            "|",
            "env",
            f"READER_HOME={shlex.quote(os.environ['READER_HOME'])}",
            shlex.quote(sys.executable),
            "-m reader --audio null --speech-log",
            shlex.quote(str(speech_log)),
            "-",
        ]
    )
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", str(ROOT), command)
    wait_for(lambda: len(spoken(speech_log)) >= 2, "the welcome")
    wait_for(lambda: "第一段。" in screen(session), "the text on screen")
    tmux("send-keys", "-t", session, "Down")
    wait_for(lambda: "第二段。" in spoken(speech_log), "the second paragraph")


def _sound_device_present() -> bool:
    from voices.audio import AudioOutput, AudioUnavailable

    try:
        output = AudioOutput(on_mark=lambda _payload: None, mode="device")
    except AudioUnavailable:
        return False
    output.close()
    return True


def test_audio_device_without_a_device_is_one_line(tmp_path):
    if _sound_device_present():
        pytest.skip("this machine has a sound device")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--audio", "device"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("reader: no sound device")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_large_text_shows_block_glyphs(session, book, speech_log):
    start(session, "--audio", "null", "--speech-log", str(speech_log), str(book))
    wait_for(lambda: "春天来了。花开了。" in screen(session), "the article on screen")
    tmux("send-keys", "-t", session, "l")
    wait_for(lambda: "大字模式开" in spoken(speech_log), "large text on")

    def glyphs() -> str:
        text = screen(session)
        return text if set("▀▄█") <= set(text) else ""

    shown = wait_for(glyphs, "block glyphs")
    assert "春天来了。花开了。" not in shown, "the paragraph is drawn magnified, not as text"
    assert "━" in shown, "the sentence is underlined by the marker line"
    tmux("send-keys", "-t", session, "Down")
    wait_for(lambda: "我们去公园散步。公园里有很多人。" in spoken(speech_log), "paragraph 2")
    wait_for(lambda: "第2/3段" in screen(session), "the status line")
    assert set("▀▄█") <= set(screen(session))
