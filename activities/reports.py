"""Rendering the committee progress report: Markdown for papers, print-ready HTML with charts.

The report itself (`domain.report.build_report`) decides every number; this only lays it out.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from html import escape

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from domain.plan_progress import ProgressRow, RagPoint
from domain.report import CommitteeReport


class ReportFormat(StrEnum):
    md = "md"
    html = "html"


# Colours chosen for contrast on paper and screen, and distinguishable in greyscale by order.
COLOURS = {"completed": "#1d3557", "green": "#2a7d3f", "amber": "#b36b00", "red": "#b00020"}
BAR_HEIGHT = 22
LABEL_WIDTH = 190
CHART_WIDTH = 620

# The templates of every document and message the engine writes.
TEMPLATES = Environment(
    loader=PackageLoader("activities", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def progress_chart(rows: list[ProgressRow], title: str) -> str:
    """Stacked horizontal bars: completed, then open actions by RAG, one bar per group."""
    if not rows:
        return ""
    most = max(row.total for row in rows) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / most
    height = BAR_HEIGHT * len(rows) + 40
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, row in enumerate(rows):
        y = 10 + index * BAR_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(row.group)}</text>'
        )
        x = float(LABEL_WIDTH)
        for segment, count in (
            ("completed", row.completed),
            ("green", row.green),
            ("amber", row.amber),
            ("red", row.red),
        ):
            if count:
                width = count * scale
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="{BAR_HEIGHT - 6}" '
                    f'fill="{COLOURS[segment]}"><title>{count} {segment}</title></rect>'
                )
                x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{row.percent}%</text>')
    legend_y = height - 12
    for offset, segment in enumerate(COLOURS):
        lx = LABEL_WIDTH + offset * 100
        parts.append(
            f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{COLOURS[segment]}"/><text x="{lx + 16}" y="{legend_y}">{segment}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def rag_rows(points: list[RagPoint]) -> list[ProgressRow]:
    """The RAG trend drawn with the same bars: one per month end."""
    return [
        ProgressRow(
            group=f"{point.on:%-d %b %Y}",
            total=point.completed + point.red + point.amber + point.green,
            completed=point.completed,
            progressed=point.completed + point.green,
            red=point.red,
            amber=point.amber,
            green=point.green,
        )
        for point in points
    ]


# By the outcome's tone (`DeadlineOutcome.tone`): withdrawn ones are drawn grey.
TONE_COLOURS = {
    "met": COLOURS["green"],
    "late": COLOURS["amber"],
    "missed": COLOURS["red"],
    "overdue": COLOURS["red"],
}
TIMELINE_ROW = 18
TIMELINE_LABELS = 300  # the width of the column naming each deadline
TIMELINE_LABEL_CHARS = 36


def timeline_chart(report: CommitteeReport) -> str:
    """The period on one axis: a tick for each milestone recorded, and a diamond for each
    deadline on its due date, coloured by its outcome, with a line to when it was met."""
    if not (report.milestones or report.deadlines):
        return ""
    first, last = report.period.start, report.period.end
    span = max((last - first).days, 1)
    # Deadlines are named in a column on the left, the period drawn to their right.
    left, right = float(TIMELINE_LABELS + 10), float(CHART_WIDTH - 10)

    def x(day: date) -> float:
        clamped = min(max(day, first), last)
        return left + (right - left) * (clamped - first).days / span

    rows = len(report.deadlines)
    height = 70 + TIMELINE_ROW * rows
    title = "Timeline of the period: milestones and deadlines"
    parts = [
        f'<svg role="img" aria-label="{title}" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title}</title>",
        f'<line x1="{left}" y1="30" x2="{right}" y2="30" stroke="#111"/>',
        f'<text x="{left}" y="14">{first:%-d %b %Y}</text>',
        f'<text x="{right}" y="14" text-anchor="end">{last:%-d %b %Y}</text>',
        f'<text x="{TIMELINE_LABELS}" y="34" text-anchor="end" font-size="11">Recorded</text>',
    ]
    for milestone in report.milestones:
        mx = x(milestone.on)
        parts.append(
            f'<line x1="{mx:.1f}" y1="22" x2="{mx:.1f}" y2="38" stroke="{COLOURS["completed"]}" '
            f'stroke-width="2"><title>{milestone.on}: {escape(milestone.what)}</title></line>'
        )
    for index, deadline in enumerate(report.deadlines):
        y = 56 + index * TIMELINE_ROW
        colour = TONE_COLOURS.get(deadline.tone, "#555")
        dx, ox = x(deadline.due), x(deadline.on)
        if ox != dx:
            parts.append(
                f'<line x1="{dx:.1f}" y1="{y}" x2="{ox:.1f}" y2="{y}" stroke="{colour}" '
                'stroke-width="3"/>'
            )
        parts.append(
            f'<path d="M{dx:.1f} {y - 6} l6 6 l-6 6 l-6 -6 z" fill="{colour}">'
            f"<title>{escape(deadline.deadline)}: due {deadline.due}, {deadline.outcome}</title>"
            "</path>"
        )
        label = deadline.deadline
        if len(label) > TIMELINE_LABEL_CHARS:
            label = label[: TIMELINE_LABEL_CHARS - 1].rstrip() + "…"
        parts.append(
            f'<text x="{TIMELINE_LABELS}" y="{y + 4}" text-anchor="end" font-size="11">'
            f"<title>{escape(deadline.deadline)}</title>{escape(label)} ({deadline.outcome})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def render(report: CommitteeReport, fmt: ReportFormat) -> str:
    template = TEMPLATES.get_template(f"report.{fmt.value}.j2")
    charts = {}
    if fmt is ReportFormat.html:
        charts["timeline"] = timeline_chart(report)
    if fmt is ReportFormat.html and report.plan.overall.total:
        charts |= {
            "by_theme": progress_chart(report.plan.by_theme, "Plan progress by theme"),
            "by_phase": progress_chart(report.plan.by_phase, "Plan progress by phase"),
            "trend": progress_chart(rag_rows(report.rag_trend), "RAG status at each month end"),
        }
    return template.render(report=report, charts=charts)
