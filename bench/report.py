"""One row per case: the engine's figure beside its baseline's, the ratio, and the target."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pydantic import BaseModel
from rich.table import Table


@dataclass(frozen=True)
class Target:
    """What a case must reach; `text` says it as the issue does."""

    text: str
    min_figure: float | None = None
    max_figure: float | None = None
    min_ratio: float | None = None

    def met(self, figure: float, ratio: float | None) -> bool | None:
        checks = []
        if self.min_figure is not None:
            checks.append(figure >= self.min_figure)
        if self.max_figure is not None:
            checks.append(figure <= self.max_figure)
        if self.min_ratio is not None:
            checks.append(ratio is not None and ratio >= self.min_ratio)
        return all(checks) if checks else None


REPORT_ONLY = Target("report it")


class Row(BaseModel):
    case: str
    figure: float
    unit: str
    baseline: float | None = None
    baseline_label: str = "—"
    ratio: float | None = None
    target: str
    met: bool | None
    detail: str = ""
    # What holds the figure back, said in BENCHMARKS.md when the target is missed.
    limit: str = ""
    load_average: float  # over the last minute, when the case finished

    @classmethod
    def measured(
        cls,
        case: str,
        figure: float,
        unit: str,
        target: Target,
        *,
        baseline: float | None = None,
        baseline_label: str = "—",
        ratio: float | None = None,
        detail: str = "",
        limit: str = "",
    ) -> Row:
        """A row whose ratio, if not given, is the figure over the baseline."""
        if ratio is None and baseline:
            ratio = figure / baseline
        return cls(
            case=case,
            figure=figure,
            unit=unit,
            baseline=baseline,
            baseline_label=baseline_label,
            ratio=ratio,
            target=target.text,
            met=target.met(figure, ratio),
            detail=detail,
            limit=limit,
            load_average=os.getloadavg()[0],
        )

    def cells(self) -> list[str]:
        baseline = (
            "—"
            if self.baseline is None
            else f"{number(self.baseline)} {self.unit} ({self.baseline_label})"
        )
        return [
            self.case,
            f"{number(self.figure)} {self.unit}",
            baseline,
            "—" if self.ratio is None else f"{self.ratio:.2f}",
            self.target,
            {True: "met", False: "MISSED", None: "reported"}[self.met],
            f"{self.load_average:.2f}",
        ]


HEADERS = ["case", "engine", "baseline (same run)", "ratio", "target", "result", "load"]


def number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(rows: list[Row], title: str) -> Table:
    shown = Table(title=title)
    for header in HEADERS:
        shown.add_column(header, overflow="fold")
    for row in rows:
        style = "red" if row.met is False else None
        shown.add_row(*row.cells(), style=style)
    return shown
