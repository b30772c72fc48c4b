"""Reflow the columns of a printed page into paragraphs, keeping headlines apart.

Every blank line on a page is either a paragraph break or a column break
(the text goes on at the top of the next column). The line before a blank
decides most cases: a sentence cut in the middle goes on. When the line
ends with a full stop, widths decide: a column's last line is full and the
next column goes on with a full line, while a paragraph usually ends short
and the next one starts indented. Widths are measured against the column
around the blank (columns on one page differ), in the unit that makes the
page's columns most even (display cells, characters, or print cells). On
pages without indentation, the rhythm of the page's certain column breaks
(every N lines) tells a column break after a full stop from a paragraph end.

Headline-shaped blocks (short, no sentence punctuation) are headlines
unless they are the first lines of a paragraph cut off by a column break:
those fit the column and the next block goes on with them (not indented,
or the words run on across the gap).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from reader.importers.pagelines import (
    CONTINUATION_STARTS,
    METRICS,
    Block,
    Line,
    char_cells,
    ends_open,
    ends_sentence,
    is_cjk,
    leading_word,
)
from reader.importers.pageparts import is_headline_shaped, section_name, split_byline
from reader.importers.textjoin import join_lines, normalize_spacing

BODY, HEADLINE, SECTION, BYLINE, CANDIDATE = "body", "headline", "section", "byline", "candidate"
# A full line may fall this much short of its column (more on uneven pages).
FULL_SLACK = 0.75
# A paragraph's first line is indented by about two characters.
INDENT = 2.0
INDENT_SLACK = 1.5
# Closing punctuation may hang past the column's edge.
HANGING = "，。、；：？！…”’）》」』,.;:?!)%"
MAX_HANG = 2.0
# Columns shorter than this are not told apart from chance.
MIN_COLUMN_LINES = 4


@dataclass
class PageParagraph:
    """A paragraph of body text; ``author`` is set when a byline ended it (and its story)."""

    lines: list[Line]
    author: str = ""
    last_text: str | None = None

    @property
    def text(self) -> str:
        """The paragraph's text: lines joined, OCR spacing normalised, byline removed."""
        texts = [line.text for line in self.lines]
        if self.last_text is not None:
            texts[-1] = self.last_text
        return join_lines(texts)

    @property
    def ends_story(self) -> bool:
        """True if a byline closed the story with this paragraph."""
        return bool(self.author)


@dataclass
class PageHeadline:
    """A headline block: its lines, in page order.

    ``at_break`` is False for a headline printed inside a paragraph that goes
    on after it (it then marks no story boundary).
    """

    lines: list[str]
    at_break: bool = True


@dataclass
class PageSection:
    """A section header such as ``公益资讯 INFOS``."""

    name: str


PageItem = PageParagraph | PageHeadline | PageSection


@dataclass
class Geometry:
    """How the page is measured.

    ``metric`` indexes ``Line.sizes``; ``column`` is the usual column width
    and ``columns`` all the widths common on the page;
    ``slack`` how much a full line may fall short of its column (more on
    pages whose columns are uneven); ``indented`` whether paragraphs start
    indented (None: the page does not tell); ``explicit`` whether the
    indentation is written out as leading spaces, so that a line without
    them never starts a paragraph.
    """

    metric: int
    column: float
    slack: float
    indented: bool | None = None
    columns: tuple[float, ...] = ()
    explicit: bool = False

    def size(self, line: Line) -> float:
        """The line's length in the page's unit."""
        return line.sizes[self.metric]

    def word_size(self, word: str) -> float:
        """Length of a Latin word in the page's unit."""
        return float(len(word)) if METRICS[self.metric] == "chars" else 0.5 * len(word)


def read_page(blocks: list[Block]) -> list[PageItem]:
    """Turn the blocks of a page into paragraphs, headlines and section headers, in page order."""
    page = _Page(_split_after_bylines(blocks))
    page.resolve_candidates()
    return page.reflow()


def _split_after_bylines(blocks: list[Block]) -> list[Block]:
    """Cut a block after a line ending with a byline: whatever follows belongs elsewhere."""
    out: list[Block] = []
    for block in blocks:
        start = 0
        for i, line in enumerate(block.lines[:-1]):
            if split_byline(line.text) is not None:
                out.append(Block(block.lines[start : i + 1]))
                start = i + 1
        out.append(Block(block.lines[start:]))
    return out


