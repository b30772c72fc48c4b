"""``reader outline PATH [--json]``: the structure of a document."""

from __future__ import annotations

import argparse
import json
import sys

from reader.document import Library


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the outline command's arguments."""
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="file(s) to read; none: the bundled page"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object per source")


def outline_json(library: Library, source: str) -> dict:
    """The JSON outline of the articles of ``library`` that came from ``source``."""
    articles = [a for a in library if a.source == source]
    sections = [a.section for a in articles if a.section]
    scripts = {a.script for a in articles} - {"unknown"}
    return {
        "source": source,
        "script": scripts.pop() if len(scripts) == 1 else ("mixed" if scripts else "unknown"),
        "section": sections[0] if sections else "",
        "articles": [
            {
                "title": a.title,
                "subtitles": list(a.subtitles),
                "author": a.author,
                "paragraphs": [p.text for p in a.paragraphs],
            }
            for a in articles
        ],
    }


def outline_text(library: Library) -> str:
    """A human-readable outline: one block per article."""
    lines: list[str] = []
    for n, article in enumerate(library, 1):
        lines.append(f"{n}. {article.title}")
        for sub in article.subtitles:
            lines.append(f"   {sub}")
        meta = [x for x in (article.author, article.section, article.script) if x]
        meta.append(f"{len(article.paragraphs)} paragraphs, {article.char_count} chars")
        lines.append("   [" + " · ".join(meta) + "]")
        for i, p in enumerate(article.paragraphs, 1):
            lines.append(f"   {i:>3}  {p.text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the outline of the documents named in ``args``."""
    from reader.cli import open_library

    library = open_library(args.paths)
    if args.json:
        sources = list(dict.fromkeys(a.source for a in library))
        objects = [outline_json(library, s) for s in sources]
        out = objects[0] if len(objects) == 1 else objects
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(outline_text(library))
    return 0
