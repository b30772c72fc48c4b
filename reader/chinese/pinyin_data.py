"""pypinyin's readings, held compactly, without importing pypinyin.

Importing pypinyin builds its character and phrase dictionaries as Python
lists of lists of strings plus a set of every phrase prefix: about 55 MB,
most of the app's memory after jieba. The app needs only the readings, so
this module reads the JSON files pypinyin ships (found without importing
the package) straight into

- character → its readings with tone marks, comma-joined (one shared
  string for each distinct set);
- phrase → the first reading of each syllable, space-joined;

as sorted keys and values searched by bisection (the phrases serve
pypinyin's forward maximum matching too): about 12 MB. Parsing takes
~0.2 s; the result is kept in the cache directory (``pinyin.cache``,
remade when pypinyin's files change) and read back in ~20 ms.

``segment`` cuts as ``pypinyin.seg.mmseg.seg`` does and ``pinyin`` reads
as ``pypinyin.pinyin(text, heteronym=False)``; tone numbers are written
as pypinyin's ``to_tone3`` writes them (ü as ``v``), with ``5`` for the
neutral tone. The tests check all of this against pypinyin itself.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import sys
import threading
import unicodedata
from array import array
from bisect import bisect_left
from pathlib import Path
from typing import NamedTuple

_TONES = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
# An entry of pypinyin's JSON files: "key": "value" or "key": [["syllable", …], …].
_ENTRY = re.compile(r'"([^"\\]+)":\s*(\[(?:[^\[\]]|\[[^\[\]]*\])*\]|"[^"\\]*")')
_FIRST_OPTIONS = re.compile(r'\[\s*"([^"\\]*)"')
# Characters pypinyin gives readings to (its RE_HANS), and runs of them or of anything else.
_HAN_CLASS = (
    "\u3007\ue815-\ue864\ufa18\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a703-\U0002b73f\U0002b740-\U0002b81d\U0002b825-\U0002bf6e"
    "\U0002c029-\U0002ce93\U0002d016\U0002d11b-\U0002ebd9\U0002f80a-\U0002fa1f"
    "\U00030000-\U0003134a\U00031350-\U00032389"
)
_RUNS = re.compile(f"[{_HAN_CLASS}]+|[^{_HAN_CLASS}]+")
_HAN_RUN = re.compile(f"[{_HAN_CLASS}]")
_lock = threading.Lock()
_log = logging.getLogger(__name__)
_CACHE_NAME = "pinyin.cache"
_CACHE_FORMAT = 1


class PinyinData(NamedTuple):
    """Readings of characters and phrases, with tone marks (see the module docstring).

    Sorted keys with parallel values, searched by bisection: a third of
    the memory of dictionaries, and the sorted phrases serve the prefix
    search of the segmentation too.
    """

    codes: array  # code points of the characters with readings, ascending
    char_readings: tuple[str, ...]  # their readings, comma-joined (``háng,xíng``)
    phrases: tuple[str, ...]  # phrases, ascending
    phrase_readings: tuple[str, ...]  # their first readings, space-joined (``yín háng``)
    tone3: dict[str, str]  # every syllable met → its tone-numbered form (``háng`` → ``hang2``)
    marks: dict[str, str]  # and back (``hang2``, and ``hang`` for the neutral tone → ``háng``)


def _data_dir() -> Path:
    spec = importlib.util.find_spec("pypinyin")  # a top-level package: found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pypinyin is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def marks_to_tone3(syllable: str) -> str:
    """``háng`` → ``hang2``, ``lǜ`` → ``lv4``, ``de`` → ``de`` (pypinyin's ``to_tone3``)."""
    tone = ""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch == "\u0308" and out:  # ü is written v
            out[-1] = "v"
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)) + tone


def _entries(path: Path):
    """(key, raw value) of each entry of one of pypinyin's JSON files, in the file's order."""
    text = path.read_text(encoding="utf-8")
    if "\\" in text:  # escapes: not the plain files this reader expects
        raise ValueError(f"{path}: unexpected escapes")
    for m in _ENTRY.finditer(text):
        yield m.group(1), m.group(2)


def _parse(folder: Path) -> PinyinData:
    """Read pypinyin's two JSON files into the compact form."""
    syllables: dict[str, str] = {}

    def known(reading: str) -> str:
        """One shared string for each syllable, and its tone-numbered form noted."""
        if reading not in syllables:
            syllables[reading] = marks_to_tone3(reading)
        return sys.intern(reading)

    chars = []
    for key, value in _entries(folder / "pinyin_dict.json"):
        readings = value.strip('"')
        for reading in readings.split(","):
            known(reading)
        chars.append((int(key), sys.intern(readings)))
    chars.sort()
    phrases = sorted(
        (key, " ".join(known(s) for s in _FIRST_OPTIONS.findall(value)))
        for key, value in _entries(folder / "phrases_dict.json")
    )
    marks: dict[str, str] = {}
    for reading, numbered in syllables.items():
        marks.setdefault(numbered, reading)
        marks.setdefault(tone3(numbered), reading)
    return PinyinData(
        array("I", (code for code, _ in chars)),
        tuple(readings for _, readings in chars),
        tuple(key for key, _ in phrases),
        tuple(readings for _, readings in phrases),
        syllables,
        marks,
    )


