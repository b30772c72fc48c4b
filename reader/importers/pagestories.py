"""Split a reflowed page into stories and give each story its headlines.

Headline-shaped lines standing alone between paragraphs of one story
(numbered, or with the same vocabulary on either side) are its subheads
and read as paragraphs. Stories surely end at bylines (or start at a
byline printed above them) and where headlines or a section header stand
between paragraphs. A subtitle block starting with ``——`` is
grouped with the headline block printed right before it; other headline
blocks are groups of their own. ``storysplit`` then plans the whole page
at once: where else stories part (several may run on without a byline
between them, their headlines printed elsewhere) and which headline
groups each story gets, by shared rare vocabulary and by where the
headlines stand (right before or after a story, the way the page's other
headlines are printed). The first headline line of a story is its title,
unless it was wrapped; the other lines are subtitles.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from reader.importers.pageflow import PageHeadline, PageItem, PageParagraph, PageSection
from reader.importers.pagelines import Line, display_cells
from reader.importers.pageparts import subhead_number
from reader.importers.storysplit import MAX_GROUPS, Plan, is_dateline, plan_stories
from reader.importers.vocabulary import Vocabulary, grams

# A subhead: the text either side of it is at least this alike (cosine of rare-bigram weights
# over SUBHEAD_WINDOW paragraphs each side; measured on generated pages of news articles: 80 %
# of subheads above 0.02, 90 % of headlines between stories below 0.03), less when numbered.
SUBHEAD_WINDOW = 2
SUBHEAD_SIMILARITY = 0.045
NUMBERED_SUBHEAD_SIMILARITY = 0.015
MAX_SUBHEAD_CHARS = 30
# After a byline the story goes on only when the text either side is this alike (the 95th
# percentile between stories on generated news pages is below 0.04).
SIGNED_PART_SIMILARITY = 0.06
# Bonus for a headline printed right next to a story (before or after it).
ADJACENT_BONUS = 0.2
# Below this difference in shared vocabulary, position decides.
CLEAR_MARGIN = 0.15


@dataclass
class Story:
    """One story of the page: title, subtitles, author, section and paragraph texts."""

    title: str
    subtitles: list[str]
    author: str
    section: str
    paragraphs: list[str]


@dataclass
class _Headline:
    """A headline block with where it was printed: after ``position`` paragraphs, item ``slot``."""

    lines: list[str]
    position: int
    slot: int
    at_break: bool
    grams: Counter[str] = field(default_factory=Counter)


@dataclass
class _Group:
    """Headline blocks read as one story's headline (title block, then subtitle blocks)."""

    blocks: list[_Headline]
    grams: Counter[str] = field(default_factory=Counter)

    @property
    def position(self) -> int:
        return self.blocks[0].position


@dataclass
class _Paragraphs:
    """The page's paragraphs with their vocabulary."""

    paragraphs: list[PageParagraph]
    texts: list[str]
    grams: list[Counter[str]]
    vocab: Vocabulary


def build_stories(items: list[PageItem]) -> list[Story]:
    """Group the page's paragraphs into stories and attach headlines and sections."""
    items = _subheads_as_paragraphs(items)
    paragraphs: list[PageParagraph] = []
    headlines: list[_Headline] = []
    sections: list[tuple[int, str]] = []
    for slot, item in enumerate(items):
        if isinstance(item, PageParagraph):
            if item.text:
                paragraphs.append(item)
        elif isinstance(item, PageHeadline):
            h = _Headline(item.lines, len(paragraphs), slot, item.at_break)
            h.grams = grams("".join(item.lines))
            headlines.append(h)
        elif isinstance(item, PageSection):
            sections.append((len(paragraphs), item.name))
    if not paragraphs:
        return []
    texts = [p.text for p in paragraphs]
    para_grams = [grams(t) for t in texts]
    page = _Paragraphs(paragraphs, texts, para_grams, Vocabulary(para_grams))
    groups = _fewer_groups(_group_headlines(headlines), page)
    fixed = _hard_boundaries(page, headlines, sections)
    stories: list[Story] = []
    for start, end, members in _plan(page, groups, fixed):
        blocks = sorted((b for g in members for b in groups[g].blocks), key=lambda b: b.slot)
        title, subtitles = _title_and_subtitles([b.lines for b in blocks])
        author = _author_of(paragraphs[start:end])
        section = _section_for(start, sections)
        stories.append(Story(title, subtitles, author, section, texts[start:end]))
    return stories


