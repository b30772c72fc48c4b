"""``reader convert PATH --to VARIANT [--phrases]`` as a user runs it."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.test_cli_errors import run_reader as reader


def test_converts_the_bundled_page_to_taiwan_forms():
    proc = reader("convert", "--to", "zh-TW")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    blocks = out.rstrip("\n").split("\n\n")
    assert blocks[0] == "呼籲救助城市流浪動物"
    assert blocks[1] == "2022上海落葉藝術公益展吸引市民愛心接力"
    assert "支持數十萬殘疾人創業就業" in blocks
    assert "阿里巴巴發佈年度助殘行動報告" in blocks
    assert "展覽以落葉為畫布" in out
    assert all(b and "\n" not in b for b in blocks)
    assert "支持" in out and "支援" not in out  # no phrase conversion unless asked


def test_phrases_option(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("软件\n\n我们用U盘安装这个软件。\n", encoding="utf-8")
    plain = reader("convert", str(path), "--to", "zh-TW").stdout.decode()
    phrased = reader("convert", str(path), "--to", "zh-TW", "--phrases").stdout.decode()
    assert "我們用U盤安裝這個軟件。" in plain
    assert "我們用隨身碟安裝這個軟體。" in phrased


def test_traditional_file_to_simplified(tmp_path):
    source = ROOT / "tests" / "data" / "xiyouji-traditional.txt"
    proc = reader("convert", str(source), "--to", "zh-Hans")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "东胜神洲" in out and "東勝神洲" not in out
    assert source.read_bytes() == source.read_bytes()  # never written


def test_stdin(tmp_path):
    proc = reader("convert", "-", "--to", "zh-Hant", stdin="头发\n".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert "頭髮" in proc.stdout.decode()


def test_bad_variant_and_missing_file_fail_cleanly():
    for args in (("convert", "--to", "zh-XX"), ("convert", "/no/such/file", "--to", "zh-HK")):
        proc = reader(*args)
        assert proc.returncode == 2
        err = proc.stderr.decode()
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert proc.stdout == b""
