"""The printed-page importer on what real typesetting and OCR do that the seed page does not.

Small made-up excerpts, one rule each: closing marks pushed to a line of
their own, page furniture, bylines printed above a story, photo captions
with credits, subheads inside a story, kickers above a headline.
"""

from __future__ import annotations

import pytest

from reader.importers.newspaper import parse_printed_page
from reader.importers.pageflow import PageParagraph, read_page
from reader.importers.pagelines import ends_sentence, split_blocks
from reader.importers.pageparts import (
    ends_with_credit,
    is_furniture,
    lead_byline,
    section_name,
    split_byline,
)
from tests.pagelayout import wrap
from tests.pagestories_data import MADE_UP_TOPICS
from tests.test_newspaper import block


def paragraphs(text: str) -> list[str]:
    return [item.text for item in read_page(split_blocks(text)) if isinstance(item, PageParagraph)]


def page(*blocks: str) -> str:
    """A page excerpt: blocks of lines separated by blank lines."""
    return "\n\n".join(b.strip("\n") for b in blocks) + "\n"


# A story set 10 characters a line, paragraphs opening two characters short (no spaces),
# punctuation not hanging: the closing quote goes down to a line of its own.
QUOTE_END = """\
大桥总工程师说：
“主塔封顶只是第一步，
明年还要完成桥面铺装。
”"""
NEXT_PARAGRAPH = """\
据了解，长江大桥
全长四千六百米，双向六
车道通行。"""


def test_a_lone_closing_quote_ends_the_line_before():
    assert paragraphs(page(QUOTE_END, NEXT_PARAGRAPH)) == [
        "大桥总工程师说：“主塔封顶只是第一步，明年还要完成桥面铺装。”",
        "据了解，长江大桥全长四千六百米，双向六车道通行。",
    ]


def test_a_lone_closing_quote_after_a_blank_line_ends_the_text_before():
    excerpt = page(QUOTE_END.rsplit("\n", 1)[0], "”", NEXT_PARAGRAPH)
    assert paragraphs(excerpt)[0].endswith("桥面铺装。”")
    assert len(paragraphs(excerpt)) == 2


# --- page furniture ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "本版责编：王伟",
        "责任编辑：王伟　版式设计：李明",
        "2001年1月2日　星期二",
        "2022年11月30日 星期三 农历十月初七",
        "第4版",
        "A4",
        "- 12 -",
    ],
)
def test_page_furniture_is_recognised(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line", ["编辑部的故事还在继续。", "2001年1月2日，大桥主塔封顶", "第4版面上", "记者王伟"]
)
def test_text_is_not_page_furniture(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("国际新闻", "国际新闻"),
        ("要闻", "要闻"),
        ("文化视点", "文化视点"),
        ("经济·国内", "经济·国内"),
    ],
)
def test_chinese_section_names(line, name):
    assert section_name(block(line)) == name


@pytest.mark.parametrize("line", ["长江大桥主塔封顶", "推进乡村振兴", "国际新闻发布会在京举行"])
def test_headlines_are_not_section_names(line):
    assert section_name(block(line)) is None


def test_furniture_and_section_stay_out_of_the_stories():
    excerpt = page(
        "2001年1月2日　星期二",
        "国际新闻",
        "长江大桥主塔封顶",
        "  经过三年施工，长江\n大桥南主塔昨日顺利封\n顶。",
        "  长江大桥主塔高二百一\n十米，采用钢混结合的塔\n柱设计。（李庆）",
        "本版责编：王伟",
    )
    [story] = parse_printed_page(excerpt, source="excerpt")
    assert story.title == "长江大桥主塔封顶"
    assert story.section == "国际新闻"
    assert story.author == "李庆"
    assert [p.text for p in story.paragraphs] == [
        "经过三年施工，长江大桥南主塔昨日顺利封顶。",
        "长江大桥主塔高二百一十米，采用钢混结合的塔柱设计。",
    ]


# --- bylines printed above a story --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("本报记者 王建新", "本报记者 王建新"),
        ("■本报记者　王建新", "本报记者 王建新"),
        ("文/王建新", "王建新"),
        ("文·图/李庆", "李庆"),
        ("□ 王建新", "王建新"),
        ("本报记者 王五 赵六", "本报记者 王五 赵六"),
    ],
)
def test_lead_bylines(line, author):
    assert lead_byline(line) == author


@pytest.mark.parametrize(
    "line", ["记者王建新报道", "王建新", "国际新闻", "长江大桥主塔封顶", "记者觉得，老学者"]
)
def test_not_lead_bylines(line):
    assert lead_byline(line) is None


