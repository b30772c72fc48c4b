"""Plain-text books: chapters (on their own line or run into the text), clean paragraphs.

The excerpts in tests/data are copied from the public-domain novels in
../shared/data/novels, with their original encodings, line ends and debris.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.importers import load, sniff_suffix
from reader.importers.bookclean import clean_lines, clean_text
from reader.importers.chapters import chinese_number, find_inline_headings, is_chapter_heading
from reader.importers.plaintext import parse_plain_text
from tests.conftest import ROOT
from tests.test_cli_errors import run_reader

DATA = ROOT / "tests" / "data"


def all_text(library) -> str:
    return "\n".join(p.text for a in library for p in a.paragraphs)


def test_title_line_is_the_books_title_not_a_chapter():
    library = load([DATA / "hongloumeng-utf8.txt"])
    [chapter] = library.articles
    assert chapter.title == "第一回 甄士隐梦幻识通灵 贾雨村风尘怀闺秀"
    assert (chapter.section, chapter.author) == ("红楼梦", "曹雪芹")
    first = chapter.paragraphs[0].text
    assert first.startswith("此开卷第一回也。作者自云：")
    assert "．" not in all_text(library), "full-width full stops become 。"


def test_crlf_book_with_site_navigation_and_repeated_heading():
    library = load([DATA / "hongloumeng-crlf-nav.txt"])
    assert [a.title for a in library] == [
        "hongloumeng-crlf-nav",
        "第一一九回 中乡魁宝玉却尘缘 沐皇恩贾家延世泽",
    ]
    chapter = library[1]
    assert chapter.paragraphs[0].text.startswith("话说莺儿见宝玉说话摸不着头脑")
    text = all_text(library)
    for debris in ("|", "首页", "本站", "回目录", "前一页", "\r", "分解."):
        assert debris not in text
    assert library[0].paragraphs[-1].text.endswith("且听下回分解。")


def test_gb18030_book_with_watermark_and_hard_wrapped_lines():
    library = load([DATA / "hongloumeng-gb18030.txt"])
    [chapter] = library.articles
    assert chapter.title == "第一回 甄士隐梦幻识通灵 贾雨村风尘怀闺秀"
    text = all_text(library)
    for debris in ("rain8", "电子书", "版权", "Page", "---"):
        assert debris not in text
    paragraphs = [p.text for p in chapter.paragraphs]
    assert paragraphs[0].startswith("——此开卷第一回也。")
    # Wrapped lines are joined ("一一细 / 考较去"), paragraphs start at indented lines.
    assert "忽念及当日所有之女子，一一细考较去，觉其行止见识皆出我之上。" in paragraphs[0]
    assert paragraphs[0].endswith("兼寓提醒阅者之意。")
    assert "无才可去补苍天，枉入红尘若许年。此系身前身后事，倩谁记去作奇传？" in paragraphs


def test_page_markers_do_not_break_a_paragraph():
    lines = "    前一页的段落开头，一直写到页面的最末尾还没有写完这一句话的 \n\n----------------------- Page 2-----------------------\n\n后半句在下一页。\n"
    assert [line for line in clean_lines(lines) if line.strip()] == [
        "    前一页的段落开头，一直写到页面的最末尾还没有写完这一句话的 ",
        "后半句在下一页。",
    ]


def test_gbk_book_with_indented_wrapped_paragraphs_and_a_poem():
    library = load([DATA / "sanguo-gbk.txt"])
    chapter = library[0]
    assert chapter.title == "第一回 宴桃园豪杰三结义 斩黄巾英雄首立功"
    paragraphs = [p.text for p in chapter.paragraphs]
    assert paragraphs[:3] == [
        "滚滚长江东逝水，浪花淘尽英雄。是非成败转头空。",
        "青山依旧在，几度夕阳红。白发渔樵江渚上，惯看秋月春风。一壶浊酒喜相逢。古今多少事，都付笑谈中。",
        "——调寄《临江仙》",
    ]
    assert paragraphs[3].startswith("话说天下大势，分久必合，合久必分。")
    assert paragraphs[3].endswith("中涓自此愈横。")


def test_book_without_line_breaks_single_chapter():
    library = load([DATA / "xiyouji-traditional.txt"])
    [chapter] = library.articles
    assert chapter.title == "第一回 靈根育孕源流出 心性修持大道生"
    assert chapter.section == "西遊記"
    assert chapter.paragraphs[0].text.startswith("詩曰：混沌未分天地亂")
    assert all(len(p.text) <= 400 for p in chapter.paragraphs)
    assert len(chapter.paragraphs) >= 5


def test_book_without_line_breaks_many_chapters():
    library = load([DATA / "xiyouji-runon-excerpt.txt"])
    assert [a.title for a in library] == [
        "第一回 靈根育孕源流出 心性修持大道生",
        "第二回 悟徹菩提真妙理 斷魔歸本合元神",
        "第一回 老龍王拙計犯天條 魏丞相遺書託冥吏",  # chapter 10, its zero lost by the site
        "第一一回 遊地府太宗還魂 進瓜果劉全續配",
        "第一回 徑回東土 五聖成真",  # chapter 100
    ]
    assert {a.section for a in library} == {"西遊記"}
    assert library[1].paragraphs[0].text.startswith("話表美猴王得了姓名")
    assert library[-1].paragraphs[-1].text.endswith("至此終。"), "the site's trailing title is gone"
    assert all(len(p.text) <= 400 for a in library for p in a.paragraphs)


def test_mentions_of_chapters_in_the_prose_do_not_split():
    prose = "話說那日天氣晴和，眾人閒坐說笑，不覺日已西沉。" * 12
    text = (
        "紅樓夢紅樓夢紅樓夢第一回甄士隱夢幻識通靈賈雨村風塵怀閨秀此開卷第一回也作者自云："
        + prose
        + "不知有何禍事第二回賈夫人仙逝揚州城冷子興演說榮國府詩云一局輸贏料不真，"
        + prose
        + "且听下回分解第三回賈雨村夤緣复舊職林黛玉拋父進京都卻說雨村忙回頭看時，"
        + prose
        + "這是第二回了，"
        + prose
        + "紅樓夢"
    )
    headings = find_inline_headings(text)
    assert [h.title for h in headings] == [
        "第一回 甄士隱夢幻識通靈 賈雨村風塵怀閨秀",
        "第二回 賈夫人仙逝揚州城 冷子興演說榮國府",
        "第三回 賈雨村夤緣复舊職 林黛玉拋父進京都",
    ]
    articles = parse_plain_text(text, "x", "x")
    assert [a.title for a in articles] == [h.title for h in headings]
    assert articles[0].paragraphs[0].text.startswith("此開卷第一回也")
    assert not articles[-1].paragraphs[-1].text.endswith("紅樓夢")


def test_web_novel_and_english_chapters():
    text = (
        "《测试小说》作者名\n\n序章\n\n序章的内容。\n\n第1章 风起\n\n第一章的内容。\n\n"
        "第2章　云涌\n\n第二章的内容。\n"
    )
    articles = parse_plain_text(text, "x", "x")
    assert [(a.title, a.section, a.author) for a in articles] == [
        ("序章", "测试小说", "作者名"),
        ("第1章 风起", "测试小说", "作者名"),
        ("第2章 云涌", "测试小说", "作者名"),
    ]
    english = "A Tale\n\nChapter 1\n\nIt was a dark\nand stormy night.\n\nThe end\nof it.\n\nCHAPTER II\n\nMore.\n"
    articles = parse_plain_text(english, "x", "x")
    assert [a.title for a in articles] == ["Chapter 1", "CHAPTER II"]
    assert [p.text for p in articles[0].paragraphs] == [
        "It was a dark and stormy night.",
        "The end of it.",
    ]


def test_notes_without_chapters_keep_their_title_line():
    articles = parse_plain_text("购物清单\n\n苹果三个。\n\n牛奶一瓶。\n", "x", "fallback")
    assert [(a.title, [p.text for p in a.paragraphs]) for a in articles] == [
        ("购物清单", ["苹果三个。", "牛奶一瓶。"])
    ]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十四", 14),
        ("二十", 20),
        ("一百", 100),
        ("一百零三", 103),
        ("一百十八", 118),
        ("一百二十", 120),
        ("一一八", 118),
        ("一二零", 120),
        ("九八", 98),
        ("12", 12),
        ("１２", 12),
        ("两", 2),
        ("甲", None),
    ],
)
def test_chinese_numbers(numeral, value):
    assert chinese_number(numeral) == value


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("第一回  甄士隐梦幻识通灵", True),
        ("第十二章", True),
        ("Chapter 7", True),
        ("楔子", True),
        ("第一回也作者自云：因曾历过一番梦幻之后", False),
        ("此开卷第一回也", False),
    ],
)
def test_heading_lines(line, heading):
    assert is_chapter_heading(line) is heading


def test_cleaning_keeps_ordinary_text():
    text = "他说：“你好，world!” 价格3.5元。AI.技术，见 https://example.com/docs 一文。"
    assert clean_text(text) == text
    assert clean_text("烧天,飞灰蔽目.雨村心想:") == "烧天，飞灰蔽目。雨村心想："
    assert clean_text("况又有`美中不足，好事多魔-八个字") == "况又有‘美中不足，好事多魔’八个字"


def test_sniffing_standard_input():
    assert sniff_suffix(b"PK\x03\x04rest") == ".epub"
    assert sniff_suffix(b"\xef\xbb\xbf<!DOCTYPE html><html>") == ".html"
    assert sniff_suffix(b"<html><body>x</body></html>") == ".html"
    assert sniff_suffix("# 标题\n\n正文".encode()) == ".md"
    assert sniff_suffix("第一回 开始\n正文".encode()) == ".txt"


@pytest.mark.parametrize(
    ("data", "title"),
    [
        ("第一章 开始\n\n正文第一段。\n".encode("gb18030"), "第一章 开始"),
        ("# 标题\n\n**正文**。\n".encode(), "标题"),
        (
            b"<!DOCTYPE html><html><body><main><h1>\xe7\xbd\x91\xe9\xa1\xb5</h1><p>x y</p></main></body></html>",
            "网页",
        ),
    ],
    ids=["text", "markdown", "html"],
)
def test_stdin_end_to_end(data, title):
    proc = run_reader("outline", "--json", "-", stdin=data)
    assert proc.returncode == 0, proc.stderr
    import json

    outline = json.loads(proc.stdout)
    assert outline["source"] == "-"
    assert outline["articles"][0]["title"] == title


# --- property test: the chapter splitter never loses or reorders text ------------

BODY = st.text(alphabet="天地玄黄宇宙洪荒日月盈昃辰宿列张，。！？：“”", min_size=1, max_size=60)
TITLE = st.text(alphabet="寒来暑往秋收冬藏闰余成岁律吕调阳", min_size=1, max_size=16)
NUMERAL = st.sampled_from(["一", "二", "三", "十", "十一", "二十", "一百"])


@st.composite
def book(draw) -> tuple[str, str]:
    """A book's text in one of several layouts, and its non-space characters in order."""
    chapters = []
    for _ in range(draw(st.integers(1, 4))):
        heading = f"第{draw(NUMERAL)}{draw(st.sampled_from('回章'))}"
        title = draw(TITLE)
        paragraphs = draw(st.lists(BODY, min_size=1, max_size=4))
        chapters.append((heading, title, paragraphs))
    layout = draw(st.sampled_from(["lines", "blank-lines", "indented", "run-on"]))
    parts = []
    for heading, title, paragraphs in chapters:
        if layout == "run-on":
            parts.append(heading + title + "".join(paragraphs))
        else:
            sep = "\n\n" if layout == "blank-lines" else "\n"
            indent = "\u3000\u3000" if layout == "indented" else ""
            parts.append(f"{heading} {title}{sep}" + sep.join(indent + p for p in paragraphs))
    joiner = "" if layout == "run-on" else "\n"
    text = joiner.join(parts)
    expected = "".join(h + t + "".join(ps) for h, t, ps in chapters)
    return text, expected


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


@settings(max_examples=80, deadline=None)
@given(book())
def test_no_text_is_lost_or_reordered(sample):
    text, expected = sample
    articles = parse_plain_text(text, "x", "x")
    out = "".join(a.section + a.title + "".join(p.text for p in a.paragraphs) for a in articles)
    assert _is_subsequence(re.sub(r"\s", "", expected), re.sub(r"\s", "", out))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_never_crashes(text):
    for article in parse_plain_text(text, "x", "x"):
        assert article.title and article.paragraphs
