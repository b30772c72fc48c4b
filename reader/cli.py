"""The ``reader`` command: the reading app, and subcommands for scripts and checks.

``reader [FILE…]`` opens the app (the bundled page when no file is given);
``reader outline|convert|speak|export|voices|describe …`` run one job and
exit. Bad input gets one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from reader.commands import COMMANDS
from reader.commands.sources import RATE_HELP, VARIANT_CHOICES, add_audio_argument
from reader.document import Library
from reader.errors import ReaderError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line and exit code 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def open_library(paths: list[str]) -> Library:
    """Load the given paths, or the bundled articles when there are none."""
    from reader.importers import bundled_seed_paths, load

    return load(paths or [str(p) for p in bundled_seed_paths()])


def add_app_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of the reading app (``reader [FILE…]``)."""
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="documents to open (txt, md, html, epub, - for stdin)",
    )
    add_audio_argument(parser)
    parser.add_argument(
        "--variant", choices=VARIANT_CHOICES, help="script variant to show and read"
    )
    parser.add_argument("--voice", help="voice id (see `reader voices`)")
    parser.add_argument("--rate", type=float, help=RATE_HELP)
    parser.add_argument(
        "--ui-lang",
        choices=("zh-Hans", "zh-Hant", "en"),
        help="language of menus and announcements",
    )
    parser.add_argument(
        "--speech-log",
        metavar="FILE",
        help="append everything spoken to FILE as JSON lines (past 16 MB it moves to FILE.1)",
    )
    parser.add_argument(
        "--screen-reader",
        action="store_true",
        help="no self-voicing; park the cursor for a screen reader",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="settings file to use instead of the default"
    )


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """The parser for one subcommand, or for the app when ``command`` is None."""
    if command is None:
        parser = _Parser(
            prog="reader",
            description="听读 reader: read Chinese articles aloud, paragraph by paragraph. "
            f"Subcommands: {', '.join(COMMANDS)} (reader COMMAND --help).",
        )
        add_app_arguments(parser)
        return parser
    parser = _Parser(prog=f"reader {command}", description=COMMANDS[command])
    module = importlib.import_module(f"reader.commands.{command}")
    module.add_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    try:
        parser = build_parser(command)
        args = parser.parse_args(argv[1:] if command else argv)
        if command is None:
            from reader.ui.session import run_app

            return run_app(args)
        module = importlib.import_module(f"reader.commands.{command}")
        return module.run(args)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. `| head`).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
