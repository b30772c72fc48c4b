"""Large text: Chinese magnified with block characters from a shipped Unifont glyph pack.

``glyphpack`` loads the pack (GNU Unifont 16×16 bitmaps, OFL-1.1) and caches
rendered glyphs; ``render`` turns a bitmap into terminal cells (half blocks,
quadrants, sextants) with area resampling; ``linebreak`` breaks Chinese at
word boundaries under the punctuation rules; ``layout`` places lines and pages
on a screen; ``widget`` is the Textual widget the reading app shows; ``themes``
holds the high-contrast themes. ``build_pack`` rebuilds the pack from Debian's
``unifont`` package and ``preview`` shows text magnified from the command line.
"""
