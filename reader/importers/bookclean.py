"""Cleaning e-book text files: site watermarks, navigation, page markers, stray ASCII punctuation.

Text files of public-domain novels passed through download sites carry
their marks: a copyright/"more e-books at …" block between dashed lines at
the start and end, ``----- Page 12 -----`` markers, navigation bars
(``首页|原创书库|…``, ``上一页``), ads run into the prose
(``小^说^无广告的~顶点*小说~网www.….com``) and half-width punctuation in
Chinese sentences (``．`` or ``.`` as a full stop, ``,`` for ``，``). These
are removed or normalised here, line by line; nothing else is touched.
"""

from __future__ import annotations

import re

_URL = re.compile(
    r"(?:https?://|www\.)[\w./?=&%#~+-]+|\b[\w-]+\.(?:com|net|org|cn|cc|info)\b", re.I
)
_SITE_WORDS = re.compile(
    r"电子书|電子書|下载|下載|访问|訪問|整理|校对|校對|小说|小說|书库|書庫|阅读|閱讀|收藏|txt|TXT|版权|版權"
)
_AD_PHRASES = re.compile(
    r"更新更快|无广告|無廣告|全文字版|最新章节|最新章節|免费阅读|免費閱讀|手机阅读|手機閱讀|本书首发|本書首發"
    r"|本站|点此|點此"
)
_AD_IN_TEXT = re.compile(
    r"(?:更新更快|无广告|無廣告|全文字版|最新章节|最新章節|免费阅读|免費閱讀|本书首发|本書首發)"
    r"[^，。！？!?\s]{0,16}[！!。]?"
)
_CLAUSE_BREAK = re.compile(r"[，。！？!?\s]")
_SEPARATOR = re.compile(r"^\s*[-=*_~#—－＝·.]{5,}\s*$")
_SEPARATOR_LINE = re.compile(r"^[ \t\u3000]*[-=*_~#—－＝·.]{5,}[ \t\u3000]*$", re.MULTILINE)
PAGE_MARKER = re.compile(r"^\s*-*\s*Page\s*\d+\s*-*\s*$", re.I)
# Lines worth a closer look: a URL, an ad phrase, a | bar or a navigation word.
_SUSPECT_LINE = re.compile(
    r"^[^\n]*(?:https?://|www\.|\.com|\.net|\.cn|\||本站|点此|點此|页|頁|目录|目錄|返回|书签|書籤"
    r"|更新更快|广告|廣告|全文字版|最新章|免费阅读|免費閱讀|手机阅读|手機閱讀|首发|首發)[^\n]*$",
    re.MULTILINE,
)
_NAV_WORDS = frozenset(
    "首页 回首页 目录 回目录 上一页 下一页 前一页 后一页 上一章 下一章 返回 返回目录 书签 加入书签".split()
)
_INLINE_AD = re.compile(
    r"(?:[\^~*][\u4e00-\u9fff]{1,6}){2,}[\^~*]?(?:(?:www\.)?[\w-]+\.(?:com|net|org|cn|cc))?"
)
_NBSP_JUNK = re.compile(r"&?nbsp;?|&amp;|\bbsp;")
_HAN = "\u3400-\u9fff\uf900-\ufaff"
_CLOSERS = "”’」』）》〉】"
_FULL_STOP = re.compile(
    rf"(?<=[{_HAN}{_CLOSERS}])\.(?![0-9A-Za-z.])|(?<![0-9０-９．])．(?![0-9０-９．])"
)
_ASCII_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_PUNCT = re.compile(rf"(?<=[{_HAN}])([,;:?!])(?=[{_HAN}“‘「『\"]|$)", re.MULTILINE)
_BACKTICK_QUOTE = re.compile(r"`([^`\-\n]{1,60})-")
# How far from either end of the file a watermark block may sit.
_EDGE_LINES = 40


def is_watermark_line(line: str) -> bool:
    """True for a download site's mark: a URL together with e-book words, or an ad phrase."""
    line = line.strip()
    if not line or len(line) > 100:
        return False
    if _URL.search(line) and _SITE_WORDS.search(line):
        return True
    return bool(_AD_PHRASES.search(line))


