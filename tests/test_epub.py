"""EPUB import: spine order, chapter titles from the navigation, and refusal of hostile files."""

from __future__ import annotations

import io
import zipfile

import pytest

from reader.errors import UnreadableFileError
from reader.importers import load, safezip
from reader.importers.epub import parse_epub
from tests.epubs import CONTAINER_XML, Book, xhtml
from tests.test_cli_errors import _assert_clean_failure, run_reader


def novel(version: int) -> Book:
    """A small book: a cover, a part page, a chapter split over two files, two chapters in one."""
    doctype = version == 2
    return Book(
        chapters=[
            ("text/cover.xhtml", xhtml('<div><img src="../cover.jpg" alt="封面"/></div>')),
            ("text/part1.xhtml", xhtml("<h1>第一部</h1>", doctype=doctype)),
            (
                "text/ch%201.xhtml",
                xhtml(
                    "<h2>第一章　风起</h2><p>第一章第一段。</p><p>第二段&amp;符号。</p>",
                    doctype=doctype,
                ),
            ),
            ("text/ch1b.xhtml", xhtml("<p>第一章接着的文字。</p>", doctype=doctype)),
            (
                "text/ch2.xhtml",
                xhtml(
                    '<h2 id="c2">第二章</h2><p>第二章正文。</p><h3>小节</h3><p>小节正文。</p>'
                    '<h2 id="c3">第三章</h2><p>第三章正文。</p><script>alert("x")</script>',
                    doctype=doctype,
                ),
            ),
        ],
        toc=[
            ("封面", "text/cover.xhtml", 0),
            ("第一部", "text/part1.xhtml", 0),
            ("第一章 风起", "text/ch%201.xhtml", 1),
            ("第二章", "text/ch2.xhtml#c2", 1),
            ("第三章", "text/ch2.xhtml#c3", 1),
        ],
        version=version,
    )


def outline(articles):
    return [(a.title, a.section, [p.text for p in a.paragraphs]) for a in articles]


EXPECTED = [
    ("第一章 风起", "第一部", ["第一章第一段。", "第二段&符号。", "第一章接着的文字。"]),
    ("第二章", "第一部", ["第二章正文。", "小节", "小节正文。"]),
    ("第三章", "第一部", ["第三章正文。"]),
]


@pytest.mark.parametrize("version", [2, 3])
def test_chapters_in_spine_order_titled_from_the_navigation(version):
    articles = parse_epub(novel(version).build(), "b.epub", "b.epub")
    assert outline(articles) == EXPECTED
    assert {a.author for a in articles} == {"作者"}


def test_without_navigation_headings_split_chapters():
    book = novel(3)
    book.toc = []
    book.version = 3
    data = book.build()
    articles = parse_epub(data, "b.epub", "b.epub")
    assert [(a.title, a.section) for a in articles] == [
        ("第一章 风起", "第一部"),
        ("第二章", "第一部"),
        ("小节", "第一部"),
        ("第三章", "第一部"),
    ]
    assert articles[0].paragraphs[-1].text == "第一章接着的文字。"


