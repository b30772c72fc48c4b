"""Read a printed page's blocks as paragraphs, headlines and section headers, in page order.

Page furniture (footers, date lines, page numbers) is dropped. Blocks are
classified (section header, byline, byline printed above a story, picture
title, headline-shaped candidate, body text); body blocks are joined across
column breaks into whole paragraphs (``pagecolumns`` decides what each
blank line is); a byline ends its paragraph and its story, a photo credit
its caption.

A headline-shaped block (a few short lines without sentence punctuation)
is a headline unless it is the first lines of a paragraph cut off by a
column break. Those fit the column, and the evidence is weighed: the next
block goes on without indentation (on a page that indents paragraphs), the
block opens indented itself, has commas or several lines shaped like the
column, the characters across the gap form a pair the page uses
elsewhere, the blank after it falls on the page's column rhythm — against
standing where a story starts.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from reader.importers.pagecolumns import (
    BODY,
    BYLINE,
    CANDIDATE,
    HEADLINE,
    LEAD,
    PICTURE,
    SECTION,
    ColumnRhythm,
    Columns,
)
from reader.importers.pagelines import (
    CONTINUATION_STARTS,
    Block,
    Line,
    ends_open,
    ends_sentence,
    is_cjk,
)
from reader.importers.pageparts import (
    block_byline,
    ends_with_credit,
    is_furniture_block,
    is_headline_shaped,
    is_picture_title,
    lead_byline,
    line_byline,
    numbering,
    section_name,
    split_byline,
)
from reader.importers.storysplit import is_dateline
from reader.importers.textjoin import join_lines, normalize_spacing
from reader.importers.vocabulary import Vocabulary, grams

# How much each clue counts for a headline-shaped block being a paragraph's first
# lines (positive) rather than a headline (negative); the sum decides.
EVIDENCE = {
    "fits": 0.5,  # it fits a column nearby (required)
    "several_lines": 1.0,
    "column_shaped": 1.5,  # every line as wide as the column, the first maybe indented
    "next_indented": 2.0,  # the next block opens indented (-) or goes on full (+)
    "opens_unindented": 2.0,  # it opens with a full line after a paragraph's end (-)
    "on_beat": 1.5,  # the blank after it falls on the column rhythm (+)
    "off_beat": 1.0,  # ... or off it (-)
    "runs_on": 1.0,  # the characters across the gap form a pair used elsewhere
    "no_run_on": 0.25,
    "comma": 1.0,  # per comma, up to two
    "story_start": 1.5,  # it stands where a story starts (-)
    "same_topic": 1.5,  # the text before and after it shares vocabulary (+)
    "topic_shift": 0.75,  # ... or hardly any (-)
}
# Cosine similarity of the text either side of a block: above SAME_TOPIC it goes on
# about the same thing, below TOPIC_SHIFT another story begins (measured on news
# pages: 91 % of headlines between stories are below 0.02).
SAME_TOPIC = 0.04
TOPIC_SHIFT = 0.02


@dataclass
class PageParagraph:
    """A paragraph of body text; ``author`` is set when a byline ended it (and its story),
    ``lead_author`` when a byline printed above it opened its story."""

    lines: list[Line]
    author: str = ""
    last_text: str | None = None
    lead_author: str = ""

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


def read_page(blocks: list[Block]) -> list[PageItem]:
    """Turn the blocks of a page into paragraphs, headlines and section headers, in page order."""
    blocks = _split_bylines([b for b in blocks if not is_furniture_block(b)])
    kinds = [_first_kind(b, _stands_apart(blocks, i)) for i, b in enumerate(blocks)]
    page = _Page(Columns(blocks, kinds))
    page.resolve_candidates()
    return page.reflow()


def _split_bylines(blocks: list[Block]) -> list[Block]:
    """Cut a block after a line ending with a byline (whatever follows belongs elsewhere), and
    around a byline printed above a story (``本报记者 王建新``) as a line of its own."""
    out: list[Block] = []
    for block in blocks:
        start = 0
        lines = block.lines
        for i, line in enumerate(lines):
            lead = i == 0 and len(lines) > 1 and lead_byline(line.raw, alone=False) is not None
            if (lead or line_byline(lines, i) is not None) and i + 1 < len(lines):
                out.append(Block(lines[start : i + 1]))
                start = i + 1
        out.append(Block(lines[start:]))
    return out


def _stands_apart(blocks: list[Block], i: int) -> bool:
    """True if no sentence runs on across block ``i``: the block before ends one (or there is
    none), and the block after does not open with closing punctuation."""
    before = i == 0 or ends_sentence(blocks[i - 1].tail) or is_headline_shaped(blocks[i - 1])
    after = i + 1 == len(blocks) or blocks[i + 1].first.text[0] not in CONTINUATION_STARTS
    return before and after


def _first_kind(block: Block, apart: bool = True) -> str:
    """What a block is, as far as it tells by itself (and whether it stands ``apart`` from
    running text); headline-shaped blocks stay candidates."""
    if section_name(block, apart) is not None:
        return SECTION
    if len(block.lines) == 1:
        byline = split_byline(block.first.text)
        if byline is not None and not byline[0]:
            return BYLINE
        if lead_byline(block.first.raw) is not None:
            return LEAD
    if not is_headline_shaped(block):
        return BODY
    return PICTURE if is_picture_title(block.text) else CANDIDATE


class _Page:
    """A page being read: its measured columns and the pairs of characters its text uses."""

    def __init__(self, columns: Columns) -> None:
        self.cols = columns
        self.blocks = columns.blocks
        self.kinds = columns.kinds
        self.bigrams = self._body_bigrams()
        self.grams = [grams("".join(line.text for line in b.lines)) for b in self.blocks]
        body = [g for g, kind in zip(self.grams, self.kinds, strict=True) if kind == BODY]
        self.vocab = Vocabulary(body)

    def _body_bigrams(self) -> Counter[str]:
        """Counts of adjacent Chinese character pairs in the page's body text."""
        counts: Counter[str] = Counter()
        for block, kind in zip(self.blocks, self.kinds, strict=True):
            if kind == BODY:
                text = "".join(line.text for line in block.lines)
                counts.update(
                    a + b for a, b in zip(text, text[1:], strict=False) if is_cjk(a) and is_cjk(b)
                )
        return counts

    # --- headline or body ---------------------------------------------------------------

    def resolve_candidates(self) -> None:
        """Decide for every headline-shaped block whether it is a headline or body text."""
        candidates = [i for i, k in enumerate(self.kinds) if k == CANDIDATE]
        self.rhythm = ColumnRhythm(self.cols)
        for i in candidates:
            self.kinds[i] = HEADLINE
        for _ in range(4):
            changed = False
            for i in reversed(candidates):
                # On a page that writes indentation out, an indented line opens a paragraph,
                # unless the next block opens one too (a centred subhead or headline is set
                # off by spaces as well); elsewhere spaces before a line centre it.
                indented = (
                    self.cols.geo.explicit
                    and self.blocks[i].first.indent >= 1.0
                    and not self._next_opens(i)
                )
                kind = BODY if indented or self._continues(i) or self._prev_is_cut(i) else HEADLINE
                changed |= self.kinds[i] != kind
                self.kinds[i] = kind
            if not changed:
                break

    def _next_opens(self, i: int) -> bool:
        """True if the block after ``i`` is not text, or opens a paragraph with written indentation."""
        if i + 1 >= len(self.blocks) or self.kinds[i + 1] not in (BODY, CANDIDATE):
            return True
        return self.blocks[i + 1].first.indent >= 1.0

    def _continues(self, i: int) -> bool:
        """True if block ``i`` reads as the first lines of a paragraph the next block goes on with."""
        return self.text_evidence(i) > 0

    def text_evidence(self, i: int) -> float:
        """How much block ``i`` reads as a paragraph's first lines (above 0) or a headline (below).

        Infinite where the page leaves no doubt: the next block is not text,
        opens with closing punctuation, or block ``i`` fits no column.
        """
        if i + 1 >= len(self.blocks) or self.kinds[i + 1] != BODY:
            return -math.inf
        cols, geo = self.cols, self.cols.geo
        block, nxt = self.blocks[i], self.blocks[i + 1]
        if nxt.first.text[0] in CONTINUATION_STARTS or ends_open(block.last.text):
            return math.inf
        if nxt.first.indent >= 1.0 or ends_with_credit(nxt.tail):
            return -math.inf  # a paragraph opens there, or a photo caption: set apart
        nearby = cols.nearby_widths(i)
        own = cols.own_width(i)
        if own is not None:
            nearby.add(own)
        widths = nearby | {geo.column, *geo.columns}
        fitting = [w for w in widths if cols.fits_column(i, w, nxt.first, loose=False)]
        if not fitting:
            return -math.inf
        if geo.explicit or is_dateline(block.text.replace("\n", "") + nxt.first.text):
            # The next block goes on unindented: so does this one. Or it opens with a
            # dateline (本报讯, 据新华社…电), as news text does and no headline.
            return math.inf
        w = EVIDENCE
        score = w["fits"]
        if len(block.lines) > 1:
            score += w["several_lines"]
            if any(cols.fits_tightly(i, width) for width in nearby & set(fitting)):
                score += w["column_shaped"]
        starts = cols.starts_paragraph(i + 1)
        if geo.indented and starts is not None:
            score += -w["next_indented"] if starts else w["next_indented"]
        if geo.indented and not cols.opens_indented(i, fitting):
            score -= w["opens_unindented"]  # after a paragraph's end, text opens indented
        elif not geo.indented:
            beat = self.rhythm.on_beat(i + 1)
            score += w["on_beat"] if beat else (-w["off_beat"] if beat is False else 0.0)
        if self._runs_on(block.last.text, nxt.first.text):
            score += w["runs_on"]
        else:
            score -= w["no_run_on"]
        text = block.text[len(numbering(block.text)) :]  # the 、 of 一、 is no comma
        score += w["comma"] * min(2, sum(text.count(mark) for mark in "，、,"))
        if self._after_story_end(i):
            score -= w["story_start"]
        topic = self._topic_similarity(i)
        if topic is not None and topic >= SAME_TOPIC:
            score += w["same_topic"]
        elif topic is not None and topic < TOPIC_SHIFT:
            score -= w["topic_shift"]
        return score

    def _topic_similarity(self, i: int) -> float | None:
        """How alike the text just before and just after block ``i`` is (None if either is missing)."""
        before: Counter[str] = Counter()
        after: Counter[str] = Counter()
        for side, step in ((before, -1), (after, 1)):
            k = i + step
            while 0 <= k < len(self.blocks) and abs(k - i) <= 3 and self.kinds[k] == BODY:
                side.update(self.grams[k])
                k += step
        if not before or not after:
            return None
        return self.vocab.similarities([before, after])[0][1]

    def _prev_is_cut(self, i: int) -> bool:
        """True if the body block before ``i`` stops mid-sentence and block ``i`` fits its column."""
        if i == 0 or self.kinds[i - 1] != BODY:
            return False
        prev = self.blocks[i - 1]
        if ends_sentence(prev.tail) or block_byline(prev) is not None:
            return False
        following = self.blocks[i + 1].first if i + 1 < len(self.blocks) else None
        return self.cols.fits_column(i, self.cols.tail_width(i - 1), following, loose=True)

    def _runs_on(self, before: str, after: str) -> bool:
        """True if the characters either side of a gap form a pair seen elsewhere in the page."""
        a, b = before[-1], after[0]
        return is_cjk(a) and is_cjk(b) and self.bigrams[a + b] > 0

    def _after_story_end(self, i: int) -> bool:
        """True at the page's start or right after a byline, headline or section header."""
        if i == 0 or self.kinds[i - 1] != BODY:
            return True
        return block_byline(self.blocks[i - 1]) is not None

    # --- reflow -------------------------------------------------------------------------

    def reflow(self) -> list[PageItem]:
        """Join body blocks into paragraphs; keep headlines and sections as items in page order."""
        rhythm = ColumnRhythm(self.cols)
        items: list[PageItem] = []
        current: PageParagraph | None = None
        last_body: int | None = None
        pending: list[PageItem] = []
        lead = ""
        for i, block in enumerate(self.blocks):
            kind = self.kinds[i]
            if kind == LEAD:
                lead, current = lead_byline(block.first.raw) or "", None
                continue
            if kind == SECTION:
                pending.append(PageSection(" ".join(block.first.raw.split())))
                continue
            if kind == HEADLINE:
                pending.append(PageHeadline([normalize_spacing(x.text) for x in block.lines]))
                continue
            if kind == PICTURE:
                items.extend(pending)
                items.append(PageParagraph(list(block.lines), lead_author=lead))
                pending, lead, current = [], "", None
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
                goes_on = self.cols.is_column_break(last_body, i, rhythm, opened)
            if goes_on:
                current.lines.extend(block.lines)
                for item in pending:
                    if isinstance(item, PageHeadline):
                        item.at_break = False
                items.extend(pending)
            else:
                current = PageParagraph(list(block.lines), lead_author=lead)
                items.extend(pending)
                items.append(current)
            pending, lead = [], ""
            current = _split_at_indents(current, items)
            current = _close_with_byline(current)
            last_body = i
        items.extend(pending)
        return items

    def _continues_across(self, a: int, b: int) -> bool:
        """True if a paragraph cut mid-sentence goes on after a headline printed in between."""
        prev, nxt = self.blocks[a], self.blocks[b]
        if ends_sentence(prev.tail) or block_byline(prev) is not None:
            return False
        return nxt.first.text[0] in CONTINUATION_STARTS or nxt.first.indent < 1.0


def _author_of(line: Line) -> str:
    found = split_byline(line.text)
    return found[1] if found else ""


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
    found = line_byline(current.lines, -1)
    if found is None:
        return current
    before, author = found
    current.author = author
    if before:
        current.last_text = before
    else:
        current.lines.pop()
    return None
