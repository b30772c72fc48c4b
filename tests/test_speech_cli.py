"""``reader speak`` and ``reader voices`` as a user runs them (export: tests/test_export.py)."""

from __future__ import annotations

import json

import pytest

from tests.test_cli_errors import _assert_clean_failure, run_reader


def test_show_prints_the_text_and_the_speakable_form():
    proc = run_reader("speak", "--text", "今天天氣很好。", "--show")
    assert proc.returncode == 0, proc.stderr.decode()
    # Traditional text is read from its Simplified form.
    assert proc.stdout.decode() == "今天天氣很好。\t今天天气很好。\n"


def test_variant_converts_the_text_and_picks_its_voice():
    proc = run_reader("speak", "--text", "他被选为头发最长的人。", "--variant", "zh-Hant", "--show")
    assert proc.returncode == 0, proc.stderr.decode()
    shown, spoken = proc.stdout.decode().rstrip("\n").split("\t")
    assert shown == "他被選爲頭髮最長的人。"  # shown in the variant
    # The Mandarin voice reads the Simplified form, with polyphones' readings forced.
    assert "wei2" in spoken and spoken.startswith("他被选")


def test_no_pinyin_for_the_cantonese_voice():
    text = "他被选为代表。"
    for args in (("--variant", "zh-HK"), ("--voice", "espeak:yue")):
        proc = run_reader("speak", "--text", text, *args, "--show")
        assert proc.returncode == 0, proc.stderr.decode()
        _shown, spoken = proc.stdout.decode().rstrip("\n").split("\t")
        assert not any(ch.isascii() and ch.isalnum() for ch in spoken), spoken
    mandarin = run_reader("speak", "--text", text, "--show").stdout.decode()
    assert mandarin.split("\t")[1].strip() == "他被选 wei2 代表。"


def test_speak_variant_prints_sentences_as_shown():
    proc = run_reader(
        "speak", "--text", "头发。", "--variant", "zh-TW", "--audio", "null", "--rate", "10"
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines() == ["頭髮。"]


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


def test_speak_bad_input():
    _assert_clean_failure(run_reader("speak", "--text", "  "))
    _assert_clean_failure(run_reader("speak", "--voice", "nope", "--text", "你好"))
    _assert_clean_failure(run_reader("speak", "--text", "你好", "--article", "2"))


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
