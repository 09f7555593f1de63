"""One intervention's story as a chart, laid out here and drawn as inline SVG by a template.

Lanes hold what Ofsted, the DfE and the council did (inspection and publication, visits from
fieldwork to report, each notice or direction and its revisions, appointments, the move of
services elsewhere, ...). Below them, one row per deadline: a diamond on
its due date, a circle when it was met, a bar while it ran late, and a numbered square for each
escalation it raised. A line marks today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.regimes import get_regime
from domain.timeline import ANSWER, answer_title
from domain.views import DeadlineView, EscalationView, EventView, StatusView

WIDTH = 1100
LABEL_WIDTH = 320
PLOT_LEFT = LABEL_WIDTH + 16
PLOT_RIGHT = WIDTH - 24
AXIS_HEIGHT = 34
LANE_HEIGHT = 48
DEADLINE_HEIGHT = 34
LABEL_CHAR_WIDTH = 6.6  # at the chart's 11px label size, roughly
MONTH_STEPS = (1, 2, 3, 6, 12)
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Which lane each recorded event belongs in, and its short label on the chart (the full summary
# is in the mark's tooltip and in the event log).
LANES: dict[str, dict[str, str]] = {
    "Ofsted": {
        "InterventionOpened": "Judgement published",
        "ActionPlanningVisitCompleted": "Action planning",
        "MonitoringVisitCompleted": "Visit",
        "MonitoringLetterPublished": "Visit letter",
        "FocusedVisitCompleted": "Focused visit",
        "JtaiCompleted": "JTAI",
        "VisitLetterPublished": "Visit letter",
        "AnnualEngagementMeetingHeld": "Engagement meeting",
        "ReinspectionStarted": "On site",
        "ReinspectionFieldworkCompleted": "Fieldwork done",
        "ReinspectionCompleted": "Re-inspection",
    },
    "DfE instruments": {
        "InterventionProposed": "Minded to",
        "ImprovementNoticeIssued": "Notice",
        "StatutoryDirectionIssued": "Direction",
        "NoticeRevised": "Notice revised",
        "DirectionRevised": "Direction revised",
        "NoticeEscalatedToDirection": "To direction",
        "DirectionSteppedDown": "To notice",
        "ConditionMet": "Condition met",
        "ProgressReviewCompleted": "Review",
        "NoticeLifted": "Notice lifted",
        "DirectionRevoked": "Direction revoked",
        "SupportReviewCompleted": "Support review",
    },
    "Appointments": {
        "CommissionerAppointed": "Commissioner",
        "ImprovementAdviserAppointed": "Adviser",
        "BoardChairAppointed": "Board chair",
        "PartnerAppointed": "Partner",
        "AppointmentEnded": "Ended",
    },
    "Who runs services": {
        "CommissionerReportSubmitted": "Commissioner's report",
        "ServicesRetained": "Retained",
        "AlternativeDeliveryModelDirected": "New delivery model",
        "OptionsAppraisalCompleted": "Options",
        "BusinessCaseApproved": "Business case",
        "TransferDirected": "Transfer directed",
        "AlternativeDeliveryLive": "Live",
    },
    "Council": {
        "ReportPublished": "Report published",
        "StatementOfActionSubmitted": "Statement of Action",
        "ImprovementBoardEstablished": "Board",
        "SelfEvaluationSubmitted": "Self-evaluation",
        "InterventionClosed": "Closed",
    },
}
OPTIONAL_LANES = frozenset({"Appointments", "Who runs services"})
# Anything else a person recorded (the council's own records, mostly) goes in the council's lane.
OTHER_LANE = "Council"
MAPPED = frozenset(kind for labels in LANES.values() for kind in labels)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Mark:
    x: float
    kind: str  # a CSS class: the shape and colour
    title: str  # the tooltip, and what a screen reader says
    label: str = ""
    label_x: float = 0.0
    label_y: float = 0.0
    label_anchor: str = "start"
    event: str = ""  # the event type, for lane marks


@dataclass(frozen=True)
class Bar:
    x1: float
    x2: float
    kind: str
    title: str


@dataclass(frozen=True)
class Fact:
    """One thing the chart shows, in words: the chart's text alternative is a table of these."""

    on: date
    what: str


