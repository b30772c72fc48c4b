"""Damaged and hostile files: each opens with the text it could read or fails with one clear line.

The corpus (``tests/hostile_corpus.py``, scaled down to keep the suite
fast; ``benchmarks/hostile_files.py`` runs it full size) goes through
every importer — the loader's own choice and each format forced — and
through ``reader outline``, each file in a child process with a memory cap
and a time limit, so a hang or a blow-up fails here instead of stalling
CI. Hypothesis feeds arbitrary bytes and text to the decoder and the
importers in-process.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError
from reader.importers import articles_from_bytes
from reader.importers.decode import decode_bytes
from reader.importers.epub import parse_epub
from reader.importers.html import parse_html
from reader.importers.htmltext import parse_dom
from tests.hostile_corpus import (
    CHINESE,
    MB,
    OPEN,
    REFUSE,
    TRADITIONAL,
    HostileCase,
    all_cases,
    write_corpus,
)
from tests.hostile_runner import (
    MAX_MESSAGE_CHARS,
    outline_file,
    outline_problem,
    probe_file,
    run_child,
)

TEST_SCALE = 0.05
CASES = all_cases(TEST_SCALE)
# Peak memory of a child may be this much plus this many times the file size.
BASE_MEMORY_MB = 300
MEMORY_PER_INPUT_MB = 40


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory):
    """Every corpus file through the probe and through ``reader outline``, two at a time."""
    directory = tmp_path_factory.mktemp("hostile")
    paths = write_corpus(directory, CASES)

    def run(item: tuple[HostileCase, Path]):
        case, path = item
        return case.name, (path, probe_file(path, case.keep), outline_file(path))

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(run, zip(CASES, paths, strict=True)))


def _check_message(message: str) -> None:
    assert message.strip(), "a refusal must say why"
    assert "\n" not in message, f"not one line: {message!r}"
    assert len(message) <= MAX_MESSAGE_CHARS, f"too long: {message!r}"
    assert "Traceback" not in message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_file_opens_or_is_refused_clearly(case, corpus_runs):
    path, probe, outline = corpus_runs[case.name]
    assert not probe.hung, f"importers hung on {case.name} (killed after {probe.seconds:.0f} s)"
    assert probe.returncode == 0, probe.stderr[-2000:]
    modes = {a["mode"]: a for a in probe.attempts}
    assert set(modes) == {"loader", "as.txt", "as.md", "as.html", "as.epub"}, probe.stderr[-2000:]
    for attempt in probe.attempts:
        assert attempt["outcome"] != "crashed", (
            f"{attempt['mode']}: {attempt['message']}\n{attempt.get('traceback', '')}"
        )
        if attempt["outcome"] == "refused":
            _check_message(attempt["message"])
        elif case.keep and attempt["mode"] == "loader":
            assert attempt["kept"], f"the readable text {case.keep!r} did not come through"
    loader = modes["loader"]
    if case.expect == OPEN:
        assert loader["outcome"] == "opened", loader.get("message")
    elif case.expect == REFUSE:
        assert loader["outcome"] == "refused", "a hostile file was read as text"
    problem = outline_problem(outline)
    assert not problem, problem
    assert (outline.returncode == 0) == (loader["outcome"] == "opened")
    limit = BASE_MEMORY_MB + MEMORY_PER_INPUT_MB * path.stat().st_size / MB
    assert probe.peak_mb < limit and outline.peak_mb < limit, (probe.peak_mb, outline.peak_mb)


def test_ten_megabyte_line_through_outline(tmp_path):
    """Full size: one 10 MB line of Chinese opens, split into paragraphs, within the bounds."""
    path = tmp_path / "line.txt"
    path.write_bytes((CHINESE * (10 * MB // len(CHINESE.encode()))).encode())
    run = outline_file(path)
    assert not outline_problem(run) and run.returncode == 0, outline_problem(run)
    assert run.peak_mb < BASE_MEMORY_MB + MEMORY_PER_INPUT_MB * 10


@pytest.mark.parametrize("name", ["epub-zip-bomb.epub", "nul-filled.txt", "binary-named.html"])
def test_hostile_file_given_to_the_app(name, tmp_path):
    """``reader FILE`` (the app) refuses a hostile file with one line and exit code 2."""
    case = next(c for c in CASES if c.name == name)
    path = tmp_path / name
    path.write_bytes(case.make())
    run = run_child(["-m", "reader", "--audio", "null", str(path)])
    assert run.returncode == 2 and not outline_problem(run), outline_problem(run) or run.stderr
    assert run.stderr.startswith(f"reader: {name}: ")


# ----------------------------------------------------------------- regressions, in-process


def test_truncated_gb18030_keeps_its_text():
    data = (CHINESE * 20).encode("gb18030") + "书".encode("gb18030")[:1]
    decoded = decode_bytes(data)
    assert decoded.encoding == "gb18030"
    assert decoded.text.startswith(CHINESE)


def test_lines_in_utf8_and_gb18030_both_read():
    lines = [f"第{n}行。{CHINESE}" for n in range(6)]
    data = b"\n".join(line.encode("utf-8" if n % 2 else "gb18030") for n, line in enumerate(lines))
    decoded = decode_bytes(data)
    assert decoded.text.split("\n") == lines
    assert decoded.encoding == "utf-8+gb18030"


def test_lines_in_utf8_and_big5_both_read():
    lines = [f"第{n}行。{TRADITIONAL}" for n in range(6)]
    data = b"\n".join(line.encode("utf-8" if n % 2 else "big5") for n, line in enumerate(lines))
    assert decode_bytes(data).text.split("\n") == lines


def test_text_in_tables_nested_past_the_depth_cap_is_read():
    page = "<table><tr><td>" * 1000 + "深处的文字。" + "</td></tr></table>" * 1000
    articles = parse_html(page.encode(), source="t", name="t.html")
    assert "深处的文字。" in [p.text for a in articles for p in a.paragraphs]


def test_deep_ordered_lists_are_numbered():
    page = "<ol><li>" * 3000 + "深处" + "</li></ol>" * 3000
    articles = parse_html(page.encode(), source="t", name="t.html")
    assert articles[0].paragraphs[-1].text == "1. 深处"


def test_stray_angle_brackets_stay_text():
    document = parse_dom("<" * 100_000 + "春天")
    assert document.children == ["<" * 100_000 + "春天"]


def test_table_of_contents_nested_thousands_deep(tmp_path):
    from tests.hostile_corpus import _deep_ncx

    articles = parse_epub(_deep_ncx(), source="b", name="b.epub")
    assert any("花开了" in p.text for a in articles for p in a.paragraphs)
    assert all(len(a.section) < 100 for a in articles)


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_a_megabyte_paragraph_is_cut_at_sentence_ends(suffix):
    text = CHINESE * (MB // len(CHINESE.encode()))
    data = (f"<p>{text}</p>" if suffix == ".html" else text).encode()
    articles = articles_from_bytes(data, "x", "x" + suffix, suffix)
    paragraphs = [p.text for a in articles for p in a.paragraphs]
    assert "".join(paragraphs) == text
    assert len(paragraphs) > 100 and max(map(len, paragraphs)) <= 1200
    assert all(p.endswith("。") for p in paragraphs)


def test_markdown_in_chunks_reads_as_the_whole():
    """Parsing a long document piece by piece (bounded memory) gives the same articles."""
    import reader.importers.markdown as md
    from reader.importers.structure import ArticleBuilder

    text = "".join(
        f"## 第{n}章\n\n段落{n}。{CHINESE}\n\n- 项目{n}\n- 项目\n\n  续行\n\n> 引用{n}\n\n"
        f"```\ncode\n\nmore\n```\n\n[链接][r{n}]\n\n[r{n}]: http://x/{n}\n\n"
        for n in range(100)
    )
    chunks = list(md.markdown_chunks(text, 2000))
    assert len(chunks) > 5 and "".join(chunks) == text

    def articles(pieces):
        builder, env = ArticleBuilder("x", "x"), {}
        for piece in pieces:
            md._feed(md._parser().parse(piece, env), builder)
        return [(a.title, [p.text for p in a.paragraphs]) for a in builder.articles()]

    assert articles(chunks) == articles([text])


# ----------------------------------------------------------------- property tests

_SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".epub"])
_TEXTISH = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(list("春天来了，。\n\n<>&#;[]()*`>-|\r\t ")),
    max_size=400,
)


def _opened_or_refused(make) -> None:
    try:
        articles = make()
    except ReaderError as exc:
        _check_message(str(exc))
        return
    assert articles
    for article in articles:
        for paragraph in article.paragraphs:
            assert paragraph.text.strip()
            assert all(0 <= s.start < s.end <= len(paragraph.text) for s in paragraph.sentences)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_decoder_on_arbitrary_bytes(data):
    try:
        decoded = decode_bytes(data)
    except ReaderError as exc:
        _check_message(str(exc))
        return
    assert any(ch.isalnum() for ch in decoded.text)
    assert "\r" not in decoded.text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), _SUFFIXES)
def test_importers_on_arbitrary_bytes(data, suffix):
    _opened_or_refused(lambda: articles_from_bytes(data, "x", "x" + suffix, suffix))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTISH)
def test_text_importers_on_arbitrary_text(text):
    for suffix in (".txt", ".md", ".html"):
        _opened_or_refused(lambda s=suffix: articles_from_bytes(text.encode(), "x", "x" + s, s))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_mangled_epubs(seed):
    """A real EPUB with random bytes flipped, dropped, duplicated or cut."""
    import random

    from tests.hostile_corpus import _good_book, _mangle

    data = _mangle(_good_book().build(), random.Random(seed))
    _opened_or_refused(lambda: parse_epub(data, source="b", name="b.epub"))
