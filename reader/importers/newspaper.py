"""Text extracted from a printed newspaper page: reflow columns, find headlines, bylines.

Placeholder until the page repair lands: nothing is recognised as a printed page.
"""

from __future__ import annotations

from reader.document import Article


def looks_like_printed_page(text: str) -> bool:
    """True if ``text`` looks like narrow printed columns extracted from a page."""
    return False


def parse_printed_page(text: str, source: str) -> list[Article]:
    """Split a printed page into its stories."""
    raise NotImplementedError
