"""Every reading key, driven through the real app: what is spoken and what is shown."""

from __future__ import annotations

import json

from reader.bigtext.widget import BigText
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import last_spoken, log_entries, screen_text, spoken, wait_until

SIZE = (80, 24)


async def test_welcome_then_start(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        texts = spoken(speech_log)
        assert texts[0].startswith("听读。已打开book.txt，共2篇。F1")
        assert texts[1] == "开始：第1篇，第一回 春天。"
        entries = log_entries(speech_log)
        assert [e["priority"] for e in entries[:2]] == ["now", "next"]
        assert all({"time", "priority", "shown", "spoken", "voice"} <= set(e) for e in entries)
        assert "第一回 春天" in screen_text(app)


async def test_paragraph_keys_and_edges(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up")
        assert last_spoken(speech_log) == "文章开头。"
        await pilot.press("down")
        assert last_spoken(speech_log) == "我们去公园散步。公园里有很多人。"
        assert app.state.paragraph == 1
        await pilot.press("down", "down")
        assert last_spoken(speech_log) == "文章结尾。PageDown 下一篇。"
        assert app.state.paragraph == 2
        await pilot.press("home")
        assert last_spoken(speech_log) == "第一段：春天来了。花开了。"
        await pilot.press("end")
        assert last_spoken(speech_log) == "最后一段：第一回最后一段。"
        await pilot.press("up")
        assert app.state.paragraph == 1


async def test_paragraph_utterance_has_sentence_marks(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        entry = log_entries(speech_log)[-1]
        assert entry["spoken"] == "我们去公园散步。公园里有很多人。"
        assert entry["priority"] == "now"
        assert app.state.sentence == 0


async def test_sentence_keys(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        assert last_spoken(speech_log) == "花开了。"
        await pilot.press("right")
        assert last_spoken(speech_log) == "我们去公园散步。"
        assert (app.state.paragraph, app.state.sentence) == (1, 0)
        await pilot.press("left")
        assert last_spoken(speech_log) == "花开了。"
        await pilot.press("left", "left")
        assert last_spoken(speech_log) == "文章开头。"


async def test_word_keys(make_app, book, speech_log):
    from reader.chinese import words

    assert words.wait_ready(30)
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+right")
        assert last_spoken(speech_log) == "来"
        await pilot.press("ctrl+right", "ctrl+right")
        assert last_spoken(speech_log) == "句号"
        await pilot.press("ctrl+left")
        assert last_spoken(speech_log) == "了"


async def test_char_keys(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("full_stop")
        assert last_spoken(speech_log) == "天"
        assert app.state.char == 1
        await pilot.press("comma")
        assert last_spoken(speech_log) == "春"
        await pilot.press("comma")
        assert last_spoken(speech_log) == "文章开头。"
        await pilot.press(*["full_stop"] * 4)
        assert last_spoken(speech_log) == "句号"


async def test_article_keys(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pageup")
        assert last_spoken(speech_log) == "第一篇：第一回 春天"
        await pilot.press("pagedown")
        assert last_spoken(speech_log) == "第2篇，共2篇：第二回 夏天"
        assert (app.state.article, app.state.paragraph) == (1, 0)
        await pilot.press("pagedown")
        assert last_spoken(speech_log) == "最后一篇：第二回 夏天"
        await pilot.pause()
        assert "第二回 夏天" in screen_text(app)


async def test_where_and_title(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "w")
        assert last_spoken(speech_log) == "第1篇，共2篇，第一回 春天，第2段，共3段，19%"
        await pilot.press("t")
        assert last_spoken(speech_log) == "第一回 春天"
        await pilot.pause()
        assert "第2/3段" in screen_text(app)


async def test_describe_and_pinyin(make_app, book, speech_log):
    from reader.chinese import words

    assert words.wait_ready(30)
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        first = log_entries(speech_log)[-1]
        assert first["shown"] == "春，春秋的春"
        assert first["spoken"] == "chun1，chun1秋的chun1"
        await pilot.press("d")
        assert last_spoken(speech_log) == "春，春天的春"
        await pilot.press("full_stop", "d")
        assert last_spoken(speech_log).startswith("天，")
        await pilot.press("comma", "p")
        entry = log_entries(speech_log)[-1]
        assert entry["shown"] == "春天：chūn tiān"
        assert entry["spoken"] == "春天，chun1 tian1"


async def test_describe_in_traditional_is_spoken_through_the_simplified_form(
    make_app, book, speech_log
):
    app = make_app(book, variant="zh-Hant")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", *["full_stop"] * 4, "d")  # 我們去公園: 園
        entry = log_entries(speech_log)[-1]
        assert entry["shown"] == "園，公園的園"
        assert entry["spoken"] == "园，公园的园"  # what espeak's Mandarin dictionary knows
        await pilot.press(*["comma"] * 3, "d")  # 們: its reading forced for Mandarin
        entry = log_entries(speech_log)[-1]
        assert (entry["shown"], entry["spoken"]) == ("們，我們的們", "men5，我men5的men5")


async def test_no_pinyin_for_a_voice_that_does_not_read_it(make_app, book, speech_log):
    app = make_app(book, variant="zh-HK", voice="espeak:yue")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "full_stop", "d")
        entry = log_entries(speech_log)[-1]
        assert entry["voice"] == "espeak:yue"
        assert entry["shown"] == "們，我們的們" and entry["spoken"] == "们，我们的们"
        await pilot.press("p")
        spoken_form = log_entries(speech_log)[-1]["spoken"]
        assert not any(ch.isdigit() for ch in spoken_form), spoken_form


async def test_rate_keys(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        assert last_spoken(speech_log) == "语速6.5"
        for _ in range(10):
            await pilot.press("right_square_bracket")
        assert last_spoken(speech_log) == "语速10，最快"
        await pilot.press("left_square_bracket")
        assert last_spoken(speech_log) == "语速9.5"
    saved = json.loads(app.settings_store.path.read_text(encoding="utf-8"))
    assert saved["rate"] == 9.5


async def test_variant_key(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "left")
        await pilot.press("v")
        entry = log_entries(speech_log)[-1]
        assert (
            entry["shown"] == "繁体。公園裡有很多人。" or entry["shown"] == "繁体。公園裏有很多人。"
        )
        assert app.state.variant == "zh-Hant"
        await pilot.pause()
        assert "公園" in screen_text(app)
        await pilot.press("v", "v", "v")
        assert app.state.variant == "zh-Hans"
        assert last_spoken(speech_log).startswith("简体。")


async def test_bookmarks(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        assert last_spoken(speech_log) == "没有书签"
        await pilot.press("down", "b")
        assert last_spoken(speech_log).startswith("书签已加：第1篇第2段")
        await pilot.press("pagedown", "B")
        assert last_spoken(speech_log).startswith("书签，1个。")
        await pilot.press("enter")
        assert (app.state.article, app.state.paragraph) == (0, 1)
        assert last_spoken(speech_log).startswith("第1篇，共2篇")
        await pilot.press("B", "delete")
        assert last_spoken(speech_log) == "书签已删"
        await pilot.press("B")
        assert last_spoken(speech_log) == "没有书签"


async def test_go_to_percent(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert last_spoken(speech_log).startswith("跳到百分比")
        await pilot.press("8", "0")
        assert last_spoken(speech_log) == "0"
        await pilot.press("enter")
        assert app.state.article == 1
        assert last_spoken(speech_log).startswith("80%：第2篇，共2篇")
        await pilot.press("g", "x", "enter")
        assert last_spoken(speech_log) == "请输入0到100"
        await pilot.press("g", "escape")
        assert last_spoken(speech_log) == "已取消"


async def test_open_file(make_app, book, note, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("Input").value = str(note)
        await pilot.press("enter")  # the file is read in the background
        await wait_until(pilot, lambda: last_spoken(speech_log) == "已打开note.txt，1篇", "opened")
        assert app.state.article_count == 3 and app.state.article == 2
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("Input").value = str(note) + ".missing"
        await pilot.press("enter")
        await wait_until(pilot, lambda: last_spoken(speech_log).startswith("打不开："), "refused")
        assert app.state.article_count == 3


async def test_library_screen(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert last_spoken(speech_log).startswith("文章列表，2篇。")
        assert last_spoken(speech_log).endswith("第1篇：第一回 春天，33字")
        await pilot.press("down")
        assert last_spoken(speech_log) == "第2篇：第二回 夏天，14字"
        await pilot.press("enter")
        assert app.state.article == 1
        assert last_spoken(speech_log) == "第2篇，共2篇：第二回 夏天"


async def test_help_screen_speaks_each_key(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert (
            last_spoken(speech_log) == "帮助。上下箭头逐项浏览，Esc 返回。 朗读。空格：播放或暂停"
        )
        await pilot.press("down")
        assert last_spoken(speech_log) == "回车：从这里读下去"
        await pilot.press("down", "down")
        assert last_spoken(speech_log) == "移动。下箭头：下一段"
        await pilot.pause()
        assert "Ctrl+右箭头：下一个词" in screen_text(app)
        await pilot.press("escape")
        assert last_spoken(speech_log) == "返回阅读"


async def test_settings_screen_changes_and_saves(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert last_spoken(speech_log).startswith("设置。")
        for _ in range(4):
            await pilot.press("down")
        assert last_spoken(speech_log) == "语速：6"
        await pilot.press("right")
        assert last_spoken(speech_log) == "语速：6.5"
        await pilot.press("down", "down", "down")
        assert last_spoken(speech_log) == "界面语言：简体中文"
        await pilot.press("right", "right")
        assert last_spoken(speech_log) == "Interface language: English"
        assert app.settings.ui_lang == "en"
        await pilot.press("down", "down", "right")
        assert last_spoken(speech_log) == "Theme: yellow on black"
        assert app.theme == "hc-yellow-on-black"
        await pilot.press("escape")
        assert last_spoken(speech_log) == "Back to reading"
        await pilot.press("w")
        assert last_spoken(speech_log).startswith("Article 1 of 2, 第一回 春天, paragraph 1 of 3")
    saved = json.loads(app.settings_store.path.read_text(encoding="utf-8"))
    assert (saved["rate"], saved["ui_lang"], saved["theme"]) == (6.5, "en", "hc-yellow-on-black")


async def test_large_text_and_speech_viewer(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        assert last_spoken(speech_log) == "先按 l 打开大字"
        await pilot.press("l")
        assert last_spoken(speech_log) == "大字模式开"
        assert app.settings.large_text
        big = app.screen.query_one(BigText)
        assert big.display and not app.screen.query_one(ArticleView).display
        await pilot.pause()
        assert big.text == "春天来了。花开了。" and big.highlight == (0, 5)
        await pilot.press("right")
        # The sentence 花开了。, or the word of it being spoken.
        assert 5 <= big.highlight[0] < big.highlight[1] <= 9
        await pilot.press("down")
        assert big.text == "我们去公园散步。公园里有很多人。"
        await pilot.press("minus")
        assert last_spoken(speech_log) == "大字7级" and big.zoom == 7
        await pilot.press("plus", "plus")
        assert last_spoken(speech_log) == "大字8级" and app.settings.zoom == 8
        await pilot.press("m")
        assert last_spoken(speech_log) == "四分格" and big.style == "quad"
        await pilot.press("L")
        assert last_spoken(speech_log) == "朴素大字开" and big.plain
        await pilot.press("h")
        assert last_spoken(speech_log) == "黑底黄字" and app.theme == "hc-yellow-on-black"
        await pilot.press("h")
        assert last_spoken(speech_log) == "黑底白字"
        await pilot.press("l")
        assert last_spoken(speech_log) == "大字模式关"
        assert app.screen.query_one(ArticleView).display and not big.display
        await pilot.press("f2")
        assert last_spoken(speech_log) == "语音记录开"
        await pilot.pause()
        assert "[now] 语音记录开" in screen_text(app)
        await pilot.press("f2")
        assert last_spoken(speech_log) == "语音记录关"


async def test_play_pause_stop(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert app.sayall.active
        queued = [e for e in log_entries(speech_log) if e["priority"] == "normal"]
        assert queued[0]["shown"] == "第1篇，共2篇：第一回 春天\n春天来了。花开了。"
        await pilot.press("space")
        assert not app.sayall.active
        assert last_spoken(speech_log) == "暂停"
        await pilot.press("space")
        assert app.sayall.active
        await pilot.press("escape")
        assert not app.sayall.active
        assert last_spoken(speech_log) == "停止"


async def test_english_ui(make_app, book, speech_log):
    app = make_app(book, ui_lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up")
        assert spoken(speech_log)[0].startswith("Tingdu reader. Opened book.txt: 2 articles.")
        assert last_spoken(speech_log) == "Start of article."


async def test_quit_saves_position(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "q")
    assert app.return_code in (0, None)
    saved = json.loads(app.positions.path.read_text(encoding="utf-8"))
    (entry,) = saved["files"].values()
    assert entry["anchor"]["paragraph"] == 1
