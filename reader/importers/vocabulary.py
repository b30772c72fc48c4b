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
from collections.abc import Sequence

MIN_DOCUMENTS = 10
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

    def __init__(self, documents: Sequence[Counter[str]]) -> None:
        self.count = len(documents)
        self.df: Counter[str] = Counter()
        for doc in documents:
            self.df.update(doc.keys())

    def weight(self, gram: str) -> float:
        """Inverse document frequency: high for grams found in few documents.

        Counted as if there were at least ``MIN_DOCUMENTS``: among two or three
        documents, a gram they share is not thereby common.
        """
        return math.log((max(self.count, MIN_DOCUMENTS) + 1) / (self.df.get(gram, 0) + 0.5))

    def containment(self, probe: Counter[str], target: Counter[str]) -> float:
        """Share of ``probe``'s weighted grams that occur in ``target`` (0 to 1)."""
        total = found = 0.0
        for gram in probe:
            w = self.weight(gram)
            total += w
            if gram in target:
                found += w
        return found / total if total else 0.0

    def similarities(self, documents: Sequence[Counter[str]]) -> list[list[float]]:
        """Cosine similarity of every pair of documents, their grams weighted by rarity."""
        vectors = []
        for doc in documents:
            vec = {g: n * self.weight(g) for g, n in doc.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            vectors.append({g: v / norm for g, v in vec.items()})
        n = len(vectors)
        sims = [[0.0] * n for _ in range(n)]
        for i in range(n):
            a = vectors[i]
            for j in range(i + 1, n):
                b = vectors[j]
                small, big = (a, b) if len(a) <= len(b) else (b, a)
                sims[i][j] = sims[j][i] = sum(v * big[g] for g, v in small.items() if g in big)
        return sims
