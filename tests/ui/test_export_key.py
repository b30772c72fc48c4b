"""The ``e`` key: real exports (espeak-ng, real encoders) from the running app, spoken progress, cancel."""

from __future__ import annotations

import time

import pytest
import soundfile
from textual.widgets import Input

from reader.export import ExportProgress
from reader.ui import exporting
from reader.ui.exporting import BackgroundExport, ExportChoice
from tests.speech_helpers import rms
from tests.test_encoder import decode, tags_of
from tests.ui.conftest import last_spoken, log_entries, wait_until
from voices.audio import SAMPLE_RATE

SIZE = (80, 24)
FAST = 10  # the fastest rate: short audio, quick exports


def said(speech_log, prefix: str) -> list[dict]:
    """Log entries whose shown text starts with ``prefix``."""
    return [e for e in log_entries(speech_log) if e["shown"].startswith(prefix)]


@pytest.fixture
def long_note(tmp_path):
    """One article long enough that exporting it to MP3 takes several seconds."""
    paragraph = "记者获悉，自十一月起，你好艺术在上海武康路、衡山路、淮海中路等落叶街道发起公益展。"
    path = tmp_path / "long.txt"
    path.write_text("长文\n\n" + "\n\n".join(paragraph * 3 for _ in range(80)), encoding="utf-8")
    return path


async def test_export_this_article_to_wav(make_app, book, speech_log, isolated_home):
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert last_spoken(speech_log) == (
            "导出音频。上下箭头选择，左右箭头更改，回车开始，Esc 取消。 内容：本篇，第一回 春天"
        )
        await pilot.press("down")
        assert last_spoken(speech_log) == "格式：MP3"
        await pilot.press("right", "right")
        assert last_spoken(speech_log) == "格式：WAV"
        await pilot.press("down")
        folder = isolated_home / "听读导出"
        assert last_spoken(speech_log) == f"保存到：{folder}。回车更改"
        await pilot.press("down")
        assert last_spoken(speech_log) == "开始导出"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.export is None, "the end of the export")
        await pilot.press("down")  # reading goes on
        assert last_spoken(speech_log) == "我们去公园散步。公园里有很多人。"
    path = folder / "第一回 春天.wav"
    info = soundfile.info(str(path))
    assert info.format in ("WAV", "WAVEX")  # RIFF WAVE (libsndfile writes the extensible header)
    assert (info.subtype, info.channels, info.samplerate) == ("PCM_16", 1, SAMPLE_RATE)
    pcm, seconds = decode(path)
    assert rms(pcm) > 300, "speech, not silence"
    # Heading and three paragraphs (~35 characters) at about 10 a second, plus pauses.
    assert 2 < seconds < 12
    assert sorted(p.name for p in folder.iterdir()) == ["第一回 春天.wav"]
    (start,) = said(speech_log, "开始导出：")
    (done,) = said(speech_log, "导出完成：")
    assert start["shown"] == "开始导出：第一回 春天.wav"
    assert done["shown"] == f"导出完成：第一回 春天.wav，在{folder}"
    # After what is being heard, never cutting it off.
    assert start["priority"] == done["priority"] == "next"


async def test_export_the_library_as_mp3_files_with_progress(
    make_app, book, speech_log, isolated_home, monkeypatch
):
    monkeypatch.setattr(exporting, "SPOKEN_GAP_S", 0.0)  # this export is short: say every step
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "right")
        assert last_spoken(speech_log) == "内容：全部2篇，每篇一个文件"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.export is None, "the end of the export")
    folder = isolated_home / "听读导出"
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["book-01-第一回 春天.mp3", "book-02-第二回 夏天.mp3"]
    for name, title in zip(files, ("第一回 春天", "第二回 夏天"), strict=True):
        pcm, seconds = decode(folder / name)
        assert seconds > 1 and rms(pcm) > 300
        assert tags_of(folder / name)["title"] == title
    progress = [e for e in said(speech_log, "导出") if "%" in e["shown"]]
    assert progress, "no progress was spoken"
    assert all(e["priority"] == "next" for e in progress)
    assert progress[0]["shown"].endswith(("，第1个文件，共2个", "，第2个文件，共2个"))
    assert said(speech_log, "开始导出：")[0]["shown"] == f"开始导出：2个文件，到{folder}"
    assert said(speech_log, "导出完成：")[0]["shown"] == f"导出完成：2个文件，在{folder}"


