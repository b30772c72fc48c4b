"""Markdown import: headings start articles, markup is dropped, text is kept in order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import UnreadableFileError
from reader.importers import load
from reader.importers.markdown import parse_markdown, strip_front_matter
from tests.test_cli_errors import _assert_clean_failure, run_reader


def texts(articles) -> list[list[str]]:
    return [[p.text for p in a.paragraphs] for a in articles]


def test_headings_start_articles_and_part_titles_become_sections():
    md = "# 第一部\n\n## 第一章\n\n甲。\n\n## 第二章\n\n乙。\n\n# 附录\n\n丙。\n"
    articles = parse_markdown(md, "s.md", "s.md")
    assert [a.title for a in articles] == ["第一章", "第二章", "附录"]
    assert [a.section for a in articles] == ["第一部", "第一部", ""]
    assert texts(articles) == [["甲。"], ["乙。"], ["丙。"]]


def test_setext_headings_and_text_before_the_first_heading():
    md = "前言的文字。\n\n第一章\n======\n\n正文。\n\n小节\n----\n\n更多。\n"
    articles = parse_markdown(md, "book.md", "book.md")
    assert [a.title for a in articles] == ["book", "第一章", "小节"]
    assert texts(articles)[0] == ["前言的文字。"]


def test_inline_markup_is_dropped_and_lines_are_joined():
    md = (
        '这是**加粗**和*斜体*，`代码`，[链接文字](http://example.com "t")，'
        "![图片说明](a.png)，<span>标签</span>。\n第二行紧接着。\n"
        "Latin words\nacross lines.\n"
    )
    [article] = parse_markdown(md, "a.md", "a.md")
    assert texts([article]) == [
        ["这是加粗和斜体，代码，链接文字，图片说明，标签。第二行紧接着。Latin words across lines."]
    ]


def test_lists_quotes_code_tables_and_deep_headings():
    md = (
        "# 标题\n\n3. 第三步\n4. 第四步\n   - 子项\n\n- 无序\n\n> 引用一行\n> 接着引用\n\n"
        "```python\nprint('你好')\n\nx = 1\n```\n\n| 名称 | 数量 |\n|---|---|\n| 苹果 | 3 |\n\n"
        "#### 小小标题\n\n~~删除~~ 文字\n"
    )
    [article] = parse_markdown(md, "a.md", "a.md")
    assert texts([article]) == [
        [
            "3. 第三步",
            "4. 第四步",
            "子项",
            "无序",
            "引用一行接着引用",
            "print('你好')",
            "x = 1",
            "名称，数量",
            "苹果，3",
            "小小标题",
            "删除 文字",
        ]
    ]


def test_front_matter_is_skipped():
    md = "---\ntitle: 笔记\ntags: [a]\n---\n# 标题\n\n正文。\n"
    assert strip_front_matter(md).startswith("# 标题")
    [article] = parse_markdown(md, "a.md", "a.md")
    assert article.title == "标题"
    assert texts([article]) == [["正文。"]]


def test_html_blocks_keep_their_text():
    md = '# T\n\n<div class="note">\n<p>块里的<b>文字</b></p>\n</div>\n\n<!-- 注释 -->\n'
    [article] = parse_markdown(md, "a.md", "a.md")
    assert texts([article]) == [["块里的文字"]]


def test_only_headings_is_a_clear_error():
    with pytest.raises(UnreadableFileError, match="only headings"):
        parse_markdown("# 一\n\n## 二\n", "a.md", "a.md")


def test_only_headings_on_the_command_line(tmp_path):
    path = tmp_path / "headings.md"
    path.write_text("# 一\n\n## 二\n", encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    err = _assert_clean_failure(run_reader("outline", str(path)))
    assert "only headings" in err
    assert sorted(tmp_path.iterdir()) == before


def test_markdown_file_through_load(tmp_path):
    path = tmp_path / "笔记.md"
    path.write_text("# 第一章\n\n正文内容。\n", encoding="utf-8")
    library = load([path])
    assert library[0].title == "第一章"
    assert library[0].script == "zh-Hans"


# --- property tests -------------------------------------------------------------

WORD = st.text(alphabet="天地玄黄宇宙洪荒日月盈昃abcXYZ，。", min_size=1, max_size=8)


@st.composite
def inline(draw) -> tuple[str, str]:
    """(markdown source, its readable text) for a run of inline content."""
    pieces = draw(st.lists(WORD, min_size=1, max_size=5))
    src, plain = [], []
    for piece in pieces:
        style = draw(st.sampled_from(["plain", "strong", "em", "code", "link", "image"]))
        src.append(
            {
                "plain": piece,
                "strong": f"**{piece}**",
                "em": f"*{piece}*",
                "code": f"`{piece}`",
                "link": f"[{piece}](http://example.com/x)",
                "image": f"![{piece}](x.png)",
            }[style]
        )
        plain.append(piece)
    return " ".join(src), "".join(plain)


@st.composite
def document(draw) -> tuple[str, str]:
    """A Markdown document and the text of its paragraphs (headings always have a body)."""
    blocks, plain = [], []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["heading", "para", "list", "quote", "code"]))
        src, text = draw(inline())
        if kind == "heading":
            level = draw(st.integers(1, 3))
            body_src, body = draw(inline())
            blocks.append(f"{'#' * level} {src}\n\n{body_src}")
            plain.append(body)
        elif kind == "para":
            blocks.append(src)
            plain.append(text)
        elif kind == "list":
            blocks.append(f"- {src}")
            plain.append(text)
        elif kind == "quote":
            blocks.append(f"> {src}")
            plain.append(text)
        else:
            word = draw(WORD)
            blocks.append(f"```\n{word}\n```")
            plain.append(word)
    return "\n\n".join(blocks) + "\n", "".join(plain)


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


@settings(max_examples=60, deadline=None)
@given(document())
def test_no_text_is_lost(doc):
    source, plain = doc
    articles = parse_markdown(source, "p.md", "p.md")
    out = "".join(p.text for a in articles for p in a.paragraphs)
    expected = "".join(plain.split())
    assert _is_subsequence(expected, "".join(out.split()))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes(text):
    try:
        articles = parse_markdown(text, "p.md", "p.md")
    except UnreadableFileError:
        return
    assert all(a.paragraphs and a.title for a in articles)