def _first_kind(block: Block) -> str:
    """What a block is, as far as it tells by itself; headline-shaped blocks stay candidates."""
    if section_name(block) is not None:
        return SECTION
    if len(block.lines) == 1:
        byline = split_byline(block.first.text)
        if byline is not None and not byline[0]:
            return BYLINE
    return CANDIDATE if is_headline_shaped(block) else BODY


def _author_of(line: Line) -> str:
    found = split_byline(line.text)
    return found[1] if found else ""


class _Page:
    """The blocks of one page, what each one is, and how the page is measured."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.kinds = [_first_kind(b) for b in blocks]
        self.geo = self._measure()
        self.bigrams = self._body_bigrams()

    # --- measuring ---------------------------------------------------------------------

    def _measure(self) -> Geometry:
        """Pick the unit, the usual column width and slack, and whether paragraphs are indented."""
        body = [b for b, k in zip(self.blocks, self.kinds, strict=True) if k in (BODY, CANDIDATE)]
        spreads = [_deviations(body, m) for m in range(len(METRICS))]
        evenness = [_evenness(d) for d in spreads]
        # Display cells are the default; another unit must make columns clearly more even.
        metric = max(range(len(METRICS)), key=lambda m: evenness[m] - (0 if m == 0 else 0.15))
        deviations = sorted(spreads[metric]) or [0.0]
        jitter = deviations[int(0.8 * (len(deviations) - 1))]
        inner = [line for b in body if len(b.lines) >= 3 for line in b.lines[1:-1]]
        sizes = [line.sizes[metric] for line in inner or [x for b in body for x in b.lines]]
        # Widths common on the page, not counting punctuation hanging past the edge.
        common = Counter(
            round((line.sizes[metric] - (1.0 if line.text[-1] in HANGING else 0.0)) * 2) / 2
            for line in inner
        )
        columns = tuple(w for w, n in common.items() if n >= max(3, 0.1 * len(sizes)))
        self.geo = Geometry(
            metric, statistics.median(sizes or [0.0]), max(FULL_SLACK, jitter + 0.25), None, columns
        )
        # A page that writes indentation out writes it for every paragraph.
        spaced = sum(1 for b in body for line in b.lines if line.indent >= 1.0)
        self.geo.explicit = spaced >= 2
        self.geo.indented = True if self.geo.explicit else self._uses_indentation()
        return self.geo

    def _uses_indentation(self) -> bool | None:
        """Whether paragraphs start indented, judged where a paragraph surely starts.

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
                if not ends_sentence(prev.last.text) or len(prev.lines) < 2:
                    continue
                if self.is_full(prev.last, self.tail_width(i - 1), blocks[i].first):
                    continue
            elif kinds[i - 1] not in (SECTION, BYLINE):
                continue
            starts = self.starts_paragraph(i)
            if starts is not None:
                votes[starts] += 1
        if not votes:
            return None
        return votes[True] >= 2 * votes[False]

    def _body_bigrams(self) -> Counter[str]:
        """Counts of adjacent Chinese character pairs in the page's body text."""
        counts: Counter[str] = Counter()
        for block, kind in zip(self.blocks, self.kinds, strict=True):
            if kind != BODY:
                continue
            text = "".join(line.text for line in block.lines)
            counts.update(
                a + b for a, b in zip(text, text[1:], strict=False) if is_cjk(a) and is_cjk(b)
            )
        return counts

    def size(self, line: Line) -> float:
        """The line's length in the page's unit."""
        return self.geo.size(line)

    def _inner_sizes(self, i: int) -> list[float]:
        """Sizes of block ``i``'s full lines: not its first (it may be indented), nor lines
        that end a paragraph (a sentence or a byline)."""
        lines = self.blocks[i].lines
        return [self.size(x) for x in lines[1:] if _may_be_full(x)]

    def tail_width(self, i: int) -> float:
        """The width of the column where block ``i`` ends (median of its last full lines)."""
        sizes = self._inner_sizes(i)[-4:]
        if len(sizes) < 2 and i > 0 and self.kinds[i - 1] == BODY:
            sizes += self._inner_sizes(i - 1)[-3:]
        if not sizes and len(self.blocks[i].lines) > 1:
            sizes = [self.size(self.blocks[i].first)]
        return statistics.median(sizes) if sizes else self.geo.column

    def head_width(self, i: int) -> float | None:
        """The width of the column where block ``i`` starts (median of its first full lines).

        None for a block too short to tell: its first line may be indented
        and its last may end a paragraph.
        """
        sizes = self._inner_sizes(i)[:4]
        return statistics.median(sizes) if sizes else None

    def starts_paragraph(self, i: int) -> bool | None:
        """True if block ``i`` opens with an indented line (explicitly, or short of its column).

        None when the block is too short to tell. Punctuation hanging past
        the column's edge does not count: an indented line ``最让主人骄傲的是，``
        is as long as a full one.
        """
        first = self.blocks[i].first
        if first.indent >= 1.0 or self.geo.explicit:
            return first.indent >= 1.0
        size = self.size(first)
        if first.text[-1] in HANGING:
            size -= self.size_of(first.text[-1])
        width = self.head_width(i)
        if width is not None:
            return size <= width - INDENT_SLACK
        # Too short to measure its own column: a line longer than an indented
        # line of any column nearby is not indented; a shorter one may be either.
        nearby = [self.geo.column]
        if i > 0 and self.kinds[i - 1] == BODY:
            nearby.append(self.tail_width(i - 1))
        return False if size > max(nearby) - INDENT_SLACK else None

    def size_of(self, ch: str) -> float:
        """Size of one character in the page's unit."""
        return (
            1.0
            if METRICS[self.geo.metric] == "chars"
            else char_cells(ch)
            * (0.5 if METRICS[self.geo.metric] == "print" and ch in HANGING else 1.0)
        )

    def is_full(self, line: Line, width: float, following: Line | None) -> bool:
        """True if ``line`` fills a column ``width`` wide, or the word starting ``following`` did not fit."""
        size = self.size(line)
        if size >= width - self.geo.slack:
            return True
        word = leading_word(following.text) if following is not None else ""
        return bool(word) and size + self.geo.word_size(word) > width

    def fits_column(self, i: int, width: float, following: Line | None, loose: bool) -> bool:
        """True if block ``i`` is shaped like the lines of a column ``width`` wide cut by its end."""
        lines = self.blocks[i].lines
        extra = 1.0 if loose else 0.0
        for n, line in enumerate(lines):
            size = self.size(line)
            hang = MAX_HANG if line.text[-1] in HANGING else 0.0
            if size > width + self.geo.slack + hang + extra:
                return False
            low = width - self.geo.slack - extra
            if n == 0 and (self.geo.indented is not False or loose):
                low -= INDENT + 0.5
            after = lines[n + 1] if n + 1 < len(lines) else following
            if size < low and not (after is not None and self.is_full(line, width, after)):
                return False
        return True

    # --- headline or body ---------------------------------------------------------------

    def resolve_candidates(self) -> None:
        """Decide for every headline-shaped block whether it is a headline or body text."""
        candidates = [i for i, k in enumerate(self.kinds) if k == CANDIDATE]
        self.rhythm = _ColumnRhythm(self)
        for i in candidates:
            self.kinds[i] = HEADLINE
        for _ in range(4):
            changed = False
            for i in reversed(candidates):
                # Headlines are never indented; an indented line opens a paragraph.
                indented = self.blocks[i].first.indent >= 1.0
                kind = BODY if indented or self._continues(i) or self._prev_is_cut(i) else HEADLINE
                changed |= self.kinds[i] != kind
                self.kinds[i] = kind
            if not changed:
                break

    def _continues(self, i: int) -> bool:
        """True if block ``i`` reads as the first lines of a paragraph the next block goes on with.

        It must fit the column; then the evidence is weighed: the next block
        not indented (on a page that indents paragraphs), commas, several
        lines, the characters across the gap forming a pair the page uses
        elsewhere — against standing where a story starts.
        """
        if i + 1 >= len(self.blocks) or self.kinds[i + 1] != BODY:
            return False
        block, nxt = self.blocks[i], self.blocks[i + 1]
        if nxt.first.text[0] in CONTINUATION_STARTS or ends_open(block.last.text):
            return True
        if nxt.first.indent >= 1.0:
            return False
        nearby = set()
        if self.head_width(i + 1) is not None:
            nearby.add(self.head_width(i + 1))
        if i > 0 and self.kinds[i - 1] == BODY:
            nearby.add(self.tail_width(i - 1))
        widths = nearby | {self.geo.column, *self.geo.columns}
        fitting = [w for w in widths if self.fits_column(i, w, nxt.first, loose=False)]
        if not fitting:
            return False
        score = 0.5
        if len(block.lines) > 1 and any(
            self._fits_tightly(block, w) for w in nearby & set(fitting)
        ):
            score += 1.5
        starts = self.starts_paragraph(i + 1)
        if self.geo.indented and starts is not None:
            score += -2.0 if starts else 2.0
        if self.geo.indented and not self._opens_indented(i, fitting):
            # After a paragraph's end, text opens indented; a headline does not.
            score -= 2.0
        elif not self.geo.indented:
            beat = self.rhythm.on_beat(i + 1)
            score += {True: 1.5, False: -1.0, None: 0.0}[beat]
        score += 1.0 if self._runs_on(block.last.text, nxt.first.text) else -0.25
        score += min(2, sum(block.text.count(mark) for mark in "，、,"))
        score += 1.0 if len(block.lines) > 1 else 0.0
        score -= 1.5 if self._after_story_end(i) else 0.0
        return score > 0

    def _opens_indented(self, i: int, widths: list[float]) -> bool:
        """True if block ``i``'s first line is short of its column, or the text before goes on."""
        if i > 0 and self.kinds[i - 1] == BODY and not ends_sentence(self.blocks[i - 1].last.text):
            return True
        first = self.blocks[i].first
        size = self.size(first)
        if first.text[-1] in HANGING:
            size -= self.size_of(first.text[-1])
        return any(size <= w - INDENT_SLACK for w in widths)

    def _fits_tightly(self, block: Block, width: float) -> bool:
        """True if every line but the first is as wide as the column, the first full or indented.

        Text lines cut at a column's foot are shaped so; a headline of several
        lines seldom is. A line ending with an opening quote is text cut by a
        line end (headlines are not broken there).
        """
        if any(ends_open(line.text) for line in block.lines[:-1]):
            return True
        slack = self.geo.slack
        for n, line in enumerate(block.lines):
            size = self.size(line)
            hang = self.size_of(line.text[-1]) if line.text[-1] in HANGING else 0.0
            target = [width]
            if n == 0 and self.geo.indented is not False:
                target.append(width - INDENT)
            if not any(
                t - slack <= size - hang <= t + 0.25 or t - slack <= size <= t + 0.25
                for t in target
            ):
                return False
        return True

    def _prev_is_cut(self, i: int) -> bool:
        """True if the body block before ``i`` stops mid-sentence and block ``i`` fits its column."""
        if i == 0 or self.kinds[i - 1] != BODY:
            return False
        prev = self.blocks[i - 1]
        if ends_sentence(prev.last.text) or split_byline(prev.last.text) is not None:
            return False
        following = self.blocks[i + 1].first if i + 1 < len(self.blocks) else None
        return self.fits_column(i, self.tail_width(i - 1), following, loose=True)

    def _runs_on(self, before: str, after: str) -> bool:
        """True if the characters either side of a gap form a pair seen elsewhere in the page."""
        a, b = before[-1], after[0]
        return is_cjk(a) and is_cjk(b) and self.bigrams[a + b] > 0

    def _after_story_end(self, i: int) -> bool:
        """True at the page's start or right after a byline, headline or section header."""
        if i == 0:
            return True
        kind = self.kinds[i - 1]
        if kind != BODY:
            return True
        return split_byline(self.blocks[i - 1].last.text) is not None

    # --- reflow -------------------------------------------------------------------------

    def reflow(self) -> list[PageItem]:
        """Join body blocks into paragraphs; keep headlines and sections as items in page order."""
        rhythm = _ColumnRhythm(self)
        items: list[PageItem] = []
        current: PageParagraph | None = None
        last_body: int | None = None
        pending: list[PageItem] = []
        for i, block in enumerate(self.blocks):
            kind = self.kinds[i]
            if kind == SECTION:
                pending.append(PageSection(section_name(block) or block.first.text))
                continue
            if kind == HEADLINE:
                pending.append(PageHeadline([normalize_spacing(x.text) for x in block.lines]))
                continue
            if kind == BYLINE:
                target = current or _last_paragraph(items)
                if target is not None and not target.author:
                    target.author = _author_of(block.first)
                current = None
                continue
            goes_on = current is not None and last_body is not None
            if goes_on and pending:
                goes_on = self._continues_across(last_body, i)
            elif goes_on:
                opened = len(current.lines) == len(self.blocks[last_body].lines)
                goes_on = self.is_column_break(last_body, i, rhythm, opened)
            if goes_on:
                current.lines.extend(block.lines)
                for item in pending:
                    if isinstance(item, PageHeadline):
                        item.at_break = False
                items.extend(pending)
            else:
                current = PageParagraph(list(block.lines))
                items.extend(pending)
                items.append(current)
            pending = []
            current = _split_at_indents(current, items)
            current = _close_with_byline(current)
            last_body = i
        items.extend(pending)
        return items

    def is_sure_break(self, a: int, b: int) -> bool | None:
        """True/False where the text alone tells a column break from a paragraph break, else None."""
        prev, nxt = self.blocks[a], self.blocks[b]
        if nxt.first.text[0] in CONTINUATION_STARTS or ends_open(prev.last.text):
            return True
        if nxt.first.indent >= 1.0 or split_byline(prev.last.text) is not None:
            return False
        if not ends_sentence(prev.last.text):
            return not self._ends_short_before_indent(a, b)
        return None

    def is_column_break(self, a: int, b: int, rhythm: _ColumnRhythm, opened: bool) -> bool:
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
        # same, and cutting a paragraph in two costs less than running two together.
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

    def _continues_across(self, a: int, b: int) -> bool:
        """True if a paragraph cut mid-sentence goes on after a headline printed in between."""
        prev, nxt = self.blocks[a], self.blocks[b]
        if ends_sentence(prev.last.text) or split_byline(prev.last.text) is not None:
            return False
        return nxt.first.text[0] in CONTINUATION_STARTS or nxt.first.indent < 1.0


