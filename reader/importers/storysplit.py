"""Cut a run of paragraphs into stories where nothing printed marks the boundaries.

When several stories run on without a byline between them and their
headlines are printed elsewhere (all at the top of the page, say), the
headlines still tell how many stories there may be, and the vocabulary
tells where one ends: paragraphs of a story share rare words with each
other, and with their own headline. A cut is made only where it pays:

- *cohesion*: each paragraph's mean similarity to the other paragraphs of
  its story (cutting between two unrelated stories raises it; cutting a
  story in two does not);
- *headlines*: each paragraph should share words with a headline of its
  own story (a cut that parts a story from its own headline loses);
- a dateline (``本报北京1月2日电``, ``新华社…讯``) opening a paragraph is where
  news stories start;
- every cut costs a little, so a story is not cut on noise.

Every story keeps at least one headline block. The search is a dynamic
programme over cut positions and the sets of headlines given to each
story, so it is exact for the handful of headlines a page has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Weights of the parts of the score (tuned on generated pages; see benchmarks/page.py).
HEADLINE_WEIGHT = 1.0
DATELINE_BONUS = 0.3
CUT_COST = 0.15
# Beyond this many headline groups in one run, the search would be too slow: no cutting.
MAX_GROUPS = 6

_DATELINE = re.compile(
    r"^(?:据|本报|本刊|新华社|中新社|人民网|新华网)[^，。：]{0,16}?(?:电|讯)(?!视|话|脑|影|子|力|车|台|网)"
)


def is_dateline(text: str) -> bool:
    """True if ``text`` opens with a news dateline such as ``本报北京1月2日电``."""
    return bool(_DATELINE.match(text))


def split_run(
    similarity: Sequence[Sequence[float]],
    shares: Sequence[Sequence[float]],
    datelines: Sequence[bool],
) -> list[tuple[int, int, list[int]]]:
    """Cut paragraphs ``0..n`` into stories, each with the headline groups it gets.

    ``similarity[i][j]`` is how alike paragraphs ``i`` and ``j`` are;
    ``shares[g][i]`` how much of headline group ``g``'s vocabulary
    paragraph ``i`` holds; ``datelines[i]`` whether paragraph ``i`` opens
    with a dateline. Returns ``[(start, end, groups), …]`` covering all
    paragraphs and all groups.
    """
    n, k = len(similarity), len(shares)
    if k <= 1 or n <= 1 or k > MAX_GROUPS:
        return [(0, n, list(range(k)))]
    cohesion = _cohesion_table(similarity)
    best_share = _best_share_prefix(shares, n)
    full = (1 << k) - 1
    # score[(end, used)] = (value, (start, previous used, groups given to the last story))
    table: dict[tuple[int, int], tuple[float, tuple[int, int, int] | None]] = {(0, 0): (0.0, None)}
    for end in range(1, n + 1):
        for start in range(end):
            span = cohesion[start][end]
            bonus = DATELINE_BONUS if start and datelines[start] else 0.0
            cost = CUT_COST if start else 0.0
            for used in range(full):
                here = table.get((start, used))
                if here is None:
                    continue
                free = full & ~used
                subset = free
                while subset:
                    head = best_share[subset][end] - best_share[subset][start]
                    value = here[0] + span + HEADLINE_WEIGHT * head + bonus - cost
                    key = (end, used | subset)
                    if key not in table or value > table[key][0]:
                        table[key] = (value, (start, used, subset))
                    subset = (subset - 1) & free
    if (n, full) not in table:
        return [(0, n, list(range(k)))]
    pieces = []
    end, used = n, full
    while end:
        start, used_before, subset = table[(end, used)][1]
        pieces.append((start, end, [g for g in range(k) if subset >> g & 1]))
        end, used = start, used_before
    return pieces[::-1]


def _cohesion_table(similarity: Sequence[Sequence[float]]) -> list[list[float]]:
    """``table[a][b]``: the sum over paragraphs ``a..b`` of their mean similarity to the others."""
    n = len(similarity)
    table = [[0.0] * (n + 1) for _ in range(n + 1)]
    for a in range(n):
        pair_sum = 0.0
        for b in range(a + 1, n):
            # Adding paragraph b adds its similarity to a..b-1, counted from both sides.
            pair_sum += 2 * sum(similarity[b][j] for j in range(a, b))
            table[a][b + 1] = pair_sum / (b - a)
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
