"""Text samples for the large-text tests: random news text built from the bundled newspaper page."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from .conftest import SEED


def _news_text() -> str:
    """The bundled newspaper page as running text (its printed line breaks joined)."""
    raw = SEED.read_text(encoding="utf-8")
    paragraphs = [re.sub(r"\s*\n\s*", "", p) for p in re.split(r"\n\s*\n", raw)]
    return "".join(p for p in paragraphs if p)


NEWS = _news_text()
INSERTS = [
    "……", "——", "“", "”", "（", "）", "《", "》", "「", "」", "『", "』", "。”", "！”",
    "？！", "：“", "、", "；", "……”", "）。", "COVID-19", "2022", " ", "nihaooo ", "A4",
]  # fmt: skip


@st.composite
def news_text(draw) -> str:
    """A slice of real news text with extra punctuation clusters and Latin words mixed in."""
    start = draw(st.integers(0, len(NEWS) - 2))
    length = draw(st.integers(1, 160))
    text = NEWS[start : start + length]
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.sampled_from(INSERTS)) + text[pos:]
    return text
