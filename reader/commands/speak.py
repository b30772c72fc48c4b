"""``reader speak [PATH | --text TEXT] [--article N] [--variant V] [--voice ID] [--rate R]``: read aloud.

Speaks a document (the bundled page when no PATH is given) or the given
text through the sound device, or silently at real-time pace when there
is none (``--audio null`` asks for that). Each sentence is printed as it
is heard, as shown in ``--variant``. ``--show`` prints, for each title and
paragraph, the text as shown and, after a tab, what the voice is given,
instead of speaking. The text goes to the voice the way the app and
``export`` give it (``reader.speech_text``).
"""

from __future__ import annotations

import argparse
import sys
import threading

from reader.commands.sources import (
    add_audio_argument,
    add_source_arguments,
    choose_rate,
    choose_voice,
    notice_text,
)
from reader.errors import ReaderError
from reader.speech_text import Passage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the speak command's arguments."""
    parser.add_argument(
        "path", nargs="?", metavar="PATH", help="document to read; none: the bundled page"
    )
    parser.add_argument("--text", help="read this text instead of a document")
    add_source_arguments(parser)
    add_audio_argument(parser)
    parser.add_argument(
        "--show",
        action="store_true",
        help="print each passage as shown and, after a tab, what the voice is given",
    )


def passages(args: argparse.Namespace) -> tuple[list[Passage], str]:
    """The titles and paragraphs to read, in order, in ``--variant``; and the script family."""
    from reader.chinese.script import detect_script, script_family
    from reader.commands.sources import chosen_articles
    from reader.speech_text import article_passages, main_family, text_passage

    text = args.text
    if text is not None:
        if args.path:
            raise ReaderError("give either PATH or --text, not both")
        if not text.strip():
            raise ReaderError("--text is empty")
        if args.article is not None:
            raise ReaderError("--article needs a document, not --text")
        family = script_family(detect_script(text))
        return [text_passage(text.strip(), args.variant)], family
    articles = chosen_articles(args)
    found = [p for article in articles for p in article_passages(article, args.variant)]
    return found, main_family(articles)


def run(args: argparse.Namespace) -> int:
    """Speak the passages (or print them and their spoken form with ``--show``)."""
    from reader.logs import setup_logging
    from reader.speech_text import VoiceText

    setup_logging()  # engine warnings go to the log file, not the terminal
    found, family = passages(args)
    voice = choose_voice(args, family)
    rate = choose_rate(args)
    voice_text = VoiceText(voice)
    if args.show:
        for passage in found:
            spoken = voice_text.chunk(passage.text, passage.script).text
            sys.stdout.write(f"{passage.text}\t{spoken}\n")
        return 0
    return _speak(found, voice_text, args.audio, rate)


def _speak(found: list[Passage], voice_text, audio: str, rate: int) -> int:
    from voices.audio import AudioUnavailable
    from voices.commands import Priority, Utterance
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

    voice = voice_text.voice
    try:
        manager = SpeechManager(on_event, audio=audio, voice=voice or None, rate=rate)
    except AudioUnavailable as exc:
        raise ReaderError(str(exc)) from exc
    try:
        for index, passage in enumerate(found):
            chunk = voice_text.chunk(passage.text, passage.script)
            manager.speak(Utterance((chunk,), Priority.NORMAL, index, passage.text))
        while not done.wait(0.2):
            pass
    finally:
        manager.close()
    if failures:
        raise ReaderError(f"no speech engine could start ({failures[0]})")
    return 0
