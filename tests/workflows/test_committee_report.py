"""The committee progress report over a simulated scenario, checked against the event log.

`examples/improvement-plan.yaml` runs once through the real workflow on the time-skipping
server into a scratch database. The report is built from the events read back from the store,
and every count and date in it is checked against those events by counting them here, from
the stored rows (type, effective date, data), without the domain's own folding. A few
literal values from the scenario file anchor the counting itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from activities.reports import ReportFormat, render
from application.scenario import load_scenario
from application.simulation import (
    CollectingNotifier,
    run_scenario,
    scratch_database,
    server_url,
    settled_status,
)
from domain.calendar import london_date
from domain.errors import InvalidDateError
from domain.events import Event
from domain.report import CommitteeReport, build_report
from eventstore.store import RecordedEvent

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCENARIO = EXAMPLES / "improvement-plan.yaml"
INTERVENTION = str(Path(sys.executable).parent / "intervention")

OPENED = date(2023, 3, 7)  # the judgement's publication
LAST_DAY = date(2024, 6, 30)  # the scenario's end_on

# Person-recorded facts the report shows in sections of their own, and the plan's changes.
OWN_SECTIONS = {
    "BoardMeetingHeld",
    "CaseAuditCompleted",
    "FundingAllocated",
    "MonitoringVisitCompleted",
    "MonitoringLetterPublished",
}
PLAN_TYPES = {"PriorityAdded", "ActionAdded", "ActionUpdated", "ActionCompleted"}
NOT_MILESTONES = {"InterventionOpened", *OWN_SECTIONS, *PLAN_TYPES}


@dataclass
class Simulated:
    recorded: list[RecordedEvent]
    events: list[Event]


@pytest.fixture(scope="module")
async def simulated(postgres_server_url: str) -> Simulated:
    scenario = load_scenario(SCENARIO)
    async with (
        scratch_database(server_url(postgres_server_url)) as url,
        run_scenario(scenario, url, CollectingNotifier()) as run,
    ):
        status = await settled_status(run, scenario.last_day)
        recorded = await run.store.read_stream(status.intervention_id)
    return Simulated(recorded, [event.to_domain() for event in recorded])


# --- counting from the stored rows ---------------------------------------------------------


def of(recorded: Iterable[RecordedEvent], *types: str) -> list[RecordedEvent]:
    return [e for e in recorded if e.type in types]


def within(recorded: Iterable[RecordedEvent], start: date, end: date) -> list[RecordedEvent]:
    return [e for e in recorded if start <= e.effective_on <= end]


def known_by(recorded: Iterable[RecordedEvent], end: date) -> list[RecordedEvent]:
    """What had been recorded by the end of `end`, London time."""
    return [e for e in recorded if london_date(e.recorded_at) <= end]


def key(data: dict[str, Any]) -> tuple[str, int | None, int]:
    return (data["milestone"], data.get("number"), data.get("cycle", 1))


def _met(data: dict[str, Any], on: date) -> str:
    """A DeadlineMet's outcome: late, or after its day within the time allowed, or met."""
    if data["late"]:
        return "met late"
    return "met within the time allowed" if on > date.fromisoformat(data["due"]) else "met"


def labels(recorded: Iterable[RecordedEvent]) -> dict[tuple[str, int | None, int], str]:
    """Each deadline's name: its title; an action's review dates after the first are numbered
    "(review n)", other recurring deadlines by their number."""
    names = {}
    for e in of(recorded, "DeadlineScheduled"):
        milestone, number, _ = key(e.data)
        title = e.data["title"]
        if milestone.startswith("action:"):
            names[key(e.data)] = title + (f" (review {number})" if (number or 1) > 1 else "")
        else:
            names[key(e.data)] = title if number is None else f"{title} {number}"
    return names


def percent(part: int, whole: int) -> int:
    if not whole:
        return 0
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class Act:
    ref: str
    theme: str
    phase: str
    owner: str
    title: str
    review_on: date
    rag: str
    completed: bool = False


