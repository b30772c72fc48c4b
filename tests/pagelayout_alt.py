"""A second page generator, independent of ``tests.pagelayout``, modelled on real typesetting and OCR.

``tests.pagelayout`` sets every story the same way the seed page is set.
This one makes other assumptions, the ones real newspaper pages and OCR
output break: each story has its own column width and every column its
own height (a short column beside a picture); Latin letters and digits
count half or full; punctuation hangs past the edge, pushes a character
down, or (OCR of tightly set type) starts the next line, so that a
closing quote can sit alone on a line (``”``); paragraphs open with
written-out indentation, a shorter first line, or none at all. Stories
carry what real ones carry: a kicker line above the headline (引题) and a
subtitle below (副题), headlines wrapped over two lines, datelines
(``本报北京1月1日电``, ``据新华社…电``, ``新华社…电（记者…）``), bylines at the
start (``本报记者 王建新``, ``文/王建新``, ``□ 王建新``) or the end (``（李庆）``,
``（记者 王建新）``) or none, numbered or bare subheads between paragraphs,
photo captions with credits (``（新华社记者刘卫兵摄）``, ``（新华）``) and picture
titles (``……（图片）``). The page has furniture: a date line, a section name
(``国际新闻``, ``公益资讯 INFOS``), a page number, an editor's footer
(``本版责编：…``). OCR leaves stray spaces and sometimes doubles or drops a
blank line at a column break.

``alt_page(articles, rng)`` returns the page's text and, for each story,
what a reader should get back (``StoryTruth``): its headline lines in print
order (kicker, title with its wrapped line rejoined, subtitles), the
author's name, and its paragraphs — subheads, picture titles and captions
(with their credits) included, in print order.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from reader.importers.textjoin import normalize_spacing

CLOSING = "，。、；：？！…”’）》」』"
OPENING = "“‘（《「『"
NAMES = ("王建新", "李庆", "皮磊", "刘卫兵", "陈静", "赵国强", "孙丽", "周毅", "吴敏", "欧阳明")
CITIES = ("北京", "上海", "拉萨", "广州", "南京", "成都", "西安", "武汉")
SECTIONS = ("国际新闻", "要闻", "经济新闻", "公益资讯 INFOS", "社会 SOCIETY", "文化视点")
NUMERALS = "一二三四五六七八九十"
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%+\-]*")
_CLAUSE = re.compile(r"[^，。！？；：、“”（）《》]+")


@dataclass(frozen=True)
class StoryTruth:
    """What a story printed by ``alt_page`` must come back as."""

    headings: tuple[str, ...]
    author: str
    paragraphs: tuple[str, ...]


@dataclass
class Style:
    """How one page is set (drawn by ``random_style``)."""

    metric: str = "chars"  # "chars": every character one cell; "cells": Latin and digits half
    punctuation: str = "hang"  # "hang", "push" (a character moves down) or "naive"
    indent: str = "short"  # "short" (2 characters short), "spaces", "ideographic" or "none"
    ocr: float = 0.0
    blank_noise: float = 0.0  # chance a column-break blank line is doubled or dropped
    furniture: bool = True
    section: str = ""
    headline_width: int = 14
    features: dict[str, float] = field(default_factory=dict)


def random_style(rng: random.Random) -> Style:
    """A page's typesetting, drawn over the range real pages show."""
    return Style(
        metric=rng.choice(("chars", "chars", "cells")),
        punctuation=rng.choice(("hang", "hang", "push", "naive")),
        indent=rng.choice(("short", "short", "spaces", "ideographic", "none")),
        ocr=rng.choice((0.0, 0.05, 0.15)),
        blank_noise=rng.choice((0.0, 0.0, 0.1)),
        furniture=rng.random() < 0.6,
        section=rng.choice(SECTIONS) if rng.random() < 0.5 else "",
        headline_width=rng.randint(10, 22),
        features={
            "kicker": rng.choice((0.0, 0.3)),
            "subtitle": rng.choice((0.0, 0.3)),
            "dateline": rng.choice((0.0, 0.4)),
            "byline": rng.choice((0.3, 0.7)),
            "subhead": rng.choice((0.0, 0.0, 0.3)),
            "caption": rng.choice((0.0, 0.0, 0.3)),
        },
    )


# --- stories ---------------------------------------------------------------------------------


@dataclass
class _Story:
    """A story being printed: headline lines, byline form, and body pieces in order."""

    kicker: str
    title: str
    subtitles: list[str]
    author: str
    byline: str  # the byline as printed
    byline_at_start: bool
    pieces: list[tuple[str, str]]  # (kind, text): "text", "subhead", "caption", "picture"


