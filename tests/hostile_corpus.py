"""A corpus of damaged and hostile files, made by code (no binary blobs in the repository).

Each ``HostileCase`` makes the bytes of one file and says what a reader
must do with it: ``"open"`` (the readable text must come through — at
least ``keep``), ``"refuse"`` (a clear ``ReaderError``) or ``"either"``.
``write_corpus(directory)`` writes every case to disk for the subprocess
runs (``tests/hostile_probe.py``, ``reader outline``) and the benchmark.
Everything is seeded, so the corpus is the same on every run.
"""

from __future__ import annotations

import codecs
import io
import random
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.epubs import CONTAINER_XML, Book, xhtml

OPEN, REFUSE, EITHER = "open", "refuse", "either"

MB = 1024 * 1024
CHINESE = "春天来了，花开了。我们去公园散步，公园里有很多人。图书馆里有很多书，孩子们在读书。"
TRADITIONAL = "春天來了，花開了。我們去公園散步，公園裡有很多人。圖書館裡有很多書，孩子們在讀書。"
# A character outside the Basic Multilingual Plane: two UTF-16 code units, four GB18030 bytes.
ASTRAL = "𠀋"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
)


@dataclass(frozen=True)
class HostileCase:
    """One hostile file: its name (with the suffix the loader sees), how to make it, what to expect."""

    name: str
    make: Callable[[], bytes] = field(repr=False)
    expect: str = EITHER
    keep: str = ""
    note: str = ""


def _book_text(paragraphs: int = 40) -> str:
    return "\n\n".join(f"第{n}段。{CHINESE}" for n in range(1, paragraphs + 1)) + "\n"


def _truncate_mid_char(data: bytes, encoding: str) -> bytes:
    """``data`` cut inside its last multi-byte character."""
    tail = "書".encode(encoding)
    return data + tail[: len(tail) - 1]


def _utf16(bom: bool, big_endian: bool) -> bytes:
    codec = "utf-16-be" if big_endian else "utf-16-le"
    mark = codecs.BOM_UTF16_BE if big_endian else codecs.BOM_UTF16_LE
    return (mark if bom else b"") + _book_text(10).encode(codec)


def _utf16_cut_in_surrogate(big_endian: bool) -> bytes:
    codec = "utf-16-be" if big_endian else "utf-16-le"
    data = codecs.BOM_UTF16_LE if not big_endian else codecs.BOM_UTF16_BE
    data += (_book_text(10) + ASTRAL).encode(codec)
    return data[:-2]  # the high surrogate stays, its low half is gone


def _mixed_lines(second: str) -> bytes:
    out = bytearray()
    for n in range(40):
        if n % 2 == 0:
            out += f"第{n}行。{CHINESE}\n".encode()
        else:
            out += f"第{n}行。{TRADITIONAL if second == 'big5' else CHINESE}\n".encode(second)
    return bytes(out)


def _random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _control_characters() -> bytes:
    controls = "".join(chr(c) for c in range(32) if c not in (9, 10, 13))
    return (
        controls * 200 + "\x7f" * 100 + "".join(chr(c) for c in range(0x80, 0xA0)) * 50
    ).encode()


def _text_with_controls() -> bytes:
    """Readable text sprinkled with bidi overrides, zero-width and C1 characters."""
    noise = "\u202e\u200b\u200d\ufeff\u0085\u2028\u2029\ufffe"
    return "".join(f"{ch}{noise[i % len(noise)]}" for i, ch in enumerate(_book_text(5))).encode(
        "utf-8", "surrogatepass"
    )


def _nested(open_tag: str, close_tag: str, depth: int, middle: str = "深处的文字。") -> bytes:
    return (
        "<html><body>" + open_tag * depth + middle + close_tag * depth + "</body></html>"
    ).encode()


def _unclosed_tags(count: int) -> bytes:
    rng = random.Random(7)
    tags = [
        "<div>",
        "<p>",
        "<b>",
        "<table>",
        "<tr>",
        "<td>",
        "<li>",
        "<ul>",
        "<h2>",
        "<a href='x'>",
    ]
    parts = ["<html><body>"]
    for n in range(count):
        parts.append(rng.choice(tags))
        if n % 10 == 0:
            parts.append(f"第{n}句话。")
    return "".join(parts).encode()


