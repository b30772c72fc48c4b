"""Property tests: stories laid out in columns by tests.pagelayout come back whole.

Pages are drawn with hypothesis: two to four stories (seed sentences and
made-up news), columns 5–20 characters wide (set in display cells or in
characters) and 4–30 lines tall, one or two column widths on a page, OCR
spaces, headlines before, after, at the
top, at the end or far from their stories, bylines inline or on their own
line, a section header or not.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.importers import articles_from_text
from reader.importers.newspaper import looks_like_printed_page, stand_in_title
from reader.importers.textjoin import join_lines, normalize_spacing
from tests.pagelayout import PLACEMENTS, Layout, PageArticle, lay_out, wrap
from tests.pagestories_data import MADE_UP_TOPICS, SEED_TOPICS, random_articles

PAGE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SENTENCES = [s for pool in (*SEED_TOPICS.values(), *MADE_UP_TOPICS.values()) for s in pool]


@st.composite
def layouts(draw, *, explicit_indent: bool | None = None, placements=PLACEMENTS) -> Layout:
    """A way of printing a page."""
    width = draw(st.integers(5, 20))
    widths = draw(st.sampled_from([(width,), (width, max(5, width - draw(st.integers(2, 6))))]))
    indent = 2 if explicit_indent else draw(st.sampled_from([0, 2]))
    return Layout(
        widths=widths,
        column_lines=draw(st.integers(4, 30)),
        by_chars=draw(st.booleans()),
        hang=draw(st.booleans()),
        indent=indent,
        visible_indent=explicit_indent if explicit_indent is not None else draw(st.booleans()),
        ocr_spaces=draw(st.sampled_from([0.0, 0.2, 0.5])),
        headlines=draw(st.sampled_from(placements)),
        headline_width=draw(st.sampled_from([0, 10, 14])),
        headline_gap=draw(st.booleans()),
        byline_own_line=draw(st.booleans()),
        section=draw(st.sampled_from(["", "公益资讯 INFOS", "国际新闻 WORLD"])),
        seed=draw(st.integers(0, 2**30)),
    )


def stories(seed: int, count: int, all_bylines: bool = False) -> list[PageArticle]:
    articles = random_articles(random.Random(seed), count)
    if all_bylines:
        articles = [a if a.author else replace(a, author="李庆") for a in articles]
    return articles


@given(
    text=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map("".join),
    width=st.integers(3, 20),
    indent=st.sampled_from([0.0, 2.0]),
)
@settings(max_examples=100, deadline=None)
def test_wrapped_lines_join_back_into_the_paragraph(text, width, indent):
    lines = wrap(text, lambda n: width, indent)
    assert all(lines)
    assert join_lines(lines) == normalize_spacing(text)


@given(
    seed=st.integers(0, 2**30),
    count=st.integers(2, 4),
    layout=layouts(explicit_indent=True, placements=("before", "after")),
)
@PAGE_SETTINGS
def test_pages_with_written_indentation_come_back_whole(seed, count, layout):
    """Indentation written as spaces, a byline after every story, headlines next to their story:
    every paragraph, title, subtitle and author comes back exactly."""
    layout = replace(layout, headline_gap=False)
    expected = stories(seed, count, all_bylines=True)
    articles = articles_from_text(lay_out(expected, layout), source="page", name="page.txt")
    assert [a.title for a in articles] == [normalize_spacing(s.title) for s in expected]
    assert [list(a.subtitles) for a in articles] == [list(s.subtitles) for s in expected]
    assert [a.author for a in articles] == [s.author for s in expected]
    assert [[p.text for p in a.paragraphs] for a in articles] == [
        [normalize_spacing(p) for p in s.paragraphs] for s in expected
    ]
    assert {a.section for a in articles} == {layout.section}


def _characters(parts) -> Counter:
    return Counter(ch for part in parts for ch in normalize_spacing(part) if not ch.isspace())


@given(seed=st.integers(0, 2**30), count=st.integers(2, 4), layout=layouts())
@PAGE_SETTINGS
def test_no_text_is_lost_or_invented(seed, count, layout):
    """However a page is laid out, every character of the stories comes back once:
    in a paragraph, a title, a subtitle or an author (a story printed without a
    headline gets its opening words as a stand-in title, which is not counted)."""
    layout = replace(layout, section="")
    expected = stories(seed, count)
    text = lay_out(expected, layout)
    if not looks_like_printed_page(text):
        return  # a page too short to show columns is read as plain text
    articles = articles_from_text(text, source="page", name="page.txt")
    want = _characters(
        x for s in expected for x in (s.title, *s.subtitles, *s.paragraphs, s.author)
    )
    got = _characters(
        x
        for a in articles
        for x in (
            "" if a.title == stand_in_title([p.text for p in a.paragraphs]) else a.title,
            *a.subtitles,
            *(p.text for p in a.paragraphs),
            a.author.replace("、", ""),  # a story read as one from two signed parts has both
        )
    )
    assert got == want


def test_seed_style_pages_come_back_nearly_whole():
    """Indentation shown only by a shorter first line, as on the seed page: over 120
    seeded pages of every layout, paragraphs, story counts and titles come back."""
    rng = random.Random(20221128)
    totals = Counter()
    for _ in range(120):
        expected = random_articles(rng, rng.randint(2, 4))
        width = rng.randint(6, 20)
        layout = Layout(
            widths=(width,) if rng.random() < 0.7 else (width, max(5, width - 3)),
            column_lines=rng.randint(6, 30),
            indent=2,
            ocr_spaces=rng.choice((0.0, 0.2)),
            headlines=rng.choice(PLACEMENTS),
            headline_gap=rng.random() < 0.3,
            byline_own_line=rng.random() < 0.3,
            section=rng.choice(("", "公益资讯 INFOS")),
            seed=rng.randrange(1 << 30),
        )
        articles = articles_from_text(lay_out(expected, layout), source="page", name="page.txt")
        got = {p.text for a in articles for p in a.paragraphs}
        paragraphs = [normalize_spacing(p) for s in expected for p in s.paragraphs]
        totals["paragraphs"] += len(paragraphs)
        totals["exact"] += sum(p in got for p in paragraphs)
        totals["pages"] += 1
        totals["counts"] += len(articles) == len(expected)
        titles = {a.title for a in articles}
        totals["stories"] += len(expected)
        totals["titles"] += sum(normalize_spacing(s.title) in titles for s in expected)
    assert totals["exact"] >= 0.98 * totals["paragraphs"], totals
    assert totals["counts"] >= 0.90 * totals["pages"], totals
    assert totals["titles"] >= 0.95 * totals["stories"], totals


_NOISE = list(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就，。、；：？！“”（）《》—…0123456789abcXYZ \u3000\t"
)
_LINES = st.one_of(
    st.just(""),
    st.text(alphabet=st.sampled_from(_NOISE), max_size=20),
    st.sampled_from(
        ["（李庆）", "公益资讯 INFOS", "\u3000\u3000近日，", "呼吁救助城市流浪动物", "——元旦献辞"]
    ),
)


@given(lines=st.lists(_LINES, max_size=200))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_lines_are_read_without_error(lines):
    """Whatever the lines, the importer answers with articles or nothing, never an exception."""
    text = "\n".join(lines)
    looks_like_printed_page(text)
    for article in articles_from_text(text, source="x", name="x.txt"):
        assert article.title
        assert all(p.text.strip() for p in article.paragraphs)


# --- pages set the other way (tests.pagelayout_alt) -------------------------------------------


def _alt_page(seed: int, count: int):
    from tests.pagelayout_alt import alt_page

    rng = random.Random(seed)
    return alt_page(random_articles(rng, count), rng)


def _names(author: str) -> str:
    """The names in a byline, without roles and ornaments (``本报记者 王建新`` → 王建新)."""
    for role in ("本报记者", "记者", "、"):
        author = author.replace(role, "")
    return "".join(author.split())


@given(seed=st.integers(0, 2**30), count=st.integers(2, 4))
@PAGE_SETTINGS
def test_pages_set_the_other_way_lose_no_text(seed, count):
    """Pages of the second generator (kickers, subheads, captions, bylines above or below,
    page furniture, punctuation set three ways): every character of every story comes back
    once, in a headline, a paragraph or an author; the page furniture in none."""
    _check_no_text_lost(seed, count)


@pytest.mark.xfail(
    strict=True,
    reason="known limit: two stories by one author, the second's headline printed below "
    "its text and its byline closing it, come back as one story with the author once",
)
def test_two_stories_by_one_author_headline_below_stay_apart():
    """Found by the property above with random draws (seed 51261, 3 stories)."""
    _check_no_text_lost(51261, 3)


def _check_no_text_lost(seed: int, count: int) -> None:
    page = _alt_page(seed, count)
    if not looks_like_printed_page(page.text):
        return
    articles = articles_from_text(page.text, source="page", name="page.txt")
    want = _characters(x for s in page.stories for x in (*s.headings, *s.paragraphs, s.author))
    printed = {x for s in page.stories for x in (*s.headings, *s.paragraphs)}
    got = _characters(
        x
        for a in articles
        for x in (
            # A stand-in title is not counted, unless a kicker or subhead printed the same.
            ""
            if a.title == stand_in_title([p.text for p in a.paragraphs]) and a.title not in printed
            else a.title,
            *a.subtitles,
            *(p.text for p in a.paragraphs),
            _names(a.author),
        )
    )
    assert got == want


def test_pages_set_the_other_way_come_back_mostly_whole():
    """Over 80 seeded pages of the second generator, most paragraphs and story counts come
    back: 94 % and 85 % (before this generator was written, 83 % and 68 %; the figures on
    1000 pages of news articles are in benchmarks/page.py)."""
    totals = Counter()
    for seed in range(80):
        page = _alt_page(seed, 2 + seed % 3)
        articles = articles_from_text(page.text, source="page", name="page.txt")
        got = {p.text for a in articles for p in a.paragraphs}
        wanted = [p for s in page.stories for p in s.paragraphs]
        totals["paragraphs"] += len(wanted)
        totals["exact"] += sum(p in got for p in wanted)
        totals["pages"] += 1
        totals["counts"] += len(articles) == len(page.stories)
    assert totals["exact"] >= 0.92 * totals["paragraphs"], totals
    assert totals["counts"] >= 0.80 * totals["pages"], totals
