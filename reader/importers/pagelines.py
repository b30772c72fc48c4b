"""Lines and blocks of text extracted from a printed page, and how wide they are.

A page is read as *blocks*: runs of non-blank lines separated by blank
lines. Every line is measured three ways (``METRICS``): in display cells
(a Chinese character or full-width mark is one cell, a Latin letter or
digit half), in characters, and in print cells (punctuation compressed to
half a cell). OCR spaces are not counted (``drop_ocr_spaces``); leading
spaces are kept apart as the line's indent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reader.importers.textjoin import drop_ocr_spaces

# Marks that end a sentence, and the closing quotes/brackets that may follow them.
SENTENCE_END_MARKS = "。！？!?…"
CLOSERS = "”’」』）》〉】〕)]\"'"
# A line starting with one of these cannot start a paragraph (or a headline):
# typesetters never begin a line with them, so the line continues the one before.
CONTINUATION_STARTS = "，。、；：？！…”’」』）》〉】〕,.;:?!)]%"
# Closing punctuation a typesetter lets hang past the column's edge.
HANGING = "，。、；：？！…”’）》」』,.;:?!)%"
# A line ending with one of these is cut: the quote or bracket opens on the next line.
OPENERS = "“‘（《〈【〔「『(["
_LEADING_LATIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.%+\-]*")
# A sentence's end, and notes in brackets that may follow it: a photo credit
# （新华社记者刘卫兵摄）, an agency tag （新华）, a byline （李庆）.
_SENTENCE_END = re.compile(
    rf"[{SENTENCE_END_MARKS}][{re.escape(CLOSERS)}]*(?:\s*[（(][^（）()]{{1,30}}[）)])*$"
)
_LEADING_SPACE = re.compile(r"^[ \t\u3000\u00a0]*")


@lru_cache(maxsize=4096)
def char_cells(ch: str) -> float:
    """Width of one character in cells: 1 for CJK and full-width marks, 0.5 for Latin."""
    width = unicodedata.east_asian_width(ch)
    if width in ("W", "F"):
        return 1.0
    if width == "A" and unicodedata.category(ch)[0] in "PS":
        # “ ” ‘ ’ … — · are set full width in Chinese type.
        return 1.0
    return 0.5


def display_cells(text: str) -> float:
    """Width of ``text`` in cells; spaces count half a cell like any Latin character."""
    return sum(char_cells(ch) for ch in text)


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends with 。！？… (optionally followed by closing quotes or brackets, and
    by notes in brackets such as a photo credit ``（新华社记者刘卫兵摄）``)."""
    return bool(_SENTENCE_END.search(text.rstrip()))


def ends_open(text: str) -> bool:
    """True if ``text`` ends with an opening quote or bracket (so it must go on)."""
    text = text.rstrip()
    return bool(text) and text[-1] in OPENERS


def leading_word(text: str) -> str:
    """The Latin word or number ``text`` starts with (typesetters do not split them), or ``""``."""
    m = _LEADING_LATIN.match(text)
    return m.group(0) if m else ""


def is_cjk(ch: str) -> bool:
    """True for Chinese characters (the unified ideographs and their extensions)."""
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3134F


# Ways of measuring a line: display cells, characters, and print cells (cells with
# Chinese punctuation at half width, as many typesetters compress it). A page is
# measured in whichever makes its columns most even.
METRICS = ("cells", "chars", "print")


def print_cells(text: str) -> float:
    """Width of ``text`` in cells with full-width punctuation counted as half a cell."""
    return sum(char_size(ch, METRICS.index("print")) for ch in text)


def char_size(ch: str, metric: int) -> float:
    """Size of one character in ``METRICS[metric]``."""
    if METRICS[metric] == "chars":
        return 1.0
    cells = char_cells(ch)
    if METRICS[metric] == "print" and cells == 1.0 and unicodedata.category(ch)[0] == "P":
        return 0.5
    return cells


@dataclass(frozen=True)
class Line:
    """One non-blank line: its number in the source, raw text, text as printed, and sizes.

    ``text`` is the line without OCR spaces (dashes and all else as
    printed); ``sizes`` holds its length in each of ``METRICS``;
    ``indent`` is the leading white space in cells.
    """

    number: int
    raw: str
    text: str
    indent: float
    sizes: tuple[float, float, float]

    @classmethod
    def from_raw(cls, number: int, raw: str) -> Line:
        """Measure one raw line of the page."""
        raw = raw.rstrip()
        lead = _LEADING_SPACE.match(raw).group(0)
        indent = sum(1.0 if ch == "\u3000" else 0.5 for ch in lead)
        text = drop_ocr_spaces(raw.strip(" \t\u3000\u00a0"))
        sizes = (display_cells(text), float(len(text)), print_cells(text))
        return cls(number, raw, text, indent, sizes)

    def extended(self, tail: str) -> Line:
        """This line with ``tail`` (closing marks set on the next line) put back at its end."""
        return Line.from_raw(self.number, self.raw.rstrip() + tail)

    @property
    def width(self) -> float:
        """Display width of the text in cells."""
        return self.sizes[0]

    def core_size(self, metric: int) -> float:
        """The line's size without a closing mark hanging past the column's edge."""
        last = self.text[-1]
        return self.sizes[metric] - (char_size(last, metric) if last in HANGING else 0.0)


# A note in brackets after a sentence's end is at most this long (see ``_SENTENCE_END``).
TAIL_CHARS = 40


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank lines; blocks are separated by one or more blank lines."""

    lines: tuple[Line, ...]

    @property
    def first(self) -> Line:
        """The block's first line."""
        return self.lines[0]

    @property
    def last(self) -> Line:
        """The block's last line."""
        return self.lines[-1]

    @property
    def tail(self) -> str:
        """The text of the last lines, joined, at least ``TAIL_CHARS`` long: enough to tell how
        the block ends, even when a note in brackets (``（新华社记者刘\n卫兵摄）``) is cut by
        line ends."""
        text = ""
        for line in reversed(self.lines):
            text = line.text + text
            if len(text) >= TAIL_CHARS:
                break
        return text

    @property
    def text(self) -> str:
        """The normalised lines joined with newlines (for recognisers and messages)."""
        return "\n".join(line.text for line in self.lines)


def split_blocks(text: str) -> list[Block]:
    """Cut ``text`` into blocks of non-blank lines, measuring every line.

    A line of nothing but closing marks (a lone ``”`` or ``。”``, pushed to
    the next line by tight setting or OCR) is the end of the line before,
    even across a blank line: it is put back there.
    """
    blocks: list[Block] = []
    current: list[Line] = []
    for number, raw in enumerate(text.split("\n"), 1):
        if raw.strip(" \t\u3000\u00a0\f\v"):
            line = Line.from_raw(number, raw)
            if _only_closing(line.text) and (current or blocks):
                if not current:
                    current = list(blocks.pop().lines)
                current[-1] = current[-1].extended(line.text)
                continue
            current.append(line)
        elif current:
            blocks.append(Block(tuple(current)))
            current = []
    if current:
        blocks.append(Block(tuple(current)))
    return blocks


def _only_closing(text: str) -> bool:
    """True for a line of closing marks only (``”``, ``。”``, ``）``), which cannot start a line."""
    return bool(text) and all(ch in CLOSERS or ch in SENTENCE_END_MARKS for ch in text)
