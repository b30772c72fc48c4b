"""``reader convert PATH --to VARIANT [--phrases]``: print a document in another script variant."""

from __future__ import annotations

import argparse
import sys

from reader.chinese.script import VARIANT_AUTONYMS, VARIANTS
from reader.document import Article, Library


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the convert command's arguments."""
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="file(s) to read; none: the bundled page"
    )
    parser.add_argument(
        "--to",
        required=True,
        choices=VARIANTS,
        metavar="VARIANT",
        help="script variant: " + ", ".join(f"{v} ({VARIANT_AUTONYMS[v]})" for v in VARIANTS),
    )
    parser.add_argument(
        "--phrases",
        action="store_true",
        help="also use regional phrases (软件→軟體; may mis-convert news words: 支持→支援)",
    )


def converted_article(article: Article, variant: str, phrases: bool = False) -> list[str]:
    """The blocks of ``article`` (title, subtitles, paragraphs) in ``variant``."""
    from reader.chinese.script import convert, detect_paragraph_scripts

    blocks = [*article.heading_lines(), *(p.text for p in article.paragraphs)]
    scripts = detect_paragraph_scripts(blocks, initial=article.script)
    return [
        convert(text, script, variant, phrases=phrases)
        for text, script in zip(blocks, scripts, strict=True)
    ]


def converted_library(library: Library, variant: str, phrases: bool = False) -> str:
    """The whole library as text: one block per title or paragraph, blank lines between."""
    blocks = [b for article in library for b in converted_article(article, variant, phrases)]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def run(args: argparse.Namespace) -> int:
    """Print the documents named in ``args`` in the variant asked for."""
    from reader.cli import open_library

    library = open_library(args.paths)
    sys.stdout.write(converted_library(library, args.to, args.phrases))
    return 0
