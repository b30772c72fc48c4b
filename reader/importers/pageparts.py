"""Recognisers for the parts of a printed page that are not body text.

Section headers (``公益资讯 INFOS``), bylines at a story's end
(``……送给上海。”（李庆）``) and blocks shaped like headlines (short, no
sentence punctuation). Whether a headline-shaped block really is a
headline depends on its neighbours; that is decided in ``pageflow``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.importers.pagelines import CONTINUATION_STARTS, Block, Line, ends_sentence

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
# 公益资讯 INFOS / 要闻 | NEWS / WORLD NEWS 国际: a short Chinese name and an upper-case
# English one (four letters or more: 淘宝的 OCR is a cut line of text, not a section).
_LATIN_NAME = r"[A-Z][A-Z&'’.\-]{3,}(?: [A-Z&'’.\-]+){0,3}"
_SECTION = re.compile(
    rf"^(?:[{_CJK}]{{2,8}}\s*[|｜·•/]?\s*{_LATIN_NAME}|{_LATIN_NAME}\s*[|｜·•/]?\s*[{_CJK}]{{2,8}})$"
)
# A section name in Chinese only: 国际新闻, 要闻, 文化视点, 经济·国内 (a short name ending with a word
# newspapers name their pages with).
_SECTION_WORDS = (
    "新闻|要闻|资讯|视点|观察|专版|专刊|副刊|周刊|论坛|时评|综合|国内|国际|经济|社会|体育|文化|教育"
    "|科技|财经|法治|民生|理论|地方|读书|健康|旅游|纵横|视窗|广角"
)
_CJK_SECTION = re.compile(
    rf"^[{_CJK}]{{0,4}}(?:{_SECTION_WORDS})(?:\s*[·•|｜/]\s*[{_CJK}]{{2,4}})?$"
)
# Page furniture that belongs to no story: an editor's footer, a date line, a page number.
_FOOTER = re.compile(
    r"^(?:本版|本刊)?(?:责任编辑|责编|编辑|主编|美编|校对|版式设计|版式|设计|制图|图表|排版)\s*[:：]"
)
_DATE_LINE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})"
    r"\s*(?:[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[）)]?)(?:\s*\S{0,12})?$"
)
_PAGE_NUMBER = re.compile(r"^(?:第\s*\d{1,3}\s*版|[A-Za-z]?\d{1,3}|[-－—–]\s*\d{1,3}\s*[-－—–])$")
# A parenthesised byline at the very end of a line: （李庆） (记者 王五、赵六).
_BYLINE = re.compile(r"[（(]\s*([^（）()]{2,30}?)\s*[）)]$")
_NAME_PART = re.compile(rf"^[{_CJK}·•]{{2,12}}$")
_ROLES = ("本报记者", "特约记者", "见习记者", "记者", "通讯员", "实习生", "撰稿", "文", "图")
# Words that make a parenthesis an attribution of another kind, not a person: a dateline, a
# photo credit, a note, a news agency's tag (（新华）).
_NOT_A_NAME = re.compile(
    r"[电摄图附完续注编按译社]$|图片|据|转载|来源"
    r"|^(?:新华|中新|人民网|新华网|央视|路透|美联|法新|共同|塔斯|埃菲|安莎|韩联|德新|合众)$"
)
# A photo credit closing a caption: （新华社记者刘卫兵摄）, （本报记者 王五 摄）, （资料图片）.
_CREDIT = re.compile(r"[（(][^（）()]{0,24}(?:摄|摄影|供图|图片|照片)\s*[）)]")
# Headline-shaped: no full stop or semicolon inside, short lines.
_HEADLINE_FORBIDDEN = re.compile(r"[。；;]")
MAX_HEADLINE_LINES = 4
MAX_HEADLINE_LINE_CELLS = 40.0
MAX_HEADLINE_CHARS = 90


def section_name(block: Block, apart: bool = True) -> str | None:
    """The section name if ``block`` is a one-line section header, else None.

    ``公益资讯 INFOS``, ``国际新闻 | WORLD NEWS``: a Chinese and an English name;
    or, when the block stands ``apart`` from the text (no sentence runs on
    across it: ``我国的经济`` may be a column's last line), a Chinese name
    alone that ends the way page names do (``国际新闻``, ``文化视点``, ``要闻``).
    """
    if len(block.lines) != 1:
        return None
    raw = " ".join(block.first.raw.split())
    if _SECTION.match(raw) or (apart and _CJK_SECTION.match(raw)):
        return raw
    return None


def is_furniture(text: str) -> bool:
    """True for a line of page furniture that belongs to no story.

    An editor's footer (``本版责编：王伟``, ``责任编辑：…　版式设计：…``), a
    date line (``2001年1月2日　星期二``) or a page number (``第4版``, ``A4``,
    ``- 4 -``); a bare number only as a block of its own (see ``is_furniture_block``).
    """
    text = text.strip()
    return bool(_FOOTER.match(text) or _DATE_LINE.match(text) or _PAGE_NUMBER.match(text))


def is_furniture_block(block: Block) -> bool:
    """True if every line of ``block`` is page furniture (``is_furniture``)."""
    return all(is_furniture(line.text) for line in block.lines)


def split_byline(text: str) -> tuple[str, str] | None:
    """``(text_before, author)`` if ``text`` ends with a byline such as ``（李庆）``.

    The parenthesis must hold one or more personal names (optionally with a
    role such as 记者) and must follow the end of a sentence, or stand alone.
    """
    m = _BYLINE.search(text)
    if not m:
        return None
    before = text[: m.start()].rstrip()
    if before and not ends_sentence(before):
        return None
    if _CREDIT.search(before[-30:]):
        return None  # a tag after a photo credit is the caption's
    author = _author_name(m.group(1))
    if author is None:
        return None
    return before, author


def line_byline(lines: Sequence[Line], n: int) -> tuple[str, str] | None:
    """``split_byline`` of line ``n`` of a block.

    A bracket alone on its line is a byline only after a sentence's end: after
    ``新华社北京1月1日电`` the line ``（记者王五）`` is the dateline's, and the text
    goes on.
    """
    found = split_byline(lines[n].text)
    n %= len(lines)
    if found is not None and not found[0] and n > 0 and not ends_sentence(lines[n - 1].text):
        return None
    return found


def block_byline(block: Block) -> tuple[str, str] | None:
    """``split_byline`` of the block's last line (see ``line_byline``)."""
    return line_byline(block.lines, len(block.lines) - 1)


def _author_name(content: str) -> str | None:
    """The byline's names as written (spaces collapsed), or None if it is not a byline."""
    content = " ".join(content.split())
    if _NOT_A_NAME.search(content) or any(ch.isdigit() for ch in content):
        return None
    bare = content
    for role in _ROLES:
        if bare.startswith(role) and len(bare) > len(role) + 1:
            bare = bare[len(role) :].lstrip(" :：/")
            break
    parts = [p for p in re.split(r"[ 、，,/]+", bare) if p]
    if not parts or not all(_NAME_PART.match(p) for p in parts):
        return None
    return content


# A byline printed above a story, on a line of its own: 本报记者 王建新, 文/王建新, □ 王建新, ■本报记者 王五 赵六.
_LEAD_ORNAMENT = r"[□■◎●◆◇▲△☆★]"
_LEAD_MARKER = r"(?:文|图|文图|文·图|摄影|撰文)\s*[/／|｜:：]"
_LEAD_ROLE = r"(?:本报(?:特约)?记者|特约记者|见习记者|记者|通讯员|实习生|本报特约撰稿人|特约撰稿人|特约评论员)"
_LEAD_BYLINE = re.compile(
    rf"^(?:{_LEAD_ORNAMENT}\s*)?(?:{_LEAD_MARKER}\s*)?({_LEAD_ROLE}?)\s*"
    rf"((?:[{_CJK}·•]{{2,6}})(?:\s*[ 、]\s*(?:{_LEAD_ROLE}\s*)?[{_CJK}·•]{{2,6}}){{0,3}})$"
)


def lead_byline(text: str, alone: bool = True) -> str | None:
    """The author if ``text`` is a byline printed above a story, else None.

    ``本报记者 王建新`` → ``本报记者 王建新``; ``文/王建新`` and ``□ 王建新`` →
    ``王建新``. An ornament, a ``文/`` marker or a role such as 记者 is
    required, and names are two to four characters (a foreign name, with
    ``·``, up to six), so that a short headline is not taken for one. A
    role run on into the name (``本报记者王建新``) counts only on a line
    standing ``alone`` (a block of its own): as a paragraph's first line,
    ``记者在采访`` is text.
    """
    raw = " ".join(text.replace("\u3000", " ").split())
    m = _LEAD_BYLINE.match(raw)
    if not m:
        return None
    marked = re.match(rf"^(?:{_LEAD_ORNAMENT}|{_LEAD_MARKER})", raw) is not None
    role = m.group(1)
    if not marked and not (role and (alone or raw[len(role) : len(role) + 1] == " ")):
        return None
    names = [n for n in re.split(rf"[ 、]+|{_LEAD_ROLE}", m.group(2)) if n]
    if not all(2 <= len(n) <= 4 or "·" in n for n in names):
        return None
    if role and not marked and len(names) == 1 and " " not in raw and len(names[0]) > 3:
        return None  # 记者王建新报道 and the like: text, not a byline
    return f"{role} {m.group(2)}" if role else m.group(2)


_PICTURE_TITLE = re.compile(r"[（(](?:附)?(?:图片|组图|照片|附图)(?:\s*\d+\s*张)?[）)]$")
_CAPTION_START = re.compile(r"^(?:图为|图中|上图|下图|左图|右图|图[①-⑩\d一二三四五六七八九]?[：:])")


def is_picture_title(text: str) -> bool:
    """True for the title of a photo printed among the stories: ``欢庆新世纪的到来（图片）``."""
    return _PICTURE_TITLE.search(text) is not None


def starts_caption(text: str) -> bool:
    """True if ``text`` opens a photo caption (``图为……``, ``上图：……``)."""
    return _CAPTION_START.match(text) is not None


def ends_with_credit(text: str) -> bool:
    """True if ``text`` ends with a photo credit (``…到来。（新华社记者刘卫兵摄） （新华）``):
    the end of a caption."""
    ends = [m.end() for m in _CREDIT.finditer(text)]
    if not ends:
        return False
    rest = text[ends[-1] :].strip()
    return not rest or re.fullmatch(r"(?:[（(][^（）()]{1,12}[）)]\s*)+", rest) is not None


# A subhead's number: 一、 二． （三） 4. 第五、
_NUMBERED = re.compile(r"^(?:第)?[（(]?([一二三四五六七八九十]+|\d+)(?:[、.．]|[）)])")
_NUMERALS = "一二三四五六七八九十"


def numbering(text: str) -> str:
    """The number ``text`` opens with as a subhead's does (``一、``, ``（2）``), or ``""``."""
    m = _NUMBERED.match(text)
    return m.group(0) if m else ""


def subhead_number(text: str) -> int:
    """The number a subhead opens with (``二、`` → 2, ``（3）`` → 3), or 0 (also for 十一 and
    beyond: numbered all the same, but not followed)."""
    m = _NUMBERED.match(text)
    if not m:
        return 0
    digits = m.group(1)
    if digits.isdigit():
        return int(digits)
    return _NUMERALS.index(digits) + 1 if len(digits) == 1 else 0


def is_headline_shaped(block: Block, max_cells: float = MAX_HEADLINE_LINE_CELLS) -> bool:
    """True if ``block`` could be a headline: a few short lines with no sentence punctuation."""
    lines = block.lines
    if len(lines) > MAX_HEADLINE_LINES:
        return False
    text = "".join(line.text for line in lines)
    if not text or len(text) > MAX_HEADLINE_CHARS or _HEADLINE_FORBIDDEN.search(text):
        return False
    if text[0] in CONTINUATION_STARTS or ends_sentence(text):
        return False
    if split_byline(lines[-1].text) is not None:
        return False
    return all(line.width <= max_cells for line in lines)