def test_a_role_run_into_text_opens_a_paragraph_not_a_byline():
    assert lead_byline("记者在采访", alone=False) is None
    assert lead_byline("本报记者 王建新", alone=False) == "本报记者 王建新"


def test_a_lead_byline_names_the_author_and_starts_a_story():
    excerpt = page(
        "长江大桥主塔封顶",
        "冬季运动会落幕",
        "  经过三年施工，长江\n大桥南主塔昨日顺利封\n顶。",
        "本报记者 王建新\n  为期十天的冬季运动\n会昨晚在体育中心落下\n帷幕。",
    )
    stories = parse_printed_page(excerpt, source="excerpt")
    assert [(s.title, s.author) for s in stories] == [
        ("长江大桥主塔封顶", ""),
        ("冬季运动会落幕", "本报记者 王建新"),
    ]
    assert stories[1].paragraphs[0].text == "为期十天的冬季运动会昨晚在体育中心落下帷幕。"


# --- photo captions -----------------------------------------------------------------------------

CAPTION = """\
1月1日凌晨，上千名市民
聚集在江边广场，迎接新
年到来。（新华社记者王五
摄） （新华）"""
DATELINE = """\
  据新华社北京1月1
日电　长江大桥主塔昨日
顺利封顶。"""


def test_a_caption_ending_with_a_credit_is_a_paragraph_of_its_own():
    assert paragraphs(page(CAPTION, DATELINE)) == [
        "1月1日凌晨，上千名市民聚集在江边广场，迎接新年到来。（新华社记者王五摄）（新华）",
        "据新华社北京1月1日电长江大桥主塔昨日顺利封顶。",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "迎接新年到来。（新华社记者王五摄）",
        "迎接新年到来。（新华社记者王五摄） （新华）",
        "迎接新年到来。（王五摄）（晓东）",
        "（王五摄）",
    ],
)
def test_credits_end_captions(line):
    assert ends_with_credit(line)
    assert split_byline(line) is None  # （新华） is the agency's tag, not an author


def test_a_caption_opening_with_tu_wei_is_set_apart_from_the_text_before():
    # As in the caption test below, but the caption has no credit: 图为 tells.
    opening = "经过三年施工，长\n江大桥南主塔昨日顺利\n封顶。"
    text = "长江大桥主塔高二\n百一十米，采用钢混结合\n的塔柱设计，今年秋天就\n完工了，工期共三年。"
    caption = "图为施工中的长江大桥南\n主塔和斜拉索。"
    closing = "长江大桥建成后，\n两岸通行时间将由一小时\n缩短到十分钟。"
    assert (
        paragraphs(page(opening, text, caption, closing))[2]
        == "图为施工中的长江大桥南主塔和斜拉索。"
    )


def test_a_picture_title_is_a_paragraph_not_a_headline():
    items = read_page(split_blocks(page(DATELINE, "欢庆新年的到来（图片）", CAPTION)))
    assert [type(item).__name__ for item in items] == ["PageParagraph"] * 3
    assert items[1].text == "欢庆新年的到来（图片）"


# --- subheads inside a story ----------------------------------------------------------------------

BRIDGE_1 = "  经过三年施工，长江\n大桥南主塔昨日顺利封\n顶。长江大桥主塔高二\n百一十米。"
BRIDGE_2 = "  长江大桥桥面铺装将\n于明年春季开始，长江\n大桥斜拉索也将全部张\n拉完毕。"
BRIDGE_3 = "  长江大桥建成后，两\n岸通行时间将由一小时\n缩短到十分钟。"
GAMES = "  为期十天的冬季运动\n会昨晚在体育中心落下\n帷幕。"


def _story_shapes(excerpt: str) -> list[tuple[str, list[str]]]:
    return [
        (s.title, [p.text[:8] for p in s.paragraphs])
        for s in parse_printed_page(excerpt, source="excerpt")
    ]


def test_numbered_subheads_are_paragraphs_of_the_story():
    excerpt = page("长江大桥主塔封顶", BRIDGE_1, "一、桥面铺装", BRIDGE_2, "二、通行时间", BRIDGE_3)
    assert _story_shapes(excerpt) == [
        (
            "长江大桥主塔封顶",
            [
                "经过三年施工，长",
                "一、桥面铺装",
                "长江大桥桥面铺装",
                "二、通行时间",
                "长江大桥建成后，",
            ],
        )
    ]


