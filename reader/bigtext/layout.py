"""Magnified text on a screen: glyph boxes, lines, pages, and the rows that draw a page.

In block mode a character is a box of ``units × zoom`` columns and ``zoom``
rows (see ``render``), a full-width box followed by one blank column; in
plain mode (the terminal's own font, for terminals that draw block
characters badly and for screen-reader users) a full-width character gets
a blank column on each side. Every line is followed by one blank row, where
a marker line (``━``) underlines the highlighted characters so the highlight
is visible without colour.

``build_layout`` is pure and fast (a full 120×40 screen well under 50 ms); the
widget calls ``paint`` for the page it shows.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from dataclasses import dataclass, field

from reader.bigtext.glyphpack import GlyphPack
from reader.bigtext.linebreak import break_lines
from reader.bigtext.render import STYLES, ZOOM_LEVELS, can_compress, cell_units, glyph_units

_log = logging.getLogger(__name__)

MARKER = "━"
GAP_ROWS = 1

#: Roles of painted runs: plain text, highlighted text, the marker line.
NORMAL, HIGHLIGHT, MARK = "normal", "highlight", "marker"


@dataclass(frozen=True, slots=True)
class Geometry:
    """How characters are drawn: block glyphs at ``zoom`` in ``style``, or ``plain`` spaced text."""

    zoom: int = 8
    style: str = "half"
    plain: bool = False

    def __post_init__(self) -> None:
        if self.zoom not in ZOOM_LEVELS:
            raise ValueError(f"zoom {self.zoom} not in {ZOOM_LEVELS}")
        if self.style not in STYLES:
            raise ValueError(f"style {self.style!r} not in {STYLES}")

    @property
    def text_rows(self) -> int:
        """Rows one line of characters takes (without the gap row under it)."""
        return 1 if self.plain else self.zoom

    @property
    def line_pitch(self) -> int:
        """Rows from one line's top to the next one's."""
        return self.text_rows + GAP_ROWS


@dataclass(frozen=True, slots=True)
class Box:
    """One drawn character: text offset, left column of its cells, cells wide, padding."""

    offset: int
    x: int
    cols: int
    pad_left: int
    pad_right: int
    compressed: bool = False

    @property
    def right(self) -> int:
        """First column after the box, padding included."""
        return self.x + self.cols + self.pad_right


@dataclass(frozen=True, slots=True)
class VisualLine:
    """Characters ``[start, end)`` of the text drawn as ``boxes`` on one line."""

    start: int
    end: int
    boxes: tuple[Box, ...]


@dataclass
class Layout:
    """``text`` broken into lines and pages for a ``width`` × ``height`` area."""

    text: str
    geometry: Geometry
    width: int
    height: int
    lines: list[VisualLine] = field(default_factory=list)

    @property
    def lines_per_page(self) -> int:
        """Whole lines (with their marker row) that fit the height; at least one."""
        return max(1, self.height // self.geometry.line_pitch)

    @property
    def page_count(self) -> int:
        """Number of pages (1 for empty text)."""
        return max(1, -(-len(self.lines) // self.lines_per_page))

    def page_lines(self, page: int) -> list[VisualLine]:
        """The lines shown on ``page`` (0-based)."""
        per = self.lines_per_page
        return self.lines[page * per : (page + 1) * per]

    def line_of(self, offset: int) -> int:
        """Index of the line holding text ``offset`` (clamped to the lines there are)."""
        if not self.lines:
            return 0
        i = bisect_right([line.start for line in self.lines], offset) - 1
        return min(max(i, 0), len(self.lines) - 1)

    def page_of(self, offset: int) -> int:
        """The page that shows text ``offset``."""
        return self.line_of(offset) // self.lines_per_page

    def page_span(self, page: int) -> tuple[int, int]:
        """Text offsets ``[start, end)`` shown on ``page``."""
        lines = self.page_lines(page)
        if not lines:
            return (len(self.text), len(self.text))
        return (lines[0].start, lines[-1].end)


class _Metrics:
    """Per-character box sizes for one geometry, memoised for one layout."""

    def __init__(self, geometry: Geometry, pack: GlyphPack):
        self.geometry = geometry
        self.pack = pack
        self._units: dict[str, int] = {}
        self._squeeze: dict[str, int] = {}

    def units(self, ch: str) -> int:
        """Half-character units of ``ch`` (0: not drawn)."""
        u = self._units.get(ch)
        if u is None:
            u = cell_units(ch)
            if u and not self.geometry.plain:
                glyph = self.pack.glyph(ch)
                if glyph is not None:
                    u = glyph_units(glyph)
            self._units[ch] = u
        return u

    def box(self, ch: str, compressed: bool = False) -> tuple[int, int, int]:
        """``(pad_left, cols, pad_right)`` of ``ch``'s box."""
        u = self.units(ch)
        if u == 0:
            return (0, 0, 0)
        if self.geometry.plain:
            return (1, 2, 1) if u == 2 else (0, 1, 0)
        if compressed:
            u = 1
        z = self.geometry.zoom
        return (0, u * z, 1 if u == 2 else 0)

    def cost(self, ch: str) -> int:
        """Columns ``ch`` takes on a line, padding included."""
        return sum(self.box(ch))

    def squeeze(self, ch: str) -> int:
        """Columns ``ch`` gives up when drawn at half width (0: it cannot be squeezed)."""
        saved = self._squeeze.get(ch)
        if saved is None:
            saved = 0
            if not self.geometry.plain and can_compress(self.pack.glyph(ch)):
                saved = self.cost(ch) - sum(self.box(ch, compressed=True))
            self._squeeze[ch] = saved
        return saved


