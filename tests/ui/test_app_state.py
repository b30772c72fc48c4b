"""Resuming after a restart, damaged state files, the key map, screen-reader mode."""

from __future__ import annotations

import json

from reader.paths import config_dir, state_dir
from reader.ui.app import AppOptions, create_app
from tests.ui.conftest import last_spoken, log_entries, spoken

SIZE = (80, 24)


async def test_resume_after_restart(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "down", "right", "q")
    again = make_app(book)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert (again.state.article, again.state.paragraph) == (1, 1)
        assert "继续：第2篇，第二回 夏天，第2段。" in spoken(speech_log)


async def test_resume_each_file_separately(make_app, book, note, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "q")
    other = make_app(note)
    async with other.run_test(size=SIZE) as pilot:
        await pilot.press("down", "q")
    both = make_app(book, note)
    async with both.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The note was read last, so reading resumes there.
        assert both.state.current_article.title == "旅行笔记"
        assert both.state.paragraph == 1
    positions = json.loads((state_dir() / "positions.json").read_text(encoding="utf-8"))
    assert len(positions["files"]) == 2


async def test_resume_in_changed_file(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "down", "q")
    text = book.read_text(encoding="utf-8")
    book.write_text(text.replace("夏天很热。", "夏天很热。\n\n新写的一段。"), encoding="utf-8")
    again = make_app(book)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.state.text() == "图书馆里有很多书。"


async def test_corrupt_positions_are_set_aside_and_announced(make_app, book, speech_log):
    (state_dir() / "positions.json").write_text("{ broken", encoding="utf-8")
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert "阅读位置文件已损坏，已另存一份，改用默认" in spoken(speech_log)
        assert last_spoken(speech_log) == "我们去公园散步。公园里有很多人。"
        await pilot.press("q")
    aside = list(state_dir().glob("positions.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{ broken"
    saved = json.loads((state_dir() / "positions.json").read_text(encoding="utf-8"))
    assert len(saved["files"]) == 1


async def test_corrupt_settings_and_bookmarks(make_app, book, speech_log):
    (config_dir() / "settings.json").write_text("[1, 2", encoding="utf-8")
    (state_dir() / "bookmarks.json").write_bytes(b"\x00\xff")
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        texts = spoken(speech_log)
        assert "设置文件已损坏，已另存一份，改用默认" in texts
        assert "书签文件已损坏，已另存一份，改用默认" in texts
        await pilot.press("b")
        assert last_spoken(speech_log).startswith("书签已加")


async def test_config_that_cannot_be_read_is_announced_and_left_alone(tmp_path, book, speech_log):
    folder = tmp_path / "documents"
    folder.mkdir()
    app = create_app(
        AppOptions(files=[str(book)], audio="null", speech_log=str(speech_log), config=str(folder))
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "无法读取设置文件，改用默认" in spoken(speech_log)
        await pilot.press("q")
    assert folder.is_dir() and not list(tmp_path.glob("documents.corrupt-*"))


async def test_key_map_from_config(tmp_path, book, speech_log):
    config = tmp_path / "my-settings.json"
    config.write_text(
        json.dumps({"keys": {"next_paragraph": "j", "previous_paragraph": "k", "nonsense": "x"}}),
        encoding="utf-8",
    )
    app = create_app(
        AppOptions(files=[str(book)], audio="null", speech_log=str(speech_log), config=str(config))
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        assert app.state.paragraph == 1
        await pilot.press("down")
        assert app.state.paragraph == 1
        await pilot.press("k")
        assert app.state.paragraph == 0
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("down", "down", "down")
        assert last_spoken(speech_log) == "移动。j：下一段"


async def test_screen_reader_mode_is_silent_and_parks_the_cursor(make_app, book, speech_log):
    app = make_app(book, screen_reader=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "full_stop", "full_stop")
        await pilot.pause()
        assert log_entries(speech_log) == []
        view = app.screen.query_one("ArticleView")
        region = view.scrollable_content_region
        x, y = app.cursor_position
        assert region.x <= x < region.right and region.y <= y < region.bottom
        # 我们 are two cells wide each after the two-cell gutter.
        assert x == region.x + 2 + 4
        assert "文章开头" not in str(app.screen.query_one("StatusLine").render())
        await pilot.press("up", "up")
        assert "文章开头" in str(app.screen.query_one("StatusLine").render())


async def test_variant_and_options_from_command_line(make_app, book, speech_log):
    app = make_app(book, variant="zh-TW", rate=8)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert last_spoken(speech_log) == "我們去公園散步。公園裡有很多人。"
        assert app.settings.rate == 8


async def test_screen_reader_cursor_follows_lists(make_app, book, speech_log):
    app = make_app(book, screen_reader=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        options = app.screen.query_one("OptionList")
        region = options.scrollable_content_region
        assert app.cursor_position == (region.x, region.y)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        # Three keys of the first group, a separator, then the first of the second group.
        assert app.cursor_position == (region.x, region.y + 4)
        await pilot.press("escape")
        await pilot.pause()
        view = app.screen.query_one("ArticleView")
        assert app.cursor_position[1] >= view.scrollable_content_region.y