def test_a_centred_subhead_on_the_same_topic_is_a_paragraph():
    excerpt = page("长江大桥主塔封顶", BRIDGE_1, "　　　长江大桥桥面", BRIDGE_2)
    assert _story_shapes(excerpt) == [
        ("长江大桥主塔封顶", ["经过三年施工，长", "长江大桥桥面", "长江大桥桥面铺装"])
    ]


def test_a_headline_between_stories_on_other_topics_stays_a_headline():
    excerpt = page("长江大桥主塔封顶", BRIDGE_1, BRIDGE_2, "冬季运动会落幕", GAMES)
    assert [title for title, _ in _story_shapes(excerpt)] == ["长江大桥主塔封顶", "冬季运动会落幕"]


def test_numbering_after_a_numbered_subhead_carries_on_whatever_the_topic():
    text = page("长江大桥主塔封顶", BRIDGE_1, "一、桥面铺装", BRIDGE_2, "二、运动会", GAMES)
    assert len(_story_shapes(text)) == 1


# --- columns --------------------------------------------------------------------------------------


def test_a_short_narrow_column_is_text_not_a_headline():
    # Two lines of text in a column of 6 beside a picture, between columns of 10.
    excerpt = page(
        "经过三年施工，长\n江大桥南主塔昨日顺利\n封顶。长江大桥主塔高\n二百一十米。",
        "施工队在江\n心岛上搭建了\n临时码头，钢",
        "箱梁从这里运往桥位，\n长江大桥的工人们每天\n清晨五点就登上主塔。",
    )
    assert paragraphs(excerpt)[1] == (
        "施工队在江心岛上搭建了临时码头，钢箱梁从这里运往桥位，长江大桥的工人们每天清晨五点就登上主塔。"
    )


def test_spaces_before_subheads_do_not_make_a_page_of_written_indentation():
    # Six paragraphs opening two characters short, two subheads centred with spaces.
    texts = [
        "\n".join(wrap(sentence, lambda n: 10, 2.0))
        for sentence in MADE_UP_TOPICS["长江大桥主塔封顶"]
    ]
    texts.insert(2, "　　　一、桥面")
    texts.insert(6, "　　　二、通行")
    kinds = [type(item).__name__ for item in read_page(split_blocks(page(*texts)))]
    assert kinds == ["PageHeadline" if text.startswith("　") else "PageParagraph" for text in texts]


def test_a_credit_cut_over_three_lines_still_ends_the_caption():
    caption = "迎接新年到来。（新\n华社记者王五摄）\n（新华）"
    assert ends_sentence(split_blocks(caption)[0].tail)
    assert paragraphs(page(caption, DATELINE))[0] == "迎接新年到来。（新华社记者王五摄）（新华）"


def test_a_headline_before_a_caption_is_not_its_first_line():
    items = read_page(split_blocks(page(DATELINE, "长江大桥主塔封顶", CAPTION)))
    assert [type(item).__name__ for item in items] == [
        "PageParagraph",
        "PageHeadline",
        "PageParagraph",
    ]


def test_a_dateline_cut_by_a_column_break_is_text_not_a_headline():
    excerpt = page("长江大桥主塔封顶", "本报讯记者王五", "报道：长江大桥南主塔\n昨日顺利封顶。")
    stories = parse_printed_page(excerpt, source="excerpt")
    assert [(s.title, [p.text for p in s.paragraphs]) for s in stories] == [
        ("长江大桥主塔封顶", ["本报讯记者王五报道：长江大桥南主塔昨日顺利封顶。"])
    ]


def test_a_reporter_after_a_dateline_is_no_byline():
    # 新华社…电（记者…）: the line breaks before the bracket, and the text goes on.
    excerpt = page(
        "长江大桥主塔封顶",
        "  新华社南京1月1日电\n（记者王五）\n长江大桥南主塔昨日顺\n利封顶。（李庆）",
    )
    [story] = parse_printed_page(excerpt, source="excerpt")
    assert story.author == "李庆"
    assert [p.text for p in story.paragraphs] == [
        "新华社南京1月1日电（记者王五）长江大桥南主塔昨日顺利封顶。"
    ]


def test_headlines_numbered_one_two_in_turn_are_subheads_whatever_the_topic():
    books = "  早上八点，古籍修复\n师王师傅打开恒温恒湿\n的修复室。"
    text = page("新年见闻", BRIDGE_1, "一、冬季运动会", GAMES, "二、古籍修复", books)
    assert _story_shapes(text) == [
        (
            "新年见闻",
            [
                "经过三年施工，长",
                "一、冬季运动会",
                "为期十天的冬季运",
                "二、古籍修复",
                "早上八点，古籍修",
            ],
        )
    ]