def build_layout(
    text: str,
    width: int,
    height: int,
    geometry: Geometry,
    pack: GlyphPack,
    *,
    use_words: bool | None = None,
) -> Layout:
    """Break ``text`` into lines of boxes that fit ``width`` columns, paged by ``height`` rows."""
    text = text.replace("\t", " ")
    layout = Layout(text, geometry, max(1, width), max(1, height))
    metrics = _Metrics(geometry, pack)
    lines = break_lines(
        text, layout.width, metrics.cost, squeeze=metrics.squeeze, use_words=use_words
    )
    for line in lines:
        layout.lines.extend(_place(text, line.start, line.end, layout.width, metrics))
    return layout


def _place(text: str, start: int, end: int, width: int, metrics: _Metrics) -> list[VisualLine]:
    """Boxes for ``text[start:end]``; squeezes punctuation, or splits, if it overflows."""
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1  # trailing whitespace is not drawn
    offsets = [i for i in range(start, stop) if metrics.units(text[i])]
    compressed: set[int] = set()
    total = sum(metrics.cost(text[i]) for i in offsets)
    for i in reversed(offsets):
        if total <= width:
            break
        saved = metrics.squeeze(text[i])
        if saved:
            compressed.add(i)
            total -= saved
    rows: list[list[tuple[int, int, int, int]]] = [[]]
    x = 0
    for i in offsets:
        pad_left, cols, pad_right = metrics.box(text[i], i in compressed)
        row = rows[-1]
        if row and x + pad_left + cols > width:
            # Last resort: nothing legal fits (e.g. 好。”） on a two-character line).
            # Split anyway, but keep a run of …… or —— together if possible.
            k = len(row)
            while k > 1 and text[i] in "…—" and text[row[k - 1][0]] == text[i]:
                k -= 1
            _log.debug(
                "hard break at %d in a line wider than %d", row[k][0] if k < len(row) else i, width
            )
            rows.append(row[k:])
            del row[k:]
            x = sum(sum(item[1:]) for item in rows[-1])
        rows[-1].append((i, pad_left, cols, pad_right))
        x += pad_left + cols + pad_right
    lines: list[VisualLine] = []
    for n, row in enumerate(rows):
        boxes, x = [], 0
        for i, pad_left, cols, pad_right in row:
            boxes.append(Box(i, x + pad_left, cols, pad_left, pad_right, i in compressed))
            x += pad_left + cols + pad_right
        first = row[0][0] if row and n else start
        last = rows[n + 1][0][0] if n + 1 < len(rows) else end
        lines.append(VisualLine(first, last, tuple(boxes)))
    return lines


Run = tuple[str, str]  # (text, role)


def paint(
    layout: Layout,
    page: int,
    highlight: tuple[int, int] | None,
    pack: GlyphPack,
) -> list[list[Run]]:
    """The rows that draw ``page``: runs of text with their role, each row at most ``width`` cells.

    ``highlight`` is a half-open range of text offsets; its characters get
    the HIGHLIGHT role and a marker line in the gap row under them.
    """
    g = layout.geometry
    lo, hi = highlight if highlight else (0, 0)
    rows: list[list[Run]] = []
    for line in layout.page_lines(page):
        lit = [lo <= b.offset < hi for b in line.boxes]
        # Padding between two highlighted boxes is highlighted too, so a
        # highlighted word reads as one block and its marker as one line.
        n = len(lit)
        joined = [lit[k] and k + 1 < n and lit[k + 1] for k in range(n)]
        joined_before = [k > 0 and joined[k - 1] for k in range(n)]
        if g.plain:
            glyph_rows = [(layout.text[b.offset],) for b in line.boxes]
        else:
            glyph_rows = [
                pack.rendered(layout.text[b.offset], g.style, g.zoom, b.compressed)
                for b in line.boxes
            ]
        for r in range(g.text_rows):
            runs = _Runs()
            for b, cells, on, before, after in zip(
                line.boxes, glyph_rows, lit, joined_before, joined, strict=True
            ):
                runs.add(" " * b.pad_left, HIGHLIGHT if before else NORMAL)
                runs.add(cells[r], HIGHLIGHT if on else NORMAL)
                runs.add(" " * b.pad_right, HIGHLIGHT if after else NORMAL)
            rows.append(runs.done())
        marker = _Runs()
        for b, on, before, after in zip(line.boxes, lit, joined_before, joined, strict=True):
            marker.add((MARKER if before else " ") * b.pad_left, MARK if before else NORMAL)
            marker.add((MARKER if on else " ") * b.cols, MARK if on else NORMAL)
            marker.add((MARKER if after else " ") * b.pad_right, MARK if after else NORMAL)
        rows.append(marker.done())
    return rows


class _Runs:
    """Collects (text, role) runs, merging neighbours with the same role."""

    def __init__(self) -> None:
        self.runs: list[list[str]] = []

    def add(self, text: str, role: str) -> None:
        if not text:
            return
        if self.runs and self.runs[-1][1] == role:
            self.runs[-1][0] += text
        else:
            self.runs.append([text, role])

    def done(self) -> list[Run]:
        # Trailing blank normal cells are left out; the widget pads rows.
        if self.runs and self.runs[-1][1] == NORMAL:
            self.runs[-1][0] = self.runs[-1][0].rstrip(" ")
            if not self.runs[-1][0]:
                self.runs.pop()
        return [(text, role) for text, role in self.runs]


def page_text_rows(rows: list[list[Run]]) -> list[str]:
    """Painted rows as plain strings (for golden files, previews and the terminal printout)."""
    return ["".join(text for text, _ in row) for row in rows]
