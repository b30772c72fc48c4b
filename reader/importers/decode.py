"""Turn the bytes of a plain-text file into text, whatever its encoding.

Order: strict UTF-8 first (the common case, and unambiguous), then a byte
order mark (UTF-8/UTF-16), then UTF-16 without a mark (recognised by its
zero bytes or by decoding to plausible text), then UTF-8 with a few damaged
bytes (a truncated file), then files whose lines mix UTF-8 and one legacy
encoding, then detection on a sample of a few KB cut at a line boundary (a
character cut at the end of a truncated file does not spoil it). Chinese
legacy encodings are decoded as their supersets: GB2312/GBK as GB18030,
Big5 as Big5-HKSCS.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from reader.errors import UnreadableFileError

SAMPLE_BYTES = 16 * 1024
_THREE_BYTE_LEADS = [bytes([b]) for b in range(0xE0, 0xF0)]
_DECLARED_CHARSET = re.compile(
    rb"""(?:<meta[^>]*?charset\s*=\s*["']?|<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)

# Legacy encodings we try ourselves before asking charset-normalizer.
_CHINESE_LEGACY = ("gb18030", "big5hkscs")
_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "utf_8": "utf-8",
    "ascii": "utf-8",
}


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the name of the encoding it was read in."""

    text: str
    encoding: str


def decode_bytes(data: bytes, name: str = "file") -> Decoded:
    """Decode ``data`` (the whole file) to text; raise UnreadableFileError if it is not text."""
    if not data:
        raise UnreadableFileError(f"{name}: the file is empty")
    try:
        text = data.decode("utf-8")
        return Decoded(_clean(text.removeprefix("\ufeff"), name), "utf-8")
    except UnicodeDecodeError:
        pass
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = _decode_utf16(data, "utf-16", name)
        return Decoded(text, "utf-16")
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        return Decoded(_decode_utf16(data, utf16, name), utf16)
    if _looks_binary(data):
        raise UnreadableFileError(f"{name}: this is not a text file")
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return Decoded(_clean(damaged.removeprefix("\ufeff"), name), "utf-8")
    mixed = _decode_mixed_lines(data)
    if mixed is not None:
        return Decoded(_clean(mixed[0], name), mixed[1])
    encoding = _detect_legacy(data)
    if encoding is None:
        raise UnreadableFileError(f"{name}: cannot tell which text encoding this file uses")
    return Decoded(_clean(data.decode(encoding, errors="replace"), name), encoding)


def codec_for_label(label: str) -> str | None:
    """The codec to use for a charset label from markup (``gb2312`` → ``gb18030``), or None if unknown."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return _SUPERSET.get(name.replace("-", "_"), name)


def decode_markup(data: bytes, name: str = "file") -> str:
    """Decode HTML/XML bytes: BOM first, then a declared charset (``<meta charset>``,
    ``<?xml encoding?>``), then the same detection as plain text.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = _DECLARED_CHARSET.search(data[:4096])
    codec = codec_for_label(declared.group(1).decode("ascii", "replace")) if declared else None
    if codec and codec != "utf-8":
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return decode_bytes(data, name).text


def _decode_utf16(data: bytes, encoding: str, name: str) -> str:
    if len(data) % 2:
        data = data[:-1]
    return _clean(data.decode(encoding, errors="replace").removeprefix("\ufeff"), name)


def _clean(text: str, name: str) -> str:
    """Normalise line ends and refuse text with nothing readable in it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise UnreadableFileError(f"{name}: this is not a text file")
    if not any(ch.isalnum() for ch in text):
        raise UnreadableFileError(f"{name}: the file has no readable text")
    return text


def _sample(data: bytes) -> bytes:
    """The first few KB, cut after the last newline so no character is split."""
    sample = data[:SAMPLE_BYTES]
    if len(data) > SAMPLE_BYTES:
        cut = sample.rfind(b"\n")
        if cut > 0:
            sample = sample[: cut + 1]
    return sample


def _looks_binary(data: bytes) -> bool:
    """True for data with control bytes no text file has (NUL, most C0 codes)."""
    sample = data[:SAMPLE_BYTES]
    bad = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1A, 0x1B))
    return b"\x00" in sample or bad > len(sample) // 100


