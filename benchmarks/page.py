"""The printed-page importer: accuracy on generated pages of real articles, and speed.

Pages are laid out with ``tests.pagelayout`` from the articles of the
news-pku2001 corpus (research use only: read from ``../shared/data`` when
present, never copied into the project), 2–4 stories a page, in varied
ways: column widths 6–20 characters (sometimes two widths on a page),
set in display cells or in characters, punctuation hanging past the edge
or not, columns of 6–30 lines, indented or not, OCR spaces, headlines before,
after, at the top, at the end or far from their stories, bylines or not,
a section header or not. Measured: paragraphs given back exactly, titles
attached to the right story, story counts, bylines; and the time to parse
the seed page.

A second family (``page.alt.*``) is set by ``tests.pagelayout_alt``, which
makes other assumptions, those of real typesetting and OCR: per-story column
widths and per-column heights, punctuation hanging, pushing a character down
or starting a line (a lone ``”``), written-out, short or no indentation,
kickers, subtitles, wrapped headlines, datelines, bylines above or below the
story in several forms, subheads, photo captions with credits, page
furniture. Its headline score asks for every headline line of a story in
print order; its author score compares names (``本报记者 王建新`` → 王建新).

Measured on 1000 pages of each family (seeds 2022 and 2023), with the
importer as it was before the robustness round that added the second
family, and after it:

====================  ==============  ==============
                      seed-like       second family
====================  ==============  ==============
paragraphs exact      98.5 → 98.5 %   87.4 → 97.9 %
story counts          97.1 → 97.1 %   46.5 → 84.6 %
titles / headlines    95.5 → 95.6 %   47.6 → 88.9 %
authors               95.9 → 96.0 %   60.0 → 95.5 %
stories whole         89.8 → 89.7 %   55.5 → 87.1 %
pages perfect         79.6 → 79.5 %    5.1 → 64.6 %
furniture kept out                    31.7 → 99.9 %
====================  ==============  ==============

Some pages of the second family stay ambiguous in plain text: a paragraph
ending at a column's foot on a page without indentation, a kicker as long
as its title, a picture column one or two lines high, a subhead on a topic
of its own; and some corpus files hold two pieces under one headline.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from benchmarks.result import Result

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "charity-news-page-2022-11.txt"
PKU_DIR = ROOT.parent / "shared" / "data" / "news-pku2001"
NAMES = ("李庆", "皮磊", "王晓梅", "张华", "刘洋", "陈静", "赵国强", "孙丽", "周毅", "吴敏")
SECTIONS = ("公益资讯 INFOS", "国际新闻 WORLD", "要闻 NEWS", "体育 SPORTS")
_ENDS = re.compile(r"[。！？…][”’」』）)]*$")
_DATELINE = re.compile(r"^(?:本报|新华社|据新华社|中新社)\S{0,14}?(?:电|讯)")
_PIECE_START = re.compile(r"^(?:\d+、|（[一二三四五六七八九十]+）|●|编者按|图[①-⑩\d：:])")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*(?:电|摄|报道)[）)]$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the page suite."""
    group = parser.add_argument_group("page suite")
    group.add_argument("--page-count", type=int, default=1000, help="generated pages to parse")
    group.add_argument("--page-seed", type=int, default=2022, help="random seed for the pages")
    group.add_argument("--pku-dir", type=Path, default=PKU_DIR, help="news-pku2001 articles")
    group.add_argument("--page-failures", type=int, default=0, help="print this many failing pages")
    group.add_argument(
        "--page-family",
        choices=("both", "seed", "alt"),
        default="both",
        help="generated pages like the seed (tests.pagelayout), the second generator, or both",
    )


