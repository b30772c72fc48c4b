"""Split a reflowed page into stories and give each story its headlines.

Stories surely end at bylines and where headlines or a section header
stand between paragraphs. Headline blocks printed one after another are
grouped when they belong together (a subtitle starting with ``——``, or
two blocks that share their vocabulary with the same paragraphs). Each
group goes to the stretch of paragraphs it shares the most rare
vocabulary with, every stretch getting one if there are enough; ties go
the way the page's other headlines are printed (before or after their
stories). A stretch that got several groups may hold several stories
printed without a byline between them: ``storysplit`` cuts it where the
vocabulary changes, if that pays.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from reader.importers.pageflow import PageHeadline, PageItem, PageParagraph, PageSection
from reader.importers.pagelines import display_cells
from reader.importers.storysplit import is_dateline, split_run
from reader.importers.vocabulary import Vocabulary, grams

# Bonus for a headline printed right next to a story (before or after it).
ADJACENT_BONUS = 0.2
# Below this difference in shared vocabulary, position decides.
CLEAR_MARGIN = 0.15
# Two headline blocks printed together belong to one story when they share
# their vocabulary with the same paragraphs at least this much (cosine).
SAME_STORY = 0.6


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
class _Page:
    """The page's paragraphs with their vocabulary."""

    paragraphs: list[PageParagraph]
    texts: list[str]
    grams: list[Counter[str]]
    vocab: Vocabulary


def build_stories(items: list[PageItem]) -> list[Story]:
    """Group the page's paragraphs into stories and attach headlines and sections."""
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
    page = _Page(paragraphs, texts, para_grams, Vocabulary(para_grams))
    groups = _group_headlines(headlines, page)
    segments = _segments(_hard_boundaries(page, headlines, sections), len(paragraphs))
    owner = _attach(groups, segments, page)
    stories: list[Story] = []
    for s, segment in enumerate(segments):
        own = [g for n, g in enumerate(groups) if owner.get(n) == s]
        for start, end, story_groups in _split_segment(segment, own, page):
            blocks = sorted((b for g in story_groups for b in g.blocks), key=lambda b: b.slot)
            title, subtitles = _title_and_subtitles([b.lines for b in blocks])
            author = next((p.author for p in reversed(paragraphs[start:end]) if p.author), "")
            section = _section_for(start, sections)
            stories.append(Story(title, subtitles, author, section, texts[start:end]))
    return stories


def _hard_boundaries(
    page: _Page, headlines: list[_Headline], sections: list[tuple[int, str]]
) -> set[int]:
    """Paragraph indices where a story surely starts: after bylines, at headlines and sections."""
    n = len(page.paragraphs)
    bounds = {i + 1 for i, p in enumerate(page.paragraphs) if p.ends_story and i + 1 < n}
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


# --- headline groups -----------------------------------------------------------------------


def _group_headlines(headlines: list[_Headline], page: _Page) -> list[_Group]:
    """Group blocks printed one right after another that belong to the same story."""
    groups: list[_Group] = []
    profiles = [_profile(h.grams, page) for h in headlines]
    previous: _Headline | None = None
    for h, profile in zip(headlines, profiles, strict=True):
        joined = False
        if previous is not None and h.slot == previous.slot + 1:
            if h.lines[0].startswith(("—", "－")):
                joined = True
            else:
                joined = _cosine(profiles[headlines.index(previous)], profile) >= SAME_STORY
        if joined:
            groups[-1].blocks.append(h)
            groups[-1].grams.update(h.grams)
        else:
            groups.append(_Group([h], Counter(h.grams)))
        previous = h
    return groups


def _profile(probe: Counter[str], page: _Page) -> list[float]:
    """How much of ``probe``'s vocabulary each paragraph holds."""
    return [page.vocab.containment(probe, g) for g in page.grams]


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return dot / norm if norm else 0.0


# --- attaching groups to stretches of paragraphs ---------------------------------------------


def _attach(groups: list[_Group], segments: list[tuple[int, int]], page: _Page) -> dict[int, int]:
    """Map each headline group's index to the index of the segment it belongs to."""
    if not groups:
        return {}
    seg_grams = [sum((page.grams[i] for i in range(a, b)), Counter()) for a, b in segments]
    shared = [[page.vocab.containment(g.grams, sg) for sg in seg_grams] for g in groups]
    lean = _page_lean(groups, segments, shared)
    scores = [
        [shared[k][s] + _position_bonus(g, segments[s], lean) for s in range(len(segments))]
        for k, g in enumerate(groups)
    ]
    return _best_assignment(scores, len(segments))


def _adjacency(group: _Group, segment: tuple[int, int]) -> str:
    start, end = segment
    if group.position == start:
        return "before"
    if group.position == end:
        return "after"
    return ""


def _page_lean(
    groups: list[_Group], segments: list[tuple[int, int]], shared: list[list[float]]
) -> str:
    """Whether this page prints headlines before or after their stories, judged by clear cases."""
    votes: Counter[str] = Counter()
    for k, group in enumerate(groups):
        row = shared[k]
        best = max(range(len(segments)), key=row.__getitem__)
        runner_up = max((v for s, v in enumerate(row) if s != best), default=0.0)
        if row[best] - runner_up >= CLEAR_MARGIN:
            side = _adjacency(group, segments[best])
            if side:
                votes[side] += 1
    return "after" if votes["after"] > votes["before"] else "before"


def _position_bonus(group: _Group, segment: tuple[int, int], lean: str) -> float:
    side = _adjacency(group, segment)
    if not side:
        return 0.0
    return ADJACENT_BONUS if side == lean else ADJACENT_BONUS / 2


def _best_assignment(scores: list[list[float]], n_segments: int) -> dict[int, int]:
    """Assign groups to segments, maximising the total score, each segment getting one if possible.

    Dynamic programming over the set of segments already given a group
    (pages have a handful of stories; beyond 12 it falls back to greedy).
    """
    n_groups = len(scores)
    if n_segments > 12:
        return {k: max(range(n_segments), key=row.__getitem__) for k, row in enumerate(scores)}
    need = min(n_groups, n_segments)
    best: dict[int, tuple[float, tuple[int, ...]]] = {0: (0.0, ())}
    for k in range(n_groups):
        nxt: dict[int, tuple[float, tuple[int, ...]]] = {}
        remaining = n_groups - k - 1
        for mask, (value, choices) in best.items():
            for s in range(n_segments):
                m = mask | (1 << s)
                if need - m.bit_count() > remaining:
                    continue
                v = value + scores[k][s]
                if m not in nxt or v > nxt[m][0]:
                    nxt[m] = (v, (*choices, s))
        best = nxt
    done = [vc for m, vc in best.items() if m.bit_count() >= need]
    _, choices = max(done, key=lambda vc: vc[0])
    return dict(enumerate(choices))


def _split_segment(
    segment: tuple[int, int], groups: list[_Group], page: _Page
) -> list[tuple[int, int, list[_Group]]]:
    """Cut a stretch holding several headline groups into stories, where the vocabulary says so."""
    start, end = segment
    if len(groups) < 2 or end - start < 2:
        return [(start, end, groups)]
    local = page.grams[start:end]
    similarity = page.vocab.similarities(local)
    shares = [[page.vocab.containment(g.grams, p) for p in local] for g in groups]
    datelines = [is_dateline(t) for t in page.texts[start:end]]
    pieces = split_run(similarity, shares, datelines)
    return [(start + a, start + b, [groups[g] for g in members]) for a, b, members in pieces]


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
    a, b = display_cells(first), display_cells(second)
    return a >= 6 and b <= a + 1