def _clause(text: str, rng: random.Random, low: int = 4, high: int = 12) -> str:
    """A clause of ``text`` fit for a kicker, subhead or caption (no digits, no Latin)."""
    found = [
        c
        for c in _CLAUSE.findall(text)
        if low <= len(c) <= high and not _LATIN.search(c) and not re.search("记者|报道|电$", c)
    ]
    return rng.choice(found) if found else ""


def _decorate(article, style: Style, rng: random.Random) -> _Story:
    """Give a story the parts real ones have, drawn from its own words."""
    f = style.features
    paragraphs = list(article.paragraphs)
    kicker = _clause(rng.choice(paragraphs), rng, 4, 10) if rng.random() < f["kicker"] else ""
    subtitles = list(article.subtitles)
    if not subtitles and rng.random() < f["subtitle"]:
        # Most subtitles open with a dash; one without is an explanatory line, longer than
        # the title (a shorter one would read as the title's wrapped end).
        if rng.random() < 0.6:
            sub = "——" + _clause(paragraphs[-1], rng, 6, 16)
        else:
            sub = _clause(paragraphs[-1], rng, len(article.title) + 2, len(article.title) + 12)
        if sub.strip("—"):
            subtitles = [sub]
    if rng.random() < f["dateline"] and not re.match(r"^(本报|据|新华社)", paragraphs[0]):
        city, day = rng.choice(CITIES), rng.randint(1, 28)
        form = rng.randrange(3)
        if form == 0:
            head = f"本报{city}1月{day}日电　"
        elif form == 1:
            head = f"据新华社{city}12月{day}日电　"
        else:
            head = f"新华社{city}1月{day}日电（记者{rng.choice(NAMES)}）"
        paragraphs[0] = head + paragraphs[0]
    author, byline, at_start = "", "", False
    if rng.random() < f["byline"]:
        author = rng.choice(NAMES)
        form = rng.randrange(7)
        at_start = form >= 3
        byline = (
            f"（{author}）",
            f"（记者 {author}）",
            f"（本报记者{author}）",
            f"本报记者 {author}",
            f"文/{author}",
            f"□ {author}",
            f"■本报记者　{author}",
        )[form]
    pieces = [("text", p) for p in paragraphs]
    if len(paragraphs) >= 4 and rng.random() < f["subhead"]:
        numbered = rng.random() < 0.5
        spots = sorted(rng.sample(range(1, len(paragraphs)), min(2, len(paragraphs) - 1)))
        for n, spot in enumerate(reversed(spots)):
            # Words of the part it heads, but not its opening words.
            head = _clause(re.split("[，。]", paragraphs[spot], maxsplit=1)[-1], rng, 4, 12)
            if head:
                number = NUMERALS[len(spots) - 1 - n] + "、" if numbered else ""
                pieces.insert(spot, ("subhead", number + head))
    if rng.random() < f["caption"]:
        about = _clause(" ".join(paragraphs), rng, 6, 16)
        if about:
            credit = rng.choice(
                (
                    f"（新华社记者{rng.choice(NAMES)}摄）",
                    f"（{rng.choice(NAMES)}摄）",
                    f"（本报记者 {rng.choice(NAMES)} 摄）",
                    f"（新华社记者{rng.choice(NAMES)}摄） （新华）",
                )
            )
            caption = rng.choice(("图为", "")) + about + "。" + credit
            spot = rng.randrange(0, len(pieces))
            pieces.insert(spot, ("caption", caption))
            if rng.random() < 0.4:
                pieces.insert(spot, ("picture", _clause(paragraphs[-1], rng, 5, 12) + "（图片）"))
    pieces = [(kind, text) for kind, text in pieces if text and text != "（图片）"]
    return _Story(kicker, article.title, subtitles, author, byline, at_start, pieces)


# --- setting lines -----------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    for m in _LATIN.finditer(text):
        out.extend(text[pos : m.start()])
        out.append(m.group(0))
        pos = m.end()
    out.extend(text[pos:])
    return out


def _size(token: str, style: Style) -> float:
    if style.metric == "cells" and token.isascii():
        return 0.5 * len(token)
    return float(len(token))


def set_lines(text: str, widths, style: Style, first: float = 0.0) -> list[str]:
    """Break ``text`` into lines; ``widths(n)`` is how many cells line ``n`` holds.

    ``first`` cells of the first line are taken by indentation. How
    punctuation meets the line's end follows ``style.punctuation``: it hangs
    past the edge (only one mark: a second goes down alone), pushes the
    character before it down, or — naive — starts the next line.
    """
    lines: list[str] = []
    line, used = "", first
    for token in _tokens(text):
        size = _size(token, style)
        limit = widths(len(lines))
        if line and used + size > limit:
            closing = token in CLOSING
            if closing and style.punctuation == "hang" and line[-1] not in CLOSING:
                line += token  # hangs past the edge
                used += size
                continue
            if (
                closing
                and style.punctuation == "push"
                and len(line) > 1
                and line[-1] not in CLOSING
            ):
                lines.append(line[:-1])
                line, used = line[-1], _size(line[-1], style)
            elif line[-1] in OPENING and len(line) > 1 and style.punctuation != "naive":
                lines.append(line[:-1])
                line, used = line[-1], _size(line[-1], style)
            else:
                lines.append(line)
                line, used = "", 0.0
        line += token
        used += size
    if line:
        lines.append(line)
    return lines


