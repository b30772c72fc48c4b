"""The readable text of an HTML or XHTML document, as headings and paragraphs.

``parse_dom`` builds a small element tree with the standard library's
``html.parser`` (no network, no entity expansion beyond HTML's named
characters), closing the tags HTML lets authors leave open (``<p>``,
``<li>``, ``<td>``…). ``extract_blocks`` walks a subtree: headings
``h1``–``h6`` become headings; ``p``, ``li``, ``blockquote``, ``dd``, table
rows and loose text between block elements become paragraphs; ``pre``
keeps its lines; ``<br>`` inside a paragraph joins lines, elsewhere it ends
a paragraph. ``main_content`` picks the part of a web page worth reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from reader.importers.inline import tidy_inline

VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()
)
# Content that is never text to read, wherever it appears.
NEVER_TEXT = frozenset(
    "script style template noscript head title svg math canvas object embed iframe audio video "
    "map button select option textarea input rt rp".split()
)
# Page furniture dropped from web pages (not from book chapters).
PAGE_FURNITURE = frozenset("nav aside form footer dialog menu".split())
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big cite code data dfn em font i kbd mark nobr q s samp small span "
    "strike strong sub sup time tt u var del ins ruby label img wbr br".split()
)
HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
# Deeper elements are flattened into their ancestor at this depth, so hostile
# nesting cannot exhaust the recursion of the text walk.
MAX_DEPTH = 200
# Starting one of these closes an open <p>, as HTML does.
_CLOSES_P = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul li dd dt".split()
)
_LIST_SCOPE = {"li": {"ul", "ol", "menu"}, "dt": {"dl"}, "dd": {"dl"}}
_TABLE_SCOPE = {"tr": {"table", "thead", "tbody", "tfoot"}, "td": {"tr"}, "th": {"tr"}}

_BOILERPLATE_WORDS = frozenset(
    """ad ads advert advertisement adsbygoogle banner breadcrumb breadcrumbs comment comments
    consent cookie cookies copyright disqus footer gdpr login masthead menu modal nav navbar
    navigation newsletter pager pagination popup promo recommend recommended related rss share
    sharing sidebar signup skip social sponsor sponsored subscribe subscription toolbar widget""".split()
)
_CONTENT_WORDS = frozenset("article body content entry main post story text chapter".split())
_BOILERPLATE_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar toolbar".split()
)
_WORD_SPLIT = re.compile(r"[\s_\-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class Element:
    """One element of the tree: tag, attributes and children (elements or text)."""

    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | str] = []
        self.parent = parent

    def iter(self, tag: str | None = None):
        """This element and all its descendants (elements only), in document order."""
        stack: list[Element] = [self]
        while stack:
            node = stack.pop()
            if tag is None or node.tag == tag:
                yield node
            stack.extend(c for c in reversed(node.children) if isinstance(c, Element))

    def find(self, tag: str) -> Element | None:
        """The first descendant-or-self with ``tag``."""
        return next(self.iter(tag), None)

    def text(self) -> str:
        """All text under this element, whitespace tidied (headings, titles, labels)."""
        parts: list[str] = []
        _collect_text(self, parts)
        return tidy_inline("".join(parts))

    def text_lines(self) -> list[str]:
        """The non-blank lines of preformatted text, each trimmed."""
        parts: list[str] = []
        _collect_text(self, parts)
        return [line.strip() for line in "".join(parts).splitlines() if line.strip()]


def _collect_text(node: Element, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag not in NEVER_TEXT:
            _collect_text(child, parts)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.stack: list[Element] = [self.root]

    def _open_tags(self) -> list[str]:
        return [e.tag for e in self.stack]

    def _close_to(self, tag: str, scope: set[str] | None = None) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t == tag:
                del self.stack[i:]
                return
            if scope is not None and t in scope:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = _local(tag)
        if tag in _CLOSES_P:
            self._close_to("p", {"div", "td", "th", "li", "blockquote", "section", "article"})
        if tag in _LIST_SCOPE:
            for item in ("li",) if tag == "li" else ("dt", "dd"):
                self._close_to(item, _LIST_SCOPE[tag])
        if tag in _TABLE_SCOPE:
            for item in ("td", "th") if tag in ("td", "th") else ("tr", "td", "th"):
                self._close_to(item, _TABLE_SCOPE[tag] | {"table"})
        if tag in HEADING_LEVELS:
            for h in HEADING_LEVELS:
                self._close_to(h, {"div", "section", "article", "body"})
        if tag not in VOID_TAGS and len(self.stack) >= MAX_DEPTH:
            # Too deep: the tag is dropped and its text joins the deepest open element.
            return
        element = Element(tag, {k.lower(): v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        tag = _local(tag)
        if tag not in VOID_TAGS and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = _local(tag)
        if tag in VOID_TAGS:
            return
        if tag in self._open_tags()[1:]:
            self._close_to(tag)

    def handle_data(self, data: str) -> None:
        # Adjacent pieces are joined once at the end (``_join_text``): joining
        # here would copy the growing string for every piece, quadratic in a
        # page of a million stray ``<``.
        self.stack[-1].children.append(data)


def _local(tag: str) -> str:
    """``xhtml:p`` → ``p`` (namespace prefixes in XHTML)."""
    return tag.rsplit(":", 1)[-1].lower()


def parse_dom(text: str) -> Element:
    """Parse HTML or XHTML text into an element tree (never raises on bad markup)."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    _join_text(builder.root)
    return builder.root


