"""EPUB 2 and 3 books: chapters in spine order, titled from the book's table of contents.

Read entirely in memory through ``SafeZip`` (no extraction, size and ratio
limits, unsafe names refused). Package XML (container.xml, the OPF, the
NCX) is parsed with defusedxml, which refuses entity declarations and
external references (billion laughs, XXE) instead of expanding them.
Chapter XHTML goes through the same text extraction as web pages
(``htmltext``, the standard library's HTML parser, which expands no
entities); a chapter that declares entities is refused too.

Chapters: the table of contents (EPUB 3 ``nav.xhtml``, else EPUB 2
``toc.ncx``) says where each chapter starts — a spine document, or an
anchor inside one — and what it is called. A spine document with no entry
of its own continues the chapter before it (books split one chapter over
several files), unless it starts with a heading. Without a table of
contents, headings ``h1``–``h3`` start chapters. Entries with no text
before the next, deeper entry (part pages) become the chapters' section.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag

from reader.document import Article
from reader.errors import UnreadableFileError
from reader.importers.decode import decode_markup
from reader.importers.html import add_blocks
from reader.importers.htmltext import Block, Element, extract_blocks, parse_dom
from reader.importers.safezip import SafeZip
from reader.importers.structure import ArticleBuilder

log = logging.getLogger(__name__)

CONTAINER = "META-INF/container.xml"
ENCRYPTION = "META-INF/encryption.xml"
_DOCUMENT_TYPES = {"application/xhtml+xml", "text/html", "application/xml"}
# Font obfuscation is not DRM: the text is still readable.
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class TocEntry:
    """One table-of-contents entry: nesting depth, target document, anchor and label."""

    depth: int
    path: str
    fragment: str
    label: str


@dataclass(frozen=True)
class Package:
    """What the OPF says: title, author, spine document paths, and where the ToC is."""

    title: str
    author: str
    spine: tuple[str, ...]
    nav_path: str
    ncx_path: str


def parse_epub(data: bytes, source: str, name: str) -> list[Article]:
    """Articles (chapters) of an EPUB given as bytes; raises UnreadableFileError on any problem."""
    book = SafeZip(data, name)
    opf_path = _rootfile(book, name)
    package = _read_package(book, opf_path, name)
    toc = _read_toc(book, package, name)
    encrypted = _encrypted_paths(book, name)
    builder = ArticleBuilder(source, package.title or Path(name).stem, author=package.author)
    _assemble(book, package, toc, encrypted, builder, name)
    articles = builder.articles()
    if not articles:
        raise UnreadableFileError(f"{name}: this book has no readable text")
    return articles


def parse_xml(data: bytes, label: str):
    """Parse package XML safely: entity declarations and external references are refused."""
    import xml.etree.ElementTree as StdET

    import defusedxml
    from defusedxml import ElementTree as SafeET

    try:
        return SafeET.fromstring(data)
    except defusedxml.DefusedXmlException as exc:
        raise UnreadableFileError(
            f"{label}: declares XML entities or external references (possible XML bomb); "
            "refusing to read it"
        ) from exc
    except StdET.ParseError as exc:
        raise UnreadableFileError(f"{label}: damaged XML ({exc})") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str):
    return [c for c in element.iter() if _local(c.tag) == name]


def _rootfile(book: SafeZip, name: str) -> str:
    if CONTAINER not in book:
        raise UnreadableFileError(f"{name}: not an EPUB (no {CONTAINER})")
    root = parse_xml(book.read(CONTAINER), f"{name}: {CONTAINER}")
    for rootfile in _children(root, "rootfile"):
        path = rootfile.get("full-path", "")
        media = rootfile.get("media-type", "application/oebps-package+xml")
        if path and media == "application/oebps-package+xml":
            path = unquote(path)
            if path not in book:
                raise UnreadableFileError(f"{name}: the package file {path} is missing")
            return path
    raise UnreadableFileError(f"{name}: not an EPUB (container.xml names no package file)")


def _resolve(base_dir: str, href: str) -> str:
    """A member path for ``href`` relative to ``base_dir``; "" if it leaves the archive."""
    href = unquote(urldefrag(href)[0])
    if not href or "://" in href or href.startswith("/"):
        return ""
    path = posixpath.normpath(posixpath.join(base_dir, href))
    return "" if path.startswith("../") or path == ".." else path


def _read_package(book: SafeZip, opf_path: str, name: str) -> Package:
    root = parse_xml(book.read(opf_path), f"{name}: {opf_path}")
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str, str, str]] = {}
    for item in _children(root, "item"):
        path = _resolve(base, item.get("href", ""))
        if path:
            manifest[item.get("id", "")] = (
                path,
                item.get("media-type", ""),
                item.get("properties", ""),
            )
    spine_elements = _children(root, "spine")
    spine: list[str] = []
    ncx_path = ""
    if spine_elements:
        toc_id = spine_elements[0].get("toc", "")
        if toc_id in manifest:
            ncx_path = manifest[toc_id][0]
        for ref in _children(spine_elements[0], "itemref"):
            entry = manifest.get(ref.get("idref", ""))
            if entry and entry[1] in _DOCUMENT_TYPES and entry[0] in book:
                spine.append(entry[0])
            elif entry is None or entry[1] in _DOCUMENT_TYPES:
                log.warning("%s: spine item %s is missing; skipped", name, ref.get("idref"))
    if not spine:
        raise UnreadableFileError(f"{name}: the book's spine lists no readable chapters")
    if not ncx_path:
        ncx_path = next(
            (p for p, media, _ in manifest.values() if media == "application/x-dtbncx+xml"), ""
        )
    nav_path = next((p for p, _, props in manifest.values() if "nav" in props.split()), "")
    title = _first_text(root, "title")
    author = _first_text(root, "creator")
    return Package(title, author, tuple(spine), nav_path, ncx_path)


def _first_text(root, name: str) -> str:
    for element in _children(root, name):
        text = _SPACES.sub(" ", "".join(element.itertext())).strip()
        if text:
            return text
    return ""


def _read_toc(book: SafeZip, package: Package, name: str) -> list[TocEntry]:
    entries: list[TocEntry] = []
    if package.nav_path and package.nav_path in book:
        entries = _nav_entries(book.read(package.nav_path), package.nav_path, name)
    if not entries and package.ncx_path and package.ncx_path in book:
        entries = _ncx_entries(book.read(package.ncx_path), package.ncx_path, name)
    return entries


def _nav_entries(data: bytes, nav_path: str, name: str) -> list[TocEntry]:
    _refuse_entities(data, f"{name}: {nav_path}")
    document = parse_dom(decode_markup(data, name))
    navs = list(document.iter("nav"))
    toc = next((n for n in navs if "toc" in n.attrs.get("epub:type", "").split()), None)
    toc = toc or (navs[0] if navs else None)
    if toc is None:
        return []
    base = posixpath.dirname(nav_path)
    entries: list[TocEntry] = []
    for link in toc.iter("a"):
        depth = _count_ancestors(link, "ol", toc) - 1
        path = _resolve(base, link.attrs.get("href", ""))
        label = link.text()
        if path and label:
            entries.append(TocEntry(max(depth, 0), path, _fragment(link.attrs["href"]), label))
    return entries


def _count_ancestors(element: Element, tag: str, stop: Element) -> int:
    count, node = 0, element.parent
    while node is not None and node is not stop:
        count += node.tag == tag
        node = node.parent
    return count


def _fragment(href: str) -> str:
    return unquote(urldefrag(href)[1])


def _ncx_entries(data: bytes, ncx_path: str, name: str) -> list[TocEntry]:
    root = parse_xml(data, f"{name}: {ncx_path}")
    base = posixpath.dirname(ncx_path)
    entries: list[TocEntry] = []
    # Depth-first in document order with an explicit stack: a hostile NCX may
    # nest navPoints thousands deep, past Python's recursion limit.
    stack = [
        (point, 0)
        for nav_map in reversed(_children(root, "navMap"))
        for point in reversed(list(nav_map))
        if _local(point.tag) == "navPoint"
    ]
    while stack:
        point, depth = stack.pop()
        label = ""
        src = ""
        for child in point:
            kind = _local(child.tag)
            if kind == "navLabel":
                label = _SPACES.sub(" ", "".join(child.itertext())).strip()
            elif kind == "content":
                src = child.get("src", "")
        path = _resolve(base, src)
        if path and label:
            entries.append(TocEntry(depth, path, _fragment(src), label))
        stack.extend(
            (child, depth + 1) for child in reversed(list(point)) if _local(child.tag) == "navPoint"
        )
    return entries


def _encrypted_paths(book: SafeZip, name: str) -> set[str]:
    """Members encrypted with real DRM (font obfuscation does not count)."""
    if ENCRYPTION not in book:
        return set()
    root = parse_xml(book.read(ENCRYPTION), f"{name}: {ENCRYPTION}")
    paths: set[str] = set()
    for data in _children(root, "EncryptedData"):
        methods = {m.get("Algorithm", "") for m in _children(data, "EncryptionMethod")}
        if methods <= _FONT_OBFUSCATION:
            continue
        for ref in _children(data, "CipherReference"):
            paths.add(unquote(ref.get("URI", "")))
    return paths


def _refuse_entities(data: bytes, label: str) -> None:
    if _ENTITY_DECLARATION.search(data):
        raise UnreadableFileError(
            f"{label}: declares XML entities (possible XML bomb); refusing to read it"
        )


def chapter_blocks(data: bytes, path: str, name: str) -> list[Block]:
    """The headings and paragraphs of one XHTML chapter."""
    _refuse_entities(data, f"{name}: {path}")
    document = parse_dom(decode_markup(data, name))
    return extract_blocks(document.find("body") or document, web_page=False)


def _same_title(a: str, b: str) -> bool:
    a, b = _SPACES.sub("", a), _SPACES.sub("", b)
    return bool(a and b) and (a in b or b in a)


def _assemble(
    book: SafeZip,
    package: Package,
    toc: list[TocEntry],
    encrypted: set[str],
    builder: ArticleBuilder,
    name: str,
) -> None:
    by_path: dict[str, list[TocEntry]] = {}
    for entry in toc:
        by_path.setdefault(entry.path, []).append(entry)
    for path in package.spine:
        if path in encrypted:
            raise UnreadableFileError(
                f"{name}: this book is DRM-protected (encrypted); it cannot be read"
            )
        blocks = chapter_blocks(book.read(path), path, name)
        if not toc:
            add_blocks(builder, blocks)
            continue
        entries = by_path.get(path, [])
        anchors = {a for b in blocks for a in b.anchors}
        at_start: list[TocEntry] = []
        by_anchor: dict[str, list[TocEntry]] = {}
        for entry in entries:
            if entry.fragment and entry.fragment in anchors:
                by_anchor.setdefault(entry.fragment, []).append(entry)
            else:
                at_start.append(entry)
        title = ""
        for entry in at_start:
            builder.heading(entry.depth + 1, entry.label)
            title = entry.label
        if not entries and blocks and blocks[0].is_heading:
            builder.heading(1, blocks[0].text)
            title = blocks[0].text
        for block in blocks:
            for anchor in block.anchors:
                for entry in by_anchor.get(anchor, ()):
                    builder.heading(entry.depth + 1, entry.label)
                    title = entry.label
            if block.is_heading and _same_title(block.text, title):
                title = ""
                continue
            builder.paragraph(block.text)
            if not block.is_heading:
                title = ""