def _source_key(folder: Path) -> tuple:
    """What the cache was made from: this format, and the size and time of pypinyin's files."""
    stats = [(folder / name).stat() for name in ("pinyin_dict.json", "phrases_dict.json")]
    return (_CACHE_FORMAT, *((s.st_size, s.st_mtime_ns) for s in stats))


def _load() -> PinyinData:
    """From the cache (~20 ms), else from pypinyin's files (~0.2 s), then cached."""
    import marshal

    from reader.paths import cache_dir

    folder = _data_dir()
    key = _source_key(folder)
    path = cache_dir() / _CACHE_NAME
    try:
        stored = marshal.loads(path.read_bytes())
        if stored[0] == key:
            codes = array("I")
            codes.frombytes(stored[1])
            return PinyinData(codes, *stored[2:])
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        pass  # no cache yet, or another version's
    loaded = _parse(folder)
    fields = (loaded.char_readings, loaded.phrases, loaded.phrase_readings, loaded.tone3)
    try:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((key, loaded.codes.tobytes(), *fields, loaded.marks)))
        os.replace(tmp, path)
    except OSError as exc:
        _log.warning("cannot write %s: %s", path, exc)
    return loaded


_data: PinyinData | None = None


def data() -> PinyinData:
    """The readings, read once (thread-safe; the background loader calls this first)."""
    global _data
    if _data is None:
        with _lock:
            if _data is None:
                _data = _load()
    return _data


def tone3(syllable: str) -> str:
    """A tone-numbered syllable with the neutral tone as ``5`` (``le`` → ``le5``)."""
    return syllable if syllable[-1:].isdigit() else syllable + "5"


def numbered(reading: str) -> str:
    """A reading with tone marks as the voice is given it: ``háng`` → ``hang2``, ``le`` → ``le5``."""
    found = data().tone3.get(reading)
    return tone3(found if found is not None else marks_to_tone3(reading))


def with_marks(syllable: str) -> str:
    """``chu3`` → ``chǔ``, ``lv4`` → ``lǜ``, ``de5`` → ``de``; a syllable not in the data unchanged."""
    return data().marks.get(syllable, syllable)


def char_readings(ch: str) -> tuple[str, ...]:
    """Every reading of ``ch`` with tone marks, the common one first (``()`` if none)."""
    if len(ch) != 1:
        return ()
    d = data()
    code = ord(ch)
    i = bisect_left(d.codes, code)
    return tuple(d.char_readings[i].split(",")) if i < len(d.codes) and d.codes[i] == code else ()


def phrase_reading(phrase: str) -> tuple[str, ...] | None:
    """The syllables (tone marks) of a phrase pypinyin knows, else None."""
    d = data()
    i = bisect_left(d.phrases, phrase)
    if i < len(d.phrases) and d.phrases[i] == phrase:
        return tuple(d.phrase_readings[i].split(" "))
    return None


def segment(text: str) -> list[str]:
    """``text`` cut into pypinyin's phrases by forward maximum matching, else single characters.

    The same cut as ``pypinyin.seg.mmseg.seg`` (``no_non_phrases``): at
    each point the longest phrase whose every prefix begins some phrase.
    """
    phrases = data().phrases
    count = len(phrases)
    out: list[str] = []
    remain = text
    while remain:
        longest = ""
        for end in range(1, len(remain) + 1):
            word = remain[:end]
            i = bisect_left(phrases, word)
            if i == count or not phrases[i].startswith(word):
                break  # no phrase begins so
            if phrases[i] == word:
                longest = word
        else:
            if not longest:
                out.extend(remain)
                break
        if longest:
            out.append(longest)
            remain = remain[len(longest) :]
        else:
            out.append(remain[0])
            remain = remain[1:]
    return out


def pinyin(text: str, *, tone_numbers: bool = False) -> list[str]:
    """Each character's reading in context, as ``pypinyin.pinyin(text)`` gives it.

    With tone marks (``háng``), or with ``tone_numbers`` as the voice is
    given them (``hang2``, ``de5``). Runs without readings (Latin, digits,
    punctuation) come whole, as one item; a Chinese character pypinyin has
    no reading for, as itself.
    """
    out: list[str] = []
    for run in _RUNS.findall(text):
        if not _HAN_RUN.match(run):
            out.append(run)
            continue
        for word in segment(run):
            phrase = phrase_reading(word)
            for k, ch in enumerate(word):
                syllable = phrase[k] if phrase else next(iter(char_readings(ch)), None)
                if syllable is None:
                    out.append(ch)
                else:
                    out.append(numbered(syllable) if tone_numbers else syllable)
    return out