def _join_text(root: Element) -> None:
    """Merge runs of adjacent text pieces into one string, in every element."""
    for element in root.iter():
        children = element.children
        if sum(isinstance(c, str) for c in children) < 2:
            continue
        merged: list[Element | str] = []
        run: list[str] = []
        for child in children:
            if isinstance(child, str):
                run.append(child)
                continue
            if run:
                merged.append("".join(run))
                run = []
            merged.append(child)
        if run:
            merged.append("".join(run))
        element.children = merged


@dataclass(frozen=True)
class Block:
    """A heading (``level`` 1–6) or paragraph (``level`` 0) and the element ids it starts at."""

    text: str
    level: int = 0
    anchors: tuple[str, ...] = ()

    @property
    def is_heading(self) -> bool:
        """True for headings."""
        return self.level > 0


def is_boilerplate(element: Element) -> bool:
    """True for page furniture: navigation, cookie banners, share bars, comments, hidden parts."""
    attrs = element.attrs
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    if element.tag in ("html", "body", "main", "article"):
        return False
    if attrs.get("role", "").lower() in _BOILERPLATE_ROLES:
        return True
    words = set(_WORD_SPLIT.split(f"{attrs.get('class', '')} {attrs.get('id', '')}".lower()))
    return bool(words & _BOILERPLATE_WORDS) and not words & _CONTENT_WORDS


class _Extractor:
    def __init__(self, web_page: bool) -> None:
        self.web_page = web_page
        self.blocks: list[Block] = []
        self.inline: list[str] = []
        self.anchors: list[str] = []
        self.prefix = ""
        self.numbers: dict[int, dict[int, int]] = {}

    def flush(self) -> None:
        text = tidy_inline("".join(self.inline))
        self.inline.clear()
        if text:
            self.emit(self.prefix + text)
            self.prefix = ""

    def emit(self, text: str, level: int = 0) -> None:
        self.blocks.append(Block(text, level, tuple(self.anchors)))
        self.anchors.clear()

    def list_number(self, item: Element) -> str:
        """``"3. "`` for the third item of an ordered list, ``""`` otherwise."""
        parent = item.parent
        if parent is None or parent.tag != "ol":
            return ""
        if id(parent) not in self.numbers:
            self.numbers[id(parent)] = _list_numbers(parent)
        return f"{self.numbers[id(parent)][id(item)]}. "

    def skipped(self, element: Element) -> bool:
        if element.tag in NEVER_TEXT:
            return True
        if not self.web_page:
            return element.tag == "aside" and "footnote" not in element.attrs.get("epub:type", "")
        if element.tag in PAGE_FURNITURE:
            return True
        if element.tag == "header":
            return not any(e.tag in ("h1", "h2", "h3") for e in element.iter())
        return is_boilerplate(element)

    def walk(self, element: Element, in_paragraph: bool = False) -> None:
        for child in element.children:
            if isinstance(child, str):
                self.inline.append(child)
                continue
            tag = child.tag
            if self.skipped(child):
                continue
            anchor = child.attrs.get("id") or (child.attrs.get("name") if tag == "a" else "")
            if anchor:
                self.anchors.append(anchor)
            if tag == "br":
                if in_paragraph:
                    self.inline.append("\n")
                else:
                    self.flush()
            elif tag in INLINE_TAGS:
                self.walk(child, in_paragraph)
            elif tag in HEADING_LEVELS:
                self.flush()
                text = child.text()
                if text:
                    self.emit(text, HEADING_LEVELS[tag])
            elif tag == "pre":
                self.flush()
                for line in child.text_lines():
                    self.emit(line)
            elif tag == "tr" and not any(
                e.tag not in INLINE_TAGS and e.tag not in ("td", "th", "tr")
                for e in child.iter()
                if e is not child
            ):
                self.flush()
                cells = [
                    c.text() if isinstance(c, Element) else tidy_inline(c) for c in child.children
                ]
                cells = [c for c in cells if c]
                if cells:
                    sep = "，" if any(is_cjk_text(c) for c in cells) else ", "
                    self.emit(sep.join(cells))
            else:
                self.flush()
                if tag == "li":
                    self.prefix = self.list_number(child)
                self.walk(child, in_paragraph=tag in ("p", "li", "dt", "dd", "figcaption"))
                self.flush()
                self.prefix = ""


