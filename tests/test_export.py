"""Export: documents spoken into WAV, MP3 and OGG files, as a user runs it and as the app calls it.

Real espeak-ng and real encoders throughout; the files are decoded back by
miniaudio (an independent decoder) and their tags read back by libsndfile.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from reader.commands.export import ProgressReport, clock
from reader.document import Article, Paragraph
from reader.errors import ReaderError
from reader.export import (
    ExportCancelled,
    ExportProgress,
    export_articles,
    plan_tracks,
    safe_title,
)
from reader.importers import load
from tests.conftest import ROOT
from tests.epubs import Book, xhtml
from tests.speech_helpers import rms
from tests.test_cli_errors import _assert_clean_failure, run_reader
from tests.test_encoder import decode, tags_of

CHAPTERS = [
    ("第一章 春天来了", ["春天来了，花开了。我们在公园里散步。", "2022年，天气很好。"]),
    ("第二章 夏天", ["夏天很热，我们去游泳。"]),
]
SPOKEN_CHARS = sum(len(t) + sum(len(p) for p in ps) for t, ps in CHAPTERS)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A two-chapter EPUB by 李明, saved as 春夏.epub (its name is the album)."""
    chapters = [
        (f"c{i}.xhtml", xhtml(f"<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)))
        for i, (title, paragraphs) in enumerate(CHAPTERS)
    ]
    path = tmp_path_factory.mktemp("book") / "春夏.epub"
    path.write_bytes(Book(chapters, title="春夏", author="李明").build())
    return path


@pytest.fixture
def out_dir(tmp_path):
    """A directory of its own for the files a test writes (READER_HOME is in tmp_path)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def names(directory) -> list[str]:
    """Every entry of ``directory``, temporary files included."""
    return sorted(p.name for p in directory.iterdir())


def test_round_trip_in_every_format(book, out_dir):
    durations = {}
    for ext in ("wav", "mp3", "ogg"):
        out = out_dir / f"book.{ext}"
        proc = run_reader("export", str(book), "-o", str(out), "--rate", "10")
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stdout.decode().splitlines()[0] == f"wrote {out}"
        pcm, durations[ext] = decode(out)
        assert rms(pcm) > 300, f"{ext}: speech, not silence"
        assert tags_of(out) == {"title": "春夏", "artist": "李明", "album": "春夏"}
    assert names(out_dir) == ["book.mp3", "book.ogg", "book.wav"]
    # About 10 characters a second at rate 10, plus the pauses after headings and paragraphs.
    assert SPOKEN_CHARS / 20 < durations["wav"] < SPOKEN_CHARS / 4 + 6
    assert durations["mp3"] == pytest.approx(durations["wav"], abs=0.05)
    assert durations["ogg"] == pytest.approx(durations["wav"], abs=0.05)


def test_split_writes_one_tagged_file_per_article(book, out_dir):
    proc = run_reader("export", str(book), "-o", str(out_dir / "春夏.ogg"), "--split")
    assert proc.returncode == 0, proc.stderr.decode()
    expected = ["春夏-01-第一章 春天来了.ogg", "春夏-02-第二章 夏天.ogg"]
    assert names(out_dir) == expected
    assert proc.stdout.decode().splitlines()[:2] == [f"wrote {out_dir / n}" for n in expected]
    for number, (name, (title, paragraphs)) in enumerate(zip(expected, CHAPTERS, strict=True), 1):
        tags = tags_of(out_dir / name)
        assert tags == {
            "title": title,
            "artist": "李明",
            "album": "春夏",
            "tracknumber": str(number),
        }
        chars = len(title) + sum(len(p) for p in paragraphs)
        pcm, seconds = decode(out_dir / name)
        assert chars / 12 < seconds < chars / 2 + 3
        assert rms(pcm) > 300


def test_variant_zh_hk_speaks_cantonese_and_shows_traditional(book, out_dir):
    proc = run_reader(
        "export", str(book), "-o", str(out_dir / "hk.wav"), "--split", "--variant", "zh-HK"
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[-1].endswith("voice espeak:yue")
    first = out_dir / "hk-01-第一章 春天來了.wav"
    assert names(out_dir) == [first.name, "hk-02-第二章 夏天.wav"]
    assert tags_of(first)["title"] == "第一章 春天來了"
    log = (out_dir.parent / "reader-home").rglob("reader.log")
    assert any("variant zh-HK, voice espeak:yue" in p.read_text("utf-8") for p in log)


def test_variant_voice_and_text_in_process(book, out_dir):
    articles = list(load([book]))
    result = export_articles(articles[1:], out_dir / "t.wav", variant="zh-TW", rate=450)
    assert result.voice == "espeak:cmn"
    assert result.files == (out_dir / "t.wav",)
    assert tags_of(result.files[0])["title"] == "第二章 夏天"
    cantonese = export_articles(articles[1:], out_dir / "y.wav", voice="espeak:yue", rate=450)
    assert cantonese.voice == "espeak:yue"


def test_progress_reaches_the_total_in_order(book, out_dir):
    seen: list[ExportProgress] = []
    export_articles(list(load([book])), out_dir / "p.ogg", split=True, on_progress=seen.append)
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1].done == seen[-1].total == SPOKEN_CHARS
    assert seen[-1].fraction == 1.0 and seen[-1].seconds_left == 0
    assert [p.track for p in seen][-1] == 2 and {p.tracks for p in seen} == {2}
    assert seen[-1].audio_seconds > 2


def test_cancel_keeps_finished_files_and_removes_the_partial_one(book, out_dir):
    cancel = threading.Event()

    def on_progress(progress: ExportProgress) -> None:
        if progress.track == 2 and progress.done > progress.total * 0.8:
            cancel.set()

    with pytest.raises(ExportCancelled) as caught:
        export_articles(
            list(load([book])),
            out_dir / "c.mp3",
            split=True,
            on_progress=on_progress,
            cancel=cancel,
        )
    first = out_dir / "c-01-第一章 春天来了.mp3"
    assert caught.value.kept == (first,)
    assert names(out_dir) == [first.name]


def test_encoder_failure_mid_export_leaves_nothing(book, out_dir, monkeypatch):
    import soundfile

    calls = []

    def fail_later(self, data, dtype):
        calls.append(len(data))
        if len(calls) > 2:
            raise soundfile.SoundFileRuntimeError("simulated encoder failure")
        return original(self, data, dtype)

    original = soundfile.SoundFile.buffer_write
    monkeypatch.setattr(soundfile.SoundFile, "buffer_write", fail_later)
    with pytest.raises(ReaderError, match="cannot write .*MP3 encoder failed"):
        export_articles(list(load([book])), out_dir / "f.mp3", rate=80)
    assert len(calls) == 3, "the failure happened while speech was being encoded"
    assert names(out_dir) == []


def test_failure_in_a_later_file_keeps_the_finished_ones(book, out_dir, monkeypatch):
    import soundfile

    original = soundfile.SoundFile.__init__

    def fail_second_file(self, file, *args, **kwargs):
        if len(names(out_dir)) > 1:  # the first file is in place, the second's temporary too
            raise soundfile.SoundFileRuntimeError("simulated encoder failure")
        original(self, file, *args, **kwargs)

    monkeypatch.setattr(soundfile.SoundFile, "__init__", fail_second_file)
    first = out_dir / "k-01-第一章 春天来了.ogg"
    with pytest.raises(ReaderError, match=f"kept 1 finished file.*{first.name}"):
        export_articles(list(load([book])), out_dir / "k.ogg", split=True, rate=450)
    assert names(out_dir) == [first.name]


def _limit_file_size() -> None:
    """In the child: files may not grow past 40 kB (as on a full disk), without SIGXFSZ."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(
        resource.RLIMIT_FSIZE, (40_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1])
    )


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
@pytest.mark.parametrize("ext", ["wav", "mp3"])
def test_full_disk_is_one_line_and_leaves_nothing(out_dir, seed_path, ext):
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "export", str(seed_path), "-o", f"{out_dir}/a.{ext}"],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        preexec_fn=_limit_file_size,
    )
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2, err
    assert err[-1] == f"reader: {out_dir}/a.{ext}: cannot write (File too large)"
    assert not any("Traceback" in line or "engine" in line for line in err)
    assert names(out_dir) == []


