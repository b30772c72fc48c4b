"""``reader speak``, ``reader export`` and ``reader voices`` as a user runs them."""

from __future__ import annotations

import io
import json

import pytest

from reader.commands.export import ProgressReport
from tests.speech_helpers import read_wav, rms
from tests.test_cli_errors import _assert_clean_failure, run_reader


@pytest.fixture
def out_dir(tmp_path):
    """A directory of its own for the files a test writes (READER_HOME is in tmp_path)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_show_prints_the_speakable_form():
    proc = run_reader("speak", "--text", "今天天氣很好。", "--show")
    assert proc.returncode == 0, proc.stderr.decode()
    # Traditional text is read from its Simplified form.
    assert proc.stdout.decode() == "今天天气很好。\n"


def test_speak_text_prints_sentences_as_heard():
    proc = run_reader("speak", "--text", "你好。再见。", "--audio", "null", "--rate", "9")
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines() == ["你好。", "再见。"]
    assert proc.stderr == b""


def test_speak_without_sound_device_says_so_once():
    proc = run_reader("speak", "--text", "你好。", "--rate", "450")
    assert proc.returncode == 0, proc.stderr.decode()
    err = proc.stderr.decode()
    if err:  # no sound device here (CI): one line, nothing from ALSA
        assert err.count("\n") == 1 and "no sound device" in err


def test_speak_to_a_missing_device_is_a_clean_error():
    from tests.test_speech_manager import _has_sound_device

    if _has_sound_device():
        pytest.skip("this machine has a sound device")
    err = _assert_clean_failure(run_reader("speak", "--text", "你好。", "--audio", "device"))
    assert "no sound device" in err


def test_export_writes_a_wav_with_progress(out_dir, seed_path):
    out = out_dir / "page.wav"
    proc = run_reader("export", str(seed_path), "-o", str(out), "--rate", "8")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stderr.decode().splitlines()
    assert lines[0] == "export: 0%"
    assert lines[-1] == "export: 100%"
    pcm, seconds = read_wav(out)
    assert seconds > 60, "the whole page is exported"
    assert rms(pcm) > 300
    assert f"wrote {out}" in proc.stdout.decode()
    assert sorted(p.name for p in out_dir.iterdir()) == ["page.wav"]


def test_export_one_article_in_cantonese(out_dir, seed_path):
    out = out_dir / "a.wav"
    proc = run_reader(
        "export",
        str(seed_path),
        "-o",
        str(out),
        "--article",
        "1",
        "--variant",
        "zh-HK",
        "--rate",
        "10",
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert read_wav(out)[1] > 30


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-o", "{tmp}/x.mp3"], "only WAV"),
        (["-o", "{tmp}/missing/x.wav"], "no such directory"),
        (["--article", "99", "-o", "{tmp}/x.wav"], "--article 99"),
        (["--voice", "klingon", "-o", "{tmp}/x.wav"], "no such voice"),
        (["--rate", "-3", "-o", "{tmp}/x.wav"], "--rate"),
    ],
)
def test_export_bad_input(out_dir, seed_path, args, needle):
    args = [a.format(tmp=out_dir) for a in args]
    err = _assert_clean_failure(run_reader("export", str(seed_path), *args))
    assert needle in err
    assert list(out_dir.iterdir()) == []


def test_export_never_writes_the_input(out_dir):
    source = out_dir / "story.wav"  # a text file with a .wav name
    source.write_text("你好。", encoding="utf-8")
    err = _assert_clean_failure(run_reader("export", str(source), "-o", str(source)))
    assert "input" in err
    assert source.read_text(encoding="utf-8") == "你好。"


def test_speak_bad_input():
    _assert_clean_failure(run_reader("speak", "--text", "  "))
    _assert_clean_failure(run_reader("speak", "--voice", "nope", "--text", "你好"))


def test_voices_marks_the_defaults():
    proc = run_reader("voices")
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    cmn = next(line for line in lines if line.startswith("espeak:cmn "))
    yue = next(line for line in lines if line.startswith("espeak:yue "))
    assert "default for zh-Hans, zh-Hant, zh-TW" in cmn
    assert "default for zh-HK" in yue
    rows = json.loads(run_reader("voices", "--json").stdout)
    assert {r["id"]: r["default_for"] for r in rows}["espeak:yue"] == ["zh-HK"]


def test_progress_bar_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    progress = ProgressReport(100, stream)
    progress.advance(50)
    progress.advance(50)
    progress.finish()
    out = stream.getvalue()
    assert out.startswith("\r[")
    assert "100%" in out and "left" in out and out.endswith("\n")


def test_progress_lines_elsewhere():
    stream = io.StringIO()
    progress = ProgressReport(1000, stream)
    for _ in range(100):
        progress.advance(10)
    assert stream.getvalue().splitlines() == [f"export: {p}%" for p in range(0, 101, 10)]