async def test_e_again_cancels_and_leaves_no_file(make_app, long_note, speech_log, isolated_home):
    app = make_app(long_note, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "enter")
        await wait_until(pilot, lambda: said(speech_log, "开始导出："), "the start")
        assert app.export is not None
        await pilot.press("e")
        await wait_until(pilot, lambda: app.export is None, "the cancel")
        entry = log_entries(speech_log)[-1]
        assert entry["shown"] == "导出已取消" and entry["priority"] == "now"
    assert list((isolated_home / "听读导出").iterdir()) == [], "no partial file"


async def test_esc_stops_reading_first_then_the_export(
    make_app, long_note, speech_log, isolated_home
):
    app = make_app(long_note, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "enter")
        await wait_until(pilot, lambda: said(speech_log, "开始导出："), "the start")
        await pilot.press("enter")  # read on: Esc stops that, not the export
        await pilot.press("escape")
        assert last_spoken(speech_log) == "停止" and app.export is not None
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.export is None, "the cancel")
        assert last_spoken(speech_log) == "导出已取消"
    assert list((isolated_home / "听读导出").iterdir()) == []


async def test_quitting_cancels_the_export(make_app, long_note, speech_log, isolated_home):
    app = make_app(long_note, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "enter")
        await wait_until(pilot, lambda: said(speech_log, "开始导出："), "the start")
        export = app.export
        await pilot.press("q")
    assert export.cancelled.is_set()
    deadline = time.monotonic() + 10
    while list((isolated_home / "听读导出").iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list((isolated_home / "听读导出").iterdir()) == [], "no partial file"


async def test_dialog_folder_and_escape(make_app, book, speech_log, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "escape")
        assert last_spoken(speech_log) == "已取消" and app.export is None
        await pilot.press("e", "down", "down", "enter")
        assert last_spoken(speech_log).startswith("保存到哪个文件夹")
        await pilot.press(*"/nowhere", "enter")
        assert last_spoken(speech_log) == "没有这个文件夹：/nowhere"
        await pilot.press("enter")
        app.screen.query_one(Input).value = str(target)  # typing it all would be slow
        await pilot.press("enter")
        assert last_spoken(speech_log) == f"保存到：{target}。回车更改"
        await pilot.press("up", "left")  # format: MP3 → WAV
        assert last_spoken(speech_log) == "格式：WAV"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.export is None, "the end of the export")
        await pilot.press("e")  # the choice is kept
        assert app.export_choice.folder == str(target)
        assert last_spoken(speech_log).endswith("内容：本篇，第一回 春天")
    assert [p.name for p in target.iterdir()] == ["第一回 春天.wav"]


def test_progress_is_said_at_steps_and_never_piles_up(monkeypatch):
    monkeypatch.setattr(exporting, "SPOKEN_GAP_S", 0.0)
    job = BackgroundExport(None, [], "t", ExportChoice(), variant="zh-Hans", voice=None, rate=230)

    def at(done, waiting=False, tracks=1):
        progress = ExportProgress(done, 1000, 1, tracks, "t", elapsed=10.0, audio_seconds=0)
        return job.progress_text(progress, "zh-Hans", waiting=waiting)

    assert at(50) == ("导出5%，约剩3分钟", False)
    assert at(120) == ("导出12%，约剩1分钟", True)
    assert at(150) == ("导出15%", False)  # same step
    assert at(310, waiting=True) == ("导出31%", False)  # the last report not heard yet
    assert at(420) == ("导出42%", True)
    assert at(1000)[1] is False  # the end is said as done, not as 100 %
    assert at(500, tracks=3)[0] == "导出50%，第1个文件，共3个"
    monkeypatch.setattr(exporting, "SPOKEN_GAP_S", 3600.0)
    assert at(900) == ("导出90%", False)  # too soon after the last report


async def test_a_failure_is_one_spoken_line(make_app, book, speech_log, tmp_path):
    target = tmp_path / "gone"
    target.mkdir()
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        app.export_choice.folder = str(target)
        target.rmdir()  # the folder disappears before the export starts
        await pilot.press("e", "enter")
        await wait_until(pilot, lambda: app.export is None, "the end of the export")
        (failed,) = said(speech_log, "导出失败：")
        assert failed["shown"] == f"导出失败：{target}: no such folder"
        assert "\n" not in failed["shown"] and failed["priority"] == "next"
        await pilot.press("down")  # reading goes on
        assert last_spoken(speech_log) == "我们去公园散步。公园里有很多人。"
    assert not target.exists(), "nothing is created where the user did not ask"
