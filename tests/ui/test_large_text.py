"""Large text in the app: the keys, following real speech (espeak-ng, null device), snapshots."""

from __future__ import annotations

from reader.bigtext.widget import BigText
from tests.ui.conftest import last_spoken, screen_text, wait_until
from tests.ui.test_snapshots import check_golden

SIZE = (80, 24)
FAST = 10  # the fastest rate keeps these tests short
BLOCKS = set("▀▄█▌▐▖▗▘▙▚▛▜▝▞▟")


async def test_reading_keys_work_the_same_in_large_view(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert last_spoken(speech_log) == "大字模式开"
        big = app.screen.query_one(BigText)
        await pilot.press("down")
        assert last_spoken(speech_log) == "我们去公园散步。公园里有很多人。"
        assert big.text == "我们去公园散步。公园里有很多人。"
        await pilot.press("right")
        assert app.state.sentence == 1 and last_spoken(speech_log) == "公园里有很多人。"
        assert 8 <= big.highlight[0] < big.highlight[1] <= 16
        await pilot.press("up")
        assert big.text == "春天来了。花开了。"
        await pilot.press("pagedown")
        assert last_spoken(speech_log) == "第2篇，共2篇：第二回 夏天"
        assert big.text == "夏天很热。"
        await pilot.press("L")  # plain large text: one sentence a screen
        assert last_spoken(speech_log) == "朴素大字开" and big.plain
        await pilot.press("pageup", "down")
        # The sentence, or the word of it being spoken.
        assert big.text == "我们去公园散步。" and big.highlight[1] <= 8
        await pilot.press("right")
        assert big.text == "公园里有很多人。"
        await pilot.pause()
        assert "公 园 里" in screen_text(app).replace("  ", " ")
        await pilot.press("L", "l")
        assert last_spoken(speech_log) == "大字模式关" and not big.display


async def test_zoom_style_and_contrast_are_spoken_and_kept(make_app, book, speech_log):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "minus", "minus", "minus")
        big = app.screen.query_one(BigText)
        assert last_spoken(speech_log) == "大字5级" and big.zoom == 5
        await pilot.press(*["minus"] * 3)
        assert last_spoken(speech_log) == "大字4级" and big.zoom == 4  # the smallest
        await pilot.press("m", "m")
        assert last_spoken(speech_log) == "六分格" and big.style == "sext"
        await pilot.press("h")
        assert last_spoken(speech_log) == "黑底黄字" and app.theme == "hc-yellow-on-black"
        await pilot.pause()
        rows = big.rendered_rows()
        assert any(set(row) & set("🬀🬁🬂🬃🬄🬅🬆🬇🬈🬉🬊🬋🬌🬍🬎🬏") for row in rows), "sextants"
    again = make_app(book)  # settings saved: large text comes back as it was
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        big = again.screen.query_one(BigText)
        assert big.display and (big.zoom, big.style) == (4, "sext")


async def test_large_view_follows_the_sentence_being_heard(make_app, book, speech_log):
    app = make_app(book, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "down")
        big = app.screen.query_one(BigText)
        # 我们去公园散步。(0–8) then 公园里有很多人。(8–16), as playback reaches them.
        await wait_until(pilot, lambda: big.highlight and big.highlight[1] <= 8, "sentence 1")
        await wait_until(
            pilot,
            lambda: big.highlight and big.highlight[1] - big.highlight[0] < 8,
            "a word of it being spoken",
        )
        await wait_until(pilot, lambda: big.highlight and big.highlight[0] >= 8, "sentence 2")
        assert app.state.sentence == 1
        await wait_until(pilot, lambda: big.highlight == (8, 16), "the end of the paragraph")


async def test_large_view_turns_pages_with_the_speech(make_app, tmp_path, speech_log):
    sentence = "记者获悉，自十一月起，你好艺术在上海武康路等街道发起公益展。"
    path = tmp_path / "long.txt"
    path.write_text("长文\n\n" + sentence * 2, encoding="utf-8")
    app = make_app(path, rate=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        big = app.screen.query_one(BigText)
        await pilot.pause()
        assert big.page_count >= 4 and big.page == 0
        await pilot.press("enter")
        pages = [big.page]

        def moved_on() -> bool:
            if big.page != pages[-1]:
                pages.append(big.page)
            return len(pages) >= 4

        await wait_until(pilot, moved_on, "three page turns", timeout=30)
        assert pages == sorted(pages), "pages turn forward with the speech"
        first, last = big.text_layout.page_span(big.page)
        assert first <= big.highlight[0] < last, "the word being heard is on the page shown"


async def test_large_view_snapshots_at_two_zooms(make_app, book):
    from reader.chinese import words

    assert words.wait_ready(30)  # lines break between jieba's words
    for zoom, name in ((8, "reading-large-zoom8"), (5, "reading-large-zoom5-quad")):
        app = make_app(book)
        async with app.run_test(size=(60, 20)) as pilot:
            app.apply_setting("large_text", True)
            app.apply_setting("zoom", zoom)
            if zoom == 5:
                app.apply_setting("large_style", "quad")
            app.state.go(0, 1, 8)  # the second sentence of paragraph 2, nothing spoken
            app.screen.refresh_position("")
            await pilot.pause()
            text = screen_text(app)
            assert set(text) & BLOCKS
            check_golden(name, text)
