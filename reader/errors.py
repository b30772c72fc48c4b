"""Errors the user is meant to see: one clear line, never a traceback."""

from __future__ import annotations


class ReaderError(Exception):
    """A problem with the user's input or environment, explained in one line.

    The command line prints ``str(error)`` to stderr and exits with code 2;
    the UI shows and speaks it.
    """


class UnreadableFileError(ReaderError):
    """A file that exists but holds nothing we can read as text."""
