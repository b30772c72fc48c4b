"""Cut a page's paragraphs into stories and give each story its headline groups.

Bylines and headlines printed between paragraphs fix some boundaries.
Elsewhere — several stories running on without a byline between them,
their headlines printed all at the top of the page, say — the headlines
still tell how many stories there may be, and the vocabulary tells where
one ends: paragraphs of a story share rare words with each other, and with
their own headline. A plan is scored by

- *cohesion*: how much more alike each pair of paragraphs of a story is
  than paragraphs of different stories usually are;
- *headlines*: each paragraph's share of the vocabulary of its story's best
  matching headline group (parting a story from its own headline loses);
- *placement*: a headline group printed right before or after a story;
- a dateline (``本报北京1月2日电``, ``新华社…讯``) opening a paragraph is where
  news stories start.

Every story gets at least one headline group, except a stretch fixed by
bylines and headlines that none fits. The search is a dynamic programme
over cut positions and the sets of groups given to each story, exact for
the handful of headlines a page has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# Weights of the parts of the score (tuned on generated pages; see benchmarks/page.py).
HEADLINE_WEIGHT = 1.0
DATELINE_BONUS = 0.3
CUT_COST = 0.0
HEADLESS_COST = 0.5
# Paragraphs of one story are more alike than this (cosine of rare-bigram weights);
# measured on news pages: within a story 0.047 on average, between stories 0.006–0.010
# (0.03 chosen on generated pages of the news-pku2001 articles, see benchmarks/page.py).
SAME_STORY_SIMILARITY = 0.03
# Beyond this many headline groups the search would be too slow: fixed boundaries only.
MAX_GROUPS = 7

_DATELINE = re.compile(
    r"^(?:据|本报|本刊|新华社|中新社|人民网|新华网)[^，。：]{0,16}?(?:电|讯)(?!视|话|脑|影|子|力|车|台|网)"
)

Plan = list[tuple[int, int, list[int]]]


def is_dateline(text: str) -> bool:
    """True if ``text`` opens with a news dateline such as ``本报北京1月2日电``."""
    return bool(_DATELINE.match(text))


def plan_stories(
    similarity: Sequence[Sequence[float]],
    shares: Sequence[Sequence[float]],
    datelines: Sequence[bool],
    fixed: set[int],
    placement: Callable[[int, int, int], float],
) -> Plan | None:
    """Cut paragraphs ``0..n`` into stories and share the headline groups out among them.

    ``similarity[i][j]`` is how alike paragraphs ``i`` and ``j`` are;
    ``shares[g][i]`` how much of headline group ``g``'s vocabulary
    paragraph ``i`` holds; ``datelines[i]`` whether paragraph ``i`` opens
    with a dateline; ``fixed`` the paragraph indices where a story surely
    starts; ``placement(g, start, end)`` the bonus for group ``g`` heading
    the story ``start..end``. Returns ``[(start, end, groups), …]`` in page
    order, or None when there are too many groups to search.
    """
    n, k = len(similarity), len(shares)
    if k > MAX_GROUPS:
        return None
    cuts = sorted({0, n, *(f for f in fixed if 0 < f < n)})
    cohesion = _cohesion_table(similarity)
    best_share = _best_share_prefix(shares, n)
    full = (1 << k) - 1
    table: dict[tuple[int, int], tuple[float, tuple[int, int, int] | None]] = {(0, 0): (0.0, None)}
    for seg_start, seg_end in zip(cuts, cuts[1:], strict=False):
        for end in range(seg_start + 1, seg_end + 1):
            for start in range(seg_start, end):
                _extend(
                    table,
                    start,
                    end,
                    seg_start,
                    seg_end,
                    full,
                    k,
                    cohesion[start][end],
                    best_share,
                    datelines,
                    placement,
                )
    done = [key for key in table if key[0] == n]
    if not done:
        return None
    best = max(done, key=lambda key: (key[1] == full, table[key][0]))
    plan: Plan = []
    end, used = best
    while end:
        start, before, subset = table[(end, used)][1]
        plan.append((start, end, [g for g in range(k) if subset >> g & 1]))
        end, used = start, before
    return plan[::-1]


def _extend(table, start, end, seg_start, seg_end, full, k, span, best_share, datelines, placement):
    """Relax every plan ending at ``start`` with a story ``start..end``."""
    whole = start == seg_start and end == seg_end
    opening = 0.0
    if start != seg_start:
        opening = (DATELINE_BONUS if datelines[start] else 0.0) - CUT_COST
    gain = [
        HEADLINE_WEIGHT * (best_share[subset][end] - best_share[subset][start])
        for subset in range(full + 1)
    ]
    bonus = [placement(g, start, end) for g in range(k)]
    if any(bonus):
        for subset in range(1, full + 1):
            gain[subset] += _bonus_sum(bonus, subset)
    for used in range(full + 1):
        here = table.get((start, used))
        if here is None:
            continue
        base = here[0] + span + opening
        if whole:
            _offer(table, (end, used), base - HEADLESS_COST, (start, used, 0))
        free = full & ~used
        subset = free
        while subset:
            key = (end, used | subset)
            value = base + gain[subset]
            old = table.get(key)
            if old is None or value > old[0]:
                table[key] = (value, (start, used, subset))
            subset = (subset - 1) & free


def _bonus_sum(bonus: list[float], subset: int) -> float:
    return sum(b for g, b in enumerate(bonus) if subset >> g & 1)


def _offer(table, key, value, back) -> None:
    if key not in table or value > table[key][0]:
        table[key] = (value, back)


def _cohesion_table(similarity: Sequence[Sequence[float]]) -> list[list[float]]:
    """``table[a][b]``: how much paragraphs ``a..b`` agree, pair by pair.

    Each pair counts its similarity less ``SAME_STORY_SIMILARITY``, the
    level that tells paragraphs of one story from paragraphs of different
    stories, so putting two stories together loses and cutting one story
    in two loses as well.
    """
    n = len(similarity)
    table = [[0.0] * (n + 1) for _ in range(n + 1)]
    for a in range(n):
        total = 0.0
        for b in range(a + 1, n):
            total += sum(similarity[b][j] for j in range(a, b)) - (b - a) * SAME_STORY_SIMILARITY
            table[a][b + 1] = total
    return table


def _best_share_prefix(shares: Sequence[Sequence[float]], n: int) -> list[list[float]]:
    """For every set of groups, prefix sums of each paragraph's best share among them."""
    k = len(shares)
    prefix = [[0.0] * (n + 1) for _ in range(1 << k)]
    for subset in range(1, 1 << k):
        members = [g for g in range(k) if subset >> g & 1]
        row = prefix[subset]
        for i in range(n):
            row[i + 1] = row[i] + max(shares[g][i] for g in members)
    return prefix