class _ColumnRhythm:
    """The page's column height, learnt from the blanks that surely are column breaks.

    Positions are counted in text lines (headline candidates included,
    since they may be text), and separately in source lines (blank lines
    included), from the start of each stretch of text between section
    headers and bylines; a column height is trusted when most gaps between
    sure column breaks are multiples of it. A headline candidate whose
    following blank falls on the beat is likely a paragraph's first lines.
    """

    def __init__(self, page: _Page) -> None:
        self.runs: list[list[tuple[int, int, int]]] = []  # (block index, text pos, source pos)
        self.sure: set[int] = set()
        text_pos = 0
        run: list[tuple[int, int, int]] = []
        prev: int | None = None
        for i, kind in enumerate(page.kinds):
            if kind not in (BODY, CANDIDATE):
                if run:
                    self.runs.append(run)
                run, prev = [], None
                continue
            block = page.blocks[i]
            if prev is not None:
                run.append((i, text_pos, block.first.number))
                if kind == page.kinds[prev] == BODY and page.is_sure_break(prev, i):
                    self.sure.add(i)
            text_pos += len(block.lines)
            prev = i
            if split_byline(block.last.text) is not None:
                if run:
                    self.runs.append(run)
                run, prev = [], None
        if run:
            self.runs.append(run)
        self.periods = [self._period(1), self._period(2)]

    def _period(self, field: int) -> int | None:
        """The column height: the largest number of lines that most gaps between sure breaks are multiples of.

        (A column break that falls on a paragraph break is not a sure one,
        so some gaps span two or more columns.)
        """
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


def _last_paragraph(items: list[PageItem]) -> PageParagraph | None:
    for item in reversed(items):
        if isinstance(item, PageParagraph):
            return item
    return None


def _split_at_indents(current: PageParagraph, items: list[PageItem]) -> PageParagraph:
    """Start new paragraphs inside the text where a line is explicitly indented after a full stop."""
    lines = current.lines
    cut = [
        n
        for n in range(1, len(lines))
        if lines[n].indent >= 1.0 and ends_sentence(lines[n - 1].text)
    ]
    if not cut:
        return current
    index = next(n for n, item in enumerate(items) if item is current)
    pieces = [lines[a:b] for a, b in zip([0, *cut], [*cut, len(lines)], strict=True)]
    paragraphs = [PageParagraph(list(piece)) for piece in pieces]
    items[index : index + 1] = paragraphs
    return paragraphs[-1]


def _close_with_byline(current: PageParagraph) -> PageParagraph | None:
    """End the paragraph and its story if its last line ends with a byline."""
    found = split_byline(current.lines[-1].text)
    if found is None:
        return current
    before, author = found
    current.author = author
    if before:
        current.last_text = before
    else:
        current.lines.pop()
    return None