def _noise(line: str, style: Style, rng: random.Random) -> str:
    """OCR's stray spaces: after punctuation, around numbers, now and then between characters."""
    if style.ocr <= 0:
        return line
    out = []
    for ch, nxt in zip(line, line[1:] + " ", strict=True):
        out.append(ch)
        if ch in "，、；：。）" and rng.random() < 3 * style.ocr:
            out.append(" ")
        elif not (ch.isascii() and nxt.isascii()) and rng.random() < style.ocr / 4:
            out.append(" ")  # never inside a Latin word or a number: that would make two
    text = "".join(out)
    text = _LATIN.sub(
        lambda m: f" {m.group(0)} " if rng.random() < style.ocr * 3 else m.group(0), text
    )
    return text.strip(" ") + (" " if rng.random() < style.ocr else "")


class _Columns:
    """A story's column flow: each column its own height, every one its width."""

    def __init__(self, rng: random.Random, style: Style) -> None:
        self.rng = rng
        self.style = style
        self.width = rng.randint(7, 18)
        self.base = rng.randint(6, 28)
        self.specs: list[tuple[int, int]] = []  # (height, width) of this column and the next ones
        self.used = rng.randrange(self.base)  # the story starts part way down a column
        self.out: list[str] = []

    def _spec(self, n: int) -> tuple[int, int]:
        """Height and width of the ``n``-th column from the current one (drawn when first needed)."""
        while len(self.specs) <= n:
            if self.rng.random() < 0.15:  # a short, narrow column beside a picture
                spec = self.rng.randint(4, 10), max(6, self.width - self.rng.randint(2, 5))
            else:
                spec = max(3, self.base + self.rng.randint(-3, 3)), self.width
            self.specs.append(spec)
        return self.specs[n]

    def width_at(self, k: int) -> int:
        """Width of the ``k``-th line from here on (the column may change on the way)."""
        column, line = 0, self.used + k
        while line >= self._spec(column)[0]:
            line -= self._spec(column)[0]
            column += 1
        return self._spec(column)[1]

    def add(self, line: str) -> None:
        """Print a line, breaking the column first when it is full."""
        if self.used >= self._spec(0)[0]:
            self.break_column()
        self.used += 1
        self.out.append(line)

    def break_column(self) -> None:
        """Start a new column: a blank line (OCR sometimes doubles or drops it)."""
        if self.out and self.out[-1] != "":
            noise = self.rng.random() < self.style.blank_noise
            if not noise:
                self.out.append("")
            elif self.rng.random() < 0.5:
                self.out.extend(["", ""])
            # else: OCR dropped the blank line
        self.specs.pop(0)
        self.used = 0

    def paragraph_gap(self) -> None:
        """A blank line between paragraphs."""
        if self.out and self.out[-1] != "":
            self.out.append("")


def _body_lines(story: _Story, style: Style, rng: random.Random) -> list[str]:
    """The story's body as printed, column by column."""
    cols = _Columns(rng, style)
    if story.byline and story.byline_at_start:
        cols.add(story.byline)  # under the headline, on a line of its own
        if rng.random() < 0.7:
            cols.paragraph_gap()
    texts = [n for n, (kind, _) in enumerate(story.pieces) if kind == "text"]
    for n, (kind, text) in enumerate(story.pieces):
        if n:
            cols.paragraph_gap()
        if kind in ("subhead", "picture"):
            lead = "　" * rng.randint(1, 3) if rng.random() < 0.3 else ""
            for line in set_lines(text, lambda k: cols.width_at(k) + 4, style):
                cols.add(lead + line)
            continue
        if kind == "caption":
            # Set under its picture, not in the column: never cut by a column break.
            under = cols.width + rng.randint(0, 6)
            lines = set_lines(text, lambda k, w=under: w, style)
            cols.out.extend(_noise(line, style, rng) for line in lines)
            continue
        end_byline = story.byline and not story.byline_at_start and n == texts[-1]
        indent = 0.0 if style.indent == "none" else 2.0
        lines = set_lines(text, cols.width_at, style, indent)
        if end_byline:
            room = cols.width_at(len(lines) - 1) - len(lines[-1])
            if len(story.byline) <= room or rng.random() < 0.3:
                lines[-1] += rng.choice(("", " ")) + story.byline
            else:
                lines.append(story.byline)
        for k, line in enumerate(lines):
            line = _noise(line, style, rng)
            if k == 0 and style.indent == "spaces":
                line = rng.choice(("  ", "    ")) + line
            elif k == 0 and style.indent == "ideographic":
                line = "　　" + line
            cols.add(line)
    return cols.out


