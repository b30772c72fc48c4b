"""The real ``reader`` in a real terminal (tmux) stopped by signals: place saved, terminal restored.

See ``tests/signal_exit.py``: SIGTERM, SIGHUP and SIGINT sent with
``kill``, Ctrl+C typed in the terminal and the terminal closed, each right
after moving to paragraph 2 (before the 2-second save timer).
"""

from __future__ import annotations

import shutil

import pytest

from tests.signal_exit import EXPECTED_STATUS, WAYS, stop_reader

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or shutil.which("pgrep") is None,
    reason="tmux or pgrep is not installed",
)


# Closing the terminal three times: Textual's shutdown used to hang forever in about half of
# such exits (its output thread dies on the closed terminal); now the app ends itself.
@pytest.mark.parametrize("way", [*WAYS, "terminal closed", "terminal closed"])
def test_stopping_saves_the_place_and_restores_the_terminal(tmp_path, way):
    result = stop_reader(way, tmp_path)
    assert result.saved_paragraph == 1, "paragraph 2 is saved"
    assert result.status == EXPECTED_STATUS[way]
    if way != "terminal closed":
        assert result.cooked, "the terminal is back in cooked mode"
        assert result.flags == "0 1 0", "main screen, cursor shown, no mouse reporting"
    assert not result.traceback_shown and not result.errors_logged
    assert result.ok
