"""Opening a hostile file from inside the app (``o``): announced, and the open book stays."""

from __future__ import annotations

from tests.hostile_corpus import all_cases
from tests.ui.conftest import last_spoken, wait_until

SIZE = (80, 24)
REFUSED = ("epub-zip-bomb.epub", "random-small.txt")


async def test_hostile_files_are_announced_and_the_book_stays(make_app, book, tmp_path, speech_log):
    cases = {c.name: c for c in all_cases(0.05)}
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        before = (app.state.article_count, app.state.article, app.state.paragraph)
        for name in REFUSED:
            path = tmp_path / name
            path.write_bytes(cases[name].make())
            await pilot.press("o")
            await pilot.pause()
            app.screen.query_one("Input").value = str(path)
            await pilot.press("enter")  # the file is read in the background
            await wait_until(
                pilot, lambda n=name: last_spoken(speech_log).startswith(f"打不开：{n}"), name
            )
            assert (app.state.article_count, app.state.article, app.state.paragraph) == before
        # A damaged file that still has text opens with what could be read.
        path = tmp_path / "gb18030-truncated.txt"
        path.write_bytes(cases[path.name].make())
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("Input").value = str(path)
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: last_spoken(speech_log).startswith("已打开gb18030-truncated.txt"),
            "opened",
        )
        assert app.state.article_count > before[0]
