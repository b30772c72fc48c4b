"""Shared vocabulary between pieces of Chinese text, without a word segmenter.

Character bigrams stand in for words (``流浪动物`` → 流浪, 浪动, 动物), and
Latin words and numbers count whole. Each is weighted by how rare it is
among the page's paragraphs, so ``阿里巴巴`` in a story about Alibaba
tells more than ``的发``. This needs no dictionary, so it costs nothing at
start-up (jieba takes about a second to load).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[A-Za-z]+|[0-9]+(?:\.[0-9]+)?")


def grams(text: str) -> Counter[str]:
    """Character bigrams of the Chinese runs in ``text``, plus Latin words and numbers."""
    found: Counter[str] = Counter()
    for run in _RUNS.findall(text):
        if run[0].isascii():
            if len(run) >= 2 or run.isdigit():
                found[run.lower()] += 1
            continue
        if len(run) == 1:
            found[run] += 1
        for i in range(len(run) - 1):
            found[run[i : i + 2]] += 1
    return found


class Vocabulary:
    """Rarity weights of the grams of a set of documents (a page's paragraphs)."""

    def __init__(self, documents: Iterable[Counter[str]]) -> None:
        docs = list(documents)
        self.count = len(docs)
        self.df: Counter[str] = Counter()
        for doc in docs:
            self.df.update(doc.keys())

    def weight(self, gram: str) -> float:
        """Inverse document frequency: high for grams found in few documents."""
        return math.log((self.count + 1) / (self.df.get(gram, 0) + 0.5))

    def containment(self, probe: Counter[str], target: Counter[str]) -> float:
        """Share of ``probe``'s weighted grams that occur in ``target`` (0 to 1)."""
        total = found = 0.0
        for gram in probe:
            w = self.weight(gram)
            total += w
            if gram in target:
                found += w
        return found / total if total else 0.0

    def cosine(self, a: Counter[str], b: Counter[str]) -> float:
        """Cosine similarity of two gram counts weighted by rarity."""
        if len(a) > len(b):
            a, b = b, a
        dot = sum(n * b[g] * self.weight(g) ** 2 for g, n in a.items() if g in b)
        if not dot:
            return 0.0
        na = math.sqrt(sum((n * self.weight(g)) ** 2 for g, n in a.items()))
        nb = math.sqrt(sum((n * self.weight(g)) ** 2 for g, n in b.items()))
        return dot / (na * nb)
