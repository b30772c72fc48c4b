"""Run a module as ``python -m`` would, and write its peak memory (VmHWM, kB) to a file at exit.

Usage: ``python -m tests.peak_memory_child OUT MODULE [ARGS…]``.

``wait4``'s ``ru_maxrss`` is no use for a child of a big process: Linux
folds the parent's resident peak into it at ``exec``, so a child of a
400 MB pytest "uses" 400 MB whatever it does. ``VmHWM`` belongs to the
child's own address space and is read just before it exits.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def peak_kb() -> int:
    """This process's peak resident set in kB (0 where /proc is missing)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    """Record the peak at exit, then run MODULE with ARGS as its command line."""
    out, module, *args = sys.argv[1:]
    atexit.register(lambda: Path(out).write_text(str(peak_kb()), encoding="ascii"))
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
