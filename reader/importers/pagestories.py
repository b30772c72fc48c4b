"""Split a reflowed page into stories and give each story its headlines.

Stories end at bylines and where headlines or a section header stand
between paragraphs. Where nothing on the page marks a boundary (headlines
all printed at the top or the end, no bylines), the page is cut where the
vocabulary changes, as many times as the headlines call for. Each headline
block then goes to the story it shares the most rare vocabulary with; every
story gets at least one, and ties go the way the page's other headlines
are printed (before or after their stories).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reader.importers.pageflow import PageHeadline, PageItem, PageParagraph, PageSection
from reader.importers.pagelines import display_cells
from reader.importers.vocabulary import Vocabulary, grams

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
    lines: list[str]
    position: int  # number of paragraphs printed before it
    order: int  # index among the page's headlines
    at_break: bool
    grams: Counter[str] = field(default_factory=Counter)


def build_stories(items: list[PageItem]) -> list[Story]:
    """Group the page's paragraphs into stories and attach headlines and sections."""
    paragraphs: list[PageParagraph] = []
    headlines: list[_Headline] = []
    sections: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, PageParagraph):
            paragraphs.append(item)
        elif isinstance(item, PageHeadline):
            headlines.append(_Headline(item.lines, len(paragraphs), len(headlines), item.at_break))
        elif isinstance(item, PageSection):
            sections.append((len(paragraphs), item.name))
    if not paragraphs:
        return []
    texts = [p.text for p in paragraphs]
    para_grams = [grams(t) for t in texts]
    vocab = Vocabulary(para_grams)
    for h in headlines:
        h.grams = grams("".join(h.lines))
    bounds = _hard_boundaries(paragraphs, headlines, sections)
    segments = _segments(bounds, len(paragraphs))
    owner = _attach(headlines, segments, para_grams, vocab)
    stories = []
    for s, (start, end) in enumerate(segments):
        own = [h for h in headlines if owner.get(h.order) == s]
        title, subtitles = _title_and_subtitles([h.lines for h in own])
        author = next((p.author for p in reversed(paragraphs[start:end]) if p.author), "")
        stories.append(
            Story(title, subtitles, author, _section_for(start, sections), texts[start:end])
        )
    return stories


def _hard_boundaries(
    paragraphs: list[PageParagraph], headlines: list[_Headline], sections: list[tuple[int, str]]
) -> set[int]:
    """Paragraph indices where a story surely starts: after bylines, at headlines and sections."""
    n = len(paragraphs)
    bounds = {i + 1 for i, p in enumerate(paragraphs) if p.ends_story and i + 1 < n}
    bounds |= {h.position for h in headlines if h.at_break and 0 < h.position < n}
    bounds |= {pos for pos, _ in sections if 0 < pos < n}
    return bounds


def _segments(bounds: set[int], n: int) -> list[tuple[int, int]]:
    cuts = [0, *sorted(bounds), n]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _section_for(start: int, sections: list[tuple[int, str]]) -> str:
    """The section printed last before the story, or the page's first section."""
    before = [name for pos, name in sections if pos <= start]
    if before:
        return before[-1]
    return sections[0][1] if sections else ""


# --- attaching headlines ------------------------------------------------------------------


def _attach(
    headlines: list[_Headline],
    segments: list[tuple[int, int]],
    para_grams: list[Counter[str]],
    vocab: Vocabulary,
) -> dict[int, int]:
    """Map each headline's order to the index of the story it belongs to."""
    if not headlines:
        return {}
    seg_grams = [sum((para_grams[i] for i in range(a, b)), Counter()) for a, b in segments]
    shared = [[vocab.containment(h.grams, g) for g in seg_grams] for h in headlines]
    lean = _page_lean(headlines, segments, shared)
    scores = [
        [shared[k][s] + _position_bonus(h, segments[s], lean) for s in range(len(segments))]
        for k, h in enumerate(headlines)
    ]
    return _best_assignment(scores, len(segments))


def _adjacency(h: _Headline, segment: tuple[int, int]) -> str:
    start, end = segment
    if h.position == start:
        return "before"
    if h.position == end:
        return "after"
    return ""


def _page_lean(
    headlines: list[_Headline], segments: list[tuple[int, int]], shared: list[list[float]]
) -> str:
    """Whether this page prints headlines before or after their stories, judged by clear cases."""
    votes: Counter[str] = Counter()
    for k, h in enumerate(headlines):
        row = shared[k]
        best = max(range(len(segments)), key=row.__getitem__)
        runner_up = max((v for s, v in enumerate(row) if s != best), default=0.0)
        if row[best] - runner_up >= CLEAR_MARGIN:
            side = _adjacency(h, segments[best])
            if side:
                votes[side] += 1
    return "after" if votes["after"] > votes["before"] else "before"


def _position_bonus(h: _Headline, segment: tuple[int, int], lean: str) -> float:
    side = _adjacency(h, segment)
    if not side:
        return 0.0
    return ADJACENT_BONUS if side == lean else ADJACENT_BONUS / 2


def _best_assignment(scores: list[list[float]], n_segments: int) -> dict[int, int]:
    """Assign headlines to segments, maximising the total score, each segment getting one if possible.

    Dynamic programming over the set of segments already given a headline
    (pages have a handful of stories; beyond 12 it falls back to greedy).
    """
    n_heads = len(scores)
    if n_segments > 12:
        return {k: max(range(n_segments), key=row.__getitem__) for k, row in enumerate(scores)}
    need = min(n_heads, n_segments)
    neg = float("-inf")
    # best[mask] = (score, choices) after the headlines processed so far.
    best: dict[int, tuple[float, tuple[int, ...]]] = {0: (0.0, ())}
    for k in range(n_heads):
        nxt: dict[int, tuple[float, tuple[int, ...]]] = {}
        remaining = n_heads - k - 1
        for mask, (value, choices) in best.items():
            for s in range(n_segments):
                m = mask | (1 << s)
                if need - bin(m).count("1") > remaining:
                    continue
                v = value + scores[k][s]
                if v > nxt.get(m, (neg,))[0]:
                    nxt[m] = (v, (*choices, s))
        best = nxt
    candidates = [(v, c) for m, (v, c) in best.items() if bin(m).count("1") >= need]
    _, choices = max(candidates, key=lambda vc: vc[0]) if candidates else (0.0, ())
    return dict(enumerate(choices))


# --- titles -------------------------------------------------------------------------------


def _title_and_subtitles(blocks: list[list[str]]) -> tuple[str, list[str]]:
    """Title and subtitles from a story's headline blocks, in page order.

    The first line is the title; a second line of the same block continues
    it when the title was wrapped (it carries on an open quote, or it is no
    longer than a long first line). Every other line is a subtitle.
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
    a, b = display_cells(first), display_cells(second)
    return a >= 6 and b <= a + 1
