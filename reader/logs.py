"""Logging to a file in the user's state directory (never to the terminal)."""

from __future__ import annotations

import logging
import logging.handlers

from reader.paths import state_dir

_configured = False


def setup_logging(level: int = logging.INFO) -> None:
    """Send the ``reader`` and ``voices`` loggers to ``<state dir>/reader.log`` (rotated)."""
    global _configured
    if _configured:
        return
    try:
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            state_dir() / "reader.log", maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("reader", "voices", "jieba"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False
    _configured = True
