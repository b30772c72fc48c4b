"""Rebuild the glyph pack from GNU Unifont: ``python -m reader.bigtext.build_pack [--hex PATH]``.

Reads ``unifont.hex`` from Debian's ``unifont`` package (``apt-get install
unifont`` puts it in ``/usr/share/unifont/``; a ``.hex.gz`` works too) and
writes ``reader/bigtext/unifont-subset.bin`` with the glyphs of:

- GB2312 and Big5 (levels 1 and 2 and its symbols), and the BMP characters of
  HKSCS, as Python's codecs define them;
- every character OpenCC turns those into (t2s, s2t, s2tw, s2hk, tw2s, hk2s),
  so converting between 简/繁/臺/港 never leaves the pack;
- ASCII, Latin-1, pinyin letters, general punctuation, CJK symbols and
  punctuation, full-width and half-width forms.

The same Unifont and OpenCC versions give the same bytes (xz is deterministic).
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from reader.bigtext.glyphpack import PACK_PATH, Glyph, encode_pack
from reader.errors import ReaderError

DEFAULT_HEX = (Path("/usr/share/unifont/unifont.hex"), Path("/usr/share/unifont/unifont.hex.gz"))

# From the font metadata of Unifont 15.0.01 (the COPYRIGHT property of
# unifont.pcf and the name table of unifont.otf in Debian's packages).
UNIFONT_COPYRIGHT = (
    "Copyright (C) 1998-2022 Roman Czyborra, Paul Hardy, Qianqian Fang, Andrew Miller, "
    "Johnnie Weaver, David Corbett, Nils Moskopp, Rebecca Bettencourt, et al."
)

_BIG5_TRAIL = (*range(0x40, 0x7F), *range(0xA1, 0xFF))
_PINYIN = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛÜńňǹḿ"
_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2010, 0x2027),  # dashes, quotes, bullets, ‥ …
    (0x2030, 0x203B),  # ‰ ′ ″ ‹ › ※
    (0x2E3A, 0x2E3B),  # two- and three-em dashes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFE30, 0xFE4F),  # CJK compatibility forms (vertical punctuation)
    (0xFF01, 0xFF65),  # full-width ASCII, half-width CJK punctuation
    (0xFFE0, 0xFFE6),  # full-width signs
)
_OPENCC_CONFIGS = ("t2s", "s2t", "s2tw", "s2hk", "tw2s", "hk2s")


def _decodable(codec: str, leads, trails) -> set[str]:
    """Single characters decoded from every two-byte sequence ``codec`` accepts."""
    out: set[str] = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                out.add(text)
    return out


def _opencc_forms(chars: set[str]) -> set[str]:
    """Characters OpenCC converts ``chars`` into, under every variant the app offers."""
    import opencc

    joined = "\n".join(sorted(chars))
    out: set[str] = set()
    for config in _OPENCC_CONFIGS:
        out.update(opencc.OpenCC(config).convert(joined))
    out.discard("\n")
    return out


def pack_charset() -> set[int]:
    """Code points the pack should hold (some may be missing from Unifont's BMP file)."""
    chars = _decodable("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    chars |= _decodable("big5", range(0xA1, 0xFA), _BIG5_TRAIL)
    chars |= {c for c in _decodable("big5hkscs", range(0x87, 0xFF), _BIG5_TRAIL) if c <= "\uffff"}
    chars |= _opencc_forms(chars)
    chars |= set(_PINYIN)
    cps = {ord(c) for c in chars}
    for first, last in _RANGES:
        cps.update(range(first, last + 1))
    return cps


def read_hex(path: Path) -> dict[int, Glyph]:
    """All glyphs of a ``unifont.hex`` file (``CODEPOINT:BITMAP`` lines), plain or gzip."""
    opener = gzip.open if path.suffix == ".gz" else open
    glyphs: dict[int, Glyph] = {}
    try:
        with opener(path, "rt", encoding="ascii") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                cp, sep, digits = line.partition(":")
                try:
                    if not sep:
                        raise ValueError("no ':'")
                    glyphs[int(cp, 16)] = Glyph.from_hex(digits)
                except ValueError as exc:
                    raise ReaderError(f"{path}:{n}: not a Unifont hex line ({exc})") from None
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise ReaderError(f"cannot read {path}: {exc}") from None
    if not glyphs:
        raise ReaderError(f"{path} holds no glyphs")
    return glyphs


def unifont_version() -> str:
    """The installed Debian ``unifont`` package's upstream version, or "unknown version"."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "unifont"],
            capture_output=True,
            text=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    # Debian versions look like 1:15.0.01-2 (epoch:upstream-revision).
    upstream = out.partition(":")[2] or out
    return upstream.rsplit("-", 1)[0] if upstream else "unknown version"


def notice_for(version: str) -> str:
    """The readable notice stored in the pack's header (OFL-1.1 condition 2)."""
    return (
        f"Glyphs: a subset of GNU Unifont {version}. {UNIFONT_COPYRIGHT} "
        "Unifont is dual-licensed; this subset is used and distributed under the "
        "SIL Open Font License, Version 1.1 (see LICENSE-unifont.txt). "
        "Built by reader.bigtext.build_pack."
    )


def build(hex_path: Path, output: Path, version: str) -> tuple[int, int]:
    """Write the pack for ``hex_path`` to ``output`` atomically; return (glyphs, not in Unifont)."""
    source = read_hex(hex_path)
    wanted = pack_charset()
    glyphs = {cp: source[cp] for cp in wanted if cp in source}
    data = encode_pack(glyphs, notice_for(version))
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=output.name, suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the pack is package data
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(glyphs), len(wanted) - len(glyphs)


def _default_hex() -> Path:
    for path in DEFAULT_HEX:
        if path.exists():
            return path
    raise ReaderError(
        "no unifont.hex found in /usr/share/unifont; "
        "install Debian's unifont package (apt-get install unifont) or pass --hex PATH"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; exit code 2 with one line on stderr for bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m reader.bigtext.build_pack",
        description="Rebuild the large-text glyph pack from GNU Unifont's unifont.hex.",
    )
    parser.add_argument("--hex", type=Path, help="unifont.hex or unifont.hex.gz")
    parser.add_argument("--output", type=Path, default=PACK_PATH, help="pack file to write")
    parser.add_argument(
        "--unifont-version", help="version recorded in the notice (default: from dpkg)"
    )
    args = parser.parse_args(argv)
    try:
        hex_path = args.hex or _default_hex()
        version = args.unifont_version or unifont_version()
        count, missing = build(hex_path, args.output, version)
    except ReaderError as exc:
        sys.stderr.write(f"build_pack: {exc}\n")
        return 2
    size = args.output.stat().st_size
    sys.stdout.write(
        f"{args.output}: {count} glyphs from {hex_path} (Unifont {version}), "
        f"{size / 1024:.0f} KB; {missing} wanted characters are outside Unifont's BMP file\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