def actions_of(recorded: Iterable[RecordedEvent]) -> dict[str, Act]:
    """The plan's actions as the rows leave them, in the order they were added."""
    actions: dict[str, Act] = {}
    for e in recorded:
        d = e.data
        if e.type == "ActionAdded":
            actions[d["ref"]] = Act(
                d["ref"],
                d["theme"],
                d["phase"],
                d["owner"],
                d["title"],
                date.fromisoformat(d["review_on"]),
                d["rag"],
            )
        elif e.type == "ActionUpdated":
            act = actions[d["ref"]]
            act.rag = d.get("rag") or act.rag
            act.owner = d.get("owner") or act.owner
            if d.get("review_on"):
                act.review_on = date.fromisoformat(d["review_on"])
        elif e.type == "ActionCompleted":
            actions[d["ref"]].completed = True
    return actions


def counts(group: str, acts: list[Act]) -> dict[str, Any]:
    open_acts = [a for a in acts if not a.completed]
    return {
        "group": group,
        "total": len(acts),
        "completed": len(acts) - len(open_acts),
        "progressed": sum(1 for a in acts if a.completed or a.rag == "green"),
        "red": sum(1 for a in open_acts if a.rag == "red"),
        "amber": sum(1 for a in open_acts if a.rag == "amber"),
        "green": sum(1 for a in open_acts if a.rag == "green"),
    }


def grouped(actions: Iterable[Act], by: str) -> list[dict[str, Any]]:
    groups: dict[str, list[Act]] = {}
    for act in actions:
        groups.setdefault(getattr(act, by), []).append(act)
    return [counts(name, acts) for name, acts in groups.items()]


def headline(row: dict[str, Any]) -> str:
    group = row["group"]
    what = f"actions in the {group} phase" if " " in group else f"{group} actions"
    return f"{row['progressed']} of {row['total']} {what} progressed " + (
        f"({percent(row['progressed'], row['total'])}%)"
    )


def rag_on(recorded: list[RecordedEvent], day: date) -> tuple[int, int, int, int]:
    """(red, amber, green, completed) as they stood on `day`, by effective date."""
    rag: dict[str, str] = {}
    done: set[str] = set()
    for e in sorted(of(recorded, *PLAN_TYPES), key=lambda e: (e.effective_on, e.version)):
        if e.effective_on > day:
            continue
        if e.type == "ActionCompleted":
            done.add(e.data["ref"])
        elif e.data.get("rag"):
            rag[e.data["ref"]] = e.data["rag"]
    still = [r for ref, r in rag.items() if ref not in done]
    return still.count("red"), still.count("amber"), still.count("green"), len(done)


def deadline_statuses(recorded: Iterable[RecordedEvent]) -> dict[tuple[str, int | None, int], str]:
    status: dict[tuple[str, int | None, int], str] = {}
    for e in recorded:
        if e.type == "DeadlineScheduled":
            status[key(e.data)] = "pending"
        elif e.type in ("DeadlineMissed", "MilestoneOverdue"):
            status[key(e.data)] = "missed"
        elif e.type == "DeadlineMet":
            status[key(e.data)] = "met"
        elif e.type == "DeadlineWithdrawn":
            status[key(e.data)] = "withdrawn"
    return status


def due_dates(recorded: Iterable[RecordedEvent]) -> dict[tuple[str, int | None, int], date]:
    return {
        key(e.data): date.fromisoformat(e.data["due"]) for e in of(recorded, "DeadlineScheduled")
    }


# --- the expected report, section by section -----------------------------------------------


