"""``python -m tests.hostile_probe FILE [--keep TEXT]``: one file through every importer.

Runs in its own process (the caller caps its memory and time): the loader's
own choice for the path, then the file forced through each format. Prints
one JSON object per attempt — ``opened`` (with the text size, and whether
``--keep`` came through), ``refused`` (a ``ReaderError``, with its
message) or ``crashed`` (any other exception: a bug).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

from reader.document import Article
from reader.errors import ReaderError
from reader.importers import articles_from_bytes, load

FORCED_SUFFIXES = (".txt", ".md", ".html", ".epub")


def _touch(articles) -> tuple[int, str]:
    """Walk what the app walks (titles, paragraphs, sentences); the text size and all text."""
    parts = []
    for article in articles:
        assert isinstance(article, Article)
        parts.extend(article.heading_lines())
        for paragraph in article.paragraphs:
            parts.append(paragraph.text)
            for sentence in paragraph.sentences:
                assert 0 <= sentence.start <= sentence.end <= len(paragraph.text)
    text = "\n".join(parts)
    return len(text), text


def attempt(mode: str, run, keep: str) -> dict:
    """Run one import; its outcome as a JSON-ready dict."""
    started = time.perf_counter()
    result: dict = {"mode": mode}
    try:
        chars, text = _touch(run())
        result.update(outcome="opened", chars=chars, kept=keep in text)
    except ReaderError as exc:
        result.update(outcome="refused", message=str(exc))
    except Exception as exc:  # noqa: BLE001 - any other exception is the bug we are looking for
        result.update(outcome="crashed", message=f"{type(exc).__name__}: {exc}"[:500])
        result["traceback"] = traceback.format_exc()[-3000:]
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def main(argv: list[str] | None = None) -> int:
    """Probe one file and print the JSON lines."""
    parser = argparse.ArgumentParser(prog="python -m tests.hostile_probe")
    parser.add_argument("file")
    parser.add_argument("--keep", default="", help="text that must come through when it opens")
    parser.add_argument("--loader-only", action="store_true", help="skip the forced formats")
    args = parser.parse_args(argv)
    path = Path(args.file)
    data = path.read_bytes()
    runs = [("loader", lambda: load([path]).articles)]
    if not args.loader_only:
        for suffix in FORCED_SUFFIXES:
            runs.append(
                (
                    f"as{suffix}",
                    lambda suffix=suffix: articles_from_bytes(data, str(path), path.name, suffix),
                )
            )
    for mode, run in runs:
        sys.stdout.write(json.dumps(attempt(mode, run, args.keep), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
