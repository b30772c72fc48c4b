"""Running hostile files in child processes with a time and memory bound.

Shared by ``tests/test_hostile_files.py`` and ``benchmarks/hostile_files.py``:
``probe_file`` runs ``tests.hostile_probe`` (every importer) and
``outline_file`` runs ``python -m reader outline``, each in a child whose
address space is capped (``RLIMIT_AS``) and that is killed after a time
limit, so a hang or a memory blow-up becomes a failed check instead of a
stuck or swapping machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDRESS_SPACE_LIMIT = 1536 * 1024 * 1024
# One import (``reader outline``) must finish within this; the probe runs five.
TIME_LIMIT_SECONDS = 60.0
PROBE_TIME_LIMIT_SECONDS = 5 * TIME_LIMIT_SECONDS
MAX_MESSAGE_CHARS = 300  # a refusal is one short line


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


@dataclass
class ChildRun:
    """What one child process did: exit code (None if killed for time), output, time, peak memory."""

    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float = 0.0
    attempts: list[dict] = field(default_factory=list)

    @property
    def hung(self) -> bool:
        """True if the child was killed at the time limit."""
        return self.returncode is None


def run_child(
    args: list[str], timeout: float = TIME_LIMIT_SECONDS, keep_stdout: bool = True
) -> ChildRun:
    """Run ``python ARGS`` from the project root, memory-capped, killed after ``timeout`` s.

    ``ARGS`` must start with ``-m MODULE``. The peak memory is the child's
    own high-water mark (see ``tests.peak_memory_child``).
    """
    if args[:1] != ["-m"]:
        raise ValueError("run_child runs a module: ARGS must start with -m")
    env = dict(os.environ, PYTHONHASHSEED="0")
    peak_file = tempfile.NamedTemporaryFile(prefix="peak-", suffix=".kb", delete=False)
    peak_file.close()
    peak_path = Path(peak_file.name)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.peak_memory_child", str(peak_path), *args[1:]],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if keep_stdout else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_cap_memory,
        env=env,
    )
    output: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda n=n, s=s: output.__setitem__(n, s.read()), daemon=True)
        for n, s in (("stdout", proc.stdout), ("stderr", proc.stderr))
        if s is not None
    ]
    for reader in readers:
        reader.start()
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    _, status = os.waitpid(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    try:
        peak_kb = int(peak_path.read_text(encoding="ascii") or 0)
    except (OSError, ValueError):  # killed before it could write
        peak_kb = 0
    finally:
        peak_path.unlink(missing_ok=True)
    return ChildRun(
        None if killed.is_set() else proc.returncode,
        output.get("stdout", b"").decode("utf-8", "replace"),
        output.get("stderr", b"").decode("utf-8", "replace"),
        time.perf_counter() - started,
        peak_kb / 1024,
    )


def probe_file(path: Path, keep: str = "", timeout: float = PROBE_TIME_LIMIT_SECONDS) -> ChildRun:
    """Every importer on ``path`` in one capped child; ``attempts`` holds one dict per import."""
    args = ["-m", "tests.hostile_probe", str(path)]
    if keep:
        args += ["--keep", keep]
    run = run_child(args, timeout)
    for line in run.stdout.splitlines():
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue
        run.attempts.append(item)
    return run


def outline_file(path: Path, timeout: float = TIME_LIMIT_SECONDS) -> ChildRun:
    """``python -m reader outline PATH`` in a capped child (its standard output is discarded)."""
    return run_child(["-m", "reader", "outline", str(path)], timeout, keep_stdout=False)


def outline_problem(run: ChildRun) -> str:
    """Why an outline run is not acceptable ("" if it is): exit 0, or exit 2 with one clean line."""
    if run.hung:
        return f"hung (killed after {run.seconds:.0f} s)"
    if "Traceback" in run.stderr:
        return "traceback: " + run.stderr[-800:]
    if run.returncode == 0:
        return ""
    if run.returncode != 2:
        return f"exit code {run.returncode}: {run.stderr[-800:]}"
    lines = run.stderr.strip().splitlines()
    if len(lines) != 1 or not lines[0].startswith("reader: "):
        return f"not one clear line on stderr: {run.stderr[-800:]!r}"
    return ""