def check_report(
    report: CommitteeReport, recorded: list[RecordedEvent], start: date, end: date, horizon: date
) -> None:
    """Every count and date in `report` against the rows, for the period start..end; what falls
    due by `horizon` (three months after the end) is upcoming."""
    period = within(recorded, start, end)
    known = known_by(recorded, end)
    names = labels(recorded)
    opened = of(recorded, "InterventionOpened")[0]

    assert (report.period.start, report.period.end) == (start, end)
    assert report.events_read == len(recorded)
    assert report.intervention_id == opened.data["intervention_id"]
    assert report.authority == opened.data["authority"] == "Example Borough Council"
    assert report.judgement_published_on == date.fromisoformat(
        opened.data["inspection"]["published_on"]
    )

    # Milestones: what people recorded in the period, except what has its own section.
    expected_milestones = sorted(
        (e.effective_on, e.type)
        for e in period
        if e.actor.role != "system" and e.type not in NOT_MILESTONES
    )
    # Each reads as its type in words, then whom it names (": DfE Improvement Adviser").
    described = [(m.on, m.what.split(":")[0].replace(" ", "").lower()) for m in report.milestones]
    assert described == [(on, kind.lower()) for on, kind in expected_milestones]

    # Deadlines met and missed: every DeadlineMet, DeadlineMissed and MilestoneOverdue.
    outcome_of = {"DeadlineMissed": "missed", "MilestoneOverdue": "overdue"}
    expected_deadlines = sorted(
        (
            e.effective_on,
            date.fromisoformat(e.data["due"]),
            names[key(e.data)],
            _met(e.data, e.effective_on) if e.type == "DeadlineMet" else outcome_of[e.type],
        )
        for e in of(period, "DeadlineMet", "DeadlineMissed", "MilestoneOverdue")
    )
    assert sorted((d.on, d.due, d.deadline, d.outcome) for d in report.deadlines) == (
        expected_deadlines
    )
    assert [(d.on, d.due) for d in report.deadlines] == sorted(
        (d.on, d.due) for d in report.deadlines
    )
    for d in of(period, "DeadlineMet"):
        assert d.effective_on == date.fromisoformat(d.data["met_on"])

    # Escalations: every one raised in the period, with its withdrawal if there was one.
    withdrawals = {
        (*key(e.data), e.data["level"], e.data["to"]): e.effective_on
        for e in of(recorded, "EscalationWithdrawn")
    }
    assert [
        (x.deadline, x.level, x.to, x.raised_on, x.withdrawn_on) for x in report.escalations
    ] == [
        (
            names[key(e.data)],
            e.data["level"],
            e.data["to"],
            e.effective_on,
            withdrawals.get((*key(e.data), e.data["level"], e.data["to"])),
        )
        for e in of(period, "EscalationRaised")
    ]

    # Monitoring visits, with Ofsted's findings: from the visit's record, or from its letter
    # recorded on its own (one cycle here, so the visit's number finds it).
    letters = {e.data["visit"]: e for e in of(period, "MonitoringLetterPublished")}
    expected_visits = []
    for e in of(period, "MonitoringVisitCompleted"):
        letter = letters.get(e.data["number"])
        letter_on = e.data["letter_on"] and date.fromisoformat(e.data["letter_on"])
        expected_visits.append(
            {
                "number": e.data["number"],
                "title": f"Monitoring visit {e.data['number']}",
                "visited_on": e.effective_on,
                "letter_on": letter.effective_on if letter else letter_on or None,
                "areas_reviewed": e.data["areas_reviewed"]
                or (letter.data["areas_reviewed"] if letter else []),
                "key_findings": e.data["key_findings"]
                or (letter.data["key_findings"] if letter else []),
            }
        )
    assert [v.model_dump() for v in report.monitoring_visits] == sorted(
        expected_visits, key=lambda v: v["number"]
    )

    # The plan, as it stood at the end of the period.
    actions = actions_of(known)
    plan = report.plan
    assert plan.as_of == end
    assert plan.priorities == len(of(known, "PriorityAdded"))
    assert plan.overall.model_dump() == counts("all", list(actions.values()))
    assert [r.model_dump() for r in plan.by_theme] == grouped(actions.values(), "theme")
    assert [r.model_dump() for r in plan.by_phase] == grouped(actions.values(), "phase")
    for row in [plan.overall, *plan.by_theme, *plan.by_phase]:
        assert row.percent == percent(row.progressed, row.total)
    assert plan.headlines == [headline(r) for r in grouped(actions.values(), "phase")]
    overall = counts("all", list(actions.values()))
    assert plan.overall.headline() == (
        f"{overall['progressed']} of {overall['total']} actions progressed "
        f"({percent(overall['progressed'], overall['total'])}%)"
    )
    assert [(a.ref, a.owner, a.review_on, a.rag) for a in plan.overdue] == sorted(
        (
            (a.ref, a.owner, a.review_on, a.rag)
            for a in actions.values()
            if not a.completed and a.review_on < end
        ),
        key=lambda a: (a[2], a[0]),
    )

    # RAG counts at each month end of the period, judged by effective dates.
    assert [(p.on, p.red, p.amber, p.green, p.completed) for p in report.rag_trend] == [
        (p.on, *rag_on(known, p.on)) for p in report.rag_trend
    ]

    # Case audits, funding and board meetings in the period.
    assert [a.model_dump() for a in report.audits] == [
        {
            "on": e.effective_on,
            "theme": e.data["theme"],
            "cases_reviewed": e.data["cases_reviewed"],
            "outstanding": e.data["outstanding"],
            "good": e.data["good"],
            "requires_improvement": e.data["requires_improvement"],
            "inadequate": e.data["inadequate"],
        }
        for e in of(period, "CaseAuditCompleted")
    ]
    for audit in report.audits:
        graded = audit.outstanding + audit.good + audit.requires_improvement + audit.inadequate
        assert graded == audit.cases_reviewed
    assert [(f.on, f.phase, f.amount, f.source) for f in report.funding] == [
        (e.effective_on, e.data["phase"], e.data["amount"], e.data["source"])
        for e in of(period, "FundingAllocated")
    ]
    assert report.funding_to_date == sum(
        e.data["amount"] for e in of(known, "FundingAllocated") if e.effective_on <= end
    )
    assert [(b.on, b.chair, b.attendance, b.decisions) for b in report.board_meetings] == [
        (e.effective_on, e.data["chair"], len(e.data["attendance"]), e.data["decisions"])
        for e in of(period, "BoardMeetingHeld")
    ]

    # Upcoming: every deadline open at the end of the period due within three months of it.
    statuses = deadline_statuses(known)
    dues = due_dates(known)
    upcoming = sorted(
        (dues[k], names[k], status)
        for k, status in statuses.items()
        if status in ("pending", "missed") and dues[k] <= horizon
    )
    assert [(u.due, u.deadline, u.status) for u in report.upcoming] == upcoming

    # Next steps: one line per overdue action, then one per upcoming deadline.
    assert len(report.next_steps) == len(plan.overdue) + len(report.upcoming)
    for step, overdue in zip(report.next_steps, plan.overdue, strict=False):
        assert step.startswith(f"Action {overdue.ref} ({overdue.owner}): review was due ")
        assert f"{overdue.review_on:%-d %B %Y}" in step
    for step, coming in zip(report.next_steps[len(plan.overdue) :], report.upcoming, strict=True):
        assert step.startswith(coming.deadline + ": ")
        assert step.endswith(f"{coming.due:%-d %B %Y}")


