"""Lay out articles the way text comes out of a printed newspaper page (a test helper).

``lay_out(articles, layout)`` prints each story's paragraphs into columns
of a chosen width (in cells: a Chinese character is one cell, a Latin
letter or digit half), with a blank line at every column break and between
paragraphs, first lines indented (or not), OCR-like stray spaces, bylines
such as ``（李庆）`` at a story's end, headlines placed before, after, or far
from their stories, and an optional section header — like the seed page.
The same helper feeds the property tests and ``benchmarks/page.py``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from reader.importers.pagelines import char_cells

# Characters a typesetter never starts a line with: they hang at the end of the line before.
NO_LINE_START = "，。、；：？！…”’）》」』%"
_ASCII_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%+\-]*")
PLACEMENTS = ("before", "after", "top", "end", "mixed")


@dataclass(frozen=True)
class PageArticle:
    """What a story is: the truth a parsed page is compared with."""

    title: str
    paragraphs: tuple[str, ...]
    subtitles: tuple[str, ...] = ()
    author: str = ""


@dataclass(frozen=True)
class Layout:
    """How to print the stories.

    ``widths`` are column widths in cells, used in turn column after column
    (two different widths give the seed's narrow column beside a picture);
    ``column_lines`` is how many lines a column holds; ``by_chars`` sets
    every character, Latin letters and digits too, a full cell wide;
    ``hang`` lets closing punctuation hang past the column's edge.
    """

    widths: tuple[int, ...] = (13,)
    column_lines: int = 20
    by_chars: bool = False
    hang: bool = True
    indent: int = 2
    visible_indent: bool = False
    ocr_spaces: float = 0.0
    headlines: str = "before"
    headline_width: int = 0
    headline_gap: bool = False
    byline_own_line: bool = False
    section: str = ""
    seed: int = 0
    column_offsets: tuple[int, ...] = field(default=())


def cells(text: str) -> float:
    """Width of ``text`` in cells."""
    return sum(char_cells(ch) for ch in text)


def _tokens(text: str) -> list[str]:
    """Characters, with runs of Latin letters and digits kept whole."""
    out: list[str] = []
    pos = 0
    for m in _ASCII_RUN.finditer(text):
        out.extend(text[pos : m.start()])
        out.append(m.group(0))
        pos = m.end()
    out.extend(text[pos:])
    return out


def wrap(text: str, width_of, first_indent: float = 0.0, size=None, hang: bool = True) -> list[str]:
    """Break ``text`` into lines; ``width_of(n)`` is the width of line ``n`` in cells.

    Closing punctuation never starts a line: it hangs past the end of the
    line before, or (``hang=False``) the character before it moves down
    with it, leaving that line a character short. A Latin word or number is
    not split unless it is wider than the line (a word is then hyphenated).
    ``size`` measures text (display cells by default; ``len`` counts every
    character as a full cell).
    """
    cells = size or globals()["cells"]
    lines: list[str] = []
    line, used = "", first_indent
    for token in _tokens(text):
        size = cells(token)
        limit = width_of(len(lines))
        closing = token[0] in NO_LINE_START and size <= 2
        if line and used + size > limit and not (closing and hang):
            if closing and len(line) > 1:
                line, moved = line[:-1], line[-1]
                lines.append(line)
                line, used = moved, cells(moved)
            else:
                lines.append(line)
                line, used = "", 0.0
        if size > limit and len(token) > 1:
            # A word wider than the line is broken with a hyphen, as typesetters do
            # (numbers are broken without one).
            for k, ch in enumerate(token):
                if line and used + cells(ch) > width_of(len(lines)):
                    if line[-1].isalpha() and ch.isalpha() and k:
                        line, ch_back = line[:-1] + "-", line[-1]
                        lines.append(line)
                        line, used = ch_back, cells(ch_back)
                    else:
                        lines.append(line)
                        line, used = "", 0.0
                line += ch
                used += cells(ch)
            continue
        line += token
        used += size
    if line:
        lines.append(line)
    return lines


def _ocr_noise(line: str, rng: random.Random, chance: float) -> str:
    """Add the stray spaces OCR leaves: around numbers, after commas, before closing quotes."""
    if chance <= 0:
        return line

    def around(m: re.Match[str]) -> str:
        if rng.random() >= chance:
            return m.group(0)
        return f" {m.group(0)} "

    line = _ASCII_RUN.sub(around, line)
    line = re.sub(
        r"([，、；：])", lambda m: m.group(1) + (" " if rng.random() < chance else ""), line
    )
    line = re.sub(r"。”", lambda m: "。 ”" if rng.random() < chance else m.group(0), line)
    return line.strip(" ")


def _story_lines(
    article: PageArticle, layout: Layout, rng: random.Random, offset: int
) -> list[str]:
    """The story's body as printed: column breaks and paragraph breaks as blank lines."""
    out: list[str] = []
    printed = offset  # lines printed so far in the story's column flow

    def width_at(k: int) -> int:
        return layout.widths[(k // layout.column_lines) % len(layout.widths)]

    for n, paragraph in enumerate(article.paragraphs):
        start = printed
        indent = float(layout.indent)
        measure = len if layout.by_chars else cells
        lines = wrap(paragraph, lambda k, s=start: width_at(s + k), indent, measure, layout.hang)
        last = n == len(article.paragraphs) - 1
        if last and article.author:
            byline = f"（{article.author}）"
            room = width_at(start + len(lines) - 1) - cells(lines[-1])
            if not layout.byline_own_line and cells(byline) <= room:
                lines[-1] += (" " if rng.random() < layout.ocr_spaces else "") + byline
            else:
                lines.append(byline)
        if out and out[-1] != "":
            out.append("")
        for k, line in enumerate(lines):
            if k and (start + k) % layout.column_lines == 0 and out[-1] != "":
                out.append("")
            text = _ocr_noise(line, rng, layout.ocr_spaces)
            if k == 0 and layout.visible_indent and layout.indent:
                text = "\u3000" * layout.indent + text
            out.append(text)
        printed = start + len(lines)
    return out


def _headline_blocks(article: PageArticle, layout: Layout) -> list[list[str]]:
    """The story's headline as blocks of lines: title (wrapped if long), then subtitles."""
    title = _wrap_headline(article.title, layout.headline_width)
    subs = [line for s in article.subtitles for line in _wrap_headline(s, 0)]
    if layout.headline_gap:
        return [title, *([s] for s in subs)]
    return [title + subs]


def _wrap_headline(text: str, width: int) -> list[str]:
    """A headline longer than ``width`` cells, split into two balanced lines."""
    if not width or cells(text) <= width or len(text) < 4:
        return [text]
    half = (len(text) + 1) // 2
    return [text[:half], text[half:]]


def lay_out(articles: list[PageArticle], layout: Layout) -> str:
    """Print ``articles`` as one page of extracted text."""
    rng = random.Random(layout.seed)
    bodies = []
    for i, article in enumerate(articles):
        if layout.column_offsets:
            offset = layout.column_offsets[i % len(layout.column_offsets)]
        else:
            offset = rng.randrange(layout.column_lines)
        bodies.append(_story_lines(article, layout, rng, offset))
    heads = [_headline_blocks(a, layout) for a in articles]
    # Units of blocks that stay together: a story's body, or a story's headline blocks.
    units: list[list[list[str]]] = []
    top: list[list[list[str]]] = []
    end: list[list[list[str]]] = []
    far: dict[int, list[list[list[str]]]] = {}
    for i, body in enumerate(bodies):
        place = layout.headlines
        if place == "mixed":
            place = rng.choice(("before", "after", "top", "end", "far"))
        if place == "far" and len(bodies) > 1:
            other = rng.choice([k for k in range(len(bodies)) if k != i])
            far.setdefault(other, []).append(heads[i])
        elif place in ("before", "far"):
            units.append(heads[i])
        units.append([body])
        if place == "after":
            units.append(heads[i])
        elif place == "top":
            top.append(heads[i])
        elif place == "end":
            end.append(heads[i])
    if far:
        units = _insert_far(units, bodies, far)
    units = top + units + end
    if layout.section:
        units.insert(rng.randrange(len(units) + 1), [[layout.section]])
    pieces = [block for unit in units for block in unit]
    lines: list[str] = []
    for piece in pieces:
        if lines:
            lines.append("")
        lines.extend(piece)
    return "\n".join(lines) + "\n"


def _insert_far(
    units: list[list[list[str]]], bodies: list[list[str]], far: dict[int, list[list[list[str]]]]
) -> list[list[list[str]]]:
    """Put headlines printed far from their story right before another story's body."""
    out: list[list[list[str]]] = []
    for unit in units:
        for k, body in enumerate(bodies):
            if unit[0] is body:
                out.extend(far.get(k, []))
        out.append(unit)
    return out
