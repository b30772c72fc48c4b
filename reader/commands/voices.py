"""``reader voices [--json]``: the installed voices, marking the default for each script variant."""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the voices command's arguments."""
    parser.add_argument("--json", action="store_true", help="print the voices as JSON")


def run(args: argparse.Namespace) -> int:
    """List the voices; the default voice of each variant is marked with the variants."""
    from voices import catalog

    voices = catalog.list_voices()
    defaults: dict[str, list[str]] = {}
    for variant in catalog.VARIANTS:
        chosen = catalog.choose_default(voices, variant)
        if chosen is not None:
            defaults.setdefault(chosen.id, []).append(variant)
    if args.json:
        rows = [
            {
                "id": v.id,
                "name": v.name,
                "language": v.language,
                "engine": v.engine,
                "gender": v.gender,
                "default_for": defaults.get(v.id, []),
            }
            for v in voices
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not voices:
        sys.stdout.write("no voices: no speech engine could start\n")
        return 0
    width = max(len(v.id) for v in voices)
    lang_width = max(len(v.language) for v in voices)
    for v in voices:
        marker = f"  * default for {', '.join(defaults[v.id])}" if v.id in defaults else ""
        sys.stdout.write(f"{v.id:<{width}}  {v.language:<{lang_width}}  {v.name}{marker}\n")
    return 0