def _author_of(paragraphs: list[PageParagraph]) -> str:
    """The story's byline, printed above it or closing it; a story of signed parts (or one
    the page gives no way to part) has each of its bylines, in print order."""
    names = [name for p in paragraphs for name in (p.lead_author, p.author) if name]
    return "、".join(dict.fromkeys(names))


def _subheads_as_paragraphs(items: list[PageItem]) -> list[PageItem]:
    """Read as paragraphs the headline-shaped lines that head a part of a story, not a story.

    A subhead stands alone between two paragraphs, the one before not closed
    by a byline, the one after not opened by a byline or a dateline; and the
    text either side goes on about the same thing — less alike is needed
    when it is numbered (``一、``, ``（二）``, ``3.``).
    """
    paragraphs = [item for item in items if isinstance(item, PageParagraph) and item.text]
    if len(paragraphs) < 2:
        return items
    counts = [grams(p.text) for p in paragraphs]
    vocab = Vocabulary(counts)
    sequence = _numbered_sequence(items)
    out: list[PageItem] = []
    position = 0
    numbered = 0  # the number of the last numbered subhead of the story being read
    for slot, item in enumerate(items):
        if isinstance(item, PageParagraph) and item.text:
            position += 1
            numbered = 0 if item.ends_story or item.lead_author else numbered
        if not isinstance(item, PageHeadline):
            out.append(item)
            if isinstance(item, PageSection):
                numbered = 0
            continue
        text = "".join(item.lines)
        number = subhead_number(text)
        if (
            _stands_alone(items, slot)
            and len(text) <= MAX_SUBHEAD_CHARS
            and 0 < position < len(paragraphs)
        ):
            before, after = paragraphs[position - 1], paragraphs[position]
            if not before.ends_story and not after.lead_author and not is_dateline(after.text):
                near = SUBHEAD_WINDOW
                similarity = vocab.similarities(
                    [
                        _merged(counts[max(0, position - near) : position]),
                        _merged(counts[position : position + near]),
                    ]
                )[0][1]
                needed = NUMBERED_SUBHEAD_SIMILARITY if number else SUBHEAD_SIMILARITY
                if similarity >= needed or slot in sequence or number == numbered + 1 > 1:
                    out.append(PageParagraph([Line.from_raw(0, line) for line in item.lines]))
                    numbered = number
                    continue
        numbered = 0
        out.append(item)
    return out


def _numbered_sequence(items: list[PageItem]) -> set[int]:
    """Slots of headlines numbered one, two, … one after another within a story (no byline,
    section or headline of another kind between): a story's numbered subheads."""
    found: set[int] = set()
    run: list[int] = []
    for slot, item in enumerate(items):
        if isinstance(item, PageParagraph):
            if item.ends_story or item.lead_author:
                run = []
            continue
        number = subhead_number("".join(item.lines)) if isinstance(item, PageHeadline) else 0
        if number and _stands_alone(items, slot) and number == len(run) + 1:
            run.append(slot)
            if len(run) >= 2:
                found.update(run)
        else:
            run = [slot] if number == 1 and _stands_alone(items, slot) else []
    return found


