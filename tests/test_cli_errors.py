"""Bad input on the command line: one line on stderr, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run_reader(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m reader`` in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )


def _assert_clean_failure(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert proc.stdout == b""
    return err


def test_missing_path(tmp_path):
    err = _assert_clean_failure(run_reader("outline", str(tmp_path / "nope.txt")))
    assert "no such file" in err


def test_directory_with_nothing_readable(tmp_path):
    (tmp_path / "a.bin").write_bytes(b"\x00\x01")
    (tmp_path / "b.txt").write_bytes(b"")
    err = _assert_clean_failure(run_reader("outline", str(tmp_path)))
    assert "no readable documents" in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(200), "not a text file"),
        (b"\xff\xfe\xfd", ""),
    ],
    ids=["empty", "binary", "undecodable"],
)
def test_bad_files(tmp_path, content, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = sorted(tmp_path.iterdir())
    err = _assert_clean_failure(run_reader("outline", str(path)))
    assert needle in err
    assert sorted(tmp_path.iterdir()) == before, "nothing may be written next to the user's files"


def test_unknown_option():
    _assert_clean_failure(run_reader("outline", "--no-such-option"))


def test_every_script_variant_is_offered():
    from reader.chinese.script import VARIANTS
    from reader.commands.sources import VARIANT_CHOICES

    assert VARIANT_CHOICES == VARIANTS
    _assert_clean_failure(run_reader("speak", "--text", "你好", "--variant", "zh-SG"))


def test_app_rate_must_be_positive():
    err = _assert_clean_failure(run_reader("--audio", "null", "--rate", "0"))
    assert "--rate" in err
