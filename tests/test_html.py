"""HTML import: the main text of a saved page, without scripts, navigation and boilerplate."""

from __future__ import annotations

import pytest

from reader.errors import UnreadableFileError
from reader.importers import load
from reader.importers.html import parse_html, strip_site_name
from tests.test_cli_errors import _assert_clean_failure, run_reader

NEWS_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>新规今日实施 - 某某新闻网</title>
<script>document.write("脚本里的字");</script><style>p {{ color: red }}</style></head>
<body>
<nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>
<div class="cookie-banner">本站使用 cookie。<button>同意</button></div>
<header><div class="logo">某某新闻网</div></header>
<div id="wrap">
  <div class="sidebar"><ul><li><a href="#">热门文章一</a></li><li><a href="#">热门文章二</a></li></ul></div>
  <div class="content">
    <h1>新规今日实施</h1>
    <p>记者获悉，<br>
       自今日起实施新规定。</p>
    <p>第二段 with English
       words。</p>
    <h2>专家解读</h2>
    <p>第三段<b>加粗</b>内容。
    <p>没有结束标签的段落。
    <ol start="3"><li>第三条<li>第四条</ol>
    <table><tr><th>名称</th><th>数量</th></tr><tr><td>苹果</td><td>3</td></tr></table>
    <pre>第一行
  第二行</pre>
    <h4>小小标题</h4>
    <p>尾段。</p>
    <div class="share-bar">分享到微博</div>
  </div>
</div>
<div id="comments"><p>网友评论：好！</p></div>
<footer>版权所有 © 2022</footer>
</body></html>
"""


def texts(articles) -> list[list[str]]:
    return [[p.text for p in a.paragraphs] for a in articles]


def test_main_text_of_a_news_page():
    articles = parse_html(NEWS_PAGE.format(charset="utf-8").encode(), "p.html", "p.html")
    assert [a.title for a in articles] == ["新规今日实施", "专家解读"]
    assert texts(articles) == [
        ["记者获悉，自今日起实施新规定。", "第二段 with English words。"],
        [
            "第三段加粗内容。",
            "没有结束标签的段落。",
            "3. 第三条",
            "4. 第四条",
            "名称，数量",
            "苹果，3",
            "第一行",
            "第二行",
            "小小标题",
            "尾段。",
        ],
    ]
    everything = "".join(p.text for a in articles for p in a.paragraphs)
    for junk in ("脚本", "首页", "cookie", "热门", "分享", "评论", "版权", "color"):
        assert junk not in everything


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "big5"])
def test_declared_legacy_charsets(charset):
    page = NEWS_PAGE.format(charset=charset)
    if charset == "big5":
        page = page.replace("新规今日实施", "新規今日實施")
    data = page.encode("gb18030" if charset != "big5" else "big5", errors="ignore")
    articles = parse_html(data, "p.html", "p.html")
    assert articles[0].title in ("新规今日实施", "新規今日實施")


def test_undeclared_gb18030_is_detected():
    page = NEWS_PAGE.replace('<meta charset="{charset}">', "").replace("{{", "{").replace("}}", "}")
    articles = parse_html(page.encode("gb18030"), "p.html", "p.html")
    assert articles[0].title == "新规今日实施"


def test_article_element_is_preferred_and_page_title_used_without_heading():
    page = (
        "<html><head><title>一篇文章 | 博客</title></head><body>"
        "<div class='menu'><p>菜单里很长很长很长很长很长很长很长很长很长很长很长的文字。</p></div>"
        "<article><p>文章第一段。</p><p>文章第二段。</p></article>"
        "<aside><p>旁边的广告文字。</p></aside></body></html>"
    )
    [article] = parse_html(page.encode(), "blog.html", "blog.html")
    assert article.title == "一篇文章"
    assert texts([article]) == [["文章第一段。", "文章第二段。"]]


def test_densest_container_for_br_separated_novel_pages():
    page = (
        "<html><body><div class='top'><a href='/'>回首页</a> <a href='/list'>目录</a></div>"
        "<div id='chaptercontent'>&nbsp;&nbsp;&nbsp;&nbsp;第一段文字，很长很长的故事开始了。<br><br>"
        "&nbsp;&nbsp;&nbsp;&nbsp;第二段文字，故事继续发展下去。<br><br>"
        "\u3000\u3000第三段文字，故事到此结束。</div>"
        "<div class='bottom'><a href='/next'>下一章</a></div></body></html>"
    )
    [article] = parse_html(page.encode(), "ch.html", "ch.html")
    assert texts([article]) == [
        [
            "第一段文字，很长很长的故事开始了。",
            "第二段文字，故事继续发展下去。",
            "第三段文字，故事到此结束。",
        ]
    ]


def test_hidden_and_ruby_annotations_are_not_read():
    page = (
        "<html><body><main><p>汉<ruby>字<rp>(</rp><rt>zì</rt><rp>)</rp></ruby>很美。</p>"
        "<p hidden>隐藏的</p><p style='display: none'>也隐藏</p><p aria-hidden='true'>装饰</p>"
        "</main></body></html>"
    )
    [article] = parse_html(page.encode(), "r.html", "r.html")
    assert texts([article]) == [["汉字很美。"]]


def test_entities_are_decoded_not_expanded_from_a_doctype():
    page = (
        '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<html><body><main><p>A&amp;B &lt;C&gt; &#20013;&#x6587; &nbsp;&copy;&b;</p></main></body></html>"
    )
    [article] = parse_html(page.encode(), "e.html", "e.html")
    text = article.paragraphs[0].text
    assert text.startswith("A&B <C> 中文 ©")
    assert "aaaa" not in text


def test_hostile_nesting_does_not_crash():
    page = ("<div>" * 20000 + "深处的文字。" + "</div>" * 20000).encode()
    [article] = parse_html(page, "deep.html", "deep.html")
    assert article.paragraphs[0].text == "深处的文字。"


def test_strip_site_name():
    assert strip_site_name("文章标题 - 新闻网") == "文章标题"
    assert strip_site_name("网易 | 一个很长的文章标题在这里") == "一个很长的文章标题在这里"
    assert strip_site_name("标题_网易新闻") == "标题"
    assert strip_site_name("Plain title") == "Plain title"


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>x</title><script>var a = 1;</script></head><body></body></html>",
        b"<html><body><nav><a href='/'>Home</a></nav><footer>(c)</footer></body></html>",
    ],
    ids=["script-only", "navigation-only"],
)
def test_page_with_no_text(page):
    with pytest.raises(UnreadableFileError, match="no readable text"):
        parse_html(page, "x.html", "x.html")


def test_page_with_no_text_on_the_command_line(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"<html><head><script>x()</script></head><body><nav>Home</nav></body></html>")
    before = sorted(tmp_path.iterdir())
    err = _assert_clean_failure(run_reader("outline", str(path)))
    assert "no readable text" in err
    assert sorted(tmp_path.iterdir()) == before


def test_html_through_load(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(NEWS_PAGE.format(charset="utf-8"), encoding="utf-8")
    library = load([path])
    assert library[0].title == "新规今日实施"
    assert library[0].script == "zh-Hans"