@dataclass
class Row:
    y: float  # the row's middle
    label: str
    note: str = ""
    kind: str = "lane"
    marks: list[Mark] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    ticks: list[Tick]
    today_x: float
    rows: list[Row]


class _Scale:
    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.days = max((last - first).days, 1)

    def x(self, day: date) -> float:
        return round(PLOT_LEFT + (day - self.first).days / self.days * (PLOT_RIGHT - PLOT_LEFT), 1)


def day(value: date) -> str:
    """How the dashboard writes a date: 15 Jun 2023."""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def _span(status: StatusView, today: date) -> tuple[date, date]:
    days = [today, status.opened_on]
    days += [event.effective_on for event in status.events]
    days += [d.due for d in status.deadlines] + [d.met_on for d in status.deadlines if d.met_on]
    inspection = _inspection(status)
    days += [value for value in inspection.values() if value]
    return min(days) - timedelta(days=14), max(days) + timedelta(days=21)


def _inspection(status: StatusView) -> dict[str, date | None]:
    opened = next((e for e in status.events if e.type == "InterventionOpened"), None)
    raw = opened.data.get("inspection", {}) if opened else {}
    return {
        name: date.fromisoformat(raw[name]) if raw.get(name) else None
        for name in ("started_on", "ended_on")
    }


def _ticks(scale: _Scale, first: date, last: date) -> list[Tick]:
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in MONTH_STEPS if months / s <= 12), 24)
    ticks: list[Tick] = []
    # Months counted from year 0, so that every `step` months lands on the same calendar months.
    for index in range(first.year * 12 + first.month, last.year * 12 + last.month):
        if index % step:
            continue
        year, month = divmod(index, 12)
        if step >= 12:
            label = str(year)
        elif month == 0 or not ticks:
            label = f"{MONTH_NAMES[month]} {year}"
        else:
            label = MONTH_NAMES[month]
        ticks.append(Tick(scale.x(date(year, month + 1, 1)), label))
    return ticks


def _lane(name: str, labels: dict[str, str], status: StatusView, scale: _Scale, y: float) -> Row:
    row = Row(y=y, label=name)
    if name == "Ofsted":
        inspection = _inspection(status)
        if inspection["started_on"] and inspection["ended_on"]:
            title = f"Inspection {day(inspection['started_on'])} to {day(inspection['ended_on'])}"
            row.bars.append(
                Bar(
                    scale.x(inspection["started_on"]),
                    scale.x(inspection["ended_on"]),
                    "inspection",
                    title,
                )
            )
            row.facts.append(Fact(inspection["started_on"], title))
    # Labels alternate above and below the line where they would run into each other.
    free_from = [float("-inf"), float("-inf")]
    # Named as its regime names it, worked out only for the lane that shows it.
    rules = get_regime(status.regime, status.regime_version) if ANSWER in labels else None
    answer = answer_title(rules, status.deadlines) if rules else None
    for event in status.events:
        if event.type == ANSWER and answer:
            label = answer
        elif event.type in labels:
            label = labels[event.type] + _number(event)
        elif name == OTHER_LANE and event.type not in MAPPED and event.actor["role"] != "system":
            label = _words(event.type)
        else:
            continue
        x = scale.x(event.effective_on)
        width = len(label) * LABEL_CHAR_WIDTH
        # Near the right edge a label ends at its mark instead of starting there.
        start = x - 4 if x + width <= WIDTH else x - width + 4
        level = 0 if start >= free_from[0] else 1 if start >= free_from[1] else 0
        free_from[level] = start + width + 8
        row.marks.append(
            Mark(
                x=x,
                kind="event",
                title=f"{day(event.effective_on)}: {event.summary}",
                label=label,
                label_x=x - 4 if start == x - 4 else x + 4,
                label_y=y - 11 if level == 0 else y + 20,
                label_anchor="start" if start == x - 4 else "end",
                event=event.type,
            )
        )
        row.facts.append(Fact(event.effective_on, event.summary))
    return row


