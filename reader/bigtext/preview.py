"""``python -m reader.bigtext.preview [TEXT] [--zoom N] [--style S] [--plain] [--print]``.

Shows text magnified, to try zoom levels, drawing styles and themes in your
own terminal and font (some fonts draw sextants with seams). Interactive by
default: ``+``/``-`` zoom, ``m`` style, ``L`` plain mode, ``h`` theme,
``→``/``←`` move the highlight word by word, PageDown/PageUp turn pages,
``q`` quits. ``--print`` writes the rows to stdout instead (``-`` as TEXT
reads stdin).
"""

from __future__ import annotations

import argparse
import shutil
import sys

from reader.bigtext.glyphpack import default_pack
from reader.bigtext.layout import Geometry, build_layout, page_text_rows, paint
from reader.bigtext.render import STYLES, ZOOM_LEVELS

SAMPLE = "呼吁救助城市流浪动物：请为它们留一碗清水、一份食物（尤其是在寒冷的冬季）。"


def print_rows(text: str, width: int, geometry: Geometry) -> None:
    """Write ``text`` magnified to stdout, all lines, no paging."""
    pack = default_pack()
    height = geometry.line_pitch * (len(text) + 1)  # tall enough for one page
    layout = build_layout(text, width, height, geometry, pack)
    for row in page_text_rows(paint(layout, 0, None, pack)):
        sys.stdout.write(row + "\n")


def run_app(text: str, geometry: Geometry) -> int:
    """Run the interactive preview."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding

    from reader.bigtext.themes import HIGH_CONTRAST_THEMES, next_high_contrast
    from reader.bigtext.widget import BigText
    from reader.chinese import words

    class PreviewApp(App):
        """The widget alone on screen, driven by keys."""

        ENABLE_COMMAND_PALETTE = False
        BINDINGS = [
            Binding("plus,equals_sign", "zoom(1)", "zoom in", show=False),
            Binding("minus", "zoom(-1)", "zoom out", show=False),
            Binding("m", "style", "drawing style", show=False),
            Binding("L", "plain", "plain mode", show=False),
            Binding("h", "theme", "high contrast", show=False),
            Binding("right", "word(1)", "next word", show=False),
            Binding("left", "word(-1)", "previous word", show=False),
            Binding("pagedown", "page(1)", "next page", show=False),
            Binding("pageup", "page(-1)", "previous page", show=False),
            Binding("q,escape", "quit", "quit", show=False),
        ]

        def __init__(self) -> None:
            super().__init__()
            for theme in HIGH_CONTRAST_THEMES:
                self.register_theme(theme)
            self.theme = HIGH_CONTRAST_THEMES[0].name
            self.word = -1

        def compose(self) -> ComposeResult:
            yield BigText(text, zoom=geometry.zoom, style=geometry.style, plain=geometry.plain)

        @property
        def big(self) -> BigText:
            return self.query_one(BigText)

        def action_zoom(self, step: int) -> None:
            if step > 0:
                self.big.zoom_in()
            else:
                self.big.zoom_out()

        def action_style(self) -> None:
            self.big.cycle_style()

        def action_plain(self) -> None:
            self.big.set_plain(not self.big.plain)

        def action_theme(self) -> None:
            self.theme = next_high_contrast(self.theme)

        def action_word(self, step: int) -> None:
            spans = words.word_spans(text)
            self.word = min(max(self.word + step, 0), len(spans) - 1)
            self.big.set_highlight(spans[self.word])

        def action_page(self, step: int) -> None:
            if step > 0:
                self.big.next_page()
            else:
                self.big.previous_page()

    PreviewApp().run()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; bad input gets one line on stderr and exit code 2."""
    parser = argparse.ArgumentParser(
        prog="python -m reader.bigtext.preview", description=__doc__.split("\n\n")[1]
    )
    parser.add_argument("text", nargs="?", default=SAMPLE, help="text to show (- for stdin)")
    parser.add_argument("--zoom", type=int, choices=ZOOM_LEVELS, default=8)
    parser.add_argument("--style", choices=STYLES, default="half")
    parser.add_argument("--plain", action="store_true", help="spaced plain text")
    parser.add_argument("--print", action="store_true", help="write the rows to stdout")
    parser.add_argument("--width", type=int, help="columns for --print (default: terminal)")
    args = parser.parse_args(argv)
    text = sys.stdin.read() if args.text == "-" else args.text
    text = text.strip("\n")
    if not text.strip():
        sys.stderr.write("preview: nothing to show\n")
        return 2
    geometry = Geometry(args.zoom, args.style, args.plain)
    if args.print:
        width = args.width if args.width is not None else shutil.get_terminal_size().columns
        if width < 1:
            sys.stderr.write("preview: --width must be at least 1\n")
            return 2
        print_rows(text, width, geometry)
        return 0
    return run_app(text, geometry)


if __name__ == "__main__":
    raise SystemExit(main())