def test_epub_through_load_and_the_command_line(tmp_path):
    path = tmp_path / "书.epub"
    path.write_bytes(novel(3).build())
    library = load([path])
    assert [a.title for a in library] == [t for t, _, _ in EXPECTED]
    assert library[0].script == "zh-Hans"
    proc = run_reader("outline", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "第三章正文。" in proc.stdout.decode()


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def _hostile_books() -> dict[str, tuple[bytes, str]]:
    good = novel(3)
    bomb_chapter = novel(3)
    bomb_chapter.chapters[2] = (
        "text/ch%201.xhtml",
        BILLION_LAUGHS
        + '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol3;</p></body></html>',
    )
    entity_container = novel(3)
    entity_container.container = BILLION_LAUGHS + CONTAINER_XML.split("?>", 1)[1].replace(
        "<rootfiles>", "<rootfiles>&lol3;"
    )
    external = novel(3)
    external.container = (
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + CONTAINER_XML.split("?>", 1)[1].replace("<rootfiles>", "<rootfiles>&xxe;")
    )
    no_opf = novel(3)
    no_opf.container = CONTAINER_XML.replace("OEBPS/content.opf", "OEBPS/missing.opf")
    good_bytes = good.build()
    return {
        "zip bomb": (
            _zip({"META-INF/container.xml": CONTAINER_XML, "OEBPS/content.opf": b"\0" * (8 << 20)}),
            "zip bomb",
        ),
        "path traversal": (
            _zip({"../../evil.xhtml": b"<p>x</p>", "META-INF/container.xml": CONTAINER_XML}),
            "unsafe file name",
        ),
        "absolute path": (
            _zip({"/etc/evil.xhtml": b"<p>x</p>", "META-INF/container.xml": CONTAINER_XML}),
            "unsafe file name",
        ),
        "billion laughs in container": (entity_container.build(), "XML entities"),
        "billion laughs in chapter": (bomb_chapter.build(), "XML entities"),
        "external entity": (external.build(), "XML entities"),
        "truncated zip": (good_bytes[: len(good_bytes) // 2], "damaged"),
        "missing opf": (no_opf.build(), "package file"),
        "no container": (_zip({"mimetype": b"application/epub+zip"}), "not an EPUB"),
        "not a zip": (b"PK\x03\x04 this is not really a zip file at all", "damaged"),
        "encrypted chapters": (
            _with_extra(
                good,
                "META-INF/encryption.xml",
                '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
                '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
                '<enc:CipherData><enc:CipherReference URI="OEBPS/text/ch2.xhtml"/></enc:CipherData>'
                "</enc:EncryptedData></encryption>",
            ),
            "DRM",
        ),
    }


def _with_extra(book: Book, name: str, text: str) -> bytes:
    book.extra = {name: text.encode()}
    return book.build()


HOSTILE = _hostile_books()


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_books_are_refused_with_a_clear_error(case):
    data, needle = HOSTILE[case]
    with pytest.raises(UnreadableFileError, match=needle):
        parse_epub(data, "bad.epub", "bad.epub")


@pytest.mark.parametrize(
    "case", ["zip bomb", "path traversal", "billion laughs in chapter", "truncated zip"]
)
def test_hostile_books_on_the_command_line(tmp_path, case):
    path = tmp_path / "bad.epub"
    path.write_bytes(HOSTILE[case][0])
    before = sorted(tmp_path.iterdir())
    err = _assert_clean_failure(run_reader("outline", str(path)))
    assert HOSTILE[case][1] in err
    assert sorted(tmp_path.iterdir()) == before, "nothing may be extracted or written"


def test_member_lying_about_its_size_is_refused():
    data = bytearray(_zip({"a.txt": b"x" * 5000}))
    # Shrink the declared size in both headers: inflating must stop at the claim.
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 22 : local + 26] = (100).to_bytes(4, "little")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    archive = safezip.SafeZip(bytes(data), "lie.epub")
    with pytest.raises(UnreadableFileError, match="damaged"):
        archive.read("a.txt")


def test_total_read_limit(monkeypatch):
    monkeypatch.setattr(safezip, "MAX_TOTAL_READ_BYTES", 1000)
    archive = safezip.SafeZip(_zip({"a": b"a" * 600, "b": b"b" * 600}), "big.epub")
    archive.read("a")
    with pytest.raises(UnreadableFileError, match="too much"):
        archive.read("b")


def test_member_count_limit(monkeypatch):
    monkeypatch.setattr(safezip, "MAX_MEMBERS", 3)
    with pytest.raises(UnreadableFileError, match="too many"):
        safezip.SafeZip(_zip({str(i): b"x" for i in range(4)}), "many.epub")


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [("OEBPS/a.xhtml", False), ("a/../b", True), ("..\\x", True), ("C:/x", True), ("/x", True)],
)
def test_unsafe_names(name, unsafe):
    assert safezip.is_unsafe_name(name) is unsafe
