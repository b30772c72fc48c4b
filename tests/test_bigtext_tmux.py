"""End to end: the large-text preview in a real terminal (tmux) shows block glyphs; --print and errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from reader.bigtext.glyphpack import default_pack

ROOT = Path(__file__).resolve().parent.parent


def _preview(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader.bigtext.preview", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_preview_in_tmux_shows_block_glyphs_and_quits():
    socket = f"reader-bigtext-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    command = f"{sys.executable} -m reader.bigtext.preview 市场 --zoom 8 --style half"
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "80", "-y", "24", "-c", str(ROOT), command],
        check=True,
    )
    try:
        expected = default_pack().rendered("市", "half", 8)
        screen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if expected[1].strip() in screen:
                break
            time.sleep(0.2)
        rows = screen.splitlines()
        # 市 drawn at zoom 8 from the pack, row for row, in the top-left corner.
        assert [row[:16].rstrip() for row in rows[:8]] == [r.rstrip() for r in expected], screen
        assert set("▀▄█") <= set(screen)
        subprocess.run([*tmux, "send-keys", "q"], check=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            alive = subprocess.run([*tmux, "has-session"], capture_output=True).returncode == 0
            if not alive:
                break
            time.sleep(0.2)
        assert not alive, "the preview did not quit on q"
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def test_preview_print_writes_glyph_rows():
    proc = _preview("市", "--print", "--width", "40", "--zoom", "4", "--style", "quad")
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.splitlines()
    assert rows[:4] == [r.rstrip() for r in default_pack().rendered("市", "quad", 4)]


@pytest.mark.parametrize(
    "args, message",
    [(["   "], "nothing to show"), (["市", "--print", "--width", "0"], "--width")],
)
def test_preview_bad_input_is_one_line(args, message):
    proc = _preview(*args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