def _unwritable_directory(tmp_path):
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        return locked
    if os.path.isdir("/sys") and not os.access("/sys/export-test", os.F_OK):
        return "/sys"  # sysfs refuses new files, even to root
    pytest.skip("no directory here refuses writing")


def test_unwritable_directory_is_a_clean_error(book, tmp_path):
    directory = _unwritable_directory(tmp_path)
    out = f"{directory}/a.mp3"
    err = _assert_clean_failure(run_reader("export", str(book), "-o", out, "--quiet"))
    assert f"{out}: cannot write" in err
    assert not [n for n in os.listdir(directory) if n.startswith(".a.mp3")]


@pytest.mark.skipif(os.name != "posix", reason="sends POSIX signals")
@pytest.mark.parametrize(
    ("signame", "code", "message"),
    [
        ("SIGINT", 130, "reader: interrupted\n"),
        # Their defaults used to end the process at once, leaving .a.mp3.XXXX.part behind.
        ("SIGTERM", 143, "reader: stopped by SIGTERM\n"),
        ("SIGHUP", 129, "reader: stopped by SIGHUP\n"),
    ],
)
def test_ctrl_c_or_a_stop_signal_leaves_nothing(out_dir, seed_path, signame, code, message):
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "export", str(seed_path), "-o", f"{out_dir}/a.mp3"]
        + ["--rate", "1", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while not any(n.endswith(".part") for n in names(out_dir)):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"no temporary file appeared: {proc.communicate()[1]!r}")
        time.sleep(0.02)
    proc.send_signal(getattr(signal, signame))
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert err.decode() == message
    assert out == b""
    assert names(out_dir) == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-o", "{tmp}/x.flac"], "x.flac: extension '.flac'; use one of .wav, .mp3, .ogg, .oga"),
        (["-o", "{tmp}/x"], "no extension"),
        (["-o", "{tmp}"], "is a directory"),
        (["-o", "{tmp}/missing/x.wav"], "no such directory"),
        (["--article", "99", "-o", "{tmp}/x.wav"], "--article 99"),
        (["--voice", "klingon", "-o", "{tmp}/x.wav"], "no such voice"),
        (["--rate", "-3", "-o", "{tmp}/x.wav"], "--rate"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(out_dir, seed_path, args, needle):
    args = [a.format(tmp=out_dir) for a in args]
    err = _assert_clean_failure(run_reader("export", str(seed_path), *args))
    assert needle in err
    assert names(out_dir) == []


def test_the_input_is_never_written(out_dir):
    source = out_dir / "story.wav"  # a text file with a .wav name
    source.write_text("你好。", encoding="utf-8")
    err = _assert_clean_failure(run_reader("export", str(source), "-o", str(source)))
    assert "would overwrite the input file" in err
    assert source.read_text(encoding="utf-8") == "你好。"
    assert names(out_dir) == ["story.wav"]


def test_one_article_of_the_page_with_progress_lines(out_dir, seed_path):
    out = out_dir / "page.ogg"
    proc = run_reader("export", str(seed_path), "-o", str(out), "--article", "1", "--rate", "10")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stderr.decode().splitlines()
    assert lines[0] == "export: 0%"
    assert [line.split(",")[0] for line in lines] == [f"export: {p}%" for p in range(0, 101, 10)]
    assert all(line.endswith(" left") for line in lines[1:-1])
    pcm, seconds = decode(out)
    # The first story has 789 characters; even at the fastest rate that is over a minute.
    assert seconds > 60, "the whole article is exported"
    assert rms(pcm) > 300


def _article(title: str, source: str = "/docs/书.txt", section: str = "") -> Article:
    return Article(title, (Paragraph("正文。"),), author="某人", section=section, source=source)


def test_split_names_tags_and_number_width(tmp_path):
    articles = [_article(f"第{i}章") for i in range(1, 101)]
    articles[4] = _article('问/答: "什么?" <一>\t ')
    tracks = plan_tracks(articles, tmp_path / "书.mp3", split=True)
    assert tracks[0].path.name == "书-001-第1章.mp3"
    assert tracks[4].path.name == "书-005-问 答 什么 一.mp3"
    assert tracks[99].tags.track == 100
    assert {t.tags.album for t in tracks} == {"书"}
    assert {t.tags.artist for t in tracks} == {"某人"}
    whole = plan_tracks(articles, tmp_path / "all.wav")
    assert [(t.path.name, t.tags.title, t.tags.track) for t in whole] == [("all.wav", "书", None)]


def test_album_is_the_shared_section_and_titles_follow_the_variant(tmp_path):
    articles = [
        _article("第一章 开始", section="红楼梦 · 第一卷"),
        _article("第二章", section="红楼梦"),
    ]
    tracks = plan_tracks(articles, tmp_path / "b.ogg", split=True, variant="zh-Hant")
    assert [t.tags.album for t in tracks] == ["紅樓夢", "紅樓夢"]
    assert tracks[0].path.name == "b-01-第一章 開始.ogg"


def test_split_refuses_to_overwrite_an_input(tmp_path):
    source = tmp_path / "t-01-章.wav"
    articles = [_article("章", source=str(source))]
    with pytest.raises(ReaderError, match="would overwrite the input"):
        plan_tracks(articles, tmp_path / "t.wav", split=True)


def test_safe_title_is_bounded():
    assert safe_title("a" * 100) == "a" * 40
    assert safe_title("...") == ""
    assert safe_title("第一章\n春天") == "第一章 春天"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _progress(done: int, total: int = 100, elapsed: float = 10.0, tracks: int = 1):
    return ExportProgress(done, total, 1, tracks, "t", elapsed, 0.0)


def test_progress_bar_on_a_terminal():
    stream = _Tty()
    report = ProgressReport(stream)
    report.REDRAW_SECONDS = 3600  # only the first and the final state are drawn
    report.update(_progress(0, elapsed=0))
    report.update(_progress(50, tracks=3))  # within the redraw interval: skipped
    report.update(_progress(100))
    report.finish()
    out = stream.getvalue()
    assert out.startswith("\r[------------------------------]   0%  -:-- left")
    assert "\r[##############################] 100%  0:00 left" in out
    assert out.endswith("\n") and out.count("\r") == 2


def test_progress_lines_elsewhere():
    stream = io.StringIO()
    report = ProgressReport(stream)
    for done in range(0, 1001, 10):
        report.update(_progress(done, 1000, elapsed=done / 100))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "export: 0%"
    assert lines[5] == "export: 50%, 0:05 left"
    assert lines[-1] == "export: 100%"
    assert len(lines) == 11


def test_clock():
    assert [clock(s) for s in (0, 59.6, 61, 3600, 36000 + 61)] == [
        "0:00",
        "1:00",
        "1:01",
        "1:00:00",
        "10:01:01",
    ]