def _headline_blocks(story: _Story, style: Style, rng: random.Random) -> list[list[str]]:
    """The headline as printed: kicker, title (wrapped when wide), subtitles; blank lines between
    them now and then (OCR sees different type sizes as different blocks)."""
    title = story.title
    title_lines = [title]
    if len(title) > style.headline_width and len(title) >= 8:
        cut = _title_cut(title)
        title_lines = [title[:cut], title[cut:]]
    parts = ([[story.kicker]] if story.kicker else []) + [title_lines]
    parts += [[s] for s in story.subtitles]
    blocks: list[list[str]] = [parts[0]]
    for part in parts[1:]:
        if rng.random() < 0.3:
            blocks.append(part)
        else:
            blocks[-1] = blocks[-1] + part
    return blocks


def _title_cut(title: str) -> int:
    """Where a typesetter breaks a two-line headline: after a space or a comma near the middle,
    else in the middle, but never before a closing mark or after an opening one."""
    mid = len(title) // 2
    for delta in range(0, mid - 2):
        for at in (mid + delta, mid - delta):
            if 2 <= at < len(title) - 2 and title[at - 1] in " ，、":
                return at
    while 2 < mid < len(title) - 1 and (title[mid] in CLOSING or title[mid - 1] in OPENING):
        mid += 1
    return mid


def _truth(story: _Story) -> StoryTruth:
    headings = ([story.kicker] if story.kicker else []) + [story.title] + story.subtitles
    return StoryTruth(
        tuple(normalize_spacing(h).rstrip("，") for h in headings),
        story.author,
        tuple(normalize_spacing(text) for _, text in story.pieces),
    )


def _furniture(style: Style, rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    """Blocks printed above and below the stories: date line, section, page number, footer."""
    top: list[list[str]] = []
    bottom: list[list[str]] = []
    if style.furniture:
        day = rng.randint(1, 28)
        weekday = "一二三四五六日"[day % 7]
        if rng.random() < 0.5:
            top.append([f"2001年1月{day}日　星期{weekday}"])
        if rng.random() < 0.5:
            top.append([rng.choice((f"第{rng.randint(2, 16)}版", str(rng.randint(2, 16))))])
        if rng.random() < 0.6:
            editor = rng.choice(NAMES)
            footer = rng.choice(
                (f"本版责编：{editor}", f"责任编辑：{editor}　版式设计：{rng.choice(NAMES)}")
            )
            bottom.append([footer])
    if style.section:
        top.insert(rng.randrange(len(top) + 1), [style.section])
    return top, bottom


@dataclass(frozen=True)
class AltPage:
    """A printed page: its text, what each story must come back as, and the page furniture
    (date line, page number, footer, section) that belongs to no story's text."""

    text: str
    stories: list[StoryTruth]
    furniture: list[str]


def alt_page(articles, rng: random.Random, style: Style | None = None) -> AltPage:
    """Print ``articles`` (``tests.pagelayout.PageArticle``) as one page."""
    style = style or random_style(rng)
    stories = [_decorate(a, style, rng) for a in articles]
    units: list[list[list[str]]] = []
    top_heads: list[list[list[str]]] = []
    end_heads: list[list[list[str]]] = []
    far: dict[int, list[list[list[str]]]] = {}
    for i, story in enumerate(stories):
        heads = _headline_blocks(story, style, rng)
        body = _body_lines(story, style, rng)
        place = rng.choice(("before",) * 6 + ("after", "top", "end", "far"))
        if place == "far" and len(stories) > 1:
            far.setdefault(rng.choice([k for k in range(len(stories)) if k != i]), []).append(heads)
            units.append([body])
            continue
        if place == "before" or place == "far":
            units.append(heads + [body])
        elif place == "after":
            units.append([body] + heads)
        else:
            (top_heads if place == "top" else end_heads).append(heads)
            units.append([body])
    for k, heads in far.items():
        units[k] = [block for h in heads for block in h] + units[k]
    top, bottom = _furniture(style, rng)
    blocks = top + [b for h in top_heads for b in h]
    blocks += [b for unit in units for b in unit]
    blocks += [b for h in end_heads for b in h] + bottom
    lines: list[str] = []
    for block in blocks:
        while block and block[-1] == "":
            block = block[:-1]
        if not block:
            continue
        if lines:
            lines.append("")
        lines.extend(block)
    furniture = [normalize_spacing(b[0]) for b in top + bottom]
    return AltPage("\n".join(lines) + "\n", [_truth(s) for s in stories], furniture)