def test_a_column_end_that_reads_like_a_section_name_is_text():
    # 我国的经济 ends like 国际经济 would, but the sentence runs on across it.
    excerpt = page(
        "  长江大桥建成后，两\n岸通行只需十分钟。这\n将带动沿江两岸乃至", "我国的经济", "发展。"
    )
    assert paragraphs(excerpt) == [
        "长江大桥建成后，两岸通行只需十分钟。这将带动沿江两岸乃至我国的经济发展。"
    ]


def test_a_caption_without_tu_wei_after_a_full_line_is_a_paragraph_of_its_own():
    # Lines of ten, paragraphs opening two short. The text's last line is full and so is the
    # caption's first (captions are not indented): only the credit tells them apart.
    opening = "经过三年施工，长\n江大桥南主塔昨日顺利\n封顶。"
    text = "长江大桥主塔高二\n百一十米，采用钢混结合\n的塔柱设计，今年秋天就\n完工了，工期共三年。"
    caption = "施工中的长江大桥南主塔\n和斜拉索。（李庆摄）"
    closing = "长江大桥建成后，\n两岸通行时间将由一小时\n缩短到十分钟。"
    assert paragraphs(page(opening, text, caption, closing))[1:3] == [
        "长江大桥主塔高二百一十米，采用钢混结合的塔柱设计，今年秋天就完工了，工期共三年。",
        "施工中的长江大桥南主塔和斜拉索。（李庆摄）",
    ]


# --- bylines inside a story ---------------------------------------------------------------------


def test_a_signed_part_of_a_story_does_not_end_it_when_the_text_goes_on():
    signed = BRIDGE_1.replace("百一十米。", "百一十米。（李庆）")
    stories = parse_printed_page(page("长江大桥主塔封顶", signed, BRIDGE_2, BRIDGE_3), "excerpt")
    assert [(s.title, len(s.paragraphs), s.author) for s in stories] == [
        ("长江大桥主塔封顶", 3, "李庆")
    ]
    assert stories[0].paragraphs[0].text.endswith("百一十米。")


def test_a_byline_before_another_topic_ends_the_story():
    signed = BRIDGE_1.replace("百一十米。", "百一十米。（李庆）")
    stories = parse_printed_page(page("长江大桥主塔封顶", signed, GAMES), "excerpt")
    assert [(len(s.paragraphs), s.author) for s in stories] == [(1, "李庆"), (1, "")]
    assert stories[1].paragraphs[0].text.startswith("为期十天的冬季运动会")


# --- a page laid out like the coordinator's example ---------------------------------------------


def _column(text: str, width: int) -> str:
    """``text`` set ``width`` characters a line, the first two short, punctuation not hanging."""
    from tests.pagelayout_alt import Style, set_lines

    return "\n".join(set_lines(text, lambda n: width, Style(punctuation="naive"), 2.0))


def test_a_page_like_the_example_keeps_its_paragraphs_and_stories():
    bridge = MADE_UP_TOPICS["长江大桥主塔封顶"]
    games = MADE_UP_TOPICS["冬季运动会落幕"]
    books = MADE_UP_TOPICS["古籍修复师的一天"]
    quote = "组委会主任说：“冬季\n运动会让冬季运动走进\n了千家万户的生活。\n”"
    excerpt = page(
        _column(bridge[0] + bridge[1], 12),
        _column(bridge[2] + bridge[3], 12),
        _column(games[0] + games[1], 15),
        quote,
        _column("据了解，" + games[2], 15),
        "欢庆新年的到来（图片）",
        _column("1月1日凌晨，上千名市民聚集在江边广场。（新华社记者王五摄） （新华）", 15),
        _column("据新华社北京1月1日电　" + books[0], 11),
        _column(books[1] + books[2], 11),
        "长江大桥主塔封顶",
        "冬季运动会落幕",
        "古籍修复师的一天",
    )
    stories = parse_printed_page(excerpt, source="excerpt")
    assert [s.title for s in stories] == ["长江大桥主塔封顶", "冬季运动会落幕", "古籍修复师的一天"]
    texts = [p.text for s in stories for p in s.paragraphs]
    assert texts[3] == "组委会主任说：“冬季运动会让冬季运动走进了千家万户的生活。”"
    assert texts[4] == "据了解，" + games[2]
    assert "1月1日凌晨，上千名市民聚集在江边广场。（新华社记者王五摄）（新华）" in texts
    assert "据新华社北京1月1日电" + books[0] in texts
    assert all(s.author == "" for s in stories)