def _words(event_type: str) -> str:
    """BoardMeetingHeld -> Board meeting held."""
    return re.sub(r"(?<!^)([A-Z])", lambda m: " " + m[1].lower(), event_type)


def _number(event: EventView) -> str:
    number = event.data.get("number")
    return f" {number}" if number else ""


def _deadline_note(deadline: DeadlineView, today: date) -> str:
    due = f"{deadline.kind}, due {day(deadline.due)}"
    if deadline.met_on is not None:
        late = " late" if deadline.status == "met_late" else ""
        return f"{due}, met{late} {day(deadline.met_on)}"
    if deadline.status == "pending" and deadline.due < today:
        return f"{due}, overdue"
    return f"{due}, {deadline.status.replace('_', ' ')}"


def _deadline_row(
    deadline: DeadlineView,
    escalations: list[EscalationView],
    scale: _Scale,
    y: float,
    today: date,
) -> Row:
    label = deadline.title + (f" {deadline.number}" if deadline.number else "")
    if deadline.cycle > 1:
        label += f" (cycle {deadline.cycle})"
    note = _deadline_note(deadline, today)
    row = Row(y=y, label=label, note=note, kind=f"deadline {deadline.status}")
    due_x = scale.x(deadline.due)
    if deadline.met_on is not None:
        met_x = scale.x(deadline.met_on)
        kind = "late" if deadline.status == "met_late" else "early"
        row.bars.append(Bar(min(due_x, met_x), max(due_x, met_x), kind, f"{label}: {note}"))
    elif deadline.status in ("pending", "missed") and deadline.due < today:
        row.bars.append(Bar(due_x, scale.x(today), "overdue", f"{label}: {note}"))
    row.marks.append(Mark(x=due_x, kind=f"due {deadline.status}", title=f"{label}: {note}"))
    row.facts.append(Fact(deadline.due, note[:1].upper() + note[1:]))
    if deadline.met_on is not None:
        row.marks.append(
            Mark(x=scale.x(deadline.met_on), kind=f"met {deadline.status}", title=note)
        )
    for escalation in escalations:
        withdrawn = f", withdrawn {day(escalation.withdrawn_on)}" if escalation.withdrawn_on else ""
        title = (
            f"Escalation level {escalation.level} to {escalation.to.replace('_', ' ')}, "
            f"raised {day(escalation.raised_on)}{withdrawn}"
        )
        row.marks.append(
            Mark(
                x=scale.x(escalation.raised_on),
                kind="escalation" + (" withdrawn" if escalation.withdrawn_on else ""),
                title=title,
                label=str(escalation.level),
            )
        )
        row.facts.append(Fact(escalation.raised_on, title))
    return row


def timeline_chart(status: StatusView, today: date) -> Chart:
    first, last = _span(status, today)
    scale = _Scale(first, last)
    rows = []
    y = AXIS_HEIGHT + LANE_HEIGHT / 2
    recorded = {event.type for event in status.events}
    for name, labels in LANES.items():
        # A lane of its own only once something happened in it (not every intervention has
        # appointments or a move of services); Ofsted, the DfE and the council always show.
        if name in OPTIONAL_LANES and not recorded & set(labels):
            continue
        rows.append(_lane(name, labels, status, scale, y))
        y += LANE_HEIGHT
    y += DEADLINE_HEIGHT / 2 - LANE_HEIGHT / 2 + 8
    for deadline in status.deadlines:
        raised = [
            e
            for e in status.escalations
            if (e.milestone, e.number, e.cycle)
            == (deadline.milestone, deadline.number, deadline.cycle)
        ]
        rows.append(_deadline_row(deadline, raised, scale, y, today))
        y += DEADLINE_HEIGHT
    return Chart(
        width=WIDTH,
        height=round(y - DEADLINE_HEIGHT / 2 + 12),
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        ticks=_ticks(scale, first, last),
        today_x=scale.x(today),
        rows=rows,
    )