def _stands_alone(items: list[PageItem], slot: int) -> bool:
    """True if the item at ``slot`` is a headline of at most two lines with a paragraph either side."""
    item = items[slot]
    return (
        isinstance(item, PageHeadline)
        and item.at_break
        and len(item.lines) <= 2
        and not any(line.startswith(("—", "－")) for line in item.lines)
        and 0 < slot < len(items) - 1
        and isinstance(items[slot - 1], PageParagraph)
        and isinstance(items[slot + 1], PageParagraph)
    )


def _plan(page: _Paragraphs, groups: list[_Group], fixed: set[int]) -> Plan:
    """Stories as ``(start, end, group indices)``: fixed boundaries, plus cuts the vocabulary calls for."""
    n = len(page.paragraphs)
    segments = _segments(fixed, n)
    shares = [[page.vocab.containment(g.grams, p) for p in page.grams] for g in groups]
    sides = {(k, seg): _adjacency(k, groups, seg) for k in range(len(groups)) for seg in segments}
    lean = _page_lean(groups, segments, sides, page)

    def placement(k: int, start: int, end: int) -> float:
        side = sides.get((k, (start, end)), "")
        if not side:
            return 0.0
        return ADJACENT_BONUS if side == lean else ADJACENT_BONUS / 2

    plan = plan_stories(
        page.vocab.similarities(page.grams),
        shares,
        [is_dateline(t) for t in page.texts],
        fixed,
        placement,
    )
    if plan is not None:
        return plan
    # Too many headline groups to search: fixed boundaries, each group where it fits best.
    owner = [
        max(range(len(segments)), key=lambda s: sum(shares[k][segments[s][0] : segments[s][1]]))
        for k in range(len(groups))
    ]
    return [
        (a, b, [k for k in range(len(groups)) if owner[k] == s])
        for s, (a, b) in enumerate(segments)
    ]


def _hard_boundaries(
    page: _Paragraphs, headlines: list[_Headline], sections: list[tuple[int, str]]
) -> set[int]:
    """Paragraph indices where a story surely starts: at headlines and sections, at bylines
    printed above a story, and after bylines — unless the text goes on about the same thing
    right after one (a story made of parts, each signed), where the plan decides."""
    n = len(page.paragraphs)
    bounds = {i for i, p in enumerate(page.paragraphs) if p.lead_author and i > 0}
    bounds |= {h.position for h in headlines if h.at_break and 0 < h.position < n}
    bounds |= {pos for pos, _ in sections if 0 < pos < n}
    for i, p in enumerate(page.paragraphs[:-1]):
        if p.ends_story and (i + 1 in bounds or not _goes_on(page, i + 1)):
            bounds.add(i + 1)
    return bounds


def _goes_on(page: _Paragraphs, k: int) -> bool:
    """True if the text from paragraph ``k`` on is about what the text before it was about."""
    if is_dateline(page.texts[k]):
        return False
    near = SUBHEAD_WINDOW
    before = _merged(page.grams[max(0, k - near) : k])
    after = _merged(page.grams[k : k + near])
    return page.vocab.similarities([before, after])[0][1] >= SIGNED_PART_SIMILARITY


def _segments(bounds: set[int], n: int) -> list[tuple[int, int]]:
    cuts = [0, *sorted(bounds), n]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _section_for(start: int, sections: list[tuple[int, str]]) -> str:
    """The section printed last before the story, or the page's first section."""
    before = [name for pos, name in sections if pos <= start]
    if before:
        return before[-1]
    return sections[0][1] if sections else ""


# --- headline groups -----------------------------------------------------------------------


def _group_headlines(headlines: list[_Headline]) -> list[_Group]:
    """Blocks printed one right after another form one group when the second is a ``——`` subtitle.

    Other blocks stay groups of their own: whether two of them are one
    story's title and subtitle is decided with the story split, by where
    their vocabulary is found.
    """
    groups: list[_Group] = []
    previous: _Headline | None = None
    for h in headlines:
        if previous is not None and h.slot == previous.slot + 1 and h.lines[0].startswith("——"):
            groups[-1].blocks.append(h)
            groups[-1].grams.update(h.grams)
        else:
            groups.append(_Group([h], Counter(h.grams)))
        previous = h
    return groups


