"""Recognisers for the parts of a printed page that are not body text.

Section headers (``公益资讯 INFOS``), bylines at a story's end
(``……送给上海。”（李庆）``) and blocks shaped like headlines (short, no
sentence punctuation). Whether a headline-shaped block really is a
headline depends on its neighbours; that is decided in ``pageflow``.
"""

from __future__ import annotations

import re

from reader.importers.pagelines import CONTINUATION_STARTS, Block, ends_sentence

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
# 公益资讯 INFOS / 要闻 | NEWS / WORLD NEWS 国际: a short Chinese name and an upper-case
# English one (four letters or more: 淘宝的 OCR is a cut line of text, not a section).
_LATIN_NAME = r"[A-Z][A-Z&'’.\-]{3,}(?: [A-Z&'’.\-]+){0,3}"
_SECTION = re.compile(
    rf"^(?:[{_CJK}]{{2,8}}\s*[|｜·•/]?\s*{_LATIN_NAME}|{_LATIN_NAME}\s*[|｜·•/]?\s*[{_CJK}]{{2,8}})$"
)
# A parenthesised byline at the very end of a line: （李庆） (记者 王五、赵六).
_BYLINE = re.compile(r"[（(]\s*([^（）()]{2,30}?)\s*[）)]$")
_NAME_PART = re.compile(rf"^[{_CJK}·•]{{2,12}}$")
_ROLES = ("本报记者", "特约记者", "见习记者", "记者", "通讯员", "实习生", "撰稿", "文", "图")
# Words that make a parenthesis an attribution of another kind, not a person.
_NOT_A_NAME = re.compile(r"[电摄图附完续注编按译社]$|图片|据|转载|来源")
# Headline-shaped: no full stop or semicolon inside, short lines.
_HEADLINE_FORBIDDEN = re.compile(r"[。；;]")
MAX_HEADLINE_LINES = 4
MAX_HEADLINE_LINE_CELLS = 40.0
MAX_HEADLINE_CHARS = 90


def section_name(block: Block) -> str | None:
    """The section name if ``block`` is a one-line section header, else None."""
    if len(block.lines) != 1:
        return None
    raw = " ".join(block.first.raw.split())
    return raw if _SECTION.match(raw) else None


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
    author = _author_name(m.group(1))
    if author is None:
        return None
    return before, author


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
