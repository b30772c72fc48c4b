"""The columns of a printed page: how wide they are, and what each blank line between them is.

Every blank line between two blocks of text is either a paragraph break or
a column break (the text goes on at the top of the next column). The line
before a blank decides most cases: a sentence cut in the middle goes on.
When that line ends with a full stop, widths decide: a column's last line
is full and the next column goes on with a full line, while a paragraph
usually ends short and the next one opens indented. Widths are measured
against the column around the blank (columns on one page differ), in the
unit that makes the page's columns most even (display cells, characters,
or print cells with compressed punctuation). A page's column height
(every N lines) is learnt from its sure column breaks.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from reader.importers.pagelines import (
    CONTINUATION_STARTS,
    HANGING,
    METRICS,
    Block,
    Line,
    ends_open,
    ends_sentence,
    leading_word,
)
from reader.importers.pageparts import (
    block_byline,
    ends_with_credit,
    split_byline,
    starts_caption,
)

BODY, HEADLINE, SECTION, BYLINE, CANDIDATE = "body", "headline", "section", "byline", "candidate"
LEAD = "lead"  # a byline printed above a story (本报记者 王建新)
PICTURE = "picture"  # a photo's title (欢庆新世纪的到来（图片）): a paragraph of its own
# A full line may fall this much short of its column (more on uneven pages): a
# character, for typesetters who move one down rather than let a comma hang.
FULL_SLACK = 1.0
# A paragraph's first line is indented by about two characters.
INDENT = 2.0
INDENT_SLACK = 1.5
# Closing punctuation may hang this far past the column's edge.
MAX_HANG = 2.0
# A photo caption is at most this many lines.
MAX_CAPTION_LINES = 5
# Columns shorter than this are not told apart from chance.
MIN_COLUMN_LINES = 4
# Print cells must make columns this much more even than cells or characters.
METRIC_MARGIN = 0.15


@dataclass
class Geometry:
    """How the page is measured.

    ``metric`` indexes ``Line.sizes``; ``column`` is the usual column width
    and ``columns`` all the widths common on the page; ``slack`` how much
    a full line may fall short of its column (more on pages whose columns
    are uneven); ``indented`` whether paragraphs open indented (None: the
    page does not tell); ``explicit`` whether the indentation is written
    out as leading spaces, so that a line without them never opens one.
    """

    metric: int
    column: float
    slack: float
    columns: tuple[float, ...] = ()
    indented: bool | None = None
    explicit: bool = False


class Columns:
    """The blocks of a page with what each one is (``kinds``, which may change), measured."""

    def __init__(self, blocks: list[Block], kinds: list[str]) -> None:
        self.blocks = blocks
        self.kinds = kinds
        self.geo = self._measure()

    # --- measuring ---------------------------------------------------------------------

    def _measure(self) -> Geometry:
        """Pick the unit, the usual column widths and slack, and whether paragraphs are indented."""
        body = [b for b, k in zip(self.blocks, self.kinds, strict=True) if k in (BODY, CANDIDATE)]
        spreads = [_deviations(body, m) for m in range(len(METRICS))]
        evenness = [_evenness(d) for d in spreads]
        # Cells or characters, whichever is more even (typesetters count one way or the
        # other); print cells only if clearly more even still (the seed's compressed marks).
        metric = 1 if evenness[1] > evenness[0] else 0
        if evenness[2] >= evenness[metric] + METRIC_MARGIN:
            metric = 2
        deviations = sorted(spreads[metric]) or [0.0]
        jitter = deviations[int(0.8 * (len(deviations) - 1))]
        inner = [line for b in body if len(b.lines) >= 3 for line in b.lines[1:-1]]
        sizes = [line.sizes[metric] for line in inner or [x for b in body for x in b.lines]]
        # Widths common on the page, not counting punctuation hanging past the edge.
        common = Counter(round(line.core_size(metric) * 2) / 2 for line in inner)
        columns = tuple(w for w, n in common.items() if n >= max(3, 0.1 * len(sizes)))
        self.geo = Geometry(
            metric, statistics.median(sizes or [0.0]), max(FULL_SLACK, jitter + 0.25), columns
        )
        # A page that writes indentation out writes it for every paragraph (headline-shaped
        # lines set off by spaces may be centred subheads: they do not count).
        self.geo.explicit = self._writes_indentation()
        self.geo.indented = True if self.geo.explicit else self._uses_indentation()
        return self.geo

    def _writes_indentation(self) -> bool:
        """True if paragraphs open with written-out indentation: at least two lines do, as
        many as half the blocks opening after a full stop (centred subheads are set off by
        spaces too, but they are few)."""
        blocks, kinds = self.blocks, self.kinds
        text = [i for i, kind in enumerate(kinds) if kind in (BODY, CANDIDATE)]
        indented = sum(1 for i in text for x in blocks[i].lines if x.indent >= 1.0)
        opens = sum(1 for i in text if kinds[i - 1] == BODY and ends_sentence(blocks[i - 1].tail))
        return indented >= 2 and indented >= 0.5 * opens

    def _uses_indentation(self) -> bool | None:
        """Whether paragraphs open indented, judged where a paragraph surely opens.

        That is after a line that ends a sentence short of its column, and
        after a section header or a byline.
        """
        votes: Counter[bool] = Counter()
        blocks, kinds = self.blocks, self.kinds
        for i in range(1, len(blocks)):
            if kinds[i] != BODY:
                continue
            prev = blocks[i - 1]
            if kinds[i - 1] == BODY:
                if not ends_sentence(prev.tail) or len(prev.lines) < 2:
                    continue
                if self.is_full(prev.last, self.tail_width(i - 1), blocks[i].first):
                    continue
            elif kinds[i - 1] not in (SECTION, BYLINE, LEAD):
                continue
            starts = self.starts_paragraph(i)
            if starts is not None:
                votes[starts] += 1
        if not votes:
            return None
        return votes[True] >= 2 * votes[False]

    def size(self, line: Line) -> float:
        """The line's length in the page's unit."""
        return line.sizes[self.geo.metric]

    def size_range(self, line: Line) -> tuple[float, float]:
        """The line's length counted with Latin letters and digits half and full width.

        Typesetters differ in how they count them; a page with few of them
        does not tell which way it was set, so a line is given the benefit
        of either count. (The same for a line with none.)
        """
        if METRICS[self.geo.metric] == "print" or not any(ch.isascii() for ch in line.text):
            size = self.size(line)
            return size, size
        cells, chars = line.sizes[0], line.sizes[1]
        return min(cells, chars), max(cells, chars)

    def core_size(self, line: Line) -> float:
        """The line's length without a mark hanging past the column's edge."""
        return line.core_size(self.geo.metric)

    def word_size(self, word: str) -> float:
        """Length of a Latin word: full width per letter, unless the page compresses
        punctuation (print cells), which sets Latin at half width (see ``size_range``)."""
        return 0.5 * len(word) if METRICS[self.geo.metric] == "print" else float(len(word))

    def _full_sizes(self, i: int) -> list[float]:
        """Sizes of block ``i``'s lines that should be full: not its first (it may be
        indented), nor lines that end a paragraph (a sentence or a byline)."""
        return [self.size(x) for x in self.blocks[i].lines[1:] if _may_be_full(x)]

    def tail_width(self, i: int) -> float:
        """The width of the column where block ``i`` ends (median of its last full lines)."""
        sizes = self._full_sizes(i)[-4:]
        if len(sizes) < 2 and i > 0 and self.kinds[i - 1] == BODY:
            sizes += self._full_sizes(i - 1)[-3:]
        if not sizes and len(self.blocks[i].lines) > 1:
            sizes = [self.size(self.blocks[i].first)]
        return statistics.median(sizes) if sizes else self.geo.column

    def head_width(self, i: int) -> float | None:
        """The width of the column where block ``i`` starts (median of its first full lines).

        None for a block too short to tell: its first line may be indented
        and its last may end a paragraph.
        """
        sizes = self._full_sizes(i)[:4]
        return statistics.median(sizes) if sizes else None

    def own_width(self, i: int) -> float | None:
        """The width of the column block ``i`` is set in, if its own lines show one.

        Three lines or more as wide as each other (the first may be indented)
        show it; of two lines, only an indented first line and a full second
        on a page that indents paragraphs (a wrapped headline has no reason
        to be two characters short). A short column beside a picture has no
        other lines to measure it by.
        """
        lines = self.blocks[i].lines
        if len(lines) >= 3:
            sizes = [self.size(x) for x in lines[1:] if _may_be_full(x)]
            if len(sizes) >= 2 and max(sizes) - min(sizes) <= self.geo.slack:
                return statistics.median(sizes)
            return None
        if len(lines) == 2 and self.geo.indented and _may_be_full(lines[1]):
            first, second = self.core_size(lines[0]), self.size(lines[1])
            if abs(second - INDENT - first) <= 0.5:
                return second
        return None

    def nearby_widths(self, i: int) -> set[float]:
        """Widths of the columns of the blocks around block ``i``."""
        widths = set()
        if i + 1 < len(self.blocks) and self.head_width(i + 1) is not None:
            widths.add(self.head_width(i + 1))
        if i > 0 and self.kinds[i - 1] == BODY:
            widths.add(self.tail_width(i - 1))
        return widths

    def starts_paragraph(self, i: int) -> bool | None:
        """True if block ``i`` opens with an indented line (explicitly, or short of its column).

        None when the block is too short to tell. Punctuation hanging past
        the column's edge does not count: an indented line ``最让主人骄傲的是，``
        is as long as a full one.
        """
        first = self.blocks[i].first
        if first.indent >= 1.0 or self.geo.explicit:
            return first.indent >= 1.0
        size = self.core_size(first)
        width = self.head_width(i)
        if width is not None:
            return size <= width - INDENT_SLACK
        # Too short to measure its own column: a line longer than an indented
        # line of any column nearby is not indented; a shorter one may be either.
        nearby = [self.geo.column]
        if i > 0 and self.kinds[i - 1] == BODY:
            nearby.append(self.tail_width(i - 1))
        return False if size > max(nearby) - INDENT_SLACK else None

    def is_full(self, line: Line, width: float, following: Line | None) -> bool:
        """True if ``line`` fills a column ``width`` wide, or the word opening ``following`` did not fit."""
        size = self.size_range(line)[1]
        if size >= width - self.geo.slack:
            return True
        word = leading_word(following.text) if following is not None else ""
        return bool(word) and size + self.word_size(word) > width

    def fits_column(self, i: int, width: float, following: Line | None, loose: bool) -> bool:
        """True if block ``i`` is shaped like the lines of a column ``width`` wide cut by its end.

        ``following`` is the line the text would go on with; ``loose`` allows
        a character more either way.
        """
        lines = self.blocks[i].lines
        extra = 1.0 if loose else 0.0
        for n, line in enumerate(lines):
            smallest, largest = self.size_range(line)
            hang = MAX_HANG if line.text[-1] in HANGING else 0.0
            if smallest > width + self.geo.slack + hang + extra:
                return False
            low = width - self.geo.slack - extra
            if n == 0 and (self.geo.indented is not False or loose):
                low -= INDENT + 0.5
            after = lines[n + 1] if n + 1 < len(lines) else following
            if largest < low and not (after is not None and self.is_full(line, width, after)):
                return False
        return True

    def fits_tightly(self, i: int, width: float) -> bool:
        """True if every line of block ``i`` but the first is as wide as the column, the first
        full or indented.

        Text lines cut at a column's foot are shaped so; a headline of several
        lines seldom is. A line ending with an opening quote is text cut by a
        line end (headlines are not broken there).
        """
        lines = self.blocks[i].lines
        if any(ends_open(line.text) for line in lines[:-1]):
            return True
        slack = self.geo.slack
        for n, line in enumerate(lines):
            targets = [width]
            if n == 0 and self.geo.indented is not False:
                targets.append(width - INDENT)
            sizes = (self.size(line), self.core_size(line))
            if not any(t - slack <= s <= t + 0.25 for t in targets for s in sizes):
                return False
        return True

    def opens_indented(self, i: int, widths: list[float]) -> bool:
        """True if block ``i``'s first line is short of a column, or the text before goes on."""
        if i > 0 and self.kinds[i - 1] == BODY and not ends_sentence(self.blocks[i - 1].tail):
            return True
        size = self.core_size(self.blocks[i].first)
        return any(size <= w - INDENT_SLACK for w in widths)

    # --- blank lines ----------------------------------------------------------------------

    def is_sure_break(self, a: int, b: int) -> bool | None:
        """Whether the blank between body blocks ``a`` and ``b`` surely breaks a column (True)
        or a paragraph (False), from the text alone; None when widths must tell."""
        prev, nxt = self.blocks[a], self.blocks[b]
        if nxt.first.text[0] in CONTINUATION_STARTS or ends_open(prev.last.text):
            return True
        if nxt.first.indent >= 1.0 or block_byline(prev) is not None:
            return False
        if ends_with_credit(prev.tail) or (
            ends_sentence(prev.tail) and (starts_caption(nxt.first.text) or _is_caption(nxt))
        ):
            return False  # a photo caption is set apart from the text
        if not ends_sentence(prev.tail):
            return not self._ends_short_before_indent(a, b)
        return None

    def is_column_break(self, a: int, b: int, rhythm: ColumnRhythm, opened: bool) -> bool:
        """True if the blank between body blocks ``a`` and ``b`` breaks a column, not a paragraph.

        ``opened`` says block ``a`` opened its paragraph: if it is one line,
        that line is indented, so it is full when two characters short.
        """
        sure = self.is_sure_break(a, b)
        if sure is not None:
            return sure
        if self.geo.explicit:
            return True  # the next block would be indented if it opened a paragraph
        prev, nxt = self.blocks[a], self.blocks[b]
        width = self.tail_width(a)
        if opened and len(prev.lines) == 1 and self.geo.indented:
            width -= INDENT
        if not self.is_full(prev.last, width, nxt.first):
            return False
        # A full line ends both the column and a sentence. On a page that indents
        # paragraphs, the next column goes on with a full line when the paragraph
        # goes on; when that line is too short to tell, the column rhythm does.
        # Without indentation, a paragraph ending at a column's foot looks the
        # same, and cutting a paragraph in two costs less than running two together
        # (measured: such blanks are paragraph breaks about as often as not).
        if self.geo.indented is not True:
            return False
        starts = self.starts_paragraph(b)
        return not starts if starts is not None else rhythm.on_beat(b) is True

    def _ends_short_before_indent(self, a: int, b: int) -> bool:
        """A paragraph ending without a full stop (``…如下：``): short last line, next one indented."""
        prev = self.blocks[a]
        if not prev.last.text.endswith(("：", ":")) or not self.geo.indented:
            return False
        following = self.blocks[b].first
        return (
            not self.is_full(prev.last, self.tail_width(a), following)
            and self.starts_paragraph(b) is True
        )