# --- the whole scenario --------------------------------------------------------------------


def test_every_count_and_date_in_the_report_comes_from_the_events(simulated: Simulated) -> None:
    report = build_report(simulated.events, end=LAST_DAY)
    check_report(report, simulated.recorded, OPENED, LAST_DAY, date(2024, 9, 30))


def test_the_counting_itself_against_the_scenario_file(simulated: Simulated) -> None:
    """Literal values from examples/improvement-plan.yaml, to anchor the counting above."""
    recorded = simulated.recorded
    report = build_report(simulated.events, end=LAST_DAY)

    assert (report.track, report.stage) == ("notice", "improvement")
    assert [(m.on, m.what) for m in report.milestones] == [
        (date(2023, 4, 14), "Report published"),
        (date(2023, 4, 20), "Improvement notice issued"),
        (date(2023, 5, 4), "Improvement adviser appointed: DfE Improvement Adviser"),
        (date(2023, 5, 25), "Improvement board established"),
        (date(2023, 6, 12), "Statement of Action submitted"),
        (date(2023, 10, 19), "Progress review completed"),
        (date(2024, 4, 18), "Progress review completed"),
    ]
    # 7 actions completed; only A3.1 after its review date.
    completed = of(recorded, "ActionCompleted")
    assert len(completed) == 7
    outcomes = [d.outcome for d in report.deadlines]
    met = ("met", "met within the time allowed", "met late")
    assert len(of(recorded, "DeadlineMet")) == sum(outcomes.count(m) for m in met)
    assert outcomes.count("missed") == len(of(recorded, "DeadlineMissed")) == 3
    # Only A3.1: monitoring visit 3, a week after its quarter, came within the grace Ofsted is
    # given before an alert, so it is met within the time allowed, not late.
    assert outcomes.count("met late") == 1
    rows = {(d.deadline.split(":")[0], d.outcome): (d.due, d.on) for d in report.deadlines}
    assert rows[("Statement of Action", "met")] == (date(2023, 6, 15), date(2023, 6, 12))
    assert rows[("Action A4.1", "missed")] == (date(2023, 7, 31), date(2023, 8, 1))
    assert rows[("Action A2.2", "missed")] == (date(2023, 10, 13), date(2023, 10, 16))
    assert rows[("Action A3.1", "missed")] == (date(2024, 1, 31), date(2024, 2, 1))
    assert rows[("Action A3.1", "met late")] == (date(2024, 1, 31), date(2024, 2, 20))
    assert rows[("Ofsted monitoring visit 3", "met within the time allowed")] == (
        date(2024, 1, 10),
        date(2024, 1, 23),
    )
    assert rows[("Action A3.2", "met")] == (date(2023, 11, 30), date(2023, 11, 30))
    assert any(d.deadline.endswith("(review 2)") for d in report.deadlines)

    # A4.1 and A2.2 ran the full ladder; A3.1 reached level 2 before it was completed.
    assert [(e.deadline[:11], e.level, e.to, e.raised_on) for e in report.escalations] == [
        ("Action A4.1", 1, "director", date(2023, 8, 1)),
        ("Action A4.1", 2, "chief_executive", date(2023, 8, 14)),
        ("Action A4.1", 2, "lead_member", date(2023, 8, 14)),
        ("Action A4.1", 3, "improvement_adviser", date(2023, 8, 29)),
        ("Action A2.2", 1, "director", date(2023, 10, 16)),
        ("Action A2.2", 2, "chief_executive", date(2023, 10, 27)),
        ("Action A2.2", 2, "lead_member", date(2023, 10, 27)),
        ("Action A2.2", 3, "improvement_adviser", date(2023, 11, 10)),
        ("Action A3.1", 1, "director", date(2024, 2, 1)),
        ("Action A3.1", 2, "chief_executive", date(2024, 2, 14)),
        ("Action A3.1", 2, "lead_member", date(2024, 2, 14)),
    ]

    assert [(v.number, v.visited_on, v.letter_on) for v in report.monitoring_visits] == [
        (1, date(2023, 7, 11), date(2023, 8, 15)),
        (2, date(2023, 10, 10), date(2023, 11, 21)),
        (3, date(2024, 1, 23), date(2024, 2, 27)),
        (4, date(2024, 4, 23), None),
    ]
    assert report.monitoring_visits[0].areas_reviewed == ["Front door", "Child protection"]
    assert report.monitoring_visits[1].key_findings == [
        "Care plans are more timely",
        "Pathway plans still lack the young person's voice",
    ]
    # Visit 3 was recorded on its day and its letter on its own, five weeks later.
    assert report.monitoring_visits[2].key_findings == [
        "Agency use is falling",
        "Supervision is more regular",
    ]

    plan = report.plan
    assert (plan.priorities, plan.overall.total, plan.overall.completed) == (4, 9, 7)
    assert plan.overall.headline() == "7 of 9 actions progressed (78%)"
    assert plan.headlines == [
        "3 of 4 immediate actions progressed (75%)",
        "2 of 3 actions in the 3 months phase progressed (67%)",
        "2 of 2 actions in the 6 months phase progressed (100%)",
    ]
    assert [(r.group, r.total, r.completed, r.percent) for r in plan.by_theme] == [
        ("Practice", 3, 3, 100),
        ("Performance", 2, 1, 50),
        ("People", 2, 2, 100),
        ("Partnerships", 2, 1, 50),
    ]
    assert [(a.ref, a.review_on) for a in plan.overdue] == [
        ("A4.1", date(2023, 7, 31)),
        ("A2.2", date(2023, 10, 13)),
    ]
    assert [p.on for p in report.rag_trend] == [
        date(2023, 3, 31),
        date(2023, 4, 30),
        date(2023, 5, 31),
        date(2023, 6, 30),
        date(2023, 7, 31),
        date(2023, 8, 31),
        date(2023, 9, 30),
        date(2023, 10, 31),
        date(2023, 11, 30),
        date(2023, 12, 31),
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
        date(2024, 6, 30),
    ]
    by_day = {p.on: (p.red, p.amber, p.green, p.completed) for p in report.rag_trend}
    assert by_day[date(2023, 5, 31)] == (0, 0, 0, 0)  # before the plan
    assert by_day[date(2023, 6, 30)] == (1, 7, 1, 0)  # as imported
    assert by_day[date(2024, 1, 31)] == (0, 2, 1, 6)  # A3.1 green on its review date

    audits = [
        (a.on, a.cases_reviewed, a.good, a.requires_improvement, a.inadequate)
        for a in report.audits
    ]
    assert audits == [(date(2023, 9, 14), 6, 0, 2, 4), (date(2024, 3, 14), 6, 1, 4, 1)]
    assert [(f.on, f.phase, f.amount) for f in report.funding] == [
        (date(2023, 6, 30), "Phase 1", 950_000),
        (date(2024, 1, 9), "Phase 2", 1_350_000),
    ]
    assert report.funding_to_date == 2_300_000
    assert [(b.on, b.chair, b.attendance) for b in report.board_meetings] == [
        (date(2023, 6, 22), "Independent Chair", 6)
    ]
    # Due by Monday 30 September 2024, three months after the end; reinspection (7 March 2025)
    # and progress review 3 (18 October 2024) are further off.
    assert [(u.deadline.split(":")[0], u.due, u.status) for u in report.upcoming] == [
        ("Action A4.1", date(2023, 7, 31), "missed"),
        ("Action A2.2", date(2023, 10, 13), "missed"),
        ("Ofsted monitoring visit 5", date(2024, 7, 23), "pending"),
    ]


