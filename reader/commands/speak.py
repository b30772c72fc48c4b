"""``reader speak [PATH | --text TEXT] [--article N] [--voice ID] [--rate R]``: read aloud.

Speaks a document (the bundled page when no PATH is given) or the given
text through the sound device, or silently at real-time pace when there
is none (``--audio null`` asks for that). Each sentence is printed as it
is heard. ``--show`` prints the speakable form (what the voice is given)
instead of speaking. The helpers here build the utterances for ``export``
too.
"""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache

from reader.errors import ReaderError

VARIANT_CHOICES = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")


@dataclass(frozen=True)
class Passage:
    """A piece of displayed text to read (a title or a paragraph) and its source script."""

    text: str
    script: str


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments shared by ``speak`` and ``export``: what to read and with which voice."""
    parser.add_argument("--article", type=int, metavar="N", help="only article N (from 1)")
    parser.add_argument("--voice", metavar="ID", help="voice id (see `reader voices`)")
    parser.add_argument(
        "--rate", type=float, metavar="R", help="speech rate: 1-10, or words per minute (80-450)"
    )
    parser.add_argument(
        "--variant",
        choices=VARIANT_CHOICES,
        help="script variant whose default voice to use (zh-HK: Cantonese)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the speak command's arguments."""
    parser.add_argument(
        "path", nargs="?", metavar="PATH", help="document to read; none: the bundled page"
    )
    parser.add_argument("--text", help="read this text instead of a document")
    add_source_arguments(parser)
    parser.add_argument(
        "--audio",
        choices=("auto", "device", "null"),
        default="auto",
        help="sound output (null: no sound, real-time pace)",
    )
    parser.add_argument(
        "--show",
        action="store_true",
        help="print what the voice would be given instead of speaking",
    )


def passages(args: argparse.Namespace) -> list[Passage]:
    """The titles and paragraphs to read, in order, from ``--text`` or the document."""
    from reader.chinese.script import detect_script

    text = getattr(args, "text", None)
    if text is not None:
        if getattr(args, "path", None):
            raise ReaderError("give either PATH or --text, not both")
        if not text.strip():
            raise ReaderError("--text is empty")
        return [Passage(text.strip(), detect_script(text))]
    from reader.cli import open_library

    library = open_library([args.path] if args.path else [])
    articles = list(library)
    if args.article is not None:
        if not 1 <= args.article <= len(articles):
            raise ReaderError(
                f"--article {args.article}: the document has {len(articles)} article(s)"
            )
        articles = [articles[args.article - 1]]
    found = []
    for article in articles:
        for line in article.heading_lines():
            found.append(Passage(line, article.script))
        found.extend(Passage(p.text, article.script) for p in article.paragraphs)
    return found


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def text_for_voice(text: str, script: str) -> str:
    """Traditional text is read from its Simplified form (better dictionary coverage).

    TODO(script module): replace with reader.chinese.script's conversion.
    OpenCC's t2s keeps the length, so offsets stay valid; if it ever did
    not, the original text is read.
    """
    if script != "zh-Hant":
        return text
    simplified = _t2s().convert(text)
    return simplified if len(simplified) == len(text) else text


def utterance_for(passage: Passage, tag: object = None):
    """The utterance that reads ``passage``, with offsets back to its displayed text."""
    from reader.chinese.speakable import to_speakable
    from voices.commands import Priority, TextChunk, Utterance

    speakable = to_speakable(text_for_voice(passage.text, passage.script), script=passage.script)
    chunk = TextChunk(speakable.text, 0, speakable.offsets)
    return Utterance((chunk,), Priority.NORMAL, tag, passage.text)


def choose_voice(args: argparse.Namespace, script: str) -> str:
    """The voice id to read with: ``--voice`` (checked), else the default for the variant."""
    from voices import catalog

    if args.voice:
        found = catalog.find_voice(args.voice)
        if found is None:
            raise ReaderError(f"--voice {args.voice}: no such voice (see `reader voices`)")
        return found.id
    variant = args.variant or ("zh-Hant" if script == "zh-Hant" else "zh-Hans")
    chosen = catalog.default_voice(variant)
    return chosen.id if chosen else ""


def choose_rate(args: argparse.Namespace) -> int:
    """``--rate`` in words per minute (1–10 is the scale), or the default rate."""
    from voices import catalog

    if args.rate is None:
        return catalog.DEFAULT_RATE
    try:
        return catalog.parse_rate(args.rate)
    except ValueError as exc:
        raise ReaderError(f"--rate: {exc}") from exc


def main_script(found: list[Passage]) -> str:
    """The script most of the passages are written in."""
    scripts = [p.script for p in found if p.script != "unknown"]
    return max(set(scripts), key=scripts.count) if scripts else "zh-Hans"


def run(args: argparse.Namespace) -> int:
    """Speak the passages (or print their speakable form with ``--show``)."""
    from reader.logs import setup_logging

    setup_logging()  # engine warnings go to the log file, not the terminal
    found = passages(args)
    if args.show:
        from reader.chinese.speakable import to_speakable

        for passage in found:
            text = text_for_voice(passage.text, passage.script)
            sys.stdout.write(to_speakable(text, script=passage.script).text + "\n")
        return 0
    voice = choose_voice(args, main_script(found))
    rate = choose_rate(args)
    return _speak(found, args.audio, voice, rate)


def _speak(found: list[Passage], audio: str, voice: str, rate: int) -> int:
    from voices.audio import AudioUnavailable
    from voices.events import EngineNotice, SentenceStarted, UtteranceDone
    from voices.manager import SpeechManager

    done = threading.Event()
    failures: list[str] = []
    last_tag = len(found) - 1

    def on_event(event) -> None:
        if isinstance(event, SentenceStarted):
            sys.stdout.write(found[event.tag].text[event.start : event.end] + "\n")
            sys.stdout.flush()
        elif isinstance(event, EngineNotice):
            if event.message_id == "no-engine":
                failures.append(event.detail)
            else:
                sys.stderr.write(f"reader: {notice_text(event)}\n")
        elif isinstance(event, UtteranceDone) and (event.tag == last_tag or not event.completed):
            done.set()

    try:
        manager = SpeechManager(on_event, audio=audio, voice=voice or None, rate=rate)
    except AudioUnavailable as exc:
        raise ReaderError(str(exc)) from exc
    try:
        for index, passage in enumerate(found):
            manager.speak(utterance_for(passage, index))
        while not done.wait(0.2):
            pass
    finally:
        manager.close()
    if failures:
        raise ReaderError(f"no speech engine could start ({failures[0]})")
    return 0


def notice_text(notice) -> str:
    """One line for a speech notice (the detail goes to the log)."""
    from voices.events import NOTICE_IDS

    return NOTICE_IDS.get(notice.message_id, notice.message_id)