def _huge_attribute(size: int) -> bytes:
    return (
        f'<html><body><p title="{"x" * size}">{CHINESE}</p>'
        f'<div class="{"content " * (size // 50)}">{CHINESE}</div></body></html>'
    ).encode()


def _entity_bomb_html(count: int) -> bytes:
    entities = "&amp;&lt;&#x4E2D;&#20013;&nbsp;&#0;&#xD800;&#x110000;&#99999999999;&bogus;" * count
    return f"<html><body><p>{CHINESE}</p><p>{entities}</p></body></html>".encode()


def _many_empty_paragraphs(count: int) -> bytes:
    return ("<html><body>" + "<p></p><br>" * count + f"<p>{CHINESE}</p></body></html>").encode()


def _markdown_table(rows: int, cols: int) -> bytes:
    head = "|" + "|".join(f"列{c}" for c in range(cols)) + "|\n"
    rule = "|" + "|".join("---" for _ in range(cols)) + "|\n"
    body = "".join("|" + "|".join(f"{r}格{c}" for c in range(cols)) + "|\n" for r in range(rows))
    return (f"# 表格\n\n{CHINESE}\n\n" + head + rule + body).encode()


def _markdown_links(count: int) -> bytes:
    chain = "".join(f'[链接{n}](http://example.com/{n} "t")' for n in range(count))
    refs = "".join(f"[r{n}]: http://example.com/{n}\n" for n in range(count // 10))
    return f"# 链接\n\n{CHINESE}\n\n{chain}\n\n{refs}".encode()


def _markdown_pathological(count: int) -> bytes:
    """Inputs that make naive Markdown parsers quadratic: open brackets, emphasis runs, backticks."""
    return (
        f"# 测试\n\n{CHINESE}\n\n"
        + "[" * count
        + "\n\n"
        + "*a " * count
        + "\n\n"
        + "`" * (count // 2)
        + "\n\n"
        + "<" * count
        + "\n\n"
        + "![" * (count // 2)
        + "\n"
    ).encode()


# ----------------------------------------------------------------- EPUBs


def _good_book() -> Book:
    return Book(
        chapters=[
            ("ch1.xhtml", xhtml(f"<h1>第一章</h1><p>{CHINESE}</p>")),
            ("ch2.xhtml", xhtml(f"<h1>第二章</h1><p>{TRADITIONAL}</p>")),
        ],
        toc=[("第一章", "ch1.xhtml", 0), ("第二章", "ch2.xhtml", 0)],
    )


def _zip(members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _epub_members(book: Book) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(book.build())) as z:
        return {name: z.read(name) for name in z.namelist()}


def _epub_with(replace: dict[str, bytes | str | None]) -> bytes:
    """The good book with some members replaced (None: removed)."""
    members: dict[str, bytes | str] = dict(_epub_members(_good_book()))
    for name, data in replace.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    return _zip(members)


def _opf(manifest: str, spine: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>坏书</dc:title></metadata>'
        f"<manifest>{manifest}</manifest><spine>{spine}</spine></package>"
    )


def _zip_bomb() -> bytes:
    return _epub_with({"OEBPS/ch1.xhtml": b"<p>" + b"\x00" * (60 * MB) + b"</p>"})


def _lying_sizes() -> bytes:
    """A chapter whose local and central headers declare 4 GB uncompressed."""
    data = bytearray(_good_book().build())
    name = b"OEBPS/ch1.xhtml"
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_offset, 0xFFFF_FFF0)
            at += 4
    return bytes(data)


def _small_lie() -> bytes:
    """A chapter whose headers say 10 bytes: the inflated text is longer than declared."""
    data = bytearray(_good_book().build())
    name = b"OEBPS/ch2.xhtml"
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_offset, 10)
            at += 4
    return bytes(data)


def _non_utf8_names() -> bytes:
    """A member named in GBK bytes without the UTF-8 flag (as old Chinese zip tools write them)."""
    gbk = "第三章".encode("gbk")
    placeholder = b"X" * len(gbk)
    members: dict[str, bytes | str] = dict(_epub_members(_good_book()))
    members["OEBPS/" + placeholder.decode() + ".xhtml"] = xhtml(f"<p>{CHINESE}</p>")
    return _zip(members).replace(b"OEBPS/" + placeholder, b"OEBPS/" + gbk)


def _looping_spine() -> bytes:
    manifest = (
        '<item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="opf" href="content.opf" media-type="application/xhtml+xml"/>'
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    )
    spine = '<itemref idref="c1"/>' * 2_000 + '<itemref idref="opf"/><itemref idref="ghost"/>'
    return _epub_with({"OEBPS/content.opf": _opf(manifest, spine)})


def _deep_ncx() -> bytes:
    # Deep enough to defeat recursion, small enough (< 1 MB) to pass the zip-bomb check.
    depth = 8_000
    points = (
        '<navPoint id="p"><navLabel><text>章</text></navLabel><content src="ch1.xhtml"/>' * depth
        + "</navPoint>" * depth
    )
    ncx = (
        '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/">'
        f"<navMap>{points}</navMap></ncx>"
    )
    manifest = (
        '<item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    )
    opf = _opf(manifest, '<itemref idref="c1"/>').replace("<spine>", '<spine toc="ncx">')
    return _epub_with({"OEBPS/content.opf": opf, "OEBPS/toc.ncx": ncx, "OEBPS/nav.xhtml": None})


def _deep_nav() -> bytes:
    depth = 5_000
    nav = xhtml('<nav epub:type="toc">' + '<ol><li><a href="ch1.xhtml">章</a>' * depth + "</nav>")
    return _epub_with({"OEBPS/nav.xhtml": nav})


def _deep_opf_xml() -> bytes:
    depth = 100_000
    opf = _opf(
        '<item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/>',
        '<itemref idref="c1"/>',
    ).replace(
        "<dc:title>坏书</dc:title>",
        "<dc:title>" + "<x>" * depth + "书" + "</x>" * depth + "</dc:title>",
    )
    return _epub_with({"OEBPS/content.opf": opf})


def _truncated_epub() -> bytes:
    data = _good_book().build()
    return data[: len(data) * 2 // 3]


def _epub_many_members() -> bytes:
    members: dict[str, bytes | str] = dict(_epub_members(_good_book()))
    for n in range(20_000):
        members[f"junk/{n}"] = b""
    return _zip(members, zipfile.ZIP_STORED)


def epub_cases() -> list[HostileCase]:
    """Broken EPUBs: damaged archives, bombs, bad package files, hostile XML and names."""
    chapter = "OEBPS/ch1.xhtml"
    return [
        HostileCase("epub-not-a-zip.epub", lambda: _book_text(3).encode(), REFUSE),
        HostileCase("epub-empty.epub", lambda: b"", REFUSE),
        HostileCase("epub-truncated.epub", _truncated_epub, EITHER),
        HostileCase("epub-zip-header-only.epub", lambda: b"PK\x03\x04" + bytes(26), REFUSE),
        HostileCase("epub-zip-bomb.epub", _zip_bomb, REFUSE, note="60 MB of zeros in one chapter"),
        HostileCase("epub-declared-4gb.epub", _lying_sizes, REFUSE),
        HostileCase("epub-declared-too-small.epub", _small_lie, REFUSE),
        HostileCase("epub-many-members.epub", _epub_many_members, REFUSE),
        HostileCase(
            "epub-no-container.epub", lambda: _epub_with({"META-INF/container.xml": None}), REFUSE
        ),
        HostileCase(
            "epub-container-points-nowhere.epub",
            lambda: _epub_with(
                {"META-INF/container.xml": CONTAINER_XML.replace("content.opf", "nothing.opf")}
            ),
            REFUSE,
        ),
        HostileCase(
            "epub-container-no-rootfile.epub",
            lambda: _epub_with({"META-INF/container.xml": "<container/>"}),
            REFUSE,
        ),
        HostileCase(
            "epub-container-garbage.epub",
            lambda: _epub_with({"META-INF/container.xml": _random_bytes(4000, 11)}),
            REFUSE,
        ),
        HostileCase(
            "epub-container-billion-laughs.epub",
            lambda: _epub_with(
                {"META-INF/container.xml": BILLION_LAUGHS + "<container>&lol9;</container>"}
            ),
            REFUSE,
        ),
        HostileCase(
            "epub-opf-billion-laughs.epub",
            lambda: _epub_with({"OEBPS/content.opf": BILLION_LAUGHS + "<package>&lol9;</package>"}),
            REFUSE,
        ),
        HostileCase(
            "epub-opf-external-entity.epub",
            lambda: _epub_with({"OEBPS/content.opf": EXTERNAL_ENTITY + "<package>&xxe;</package>"}),
            REFUSE,
        ),
        HostileCase(
            "epub-opf-missing-spine-items.epub",
            lambda: _epub_with(
                {
                    "OEBPS/content.opf": _opf(
                        '<item id="c1" href="gone.xhtml" media-type="application/xhtml+xml"/>',
                        '<itemref idref="c1"/><itemref idref="nowhere"/>',
                    )
                }
            ),
            REFUSE,
        ),
        HostileCase("epub-opf-looping-spine.epub", _looping_spine, EITHER, keep="花开了"),
        HostileCase(
            "epub-zero-chapters.epub",
            lambda: _epub_with({"OEBPS/content.opf": _opf("", "")}),
            REFUSE,
        ),
        HostileCase(
            "epub-empty-chapters.epub",
            lambda: _epub_with(
                {"OEBPS/ch1.xhtml": xhtml(""), "OEBPS/ch2.xhtml": xhtml("<p>  </p>")}
            ),
            REFUSE,
        ),
        HostileCase(
            "epub-chapter-billion-laughs.epub",
            lambda: _epub_with(
                {chapter: BILLION_LAUGHS + "<html><body><p>&lol9;</p></body></html>"}
            ),
            REFUSE,
        ),
        HostileCase(
            "epub-chapter-external-entity.epub",
            lambda: _epub_with(
                {chapter: EXTERNAL_ENTITY + "<html><body><p>&xxe;</p></body></html>"}
            ),
            REFUSE,
        ),
        HostileCase(
            "epub-chapter-random-bytes.epub",
            lambda: _epub_with({chapter: _random_bytes(20_000, 12)}),
            EITHER,
        ),
        HostileCase(
            "epub-chapter-deep-nesting.epub",
            lambda: _epub_with({chapter: _nested("<div>", "</div>", 20_000)}),
            OPEN,
            keep="深处的文字",
        ),
        HostileCase(
            "epub-path-traversal.epub",
            lambda: _epub_with({"../../evil.xhtml": b"<p>evil</p>"}),
            REFUSE,
        ),
        HostileCase(
            "epub-absolute-name.epub", lambda: _epub_with({"/etc/evil.xhtml": b"<p>x</p>"}), REFUSE
        ),
        HostileCase(
            "epub-href-escapes.epub",
            lambda: _epub_with(
                {
                    "OEBPS/content.opf": _opf(
                        '<item id="c1" href="../../../etc/passwd" media-type="application/xhtml+xml"/>'
                        '<item id="c2" href="ch1.xhtml" media-type="application/xhtml+xml"/>',
                        '<itemref idref="c1"/><itemref idref="c2"/>',
                    )
                }
            ),
            OPEN,
            keep="花开了",
        ),
        HostileCase("epub-non-utf8-names.epub", _non_utf8_names, OPEN, keep="花开了"),
        HostileCase("epub-deep-ncx.epub", _deep_ncx, OPEN, keep="花开了"),
        HostileCase("epub-deep-nav.epub", _deep_nav, OPEN, keep="花开了"),
        HostileCase(
            "epub-deep-chapter-zip-bomb-ratio.epub",
            lambda: _epub_with({chapter: _nested("<div>", "</div>", 300_000)}),
            REFUSE,
        ),
        HostileCase("epub-deep-opf-xml.epub", _deep_opf_xml, EITHER),
        HostileCase(
            "epub-encrypted-member.epub",
            lambda: _encrypted_flag(_good_book().build()),
            REFUSE,
        ),
    ]


def _encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit on every central-directory entry."""
    out = bytearray(data)
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        flags = struct.unpack_from("<H", out, at + 8)[0]
        struct.pack_into("<H", out, at + 8, flags | 1)
        at += 4
    return bytes(out)


# ----------------------------------------------------------------- the whole corpus


def text_cases(scale: float = 1.0) -> list[HostileCase]:
    """Broken plain text: random bytes, truncated and mixed encodings, control characters, sizes."""
    book = _book_text()
    k = _scaler(scale)
    return [
        HostileCase("random-small.txt", lambda: _random_bytes(64, 1), REFUSE),
        HostileCase("random-large.txt", lambda: _random_bytes(k(MB), 2), REFUSE),
        HostileCase(
            "random-high-bytes.txt",
            lambda: bytes(b | 0x80 for b in _random_bytes(200_000, 3)),
            EITHER,
        ),
        HostileCase(
            "gb18030-truncated.txt",
            lambda: _truncate_mid_char(book.encode("gb18030"), "gb18030"),
            OPEN,
            keep="公园里有很多人",
        ),
        HostileCase(
            "gb18030-cut-in-4-byte-char.txt",
            lambda: (book + ASTRAL).encode("gb18030")[:-2],
            OPEN,
            keep="公园里有很多人",
        ),
        HostileCase(
            "big5-truncated.txt",
            lambda: _truncate_mid_char(
                _book_text().replace(CHINESE, TRADITIONAL).encode("big5"), "big5"
            ),
            OPEN,
            keep="公園裡有很多人",
        ),
        HostileCase("utf16le-bom.txt", lambda: _utf16(True, False), OPEN, keep="花开了"),
        HostileCase("utf16be-bom.txt", lambda: _utf16(True, True), OPEN, keep="花开了"),
        HostileCase("utf16le-no-bom.txt", lambda: _utf16(False, False), OPEN, keep="花开了"),
        HostileCase("utf16be-no-bom.txt", lambda: _utf16(False, True), OPEN, keep="花开了"),
        HostileCase(
            "utf16le-odd-bytes.txt", lambda: _utf16(True, False) + b"\x41", OPEN, keep="花开了"
        ),
        HostileCase(
            "utf16be-no-bom-odd.txt", lambda: _utf16(False, True)[:-1], OPEN, keep="花开了"
        ),
        HostileCase(
            "utf16le-cut-surrogate.txt", lambda: _utf16_cut_in_surrogate(False), OPEN, keep="花开了"
        ),
        HostileCase(
            "utf16be-cut-surrogate.txt", lambda: _utf16_cut_in_surrogate(True), OPEN, keep="花开了"
        ),
        HostileCase("utf16-bom-only.txt", lambda: codecs.BOM_UTF16_LE, REFUSE),
        HostileCase("utf8-bom-only.txt", lambda: codecs.BOM_UTF8, REFUSE),
        HostileCase("mixed-utf8-gb18030.txt", lambda: _mixed_lines("gb18030"), OPEN, keep="公园"),
        HostileCase("mixed-utf8-big5.txt", lambda: _mixed_lines("big5"), OPEN, keep="公"),
        HostileCase(
            "mixed-utf8-utf16.txt",
            lambda: book.encode() + _utf16(True, False) + book.encode(),
            EITHER,
        ),
        HostileCase(
            "cesu-surrogates.txt",
            lambda: (book + "\ud83d\ude00").encode("utf-8", "surrogatepass"),
            OPEN,
            keep="花开了",
        ),
        HostileCase("nul-filled.txt", lambda: bytes(k(MB)), REFUSE),
        HostileCase(
            "nul-between-text.txt", lambda: book.encode().replace("。".encode(), b"\x00"), EITHER
        ),
        HostileCase("control-characters.txt", _control_characters, REFUSE),
        HostileCase("text-with-bidi-and-zero-width.txt", _text_with_controls, OPEN),
        HostileCase("empty.txt", lambda: b"", REFUSE),
        HostileCase(
            "whitespace-only.txt", lambda: " \t\n\r\n\u3000\u00a0\u2003\n".encode() * 5000, REFUSE
        ),
        HostileCase("newlines-only.txt", lambda: b"\n" * k(MB), REFUSE),
        HostileCase("punctuation-only.txt", lambda: "。，！？…—“”".encode() * k(10_000), REFUSE),
        HostileCase(
            "single-line-chinese.txt",
            lambda: (CHINESE * k(10 * MB // len(CHINESE.encode()))).encode(),
            OPEN,
            keep="花开了",
        ),
        HostileCase(
            "single-line-chinese-no-punctuation.txt",
            lambda: ("春天来了花开了我们去公园散步" * k(10 * MB // 42)).encode(),
            OPEN,
            keep="春天来了",
        ),
        HostileCase(
            "single-line-ascii.txt",
            lambda: b"The quick brown fox jumps over the lazy dog. " * k(10 * MB // 45),
            OPEN,
            keep="quick brown fox",
        ),
        HostileCase("single-word-ascii.txt", lambda: b"a" * k(10 * MB), OPEN),
        HostileCase(
            "many-short-lines.txt", lambda: "字\n".encode() * k(1_000_000), OPEN, keep="字"
        ),
        HostileCase(
            "many-short-paragraphs.txt", lambda: "字。\n\n".encode() * k(500_000), OPEN, keep="字"
        ),
        HostileCase(
            "many-titles.txt",
            lambda: "".join(f"第{n}章\n\n" for n in range(k(200_000))).encode(),
            EITHER,
        ),
        HostileCase(
            "crlf-and-cr-only.txt", lambda: book.replace("\n", "\r").encode(), OPEN, keep="花开了"
        ),
        # Wrong extensions.
        HostileCase("epub-named.txt", lambda: _good_book().build(), EITHER),
        HostileCase("png-named.txt", lambda: b"\x89PNG\r\n\x1a\n" + _random_bytes(5000, 4), REFUSE),
        HostileCase("pdf-named.txt", lambda: b"%PDF-1.4\n" + _random_bytes(5000, 5), REFUSE),
    ]


def markup_cases(scale: float = 1.0) -> list[HostileCase]:
    """Hostile HTML and Markdown, and files named as the wrong format."""
    k = _scaler(scale)
    return [
        HostileCase(
            "nested-div.html",
            lambda: _nested("<div>", "</div>", k(100_000)),
            OPEN,
            keep="深处的文字",
        ),
        HostileCase(
            "nested-b.html", lambda: _nested("<b>", "</b>", k(100_000)), OPEN, keep="深处的文字"
        ),
        HostileCase(
            "nested-unclosed-div.html",
            lambda: _nested("<div>", "", k(100_000)),
            OPEN,
            keep="深处的文字",
        ),
        HostileCase(
            "nested-table.html",
            lambda: _nested("<table><tr><td>", "</td></tr></table>", k(30_000)),
            OPEN,
            keep="深处的文字",
        ),
        HostileCase(
            "nested-lists.html",
            lambda: _nested("<ol><li>", "</li></ol>", k(50_000)),
            OPEN,
            keep="深处的文字",
        ),
        HostileCase("unclosed-tags.html", lambda: _unclosed_tags(k(20_000)), OPEN, keep="句话"),
        HostileCase(
            "huge-attribute.html", lambda: _huge_attribute(k(10 * MB)), OPEN, keep="花开了"
        ),
        HostileCase("entity-bomb.html", lambda: _entity_bomb_html(k(50_000)), OPEN, keep="花开了"),
        HostileCase(
            "xml-billion-laughs.html",
            lambda: (BILLION_LAUGHS + f"<html><body><p>{CHINESE}&lol9;</p></body></html>").encode(),
            EITHER,
        ),
        HostileCase(
            "xml-external-entity.html",
            lambda: (EXTERNAL_ENTITY + f"<html><body><p>{CHINESE}&xxe;</p></body></html>").encode(),
            EITHER,
        ),
        HostileCase(
            "unclosed-comment.html",
            lambda: f"<p>{CHINESE}</p><!-- {CHINESE * 1000}".encode(),
            EITHER,
        ),
        HostileCase(
            "unclosed-script.html",
            lambda: f"<p>{CHINESE}</p><script>{'x=1;' * k(500_000)}".encode(),
            EITHER,
        ),
        HostileCase(
            "many-empty-paragraphs.html",
            lambda: _many_empty_paragraphs(k(300_000)),
            OPEN,
            keep="花开了",
        ),
        HostileCase("lt-storm.html", lambda: b"<" * k(MB) + CHINESE.encode(), EITHER),
        HostileCase("random-bytes.html", lambda: _random_bytes(100_000, 6), EITHER),
        HostileCase(
            "bad-charset-declaration.html",
            lambda: f'<meta charset="utf-7777"><p>{CHINESE}</p>'.encode(),
            OPEN,
            keep="花开了",
        ),
        HostileCase(
            "lying-charset.html",
            lambda: f'<meta charset="utf-16"><p>{CHINESE}</p>'.encode(),
            EITHER,
        ),
        HostileCase(
            "md-deep-quotes.md", lambda: (">" * k(100_000) + " 深处的文字。\n").encode(), EITHER
        ),
        HostileCase(
            "md-deep-lists.md",
            lambda: "".join("  " * n + f"- 第{n}层\n" for n in range(k(5_000))).encode(),
            EITHER,
        ),
        HostileCase(
            "md-huge-table.md", lambda: _markdown_table(k(20_000), 20), OPEN, keep="花开了"
        ),
        HostileCase("md-link-chain.md", lambda: _markdown_links(k(100_000)), OPEN, keep="花开了"),
        HostileCase(
            "md-pathological.md", lambda: _markdown_pathological(k(50_000)), OPEN, keep="花开了"
        ),
        HostileCase(
            "md-html-block-nesting.md", lambda: _nested("<div>", "</div>", k(50_000)), EITHER
        ),
        HostileCase(
            "md-only-headings.md",
            lambda: "".join(f"# 标题{n}\n" for n in range(k(50_000))).encode(),
            REFUSE,
        ),
        HostileCase(
            "md-unclosed-front-matter.md",
            lambda: ("---\n" + "key: 值\n" * k(100_000)).encode(),
            EITHER,
        ),
        HostileCase(
            "html-named.md",
            lambda: f"<html><body><p>{CHINESE}</p></body></html>".encode(),
            OPEN,
            keep="花开了",
        ),
        HostileCase(
            "binary-named.html",
            lambda: b"\x7fELF\x02\x01\x01\x00" + _random_bytes(20_000, 8),
            EITHER,
        ),
        HostileCase("epub-named.html", lambda: _good_book().build(), EITHER),
        HostileCase(
            "binary-named.md", lambda: b"\x7fELF\x02\x01\x01\x00" + _random_bytes(20_000, 9), REFUSE
        ),
    ]


def random_cases(count: int, seed: int = 0) -> list[HostileCase]:
    """``count`` seeded random files: raw bytes, mangled text and mangled markup, in every format."""
    rng = random.Random(seed)
    suffixes = [".txt", ".md", ".html", ".epub"]
    good_epub = _good_book().build()
    cases = []
    for n in range(count):
        suffix = suffixes[n % len(suffixes)]
        kind = rng.choice(["bytes", "mangled-text", "mangled-epub"])
        case_seed = rng.randrange(2**32)
        if kind == "bytes":
            make = _seeded(lambda r: r.randbytes(r.choice([1, 17, 4096, 200_000])), case_seed)
        elif kind == "mangled-text":
            base = (_book_text(20) if suffix != ".html" else f"<p>{CHINESE}</p>" * 50).encode(
                rng.choice(["utf-8", "gb18030", "utf-16"])
            )
            make = _seeded(lambda r, base=base: _mangle(base, r), case_seed)
        else:
            make = _seeded(lambda r: _mangle(good_epub, r), case_seed)
        cases.append(HostileCase(f"random-{n:04d}-{kind}{suffix}", make, EITHER))
    return cases


def _seeded(make: Callable[[random.Random], bytes], seed: int) -> Callable[[], bytes]:
    return lambda: make(random.Random(seed))


def _mangle(data: bytes, rng: random.Random) -> bytes:
    """Flip, drop, duplicate and truncate bytes of ``data`` at random."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if not out:
            break
        at = rng.randrange(len(out))
        action = rng.random()
        if action < 0.5:
            out[at] = rng.randrange(256)
        elif action < 0.7:
            del out[at : at + rng.randint(1, 64)]
        elif action < 0.9:
            out[at:at] = out[at : at + rng.randint(1, 64)]
        else:
            del out[at:]
    return bytes(out)


def all_cases(scale: float = 1.0) -> list[HostileCase]:
    """The fixed corpus: text, markup and EPUB cases; ``scale`` shrinks the huge ones (tests use 0.05)."""
    return text_cases(scale) + markup_cases(scale) + epub_cases()


def _scaler(scale: float) -> Callable[[int], int]:
    return lambda n: max(1, int(n * scale))


def write_corpus(directory: Path, cases: list[HostileCase] | None = None) -> list[Path]:
    """Write ``cases`` (default: the fixed corpus) into ``directory``; their paths, in order."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in all_cases() if cases is None else cases:
        path = directory / case.name
        path.write_bytes(case.make())
        paths.append(path)
    return paths
