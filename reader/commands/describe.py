"""``reader describe TEXT [--variant V] [--all] [--spoken]``: spell characters out.

One line per character: the character, its pinyin and its description
(``储  chǔ  储，储备的储``); with ``--all`` every alternative follows on
its own line, as the UI's describe key cycles through them.
"""

from __future__ import annotations

import argparse
import sys

from reader.commands.sources import VARIANT_CHOICES
from reader.errors import ReaderError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the describe command's arguments."""
    parser.add_argument("text", metavar="TEXT", help="the characters to describe")
    parser.add_argument(
        "--variant",
        choices=VARIANT_CHOICES,
        help="script of the example words (default: the script TEXT is written in)",
    )
    parser.add_argument("--all", action="store_true", help="print every alternative")
    parser.add_argument(
        "--spoken", action="store_true", help="print what the voice is given instead"
    )


def run(args: argparse.Namespace) -> int:
    """Print the descriptions of the characters of ``args.text``."""
    from reader.chinese.describe import describe_text
    from reader.chinese.pinyin import tone3_to_marks

    if not args.text:
        raise ReaderError("nothing to describe: give some text, e.g. reader describe 储蓄")
    variant = args.variant or _variant_of(args.text)
    lines: list[str] = []
    for descriptions in describe_text(args.text, variant):
        shown = descriptions if args.all else descriptions[:1]
        label = _visible(descriptions[0].char)
        for i, d in enumerate(shown):
            head = label if i == 0 else ""
            reading = tone3_to_marks(d.reading) if d.reading else "-"
            text = d.spoken if args.spoken else d.text
            lines.append(f"{_pad(head, 6)}  {_pad(reading, 7)}  {text}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _variant_of(text: str) -> str:
    from reader.chinese.script import detect_script, script_family

    return script_family(detect_script(text))


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (CJK characters take two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def _visible(char: str) -> str:
    """The character itself, or its code point when it would not show."""
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
