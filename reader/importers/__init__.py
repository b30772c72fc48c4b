"""Reading documents from disk: one entry point, ``load(paths) -> Library``.

Each format has its own module; this one picks the module by file
extension (and, for plain text, by what the text looks like: a page
extracted from print goes through the page repair in ``newspaper``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from reader.document import Article, Library
from reader.errors import ReaderError, UnreadableFileError

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
EPUB_SUFFIXES = {".epub"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | EPUB_SUFFIXES
MAX_FILE_BYTES = 200 * 1024 * 1024
STDIN_NAME = "-"
# Script detection looks at this many characters from each of this many articles.
SCRIPT_SAMPLE_ARTICLES = 10
SCRIPT_SAMPLE_CHARS = 2000


def bundled_seed_paths() -> list[Path]:
    """Paths of the articles bundled with the app (the newspaper page)."""
    package_dir = Path(__file__).resolve().parent.parent
    for root in (package_dir / "seeds", package_dir.parent / "seeds"):
        found = sorted(root.glob("*.txt"))
        if found:
            return found
    raise ReaderError("the bundled articles are missing from this installation")


def load(paths: list[str | Path]) -> Library:
    """Read every path (files, directories, or ``-`` for stdin) into one Library.

    Raises ReaderError with a one-line message if a path is missing or
    nothing readable is found.
    """
    library = Library(())
    for raw in paths:
        if str(raw) == STDIN_NAME:
            library = library.merged(_load_stdin())
            continue
        path = Path(raw).expanduser()
        if not path.exists():
            raise ReaderError(f"{raw}: no such file or directory")
        if path.is_dir():
            library = library.merged(_load_directory(path))
        else:
            library = library.merged(load_file(path))
    if not library.articles:
        raise ReaderError("nothing to read: no articles found")
    return library


def _load_directory(path: Path) -> Library:
    files = sorted(
        p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
    )
    library = Library(())
    for file in files:
        try:
            library = library.merged(load_file(file))
        except UnreadableFileError:
            continue
    if not library.articles:
        raise ReaderError(f"{path}: no readable documents in this directory")
    return library


def _load_stdin() -> Library:
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ReaderError("standard input: too large to read")
    articles = articles_from_bytes(
        data, source="-", name="standard input", suffix=sniff_suffix(data)
    )
    return Library(tuple(articles), ("-",))


_MARKUP_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|\?xml)", re.I | re.S
)
_MARKDOWN_LINE = re.compile(rb"^(?:#{1,6}[ \t]+\S|```|~~~)", re.M)


def sniff_suffix(data: bytes) -> str:
    """The format of unnamed data (standard input), as a file suffix: EPUB, HTML, Markdown or text.

    EPUB by its ZIP signature, HTML by a doctype/``<html>``/XML declaration
    at the start, Markdown by ATX headings or code fences at line starts.
    """
    if data.startswith(b"PK\x03\x04"):
        return ".epub"
    head = data[:65536]
    if _MARKUP_START.match(head):
        return ".html"
    if _MARKDOWN_LINE.search(head):
        return ".md"
    return ".txt"


def load_file(path: Path) -> Library:
    """Read one file into a Library of its articles."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReaderError(f"{path}: too large to read ({size // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except PermissionError as exc:
        raise ReaderError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise ReaderError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    articles = articles_from_bytes(data, str(path), path.name, path.suffix.lower())
    return Library(tuple(articles), (str(path),))


def articles_from_bytes(data: bytes, source: str, name: str, suffix: str) -> list[Article]:
    """Parse the bytes of one document; the format is chosen by ``suffix``."""
    if suffix in EPUB_SUFFIXES:
        from reader.importers.epub import parse_epub

        articles = parse_epub(data, source=source, name=name)
    elif suffix in HTML_SUFFIXES:
        from reader.importers.html import parse_html

        articles = parse_html(data, source=source, name=name)
    else:
        from reader.importers.decode import decode_bytes

        text = decode_bytes(data, name).text
        if suffix in MARKDOWN_SUFFIXES:
            from reader.importers.markdown import parse_markdown

            articles = parse_markdown(text, source=source, name=name)
        else:
            articles = articles_from_text(text, source=source, name=name)
    if not articles:
        raise UnreadableFileError(f"{name}: no readable text found")
    return with_scripts(articles)


def articles_from_text(text: str, source: str, name: str) -> list[Article]:
    """Articles of a plain-text document: a printed page is repaired, other text kept as written."""
    from reader.importers.newspaper import looks_like_printed_page, parse_printed_page
    from reader.importers.plaintext import parse_plain_text

    title = _title_from_name(name)
    if looks_like_printed_page(text):
        articles = parse_printed_page(text, source=source, fallback_title=title)
        if articles:
            return articles
    return parse_plain_text(text, source=source, fallback_title=title)


def _title_from_name(name: str) -> str:
    """``红楼梦.gb18030.txt`` → ``红楼梦``: the file name without its suffix and encoding tag."""
    stem = Path(name).stem
    base, dot, tag = stem.rpartition(".")
    if dot and tag.lower().replace("-", "") in _ENCODING_TAGS:
        return base
    return stem


_ENCODING_TAGS = {"utf8", "gb18030", "gbk", "gb2312", "big5", "utf16", "txt"}


def with_scripts(articles: list[Article]) -> list[Article]:
    """Fill in the detected source script: once per document, from a sample spread over it."""
    from dataclasses import replace

    from reader.chinese.script import detect_script

    unknown = [a for a in articles if a.script == "unknown"]
    if not unknown:
        return articles
    step = max(1, len(unknown) // SCRIPT_SAMPLE_ARTICLES)
    sample = "".join(
        "".join((a.title, *(p.text for p in a.paragraphs[:20])))[:SCRIPT_SAMPLE_CHARS]
        for a in unknown[::step]
    )
    script = detect_script(sample)
    return [a if a.script != "unknown" else replace(a, script=script) for a in articles]
