"""Decoding real Chinese text files in every supported encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from reader.errors import UnreadableFileError
from reader.importers.decode import SAMPLE_BYTES, decode_bytes

DATA = Path(__file__).parent / "data"
SIMPLIFIED = (DATA / "hongloumeng-utf8.txt").read_text(encoding="utf-8")
TRADITIONAL = (DATA / "xiyouji-traditional.txt").read_text(encoding="utf-8")
# Plain Big5 lacks a few characters of the excerpt (裏); keep what every Big5 codec can encode.
BIG5_SAFE = "".join(ch for ch in TRADITIONAL if ch.encode("big5", errors="ignore"))


@pytest.mark.parametrize(
    ("raw", "expected_encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
        (SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
        (SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "gb18030", "gbk"],
)
def test_simplified_text_in_each_encoding(tmp_path, raw, expected_encoding):
    path = tmp_path / "book.txt"
    path.write_bytes(raw)
    decoded = decode_bytes(path.read_bytes())
    assert decoded.encoding == expected_encoding
    assert decoded.text == SIMPLIFIED


@pytest.mark.parametrize("encoding", ["big5", "big5hkscs", "cp950", "utf-16-le", "utf-16-be"])
def test_traditional_text_in_each_encoding(tmp_path, encoding):
    path = tmp_path / "book.txt"
    path.write_bytes(BIG5_SAFE.encode(encoding))
    decoded = decode_bytes(path.read_bytes())
    assert decoded.text == BIG5_SAFE


def test_real_gb18030_file_with_private_use_characters():
    decoded = decode_bytes((DATA / "hongloumeng-gb18030.txt").read_bytes())
    assert decoded.encoding == "gb18030"
    assert "甄士隐" in decoded.text or "红楼梦" in decoded.text


def test_real_gbk_file():
    decoded = decode_bytes((DATA / "sanguo-gbk.txt").read_bytes())
    assert decoded.encoding == "gb18030"
    assert decoded.text.startswith("第一回")
    assert "滚滚长江东逝水" in decoded.text


def test_detection_sample_is_cut_at_a_character_boundary():
    # Put a multi-byte character across the sample boundary: detection must still succeed.
    line = "滚滚长江东逝水，浪花淘尽英雄。\n"
    text = "x" + line * (SAMPLE_BYTES // len(line.encode("gb18030")) + 50)
    decoded = decode_bytes(text.encode("gb18030"))
    assert decoded.encoding == "gb18030"
    assert decoded.text == text


def test_crlf_and_cr_line_ends_become_newlines():
    assert decode_bytes("甲\r\n乙\r丙".encode()).text == "甲\n乙\n丙"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 100, "not a text file"),
        (bytes(range(256)) * 40, "not a text file"),
        ("。，、；：   \n\n".encode(), "no readable text"),
    ],
    ids=["empty", "binary", "all-bytes", "punctuation-only"],
)
def test_bad_input_is_one_clear_error(raw, message):
    with pytest.raises(UnreadableFileError, match=message):
        decode_bytes(raw, "f.txt")