# --- a part of the period ------------------------------------------------------------------

SUMMER_START = date(2023, 7, 1)
SUMMER_END = date(2023, 9, 30)


def test_a_sub_period_report_includes_only_what_falls_in_it(simulated: Simulated) -> None:
    report = build_report(simulated.events, SUMMER_START, SUMMER_END)
    check_report(report, simulated.recorded, SUMMER_START, SUMMER_END, date(2023, 12, 30))

    dated = [
        *(m.on for m in report.milestones),
        *(d.on for d in report.deadlines),
        *(e.raised_on for e in report.escalations),
        *(v.visited_on for v in report.monitoring_visits),
        *(a.on for a in report.audits),
        *(f.on for f in report.funding),
        *(b.on for b in report.board_meetings),
        *(p.on for p in report.rag_trend),
    ]
    assert dated
    assert all(SUMMER_START <= day <= SUMMER_END for day in dated)

    assert report.milestones == []
    assert [(d.deadline[:25], d.outcome, d.on) for d in report.deadlines] == [
        ("Ofsted monitoring visit 1", "met", date(2023, 7, 11)),
        ("Action A1.1: Audit every ", "met", date(2023, 7, 14)),
        ("Action A2.1: Publish a we", "met", date(2023, 7, 21)),
        ("Action A1.3: Weekly manag", "met", date(2023, 7, 28)),
        ("Action A4.1: Review the f", "missed", date(2023, 8, 1)),
        ("Action A1.2: Introduce a ", "met", date(2023, 9, 29)),
    ]
    assert [e.raised_on for e in report.escalations] == [
        date(2023, 8, 1),
        date(2023, 8, 14),
        date(2023, 8, 14),
        date(2023, 8, 29),
    ]
    assert [v.number for v in report.monitoring_visits] == [1]
    assert [a.on for a in report.audits] == [date(2023, 9, 14)]
    assert report.funding == []  # Phase 1 came on 30 June, before the period
    assert report.funding_to_date == 950_000  # but counts towards the total to date
    assert report.board_meetings == []
    assert (report.plan.overall.completed, report.plan.overall.total) == (4, 9)
    assert [a.ref for a in report.plan.overdue] == ["A4.1"]
    assert [p.on for p in report.rag_trend] == [
        date(2023, 7, 31),
        date(2023, 8, 31),
        date(2023, 9, 30),
    ]
    # Later facts are not in it: the second audit, Phase 2, later visits and escalations.
    assert date(2024, 3, 14) not in [a.on for a in report.audits]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (SUMMER_END, SUMMER_START, f"the period's end {SUMMER_START} is before its start"),
        (None, date(2020, 1, 1), "the period's end 2020-01-01 is before the intervention opened"),
    ],
)
def test_a_period_that_cannot_be_is_refused_naming_its_end(
    simulated: Simulated, start: date | None, end: date, message: str
) -> None:
    with pytest.raises(InvalidDateError, match=re.escape(message)):
        build_report(simulated.events, start, end)


