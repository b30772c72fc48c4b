"""Building small real EPUB 2/3 files with zipfile, the way e-book tools lay them out."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from urllib.parse import unquote

CONTAINER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def xhtml(body: str, title: str = "chapter", doctype: bool = False) -> str:
    """A chapter document around ``body``; EPUB 2 style with an XHTML 1.1 doctype if asked."""
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    if doctype:
        head += (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
            '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
        )
    return (
        f'{head}<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{title}</title></head><body>{body}</body></html>"
    )


@dataclass
class Book:
    """An EPUB to build: chapters (href → XHTML), ToC entries (label, href, depth).

    Hrefs are URL-encoded as in a real package (``ch%201.xhtml`` is stored
    as ``ch 1.xhtml``).
    """

    chapters: list[tuple[str, str]]
    toc: list[tuple[str, str, int]] = field(default_factory=list)
    title: str = "测试书"
    author: str = "作者"
    version: int = 3
    extra: dict[str, bytes] = field(default_factory=dict)
    container: str = CONTAINER_XML

    def opf(self) -> str:
        """The package document."""
        items = [
            f'<item id="c{i}" href="{name}" media-type="application/xhtml+xml"/>'
            for i, (name, _) in enumerate(self.chapters)
        ]
        if self.version == 3:
            items.append(
                '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
            )
        else:
            items.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
        spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(self.chapters)))
        toc_attr = ' toc="ncx"' if self.version == 2 else ""
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<package xmlns="http://www.idpf.org/2007/opf" version="{self.version}.0" '
            'unique-identifier="id">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{self.title}</dc:title><dc:creator>{self.author}</dc:creator>"
            '<dc:identifier id="id">test-book</dc:identifier><dc:language>zh</dc:language>'
            f"</metadata><manifest>{''.join(items)}</manifest>"
            f"<spine{toc_attr}>{spine}</spine></package>"
        )

    def nav(self) -> str:
        """EPUB 3 navigation document with nested lists for depth."""
        out, depth = ["<ol>"], 0
        for i, (label, href, d) in enumerate(self.toc):
            while depth < d:
                out.append("<ol>")
                depth += 1
            while depth > d:
                out.append("</li></ol>")
                depth -= 1
            if i and d <= depth and out[-1] != "<ol>":
                out.append("</li>")
            out.append(f'<li><a href="{href}">{label}</a>')
        out.append("</li>" + "</ol></li>" * depth + "</ol>")
        return xhtml(f'<nav epub:type="toc" id="toc"><h1>目录</h1>{"".join(out)}</nav>', "nav")

    def ncx(self) -> str:
        """EPUB 2 NCX with nested navPoints for depth."""
        out, stack = [], []
        for i, (label, href, d) in enumerate(self.toc):
            while stack and stack[-1] >= d:
                out.append("</navPoint>")
                stack.pop()
            out.append(
                f'<navPoint id="p{i}" playOrder="{i + 1}"><navLabel><text>{label}</text>'
                f'</navLabel><content src="{href}"/>'
            )
            stack.append(d)
        out.extend("</navPoint>" for _ in stack)
        return (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            f"<head/><docTitle><text>{self.title}</text></docTitle><navMap>{''.join(out)}</navMap></ncx>"
        )

    def build(self) -> bytes:
        """The EPUB's bytes (mimetype first and stored, as the spec requires)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
            z.writestr("META-INF/container.xml", self.container)
            z.writestr("OEBPS/content.opf", self.opf())
            if self.version == 3:
                z.writestr("OEBPS/nav.xhtml", self.nav())
            else:
                z.writestr("OEBPS/toc.ncx", self.ncx())
            for href, text in self.chapters:
                z.writestr(f"OEBPS/{unquote(href)}", text)
            for name, data in self.extra.items():
                z.writestr(name, data)
        return buffer.getvalue()