def is_navigation_line(line: str) -> bool:
    """True for a web page's navigation left in the text: ``首页|书库|…`` or ``下一页``."""
    stripped = line.strip()
    if stripped in _NAV_WORDS:
        return True
    parts = [p.strip() for p in stripped.split("|")]
    return len(parts) >= 4 and all(len(p) <= 8 for p in parts)


def is_separator(line: str) -> bool:
    """True for a line of dashes, equals signs or dots only."""
    return bool(_SEPARATOR.match(line))


def drop_watermark_blocks(lines: list[str]) -> list[str]:
    """Remove a block between separator lines at the start or end that holds a watermark."""
    lines = _drop_leading_block(lines)
    return list(reversed(_drop_leading_block(list(reversed(lines)))))


def _drop_leading_block(lines: list[str]) -> list[str]:
    nonblank = [i for i, line in enumerate(lines[:_EDGE_LINES]) if line.strip()]
    if not nonblank or not is_separator(lines[nonblank[0]]):
        return lines
    first = nonblank[0]
    for end in range(first + 1, min(len(lines), first + _EDGE_LINES)):
        if is_separator(lines[end]):
            if any(is_watermark_line(line) for line in lines[first + 1 : end]):
                return lines[end + 1 :]
            return lines
    return lines


def drop_page_markers(lines: list[str]) -> list[str]:
    """Remove ``Page N`` markers and the blank lines around them, so paragraphs run on across pages."""
    out: list[str] = []
    skipping_blanks = False
    for line in lines:
        if "age" in line and PAGE_MARKER.match(line):
            while out and not out[-1].strip():
                out.pop()
            skipping_blanks = True
            continue
        if skipping_blanks and not line.strip():
            continue
        skipping_blanks = False
        out.append(line)
    return out


def clean_text(text: str) -> str:
    """Normalise running text: ads run into it, ``nbsp`` debris, half-width punctuation in Chinese."""
    if "^" in text or "~" in text or "*" in text:
        text = _cut(text, _INLINE_AD, reach=2, han_only=True, keep=_not_an_ad)
    text = _cut(text, _AD_IN_TEXT, reach=12)
    if "bsp;" in text or "&amp;" in text:
        text = _NBSP_JUNK.sub("", text)
    if "`" in text:
        text = _BACKTICK_QUOTE.sub(r"‘\1’", text)
    text = _FULL_STOP.sub("。", text)
    return _HALF_PUNCT.sub(lambda m: _ASCII_PUNCT[m.group(1)], text)


def _cut(text: str, pattern: re.Pattern[str], reach: int, han_only: bool = False, keep=None) -> str:
    """Remove matches of ``pattern``, each with up to ``reach`` characters of its clause before it.

    (Matching the text before inside the pattern would make the regex
    engine try it at every position of a 2.5 MB book.)
    """
    out: list[str] = []
    position = 0
    for m in pattern.finditer(text):
        start = m.start()
        while start > max(position, m.start() - reach) and (
            "\u4e00" <= text[start - 1] <= "\u9fff"
            if han_only
            else not _CLAUSE_BREAK.match(text[start - 1])
        ):
            start -= 1
        if keep is not None and keep(text[start : m.end()]):
            continue
        out.append(text[position:start])
        position = m.end()
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def _not_an_ad(text: str) -> bool:
    return not (_SITE_WORDS.search(text) or _AD_PHRASES.search(text) or "www" in text)


def _blank_if_debris(m: re.Match[str]) -> str:
    line = m.group(0)
    return "" if is_watermark_line(line) or is_navigation_line(line) else line


def clean_lines(text: str) -> list[str]:
    """The lines of a whole book with all of the above removed or normalised.

    Regular expressions run over the whole text (one pass each, fast on a
    2.5 MB novel); only lines that may be debris are looked at one by one.
    """
    text = "\n".join(drop_page_markers(drop_watermark_blocks(text.split("\n"))))
    text = _SUSPECT_LINE.sub(_blank_if_debris, _SEPARATOR_LINE.sub("", text))
    return clean_text(text).split("\n")