def _plausible_ratio(text: str) -> float:
    """Share of characters that ordinary Chinese or Western text is made of."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        cp = ord(ch)
        if (
            0x20 <= cp < 0x7F
            or ch in "\n\r\t"
            or 0x4E00 <= cp <= 0x9FFF
            or 0x3000 <= cp <= 0x303F
            or 0xFF00 <= cp <= 0xFFEF
            or 0x2010 <= cp <= 0x206F
            or 0xA0 <= cp <= 0x24F
        ):
            good += 1
    return good / len(text)


def _guess_bomless_utf16(data: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" if the data reads far better as UTF-16."""
    sample = _sample_even(data)
    if len(sample) < 4:
        return None
    best, best_ratio = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        ratio = _plausible_ratio(text)
        if ratio > best_ratio:
            best, best_ratio = enc, ratio
    return best if best_ratio >= 0.97 else None


def _sample_even(data: bytes) -> bytes:
    sample = data[:SAMPLE_BYTES]
    return sample[: len(sample) - len(sample) % 2]


def _common_hanzi_ratio(text: str, encoding: str) -> float:
    """Share of Han characters that are everyday characters in ``encoding``'s own table.

    Real GB text is dominated by GB2312 level-1 characters (lead bytes
    B0–D7); real Big5 text by Big5 level-1 characters (A440–C67E). Reading
    one as the other yields mostly rare characters.
    """
    han = [ch for ch in text if 0x4E00 <= ord(ch) <= 0x9FFF]
    if not han:
        return 0.0
    common = 0
    for ch in han:
        try:
            if encoding == "gb18030":
                b = ch.encode("gb2312")
                common += 0xB0 <= b[0] <= 0xD7
            else:
                b = ch.encode("big5")
                common += 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E
        except UnicodeEncodeError:
            pass
    return common / len(han)


def _mostly_utf8(data: bytes) -> str | None:
    """The text, if ``data`` is UTF-8 with a few damaged bytes (a cut last character, a stray byte).

    Few damaged bytes are not enough (English text with a few GB18030
    characters has few too): most three-byte UTF-8 characters (CJK) must
    have come through whole.
    """
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    if damaged > max(2, len(text) // 1000):
        return None
    three_byte_leads = sum(data.count(lead) for lead in _THREE_BYTE_LEADS)
    return text if three_byte_leads - damaged >= 10 * damaged else None


def _decode_mixed_lines(data: bytes) -> tuple[str, str] | None:
    """Text whose lines are partly UTF-8 and partly one legacy encoding (files pasted together).

    Returns the text and a label such as ``"utf-8+gb18030"``, or None when
    the lines that are not UTF-8 are too few to call the file mixed or
    their encoding cannot be told.
    """
    lines = data.split(b"\n")
    utf8_lines = other_lines = 0
    legacy = []
    for line in lines:
        if line.isascii():
            continue
        try:
            # Evidence of UTF-8 is a line with a three-byte character (CJK):
            # a short GB line can pass as two-byte UTF-8 by chance, rarely as that.
            utf8_lines += max(line.decode("utf-8")) >= "\u0800"
        except UnicodeDecodeError:
            other_lines += 1
            legacy.append(line)
    if utf8_lines < 2 or utf8_lines * 10 < utf8_lines + other_lines:
        return None
    encoding = _detect_legacy(b"\n".join(legacy))
    if encoding is None or encoding == "utf-8":
        return None
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(encoding, errors="replace"))
    return "\n".join(out), f"utf-8+{encoding}"


def _detect_legacy(data: bytes) -> str | None:
    """Pick GB18030 or Big5-HKSCS by which reads as common characters; else ask charset-normalizer.

    The sample may end inside a character (a truncated file): that tail is not held against it.
    """
    sample = _sample(data)
    scores: dict[str, float] = {}
    for enc in _CHINESE_LEGACY:
        try:
            text = codecs.getincrementaldecoder(enc)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        scores[enc] = _common_hanzi_ratio(text, enc)
    if scores:
        enc, score = max(scores.items(), key=lambda kv: kv[1])
        if score >= 0.5:
            return enc
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        return max(scores, key=scores.get) if scores else None
    name = best.encoding.lower().replace("-", "_")
    return _SUPERSET.get(name, best.encoding)
