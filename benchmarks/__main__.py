"""``python -m benchmarks [SUITE…] [--json FILE]``: run suites, print a table, write JSON.

A suite is a module ``benchmarks/<name>.py`` with ``run(options) -> list[Result]``
and an optional ``add_arguments(parser)``. With no suite named, all run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import platform
import sys
import time
from pathlib import Path

from benchmarks.result import Result, format_table

_NOT_SUITES = {"result"}


def available_suites() -> list[str]:
    """Names of the suite modules in this package."""
    here = Path(__file__).parent
    return sorted(
        m.name
        for m in pkgutil.iter_modules([str(here)])
        if not m.name.startswith("_") and m.name not in _NOT_SUITES
    )


def main(argv: list[str] | None = None) -> int:
    """Run the named suites; return 1 if a target was missed, else 0."""
    suites = available_suites()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "suites", nargs="*", choices=suites + [[]], metavar="SUITE", help=f"one of {suites}"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    modules = {}
    for name in suites:
        modules[name] = importlib.import_module(f"benchmarks.{name}")
        if hasattr(modules[name], "add_arguments"):
            modules[name].add_arguments(parser)
    options = parser.parse_args(argv)
    chosen = options.suites or suites
    results: list[Result] = []
    for name in chosen:
        results.extend(modules[name].run(options))
    print(format_table(results))
    if options.json:
        payload = {
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {
                "python": sys.version.split()[0],
                "platform": platform.platform(),
                "cpus": _cpus(),
            },
            "results": [r.as_dict() for r in results],
        }
        Path(options.json).write_text(
            json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 1 if any(r.passed is False for r in results) else 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    raise SystemExit(main())