def test_a_report_never_shows_a_deadline_both_met_and_still_due(simulated: Simulated) -> None:
    report = build_report(simulated.events, date(2023, 7, 1), date(2023, 7, 31))

    met = {d.deadline for d in report.deadlines if d.outcome.startswith("met")}
    assert "Ofsted monitoring visit 1" in met
    still_due = {u.deadline for u in report.upcoming}
    assert met & still_due == set()


# --- rendered ------------------------------------------------------------------------------


class Page(HTMLParser):
    """Checks that every element is closed in order, and collects text and table rows."""

    VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.tags: dict[str, int] = {}
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in self.VOID:
            return
        self.stack.append(tag)
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @classmethod
    def read(cls, html: str) -> Page:
        page = cls()
        page.feed(html)
        page.close()
        assert page.problems == []
        assert page.stack == [], f"never closed: {page.stack}"
        return page

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())


def key_lines(report: CommitteeReport) -> list[str]:
    """Numbers and dates that must appear, as text, in either format."""
    plan = report.plan
    return [
        "7 March 2023",
        "30 June 2024",
        report.plan.overall.headline(),
        *plan.headlines,
        f"£{report.funding_to_date:,}",
        *(f"£{f.amount:,}" for f in report.funding),
        *(b.on.strftime("%-d %B %Y") for b in report.board_meetings),
        *(f"{v.visited_on:%-d %B %Y}" for v in report.monitoring_visits),
        *(f"letter {v.letter_on:%-d %B %Y}" for v in report.monitoring_visits if v.letter_on),
        *(finding for v in report.monitoring_visits for finding in v.key_findings),
        *report.next_steps,
        f"{report.events_read} events",
    ]


