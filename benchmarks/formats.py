"""Import speed and memory of big books: ``python -m benchmarks formats``.

For each novel in ../shared/data/novels (when present) and for 红楼梦.txt
re-written as Markdown, HTML and EPUB, a fresh Python process imports the
file (decode + parse + script detection, i.e. ``reader.importers.load``)
after a warm-up on a small file, and reports the median import time and
the process's peak RSS. Targets: importing a 2.5 MB novel takes ≤ 400 ms,
and the process stays ≤ 250 MB (the app's whole budget for an open book).
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from benchmarks.result import Result

ROOT = Path(__file__).resolve().parent.parent
NOVELS = ROOT.parent / "shared" / "data" / "novels"
WARM_UP = ROOT / "tests" / "data" / "hongloumeng-utf8.txt"
IMPORT_TARGET_MS = 400.0
RSS_TARGET_MB = 250.0
SOURCE_FOR_MARKUP = "红楼梦.txt"

_PROBE = """
import json, statistics, sys, time
sys.path.insert(0, {root!r})
from reader.importers import load
load([{warm!r}])
times = []
for _ in range({repeat}):
    start = time.perf_counter()
    library = load([{path!r}])
    times.append((time.perf_counter() - start) * 1000)
# VmHWM is this process's own peak; ru_maxrss survives exec on Linux and so
# would report the parent's (the benchmark runner's) peak instead.
try:
    with open("/proc/self/status") as status:
        rss_mb = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    try:
        import resource
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:
        rss_mb = -1
print(json.dumps({{
    "ms": statistics.median(times),
    "rss_mb": rss_mb,
    "articles": len(library),
    "paragraphs": sum(len(a.paragraphs) for a in library),
}}))
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite."""
    parser.add_argument(
        "--novels", default=str(NOVELS), help="folder of novels to import (default: %(default)s)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="imports per file; the median is reported"
    )


def run(options: argparse.Namespace) -> list[Result]:
    """Measure every novel and the derived Markdown/HTML/EPUB versions."""
    novels = Path(getattr(options, "novels", NOVELS))
    repeat = getattr(options, "repeat", 3)
    if not novels.is_dir():
        return [Result("formats.skipped", 0, note=f"{novels} not found")]
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        files = sorted(novels.glob("*.txt"))
        source = novels / SOURCE_FOR_MARKUP
        if source.exists():
            files.extend(write_markup_versions(source, Path(tmp)))
        for path in files:
            results.extend(measure(path, repeat))
    return results


def measure(path: Path, repeat: int) -> list[Result]:
    """Import ``path`` in a fresh process; return its time and memory results."""
    probe = _PROBE.format(root=str(ROOT), warm=str(WARM_UP), path=str(path), repeat=repeat)
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    label = f"formats.{path.name}"
    if proc.returncode != 0:
        error = proc.stderr.strip().splitlines()[-1:] or ["failed"]
        return [Result(f"{label}.import_ms", float("nan"), "ms", IMPORT_TARGET_MS, note=error[0])]
    data = json.loads(proc.stdout)
    size_mb = path.stat().st_size / (1024 * 1024)
    note = f"{size_mb:.1f} MB, {data['articles']} articles, {data['paragraphs']} paragraphs"
    out = [Result(f"{label}.import_ms", round(data["ms"], 1), "ms", IMPORT_TARGET_MS, note=note)]
    if data["rss_mb"] >= 0:
        out.append(Result(f"{label}.peak_rss_mb", round(data["rss_mb"], 1), "MB", RSS_TARGET_MB))
    return out


def write_markup_versions(source: Path, folder: Path) -> list[Path]:
    """红楼梦 as Markdown, HTML and EPUB 3 (one chapter per spine document), for the importers."""
    sys.path.insert(0, str(ROOT))
    from reader.importers import load

    chapters = [(a.title, [p.text for p in a.paragraphs]) for a in load([source])]
    stem = source.stem
    markdown = folder / f"{stem}.md"
    markdown.write_text(
        "".join(f"## {t}\n\n" + "".join(f"{p}\n\n" for p in ps) for t, ps in chapters),
        encoding="utf-8",
    )
    page = folder / f"{stem}.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>红楼梦</title></head><body>"
        "<nav><a href='/'>首页</a></nav><main>"
        + "".join(
            f"<h2>{html.escape(t)}</h2>" + "".join(f"<p>{html.escape(p)}</p>" for p in ps)
            for t, ps in chapters
        )
        + "</main></body></html>",
        encoding="utf-8",
    )
    book = folder / f"{stem}.epub"
    _write_epub(book, chapters)
    return [markdown, page, book]


def _write_epub(path: Path, chapters: list[tuple[str, list[str]]]) -> None:
    def xhtml(body: str) -> str:
        return (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>x</title></head><body>{body}</body></html>'
        )

    names = [f"c{i}.xhtml" for i in range(len(chapters))]
    manifest = "".join(
        f'<item id="c{i}" href="{n}" media-type="application/xhtml+xml"/>'
        for i, n in enumerate(names)
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(names)))
    opf = (
        '<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" '
        'version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>红楼梦'
        f'</dc:title></metadata><manifest>{manifest}<item id="nav" href="nav.xhtml" '
        'media-type="application/xhtml+xml" properties="nav"/></manifest>'
        f"<spine>{spine}</spine></package>"
    )
    toc = "".join(
        f'<li><a href="{n}">{html.escape(t)}</a></li>'
        for n, (t, _) in zip(names, chapters, strict=True)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        z.writestr("OEBPS/content.opf", opf)
        z.writestr("OEBPS/nav.xhtml", xhtml(f'<nav epub:type="toc"><ol>{toc}</ol></nav>'))
        for name, (title, paragraphs) in zip(names, chapters, strict=True):
            body = f"<h2>{html.escape(title)}</h2>" + "".join(
                f"<p>{html.escape(p)}</p>" for p in paragraphs
            )
            z.writestr(f"OEBPS/{name}", xhtml(body))