def is_cjk_text(text: str) -> bool:
    """True if ``text`` has any CJK ideograph."""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def _list_numbers(parent: Element) -> dict[int, int]:
    """The number of each ``<li>`` of an ordered list (by element id), counted once per list."""
    try:
        number = int(parent.attrs.get("start", "1") or 1)
    except ValueError:
        number = 1
    numbers: dict[int, int] = {}
    for child in parent.children:
        if isinstance(child, Element) and child.tag == "li":
            numbers[id(child)] = number
            number += 1
    return numbers


def extract_blocks(root: Element, web_page: bool = True) -> list[Block]:
    """Headings and paragraphs under ``root`` in reading order.

    With ``web_page`` true, navigation, asides, forms, footers and
    boilerplate (cookie banners, share bars, comments…) are left out; book
    chapters (``web_page=False``) keep everything but scripts and popups.
    """
    extractor = _Extractor(web_page)
    extractor.walk(root)
    extractor.flush()
    return extractor.blocks


def main_content(document: Element) -> list[Element]:
    """The elements holding a page's main text, in document order.

    ``<main>`` (or ``role=main``) if there is one; else the outermost
    ``<article>`` elements; else the element with the densest paragraph
    text (scored as the readability tools do: each paragraph's text counts
    fully for its parent and half for its grandparent, links discounted).
    """
    body = document.find("body") or document
    candidates = [
        e for e in body.iter() if e.tag == "main" or e.attrs.get("role", "").lower() == "main"
    ]
    for candidate in candidates:
        if _has_text(candidate):
            return [candidate]
    articles = _outermost(
        [e for e in body.iter("article") if _has_text(e) and not _inside_boilerplate(e)]
    )
    if articles:
        return articles
    best = _densest(body)
    return [best or body]


def _has_text(element: Element) -> bool:
    return any(ch.isalnum() for ch in element.text())


def _inside_boilerplate(element: Element) -> bool:
    node = element.parent
    while node is not None:
        if node.tag in PAGE_FURNITURE or is_boilerplate(node):
            return True
        node = node.parent
    return False


def _outermost(elements: list[Element]) -> list[Element]:
    chosen = set(map(id, elements))
    out = []
    for e in elements:
        node, nested = e.parent, False
        while node is not None:
            if id(node) in chosen:
                nested = True
                break
            node = node.parent
        if not nested:
            out.append(e)
    return out


_PARAGRAPH_LIKE = frozenset("p pre blockquote dd li td".split())


def _densest(body: Element) -> Element | None:
    scores: dict[int, float] = {}
    nodes: dict[int, Element] = {}

    def credit(element: Element | None, amount: float) -> None:
        if element is not None:
            scores[id(element)] = scores.get(id(element), 0.0) + amount
            nodes[id(element)] = element

    extractor = _Extractor(web_page=True)
    stack = [body]
    while stack:
        element = stack.pop()
        stack.extend(
            c for c in element.children if isinstance(c, Element) and not extractor.skipped(c)
        )
        if element.tag in _PARAGRAPH_LIKE:
            length = len(element.text()) - _link_text_length(element)
            if length > 0 and element.parent is not None:
                credit(element.parent, length)
                credit(element.parent.parent, length / 2)
        else:
            own = _own_text_length(element)
            if own >= 20:
                credit(element, own)
    if not scores:
        return None
    best_id = max(scores, key=lambda k: scores[k])
    return nodes[best_id] if scores[best_id] >= 25 else None


def _own_text_length(element: Element) -> int:
    """Length of text directly in ``element`` (its text nodes and inline children, not links)."""
    total = 0
    for child in element.children:
        if isinstance(child, str):
            total += len(child.strip())
        elif child.tag in INLINE_TAGS and child.tag != "a":
            total += len(child.text())
    return total


def _link_text_length(element: Element) -> int:
    return sum(len(a.text()) for a in element.iter("a"))