def md_rows(markdown: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in markdown.splitlines()
        if line.startswith("|") and not line.startswith("|---")
    ]


def expected_rows(report: CommitteeReport) -> list[list[str]]:
    """Table rows both formats must hold, cell by cell."""
    rows = [[str(m.on), m.what] for m in report.milestones]
    rows += [[d.deadline, str(d.due), d.outcome, str(d.on)] for d in report.deadlines]
    for e in report.escalations:
        to = e.to.replace("_", " ")
        rows.append([e.deadline, str(e.level), to, str(e.raised_on), str(e.withdrawn_on or "")])
    for row in [*report.plan.by_theme, *report.plan.by_phase]:
        rows.append(
            [
                row.group,
                *(str(n) for n in (row.total, row.completed, row.green, row.amber, row.red)),
                f"{row.percent}%",
            ]
        )
    for a in report.audits:
        grades = (a.cases_reviewed, a.outstanding, a.good, a.requires_improvement, a.inadequate)
        rows.append([str(a.on), a.theme or "", *(str(n) for n in grades)])
    rows += [[str(f.on), f.phase, f"£{f.amount:,}", f.source or ""] for f in report.funding]
    rows += [[f"{a.ref} {a.title}", a.owner, str(a.review_on), a.rag] for a in report.plan.overdue]
    return rows


def test_the_markdown_report_holds_every_row_and_number(simulated: Simulated) -> None:
    report = build_report(simulated.events, end=LAST_DAY)
    markdown = render(report, ReportFormat.md)

    assert markdown.startswith("# Example Borough Council: improvement progress report\n")
    assert "**Period:** 7 March 2023 to 30 June 2024" in markdown
    rows = md_rows(markdown)
    for row in expected_rows(report):
        assert row in rows, row
    trend = [
        [str(p.on), str(p.completed), str(p.green), str(p.amber), str(p.red)]
        for p in report.rag_trend
    ]
    for row in trend:
        assert row in rows, row
    for line in key_lines(report):
        assert line in markdown, line
    assert "Funding allocated to date: £2,300,000." in markdown
    assert "7 of 9 actions progressed (78%)" in markdown
    assert "3 of 4 immediate actions progressed (75%)" in markdown
    a41 = "Action A4.1: Review the front door with police and health partners"
    assert f"| {a41} | 2023-07-31 | missed | 2023-08-01 |" in markdown