def _fewer_groups(groups: list[_Group], page: _Paragraphs) -> list[_Group]:
    """Merge groups printed one after another, most alike first, until few enough to plan.

    Only pages with very many headline blocks need it; two blocks printed
    together whose vocabulary is found in the same paragraphs are most
    likely one story's title and subtitle.
    """
    profiles = [[page.vocab.containment(g.grams, p) for p in page.grams] for g in groups]
    while len(groups) > MAX_GROUPS:
        pairs = [
            (_cosine(profiles[k], profiles[k + 1]), k)
            for k in range(len(groups) - 1)
            if groups[k + 1].blocks[0].slot == groups[k].blocks[-1].slot + 1
        ]
        if not pairs:
            break
        _, k = max(pairs)
        groups[k] = _Group(
            groups[k].blocks + groups[k + 1].blocks, groups[k].grams + groups[k + 1].grams
        )
        profiles[k] = [max(a, b) for a, b in zip(profiles[k], profiles[k + 1], strict=True)]
        del groups[k + 1], profiles[k + 1]
    return groups


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return dot / norm if norm else 0.0


# --- placement ----------------------------------------------------------------------------


def _adjacency(k: int, groups: list[_Group], segment: tuple[int, int]) -> str:
    """``"before"``/``"after"`` if group ``k`` is printed alone right next to the segment.

    Where several groups are printed together (all headlines at the top of
    the page, say), which one is nearest a story tells nothing.
    """
    start, end = segment
    position = groups[k].position
    if sum(1 for g in groups if g.position == position) > 1:
        return ""
    if position == start:
        return "before"
    if position == end:
        return "after"
    return ""


def _merged(counts: list[Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    return total


def _page_lean(
    groups: list[_Group],
    segments: list[tuple[int, int]],
    sides: dict[tuple[int, tuple[int, int]], str],
    page: _Paragraphs,
) -> str:
    """Whether this page prints headlines before or after their stories, judged by clear cases."""
    seg_grams = [_merged(page.grams[a:b]) for a, b in segments]
    votes: Counter[str] = Counter()
    for k, group in enumerate(groups):
        row = [page.vocab.containment(group.grams, sg) for sg in seg_grams]
        best = max(range(len(row)), key=row.__getitem__)
        runner_up = max((v for s, v in enumerate(row) if s != best), default=0.0)
        side = sides[(k, segments[best])]
        if row[best] - runner_up >= CLEAR_MARGIN and side:
            votes[side] += 1
    return "after" if votes["after"] > votes["before"] else "before"


# --- titles -------------------------------------------------------------------------------


def _title_and_subtitles(blocks: list[list[str]]) -> tuple[str, list[str]]:
    """Title and subtitles from a story's headline blocks, in page order.

    The first line is the title; a second line of the same block continues
    it when the title was wrapped (it carries on an open quote, or it is no
    longer than the first line). Every other line is a subtitle.
    """
    heads: list[str] = []
    for block in blocks:
        merged: list[str] = []
        for line in block:
            if merged and _continues_title(merged[-1], line):
                merged[-1] = merged[-1] + line
            else:
                merged.append(line)
        heads.extend(merged)
    if not heads:
        return "", []
    return heads[0], heads[1:]


_OPENERS = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』", "‘": "’"}


def _continues_title(first: str, second: str) -> bool:
    """True if ``second`` is the rest of a headline wrapped after ``first``."""
    if second.startswith(("—", "－", "-")):
        return False
    for opener, closer in _OPENERS.items():
        if first.count(opener) > first.count(closer):
            return True
    if first.endswith(("，", "、", "：", ",", ":")):
        return True  # a headline does not end with a comma: it was wrapped there
    a, b = display_cells(first), display_cells(second)
    return a >= 5 and a - 3 <= b <= a + 1
