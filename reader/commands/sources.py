"""What ``reader speak`` and ``reader export`` read, and with which voice and rate.

Not a command itself: the arguments and choices the two share (the
document or the bundled page, ``--article N``, ``--variant``, ``--voice``,
``--rate``, how a speech notice is written), and those they share with the app
and ``describe`` (``--audio``, the variants).
"""

from __future__ import annotations

import argparse

from reader.errors import ReaderError

# = reader.chinese.script.VARIANTS, written out so that parsing a command line
# does not import the script module.
VARIANT_CHOICES = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
RATE_HELP = "speech rate: 1-10, or words per minute (80-450)"


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments shared by ``speak`` and ``export``: what to read and with which voice."""
    parser.add_argument("--article", type=int, metavar="N", help="only article N (from 1)")
    parser.add_argument("--voice", metavar="ID", help="voice id (see `reader voices`)")
    parser.add_argument("--rate", type=float, metavar="R", help=RATE_HELP)
    parser.add_argument(
        "--variant",
        choices=VARIANT_CHOICES,
        help="read the text in this script variant, with its default voice (zh-HK: Cantonese)",
    )


def add_audio_argument(parser: argparse.ArgumentParser) -> None:
    """``--audio auto|device|null``: where speech is played (the app and ``speak``)."""
    parser.add_argument(
        "--audio",
        choices=("auto", "device", "null"),
        default="auto",
        help="sound output (null: no sound, real-time pace)",
    )


def chosen_articles(args: argparse.Namespace) -> list:
    """The articles of ``args.path`` (the bundled page when none), or only ``--article N``."""
    from reader.cli import open_library

    articles = list(open_library([args.path] if args.path else []))
    if args.article is None:
        return articles
    if not 1 <= args.article <= len(articles):
        raise ReaderError(f"--article {args.article}: the document has {len(articles)} article(s)")
    return [articles[args.article - 1]]


def choose_voice(args: argparse.Namespace, family: str) -> str:
    """The voice id: ``--voice`` (checked), else the default of ``--variant`` or of ``family``."""
    from voices import catalog

    if args.voice:
        found = catalog.find_voice(args.voice)
        if found is None:
            raise ReaderError(f"--voice {args.voice}: no such voice (see `reader voices`)")
        return found.id
    chosen = catalog.default_voice(args.variant or family)
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


def notice_text(notice) -> str:
    """One line for a speech notice on stderr (the detail goes to the log)."""
    from voices.events import NOTICE_IDS

    return NOTICE_IDS.get(notice.message_id, notice.message_id)