class ColumnRhythm:
    """The page's column height, learnt from the blanks that surely are column breaks.

    Positions are counted in text lines (headline candidates included,
    since they may be text), and separately in source lines (blank lines
    included), from the start of each stretch of text between headlines,
    section headers and bylines; a column height is trusted when most gaps
    between sure column breaks are multiples of it.
    """

    def __init__(self, columns: Columns) -> None:
        self.runs: list[list[tuple[int, int, int]]] = []  # (block index, text pos, source pos)
        self.sure: set[int] = set()
        kinds, blocks = columns.kinds, columns.blocks
        text_pos = 0
        run: list[tuple[int, int, int]] = []
        prev: int | None = None
        for i, kind in enumerate(kinds):
            if kind not in (BODY, CANDIDATE):
                if run:
                    self.runs.append(run)
                run, prev = [], None
                continue
            block = blocks[i]
            if prev is not None:
                run.append((i, text_pos, block.first.number))
                if kind == kinds[prev] == BODY and columns.is_sure_break(prev, i):
                    self.sure.add(i)
            text_pos += len(block.lines)
            prev = i
            if block_byline(block) is not None:
                if run:
                    self.runs.append(run)
                run, prev = [], None
        if run:
            self.runs.append(run)
        self.periods = [self._period(1), self._period(2)]

    def _period(self, field: int) -> int | None:
        """The column height: the largest number of lines most gaps between sure breaks are
        multiples of (a column break falling on a paragraph break is not a sure one, so
        some gaps span two columns or more)."""
        gaps = []
        for run in self.runs:
            known = [entry[field] for entry in run if entry[0] in self.sure]
            gaps.extend(b - a for a, b in zip(known, known[1:], strict=False))
        if len(gaps) < 2:
            return None
        for period in range(max(gaps), MIN_COLUMN_LINES - 1, -1):
            if sum(1 for g in gaps if g % period == 0) >= 0.8 * len(gaps):
                return period
        return None

    def on_beat(self, b: int) -> bool | None:
        """Whether the blank before block ``b`` falls where the column rhythm puts a column break.

        It is measured from the nearest sure column breaks before and after
        it; None when the page has no steady rhythm or no sure break near.
        """
        verdict = None
        for run in self.runs:
            index = next((n for n, entry in enumerate(run) if entry[0] == b), None)
            if index is None:
                continue
            for field, period in enumerate(self.periods, 1):
                if period is None:
                    continue
                here = run[index][field]
                before = [e[field] for e in run[:index] if e[0] in self.sure]
                after = [e[field] for e in run[index + 1 :] if e[0] in self.sure]
                if before and (here - before[-1]) % period == 0:
                    return True
                if after and (after[0] - here) % period == 0:
                    return True
                if before or after:
                    verdict = False
        return verdict


def _is_caption(block: Block) -> bool:
    """True for a photo caption: a few lines ending with a credit (a picture's caption is set
    under it whole, never cut by a column break)."""
    return len(block.lines) <= MAX_CAPTION_LINES and ends_with_credit(block.tail)


def _evenness(deviations: list[float]) -> float:
    """Share of inner lines within half a cell of their block's median."""
    return sum(1 for d in deviations if d <= 0.5) / len(deviations) if deviations else 0.0


def _may_be_full(line: Line) -> bool:
    """False for a line that ends a paragraph (a sentence or a byline): those are often short."""
    return not ends_sentence(line.text) and split_byline(line.text) is None


def _deviations(blocks: list[Block], metric: int) -> list[float]:
    """How far inner lines stray from their block's median length, in ``metric``."""
    found: list[float] = []
    for block in blocks:
        inner = [line.sizes[metric] for line in block.lines[1:-1]]
        if len(inner) < 3:
            continue
        mid = statistics.median(inner)
        found.extend(abs(s - mid) for s in inner)
    return found
