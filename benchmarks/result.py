"""One measured figure, its target, and the table they are printed in."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass


@dataclass
class Result:
    """A named measurement (``speech.first_audio_ms``), its unit and an optional target.

    ``target`` is compared with ``op`` (``"<="`` or ``">="``); ``passed``
    is None when there is no target.
    """

    name: str
    value: float
    unit: str = ""
    target: float | None = None
    op: str = "<="
    note: str = ""

    @property
    def passed(self) -> bool | None:
        """Whether the value meets the target (None without a target)."""
        if self.target is None:
            return None
        return self.value <= self.target if self.op == "<=" else self.value >= self.target

    def as_dict(self) -> dict:
        """JSON-ready form, with ``passed`` included."""
        d = asdict(self)
        d["passed"] = self.passed
        return d


def median(values: list[float]) -> float:
    """Median of ``values`` (0.0 for none)."""
    return statistics.median(values) if values else 0.0


def format_table(results: list[Result]) -> str:
    """A plain-text table: name, value, unit, target, verdict, note."""
    rows = [("metric", "value", "unit", "target", "ok", "note")]
    for r in results:
        target = "" if r.target is None else f"{r.op} {r.target:g}"
        ok = {True: "yes", False: "NO", None: ""}[r.passed]
        rows.append(
            (
                r.name,
                f"{r.value:.4g}" if isinstance(r.value, float) else str(r.value),
                r.unit,
                target,
                ok,
                r.note,
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
