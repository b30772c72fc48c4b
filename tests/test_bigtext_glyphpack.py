"""The shipped glyph pack: coverage, size, licence, fidelity to Unifont, and the rebuild script."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from reader.bigtext import build_pack
from reader.bigtext.glyphpack import PACK_PATH, Glyph, GlyphPack, default_pack, encode_pack

ROOT = Path(__file__).resolve().parent.parent
LICENCE = ROOT / "reader" / "bigtext" / "LICENSE-unifont.txt"
UNIFONT_HEX = Path("/usr/share/unifont/unifont.hex")
needs_unifont = pytest.mark.skipif(
    not UNIFONT_HEX.exists(), reason="Debian's unifont package is not installed"
)

# U+5E02 市 as unifont.hex spells it (two one-pixel horizontal bars at rows 3 and 7).
SHI_HEX = "0200010000007FFC0100010001003FF821082108210821082128211001000100"


def _two_byte_chars(codec: str, leads, trails) -> list[str]:
    out = []
    for lead in leads:
        for trail in trails:
            try:
                out.append(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                pass
    return out


def test_pack_is_compact_and_loads_lazily():
    assert PACK_PATH.stat().st_size <= 300 * 1024
    pack = GlyphPack()
    assert not pack._loaded  # nothing read until the first lookup
    assert pack.glyph("市") is not None
    assert pack._loaded
    assert len(pack) > 19000


def test_pack_covers_gb2312_big5_ascii_and_punctuation():
    pack = default_pack()
    gb2312 = _two_byte_chars("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    trails = (*range(0x40, 0x7F), *range(0xA1, 0xFF))
    big5_level1 = _two_byte_chars("big5", range(0xA4, 0xC7), trails)
    big5_level2 = _two_byte_chars("big5", range(0xC9, 0xFA), trails)
    assert len(gb2312) == 7445 and len(big5_level1) > 5400 and len(big5_level2) > 7600
    ascii_ = [chr(c) for c in range(0x20, 0x7F)]
    punctuation = list("，。、；：？！（）「」『』《》〈〉【】〔〕“”‘’…—·～　")
    missing = [
        c for c in gb2312 + big5_level1 + big5_level2 + ascii_ + punctuation if c not in pack
    ]
    assert missing == []
    # OpenCC's conversions stay in the pack: 鎔 (Big5) → 镕 (not in GB2312).
    assert "镕" in pack


def test_glyph_matches_unifont_bitmap():
    glyph = default_pack().glyph("市")
    assert glyph == Glyph.from_hex(SHI_HEX)
    assert glyph.wide
    assert glyph.to_text().splitlines()[3] == ".#############.."
    narrow = default_pack().glyph("A")
    assert narrow.width == 8 and not narrow.wide


def test_licence_and_notice_name_unifont_and_the_ofl():
    text = LICENCE.read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007" in text
    assert build_pack.UNIFONT_COPYRIGHT.split(" et al.")[0].split(", ")[0] in text
    assert "1) Neither the Font Software nor any of its individual components" in text
    notice = default_pack().notice
    assert "GNU Unifont" in notice and "Open Font License" in notice
    assert "Roman Czyborra" in notice
    # The notice is readable in the file itself (OFL-1.1 condition 2).
    assert b"SIL Open Font License" in PACK_PATH.read_bytes()[:1024]


def test_encode_pack_round_trip(tmp_path):
    glyphs = {ord("市"): Glyph.from_hex(SHI_HEX), ord("A"): Glyph(8, tuple(range(16)))}
    path = tmp_path / "mini.bin"
    path.write_bytes(encode_pack(glyphs, "notice ✓"))
    pack = GlyphPack(path)
    assert pack.notice == "notice ✓"
    assert pack.glyph("市") == glyphs[ord("市")]
    assert pack.glyph("A") == glyphs[ord("A")]
    assert pack.glyph("B") is None
    assert sorted(pack.codepoints()) == sorted(glyphs)


@pytest.mark.parametrize("content", [None, b"", b"TDGP\x01\x05\x00hello-not-xz", b"PK\x03\x04zip"])
def test_missing_or_damaged_pack_falls_back_to_normal_size(tmp_path, content):
    path = tmp_path / "pack.bin"
    if content is not None:
        path.write_bytes(content)
    pack = GlyphPack(path)
    assert pack.glyph("市") is None
    assert pack.load_error and str(path) in pack.load_error
    rows = pack.rendered("市", "half", 4)
    assert len(rows) == 4 and any("市" in row for row in rows)  # never blank


def test_rendered_cache_is_bounded():
    pack = GlyphPack(cache_size=8)
    for ch in "城市流浪动物呼吁救助公告写道":
        pack.rendered(ch, "half", 4)
    assert pack.cache_info().currsize == 8
    pack.rendered("道", "half", 4)
    assert pack.cache_info().hits == 1


@needs_unifont
def test_every_packed_glyph_equals_unifont():
    source = build_pack.read_hex(UNIFONT_HEX)
    pack = default_pack()
    cps = list(pack.codepoints())
    assert cps and all(pack.glyph(chr(cp)) == source[cp] for cp in cps)


@needs_unifont
def test_rebuild_reproduces_the_shipped_pack(tmp_path):
    out = tmp_path / "pack.bin"
    version = default_pack().notice.split("GNU Unifont ")[1].split(". ")[0]
    count, _ = build_pack.build(UNIFONT_HEX, out, version)
    assert count == len(default_pack())
    assert out.read_bytes() == PACK_PATH.read_bytes()


def test_build_pack_reads_gzip_and_writes_a_pack(tmp_path):
    hex_gz = tmp_path / "unifont.hex.gz"
    with gzip.open(hex_gz, "wt", encoding="ascii") as f:
        f.write(f"5E02:{SHI_HEX}\n0041:{'00' * 4}18242442427E424242420000\n")
    out = tmp_path / "out.bin"
    code = build_pack.main(["--hex", str(hex_gz), "--output", str(out), "--unifont-version", "t"])
    assert code == 0
    pack = GlyphPack(out)
    assert len(pack) == 2 and pack.glyph("市") == Glyph.from_hex(SHI_HEX)
    assert "GNU Unifont t." in pack.notice


@pytest.mark.parametrize(
    "content, message",
    [(None, "cannot read"), ("5E02:12345\n", "not a Unifont hex line"), ("", "no glyphs")],
)
def test_build_pack_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    hex_path = tmp_path / "unifont.hex"
    if content is not None:
        hex_path.write_text(content, encoding="ascii")
    out = tmp_path / "out.bin"
    proc = subprocess.run(
        [sys.executable, "-m", "reader.bigtext.build_pack", "--hex", str(hex_path)]
        + ["--output", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr
    assert not out.exists()
