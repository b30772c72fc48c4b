"""The printed-page importer, rule by rule, on excerpts of the seed page, and the whole seed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader.document import Article
from reader.importers import articles_from_text
from reader.importers.newspaper import looks_like_printed_page, parse_printed_page
from reader.importers.pageflow import PageHeadline, PageParagraph, read_page
from reader.importers.pagelines import Block, Line, split_blocks
from reader.importers.pageparts import is_headline_shaped, section_name, split_byline
from reader.importers.pagestories import _title_and_subtitles
from reader.importers.textjoin import join_lines, normalize_spacing
from tests.conftest import ROOT, SEED
from tests.pagelayout import Layout, PageArticle, lay_out, wrap

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")


def seed_lines(first: int, last: int) -> str:
    """Lines ``first..last`` of the seed (1-based, inclusive), as a page excerpt."""
    return "\n".join(SEED_LINES[first - 1 : last]) + "\n"


def paragraphs(items) -> list[str]:
    return [item.text for item in items if isinstance(item, PageParagraph)]


def block(*lines: str) -> Block:
    return Block(tuple(Line.from_raw(n, text) for n, text in enumerate(lines, 1)))


# --- spacing and joining -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ocr", "clean"),
    [
        ("记者获悉， 自 11 月 28 日", "记者获悉，自11月28日"),
        ("作为一份美好的礼物送给上海。 ”", "作为一份美好的礼物送给上海。”"),
        ("基地 AI人工智能标注师已达 150", "基地AI人工智能标注师已达150"),
        ("淘宝的 OCR 读图", "淘宝的OCR读图"),
        ("Alibaba   Group 的 APP", "Alibaba Group的APP"),
        ("“你好， 叶小姐———", "“你好，叶小姐——"),
    ],
)
def test_ocr_spacing_is_normalised(ocr, clean):
    assert normalize_spacing(ocr) == clean


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (
            ["在此次公益展中，nihaooo", "你好艺术将海派街道变身艺术"],
            "在此次公益展中，nihaooo你好艺术将海派街道变身艺术",
        ),
        (
            ["为 12 省 100", "个县（区）1335 万人次免费提供"],
            "为12省100个县（区）1335万人次免费提供",
        ),
        (["年 9月累计支持善款 1.", "1亿元"], "年9月累计支持善款1.1亿元"),
        (["截至 20", "22 年 10 月"], "截至2022年10月"),
        (["visit the", "page"], "visit the page"),
    ],
)
def test_lines_are_joined_without_spaces_between_chinese(lines, joined):
    assert join_lines(lines) == joined


# --- blank lines: column break or paragraph break -------------------------------------------


def test_blank_inside_a_sentence_is_a_column_break():
    # 储 ⏎⏎ 门及策展人: the name 储门 is cut by a column break.
    items = read_page(split_blocks(seed_lines(48, 79)))
    texts = paragraphs(items)
    assert len(texts) == 2
    assert texts[1].startswith("本次公益艺术展发起人储门及策展人兼艺术总监于钦锋表示，“从前期")
    assert texts[1].endswith("作为一份美好的礼物送给上海。”")


def test_blank_after_a_paragraph_is_a_paragraph_break():
    items = read_page(split_blocks(seed_lines(5, 46)))
    texts = paragraphs(items)
    assert [t[:6] for t in texts] == ["记者获悉，自", "在此次公益展", "艺术家们以关"]
    assert texts[2].endswith(
        "每一幅艺术作品的义卖收益都将捐赠给“上海领养日”，用于救助城市流浪动物公益项目。"
    )


SEED_PARAGRAPH = (
    "此次公益展也吸引了更多品牌成为爱心接力的参与者。公益展由街头蔓延至咖啡馆、艺术空间以及上海"
    "的城市地标，连同城市中的文化物理载体，一起成为城市人文景致的组成部分。"
)
NEXT_PARAGRAPH = (
    "艺术家充满人文情怀的落叶作品在为观众带来多维体验的同时，也通过其独特视角连接你我。"
)


def test_column_ending_right_after_a_full_stop_goes_on():
    # At 13 characters a line, the second line ends with 。; a column of 20 lines
    # begun 18 lines down ends right there, and the paragraph goes on in the next.
    assert wrap(SEED_PARAGRAPH, lambda n: 13, 2.0)[1].endswith("。")
    story = PageArticle("呼吁救助城市流浪动物", (SEED_PARAGRAPH, NEXT_PARAGRAPH), author="李庆")
    page = lay_out([story], Layout(widths=(13,), column_lines=20, column_offsets=(18,)))
    assert "参与者。\n\n" in page
    items = read_page(split_blocks(page))
    assert paragraphs(items) == [SEED_PARAGRAPH, NEXT_PARAGRAPH]


def test_full_line_ending_a_paragraph_before_an_indented_one_is_a_paragraph_break():
    first = "此次公益展也吸引了更多品牌成为爱心接力的参与者。"  # 11 + 13 characters: two full lines
    assert [len(x) for x in wrap(first, lambda n: 13, 2.0)] == [11, 13]
    story = PageArticle(
        "呼吁救助城市流浪动物", (first, NEXT_PARAGRAPH, SEED_PARAGRAPH), author="李庆"
    )
    page = lay_out([story], Layout(widths=(13,), column_lines=30, column_offsets=(0,)))
    assert paragraphs(read_page(split_blocks(page))) == [first, NEXT_PARAGRAPH, SEED_PARAGRAPH]


def test_narrow_column_beside_a_picture_is_reflowed():
    # Seed lines 17–46: columns of 14, then 7–8 characters, then 14 again.
    texts = paragraphs(read_page(split_blocks(seed_lines(17, 46))))
    assert len(texts) == 2
    assert "更为直接地呈现出人们对于城市之美的探索旅程" in texts[0]
    assert "捐赠给“上海领养日”，用于救助" in texts[1]


# --- headlines, sections, bylines ------------------------------------------------------------


def test_first_lines_of_a_paragraph_cut_by_a_column_are_not_a_headline():
    # 据负责残疾人商家社群运 / 营的阿里商家成长团队负责人 ⏎⏎ 介绍，今年5月开始……
    excerpt = seed_lines(193, 212)
    assert is_headline_shaped(split_blocks(excerpt)[1])
    items = read_page(split_blocks(excerpt))
    assert not any(isinstance(item, PageHeadline) for item in items)
    assert paragraphs(items)[1].startswith("据负责残疾人商家社群运营的阿里商家成长团队负责人介绍，")


def test_headline_lines_are_not_body_text():
    items = read_page(split_blocks(seed_lines(156, 179)))
    heads = [item.lines for item in items if isinstance(item, PageHeadline)]
    assert heads == [
        ["呼吁救助城市流浪动物", "2022上海落叶艺术公益展吸引市民爱心接力"],
        ["阿里巴巴“互联网+乡村振兴”", "实践入选第三届全球减贫案例"],
    ]
    assert all("呼吁救助" not in text for text in paragraphs(items))


def test_section_header_is_recognised():
    assert section_name(block("公益资讯 INFOS")) == "公益资讯 INFOS"
    assert section_name(block("国际新闻 | WORLD NEWS")) == "国际新闻 | WORLD NEWS"
    assert section_name(block("阿里巴巴助残志愿联盟启动")) is None
    assert section_name(block("公益资讯 INFOS", "近日，阿里巴巴和阿里巴巴")) is None


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("上海。”（李庆）", ("上海。”", "李庆")),
        ("有效参与。（皮磊）", ("有效参与。", "皮磊")),
        ("（李庆）", ("", "李庆")),
        ("就医负担。（记者 王晓梅、张华）", ("就医负担。", "记者 王晓梅、张华")),
        ("建设阿里巴巴（太行）", None),
        ("为12省100个县（区）", None),
        ("一年的工作。（附图片1张）", None),
        ("相机王国的贵族”。（本报哥德堡电）", None),
        ("欢迎客人。（新华社记者陈建力摄）", None),
        ("故事讲完了。（完）", None),
    ],
)
def test_byline_at_a_story_end(line, found):
    assert split_byline(line) == found


def test_byline_becomes_the_author_and_leaves_the_text():
    stories = parse_printed_page(seed_lines(126, 163), source="excerpt")
    assert [s.author for s in stories] == ["皮磊"]
    assert stories[0].paragraphs[-1].text.endswith("得到全球众多机构和个人积极响应和有效参与。")


def test_byline_on_its_own_line_ends_the_story():
    # The story's last line, its byline moved to a line of its own.
    page = seed_lines(140, 161) + "有效参与。\n（皮磊）\n\n" + seed_lines(173, 179)
    stories = parse_printed_page(page, source="excerpt")
    assert [(s.author, len(s.paragraphs)) for s in stories] == [("皮磊", 3), ("", 1)]


@pytest.mark.parametrize(
    ("blocks", "title", "subtitles"),
    [
        (
            [["阿里巴巴“互联网+乡村振兴”", "实践入选第三届全球减贫案例"]],
            "阿里巴巴“互联网+乡村振兴”实践入选第三届全球减贫案例",
            [],
        ),
        (
            [["呼吁救助城市流浪动物", "2022上海落叶艺术公益展吸引市民爱心接力"]],
            "呼吁救助城市流浪动物",
            ["2022上海落叶艺术公益展吸引市民爱心接力"],
        ),
        (
            [["支持数十万残疾人创业就业"], ["阿里巴巴发布年度助残行动报告"]],
            "支持数十万残疾人创业就业",
            ["阿里巴巴发布年度助残行动报告"],
        ),
        ([["“龙江冰雪", "甲天下”"]], "“龙江冰雪甲天下”", []),
        ([["长江大桥主", "塔昨日封顶"]], "长江大桥主塔昨日封顶", []),
        # A kicker above a much shorter title: two lines, not one wrapped title.
        (
            [["迎着新世纪第一缕阳光的人们", "江城百姓冬泳"]],
            "迎着新世纪第一缕阳光的人们",
            ["江城百姓冬泳"],
        ),
        ([["从一月一日起，", "我国再次自主降低关税"]], "从一月一日起，我国再次自主降低关税", []),
        ([["迈进光辉灿烂的新世纪", "——元旦献辞"]], "迈进光辉灿烂的新世纪", ["——元旦献辞"]),
    ],
)
def test_title_and_subtitles(blocks, title, subtitles):
    assert _title_and_subtitles(blocks) == (title, subtitles)


# --- which text is a printed page ------------------------------------------------------------


def test_seed_is_a_printed_page():
    assert looks_like_printed_page(SEED_TEXT)


def test_pages_longer_than_the_sample_are_still_pages():
    from reader.importers import newspaper

    pages = "\n\n".join([SEED_TEXT] * (newspaper.SAMPLE_CHARS // len(SEED_TEXT) + 2))
    assert len(pages) > newspaper.SAMPLE_CHARS
    assert looks_like_printed_page(pages)


@pytest.mark.parametrize(
    "name", ["hongloumeng-utf8.txt", "xiyouji-traditional.txt"], ids=["novel", "traditional-novel"]
)
def test_novels_are_not_printed_pages(name):
    from reader.importers.decode import decode_bytes

    data = (ROOT / "tests" / "data" / name).read_bytes()
    assert not looks_like_printed_page(decode_bytes(data).text)


def test_plain_text_is_not_a_printed_page():
    stories = parse_printed_page(SEED_TEXT, source="seed")
    one_per_line = "\n".join([stories[0].title, ""] + [p.text for p in stories[0].paragraphs])
    blank_separated = "\n\n".join(p.text for s in stories for p in s.paragraphs)
    notes = "# 读书笔记\n\n- 第一条：落叶艺术\n- 第二条：乡村振兴\n\n" + blank_separated
    single = stories[1].paragraphs[2].text
    for text in (one_per_line, blank_separated, notes, single, ""):
        assert not looks_like_printed_page(text)
    articles = articles_from_text(one_per_line, source="x", name="x.txt")
    assert [len(a.paragraphs) for a in articles] == [5]


# --- the whole seed ------------------------------------------------------------------------


def _check_seed(articles: list[Article]) -> None:
    assert [a.title for a in articles] == [
        "呼吁救助城市流浪动物",
        "阿里巴巴“互联网+乡村振兴”实践入选第三届全球减贫案例",
        "支持数十万残疾人创业就业",
    ]
    assert [list(a.subtitles) for a in articles] == [
        ["2022上海落叶艺术公益展吸引市民爱心接力"],
        [],
        ["阿里巴巴发布年度助残行动报告", "阿里巴巴助残志愿联盟启动"],
    ]
    assert [a.author for a in articles] == ["李庆", "皮磊", "皮磊"]
    assert [len(a.paragraphs) for a in articles] == [5, 7, 12]
    assert {a.section for a in articles} == {"公益资讯 INFOS"}


def test_seed_structure():
    articles = articles_from_text(SEED_TEXT, source=str(SEED), name=SEED.name)
    _check_seed(articles)
    texts = [p.text for a in articles for p in a.paragraphs]
    assert texts[0].startswith("记者获悉，自11月28日起，nihaooo你好艺术在上海武康路")
    assert texts[4].endswith("作为一份美好的礼物送给上海。”")
    assert texts[12].startswith(
        "近日，阿里巴巴和阿里巴巴公益基金会共同发布《阿里巴巴的助残心愿与行动2022》，从无差别就业"
    )
    assert not any(
        mark in text for text in texts for mark in ("（李庆）", "（皮磊）", "INFOS", "  ")
    )


def test_outline_json_of_the_seed():
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "outline", "--json", str(SEED)],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    data = json.loads(proc.stdout)
    assert data["source"] == str(SEED)
    assert data["script"] == "zh-Hans"
    assert data["section"] == "公益资讯 INFOS"
    articles = [
        Article(
            title=a["title"],
            paragraphs=tuple(a["paragraphs"]),
            subtitles=tuple(a["subtitles"]),
            author=a["author"],
            section=data["section"],
        )
        for a in data["articles"]
    ]
    _check_seed(articles)
    assert all(isinstance(p, str) for a in data["articles"] for p in a["paragraphs"])


def test_outline_text_of_the_seed():
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "outline"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    out = proc.stdout.decode()
    assert out.startswith("1. 呼吁救助城市流浪动物\n   2022上海落叶艺术公益展吸引市民爱心接力\n")
    assert "[李庆 · 公益资讯 INFOS · zh-Hans · 5 paragraphs" in out
    assert "3. 支持数十万残疾人创业就业" in out