def test_the_html_report_is_well_formed_with_charts_and_print_styles(
    simulated: Simulated,
) -> None:
    report = build_report(simulated.events, end=LAST_DAY)
    html = render(report, ReportFormat.html)

    page = Page.read(html)
    assert html.startswith("<!doctype html>")
    assert '<html lang="en-GB">' in html
    assert "@media print" in html
    assert page.tags.get("style") == 1
    assert page.tags.get("script") is None  # nothing to run: a document to print
    # Four inline SVG charts: the period's timeline, by theme, by phase, and the RAG trend.
    assert page.tags["svg"] == 4
    assert 'aria-label="Timeline of the period' in html
    for title in ("Plan progress by theme", "Plan progress by phase", "RAG status at each month"):
        assert f'aria-label="{title}' in html
    # Each bar segment's count is drawn: A4.1 and A2.2 amber in the immediate and 3-month bars.
    assert "<title>3 completed</title>" in html
    assert "<title>1 amber</title>" in html

    for row in expected_rows(report):
        assert row in page.rows, row
    words = page.words
    for line in key_lines(report):
        assert " ".join(line.split()) in words, line
    assert "Funding allocated to date: £2,300,000." in words
    assert "Director of Children's Services" in words  # escaped in the page, read back whole


def test_a_sub_period_renders_only_its_own_facts(simulated: Simulated) -> None:
    report = build_report(simulated.events, SUMMER_START, SUMMER_END)
    for fmt in ReportFormat:
        document = render(report, fmt)
        assert "1 July 2023" in document
        assert "30 September 2023" in document
        assert "£950,000" in document  # to date, though not allocated in the period
        assert "£1,350,000" not in document
        assert "2024-03-14" not in document
        assert "Monitoring visit 2" not in document
        assert "No board meetings recorded in the period." in document


# --- the real command ----------------------------------------------------------------------


def command(server: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": server, "COLUMNS": "160"}
    return subprocess.run(
        [INTERVENTION, "report", "--scenario", str(SCENARIO), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_report_command_writes_the_html_report(
    postgres_server_url: str, tmp_path: Path, simulated: Simulated
) -> None:
    output = tmp_path / "report.html"
    result = command(postgres_server_url, "--format", "html", "-o", str(output))

    assert result.returncode == 0, result.stderr
    assert f"Wrote the html report to {output}" in " ".join(result.stdout.split())
    html = output.read_text(encoding="utf-8")
    page = Page.read(html)
    assert page.tags["svg"] == 4
    assert "@media print" in html
    expected = build_report(simulated.events, end=LAST_DAY)
    # A fresh simulation of the same scenario: the same rows as the report built here.
    for row in expected_rows(expected):
        assert row in page.rows, row
    assert "Funding allocated to date: £2,300,000." in page.words
    assert f"Compiled from {expected.events_read} events" in page.words


def test_the_report_command_prints_markdown_to_stdout(
    postgres_server_url: str, simulated: Simulated
) -> None:
    result = command(postgres_server_url, "--format", "md")

    assert result.returncode == 0, result.stderr
    markdown = result.stdout
    expected = build_report(simulated.events, end=LAST_DAY)
    assert markdown == render(expected, ReportFormat.md)


def test_the_report_command_reports_on_a_sub_period(
    postgres_server_url: str, simulated: Simulated
) -> None:
    result = command(postgres_server_url, "--from", "2023-07-01", "--to", "2023-09-30")

    assert result.returncode == 0, result.stderr
    expected = build_report(simulated.events, SUMMER_START, SUMMER_END)
    assert result.stdout == render(expected, ReportFormat.md)
    assert "**Period:** 1 July 2023 to 30 September 2023" in result.stdout
