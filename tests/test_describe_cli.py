"""``reader describe``: one line per character, every alternative with --all, clean errors."""

from __future__ import annotations

from tests.test_cli_errors import _assert_clean_failure, run_reader


def lines_of(*args: str) -> list[str]:
    proc = run_reader("describe", *args)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    return proc.stdout.decode().splitlines()


def test_one_line_per_character():
    lines = lines_of("储行，A")
    assert len(lines) == 4
    assert lines[0].split() == ["储", "chǔ", "储，储备的储"]
    assert lines[1].split() == ["行", "xíng", "行，进行的行"]
    assert lines[2].split() == ["，", "-", "逗号"]
    assert lines[3].split() == ["A", "-", "大写", "A"]


def test_all_alternatives_and_spoken_form():
    lines = lines_of("行", "--all")
    assert len(lines) > 4 and lines[0].startswith("行")
    assert any(line.split() == ["háng", "行，银行的行"] for line in lines[1:])
    spoken = lines_of("行", "--all", "--spoken")
    assert any(line.split() == ["háng", "hang2，银hang2的hang2"] for line in spoken)


def test_traditional_text_gets_traditional_words():
    assert lines_of("發髮")[1].split() == ["髮", "fà", "髮，頭髮的髮"]
    assert lines_of("行", "--variant", "zh-TW")[0].split()[-1] == "行，進行的行"


def test_invisible_characters_are_shown_by_code():
    assert lines_of("a b")[1].split() == ["U+0020", "-", "空格"]


def test_bad_input():
    assert "nothing to describe" in _assert_clean_failure(run_reader("describe", ""))
    _assert_clean_failure(run_reader("describe", "储", "--variant", "zh-XX"))
    _assert_clean_failure(run_reader("describe"))