def load_articles(directory: Path):
    """Articles of the corpus (headline, blank line, one paragraph per line), tidied for layout.

    Picture captions and lines that are not sentences are left out, trailing
    dateline notes (``（本报北京电）``) are cut, and a headline with a dash
    becomes a title and a ``——`` subtitle. Files that are collections of
    several pieces (a second dateline, numbered captions, an editor's note)
    are skipped: they are not one story, so no layout can give them back as one.
    """
    from tests.pagelayout import PageArticle

    articles = []
    for path in sorted(directory.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        head = lines[0].strip()
        if not head or head.startswith("—") or "（" in head:
            continue
        paragraphs = []
        for line in lines[1:]:
            line = _TRAILING_NOTE.sub("", line.strip()).strip()
            if line and _ENDS.search(line) and "图片" not in line and len(line) >= 10:
                paragraphs.append(line)
        if not 2 <= len(paragraphs) <= 12 or sum(map(len, paragraphs)) > 2500:
            continue
        if _is_collection(paragraphs):
            continue
        parts = re.split(r"—{2,}", head, maxsplit=1)
        title = parts[0]
        subtitles = ("——" + parts[1],) if len(parts) == 2 and parts[1] else ()
        articles.append(PageArticle(title, tuple(paragraphs), subtitles))
    return articles


def _is_collection(paragraphs: list[str]) -> bool:
    """True for a file holding several pieces rather than one story."""
    datelines = [_DATELINE.match(p) is not None for p in paragraphs]
    if sum(datelines) > 1 or any(datelines[1:]):
        return True
    return any(_PIECE_START.match(p) for p in paragraphs)


def random_layout(rng: random.Random):
    """A layout drawn from the range of pages the importer must handle."""
    from tests.pagelayout import PLACEMENTS, Layout

    width = rng.randint(6, 20)
    widths = (width,) if rng.random() < 0.7 else (width, max(5, width - rng.randint(3, 6)))
    indent = 2 if rng.random() < 0.7 else 0
    return Layout(
        widths=widths,
        column_lines=rng.randint(6, 30),
        by_chars=rng.random() < 0.3,
        hang=rng.random() < 0.7,
        indent=indent,
        visible_indent=indent > 0 and rng.random() < 0.2,
        ocr_spaces=rng.choice((0.0, 0.1, 0.3)),
        headlines=rng.choice(PLACEMENTS),
        headline_width=rng.choice((0, 0, 12, 14, 16)),
        headline_gap=rng.random() < 0.3,
        byline_own_line=rng.random() < 0.2,
        section=rng.choice(SECTIONS) if rng.random() < 0.5 else "",
        seed=rng.randrange(1 << 30),
    )


def make_pages(articles, count: int, seed: int):
    """``count`` pages: (articles on the page, layout, text)."""
    from dataclasses import replace

    from tests.pagelayout import lay_out

    rng = random.Random(seed)
    pages = []
    for _ in range(count):
        chosen = rng.sample(articles, rng.randint(2, 4))
        chosen = [replace(a, author=rng.choice(NAMES)) if rng.random() < 0.5 else a for a in chosen]
        layout = random_layout(rng)
        pages.append((chosen, layout, lay_out(chosen, layout)))
    return pages


def score_page(expected, articles) -> Counter:
    """Counts of what came back right on one page."""
    from reader.importers.textjoin import normalize_spacing

    got = Counter()
    parsed_paragraphs = {p.text for a in articles for p in a.paragraphs}
    got["pages"] += 1
    got["stories"] += len(expected)
    got["story_count_ok"] += len(articles) == len(expected)
    page_ok = len(articles) == len(expected)
    for story in expected:
        paragraphs = [normalize_spacing(p) for p in story.paragraphs]
        got["paragraphs"] += len(paragraphs)
        exact = sum(p in parsed_paragraphs for p in paragraphs)
        got["paragraphs_exact"] += exact
        owner = next(
            (a for a in articles if a.paragraphs and a.paragraphs[0].text == paragraphs[0]), None
        )
        title_ok = owner is not None and owner.title == normalize_spacing(story.title)
        subs_ok = owner is not None and list(owner.subtitles) == [
            normalize_spacing(s) for s in story.subtitles
        ]
        author_ok = owner is not None and owner.author == story.author
        body_ok = owner is not None and [p.text for p in owner.paragraphs] == paragraphs
        got["titles_ok"] += title_ok
        got["subtitles_ok"] += subs_ok
        got["authors_ok"] += author_ok
        got["bodies_ok"] += body_ok
        page_ok = page_ok and title_ok and subs_ok and author_ok and body_ok
    got["pages_ok"] += page_ok
    return got


def make_alt_pages(articles, count: int, seed: int):
    """``count`` pages set by the second generator (``tests.pagelayout_alt``): (page, style)."""
    from tests.pagelayout_alt import alt_page, random_style

    rng = random.Random(seed)
    pages = []
    for _ in range(count):
        chosen = rng.sample(articles, rng.randint(2, 4))
        style = random_style(rng)
        pages.append((alt_page(chosen, rng, style), style))
    return pages


_ROLE = re.compile(r"本报记者|特约记者|记者|通讯员|文[/／]|[□■◎●]|[（()）]")


def names_of(author: str) -> str:
    """The personal names in a byline, without roles and ornaments (``本报记者 王建新`` → 王建新)."""
    return " ".join(_ROLE.sub(" ", author).split())


def score_alt_page(truths, articles, furniture: list[str]) -> Counter:
    """Counts of what came back right on one page of the second generator."""
    got = Counter()
    parsed_paragraphs = {p.text for a in articles for p in a.paragraphs}
    got["pages"] += 1
    got["stories"] += len(truths)
    got["story_count_ok"] += len(articles) == len(truths)
    page_ok = len(articles) == len(truths)
    for truth in truths:
        got["paragraphs"] += len(truth.paragraphs)
        got["paragraphs_exact"] += sum(p in parsed_paragraphs for p in truth.paragraphs)
        owner = next(
            (a for a in articles if a.paragraphs and a.paragraphs[0].text == truth.paragraphs[0]),
            None,
        )
        headings_ok = owner is not None and (owner.title, *owner.subtitles) == truth.headings
        author_ok = owner is not None and names_of(owner.author) == truth.author
        body_ok = owner is not None and tuple(p.text for p in owner.paragraphs) == truth.paragraphs
        got["titles_ok"] += headings_ok
        got["authors_ok"] += author_ok
        got["bodies_ok"] += body_ok
        page_ok = page_ok and headings_ok and author_ok and body_ok
    shown = [x for a in articles for x in (a.title, *a.subtitles, *(p.text for p in a.paragraphs))]
    leak = any(x == f or (len(f) >= 5 and f in x) for f in furniture for x in shown)
    got["furniture_clean"] += not leak
    got["pages_ok"] += page_ok and not leak
    return got


def _seed_parse_ms(repeat: int = 20) -> float:
    from reader.importers.newspaper import parse_printed_page

    text = SEED.read_text(encoding="utf-8")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        parse_printed_page(text, source=str(SEED))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _seed_load_ms() -> float:
    """Import the importer and load the seed in a fresh interpreter (what start-up pays)."""
    code = (
        "import time; t = time.perf_counter(); from reader.importers import load; "
        f"load([{str(SEED)!r}]); print((time.perf_counter() - t) * 1000)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append(float(out.stdout.strip()))
    return statistics.median(runs)


def run(options: argparse.Namespace) -> list[Result]:
    """Measure the importer on generated pages of both families (when the corpus is here) and on
    the seed."""
    results = [
        Result("page.seed_parse_ms", _seed_parse_ms(), "ms", 50.0, "<=", "parse the seed page"),
        Result(
            "page.seed_load_ms", _seed_load_ms(), "ms", 200.0, "<=", "import + load, fresh process"
        ),
    ]
    directory = getattr(options, "pku_dir", PKU_DIR)
    if not directory.is_dir():
        results.append(Result("page.generated", 0, note=f"skipped: {directory} not found"))
        return results
    articles = load_articles(directory)
    count = getattr(options, "page_count", 300)
    seed = getattr(options, "page_seed", 2022)
    show = getattr(options, "page_failures", 0)
    family = getattr(options, "page_family", "both")
    if family in ("both", "seed"):
        pages = make_pages(articles, count, seed)
        total, elapsed = _parse_pages(
            pages,
            text_of=lambda page: page[2],
            score=lambda page, parsed: score_page(page[0], parsed),
            show_failure=lambda page, parsed: _show_failure(*page, parsed),
            show=show,
        )
        note = f"{len(pages)} pages, {total['stories']} stories, {len(articles)} articles"
        results += _family_results("page", total, elapsed, note, subtitles=True)
    if family in ("both", "alt"):
        alt_pages = make_alt_pages(articles, count, seed + 1)
        total, elapsed = _parse_pages(
            alt_pages,
            text_of=lambda page: page[0].text,
            score=lambda page, parsed: score_alt_page(page[0].stories, parsed, page[0].furniture),
            show_failure=lambda page, parsed: _show_alt_failure(*page, parsed),
            show=show,
        )
        note = f"second generator: {len(alt_pages)} pages, {total['stories']} stories"
        results += _family_results("page.alt", total, elapsed, note, subtitles=False)
        results.append(
            Result("page.alt.furniture_kept_out", 100.0 * total["furniture_clean"] / count, "%")
        )
    return results


def _parse_pages(pages, text_of, score, show_failure, show: int) -> tuple[Counter, float]:
    """Parse and score every page: the summed counts and the mean parse time per page (ms).

    The first ``show`` pages that are not perfect are printed with ``show_failure``.
    """
    from reader.importers import articles_from_text

    total: Counter = Counter()
    shown = 0
    elapsed = 0.0
    for page in pages:
        start = time.perf_counter()
        parsed = articles_from_text(text_of(page), source="page", name="page.txt")
        elapsed += time.perf_counter() - start
        got = score(page, parsed)
        total.update(got)
        if not got["pages_ok"] and shown < show:
            shown += 1
            show_failure(page, parsed)
    return total, elapsed * 1000 / max(1, len(pages))


def _family_results(prefix: str, total: Counter, elapsed: float, note: str, subtitles: bool):
    """The accuracy figures of one family of generated pages."""

    def pct(key: str, of: str) -> float:
        return 100.0 * total[key] / max(1, total[of])

    titles = "titles" if subtitles else "headlines"  # the second family checks every headline line
    results = [
        Result(
            f"{prefix}.paragraphs_exact",
            pct("paragraphs_exact", "paragraphs"),
            "%",
            98.0,
            ">=",
            note,
        ),
        Result(f"{prefix}.story_counts", pct("story_count_ok", "pages"), "%", 98.0, ">="),
        Result(f"{prefix}.{titles}", pct("titles_ok", "stories"), "%", 95.0, ">="),
    ]
    if subtitles:
        results.append(Result(f"{prefix}.subtitles", pct("subtitles_ok", "stories"), "%"))
    results += [
        Result(f"{prefix}.authors", pct("authors_ok", "stories"), "%", 98.0, ">="),
        Result(f"{prefix}.stories_whole", pct("bodies_ok", "stories"), "%"),
        Result(f"{prefix}.pages_perfect", pct("pages_ok", "pages"), "%"),
        Result(f"{prefix}.generated_parse_ms", elapsed, "ms", note="mean per generated page"),
    ]
    return results


def _show_failure(expected, layout, text, parsed) -> None:
    print("=" * 70)
    print(layout)
    print(text)
    print("--- expected")
    for a in expected:
        print(f"  {a.title} | {a.subtitles} | {a.author} | {len(a.paragraphs)} paragraphs")
    print("--- parsed")
    for a in parsed:
        print(f"  {a.title} | {a.subtitles} | {a.author} | {len(a.paragraphs)} paragraphs")


def _show_alt_failure(page, style, parsed) -> None:
    print("=" * 70)
    print(style)
    print(page.text)
    print("--- expected")
    for t in page.stories:
        print(f"  {' / '.join(t.headings)} | {t.author} | {len(t.paragraphs)} paragraphs")
        for p in t.paragraphs:
            print(f"      {p[:40]}")
    print("--- parsed")
    for a in parsed:
        print(
            f"  {' / '.join((a.title, *a.subtitles))} | {a.author} | {len(a.paragraphs)} paragraphs"
        )
        for p in a.paragraphs:
            print(f"      {p.text[:40]}")
