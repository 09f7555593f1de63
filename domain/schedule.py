"""The regime's due dates for a report, without opening anything: `intervention schedule`.

Worked out by the same decisions an intervention makes, on a report published (and received)
on the days given, with the notice or direction issued on the day given if any: the dates
shown are the dates the engine would set.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from pydantic import BaseModel

from domain.apply import apply_all
from domain.commands import OpenIntervention, RecordMilestone
from domain.decide import decide, decide_open
from domain.errors import DomainError
from domain.explain import Explanation, explain_all
from domain.regime import Regime
from domain.values import UNGRADED_KINDS, Actor, Grade, Inspection, ReportKind, Role
from domain.views import deadline_views

SCHEDULER = Actor(name="schedule", role=Role.IMPROVEMENT_TEAM)


class RungDate(BaseModel):
    rung: str
    on: date
    level: int | None


class ScheduledDeadline(BaseModel):
    milestone: str
    number: int | None
    kind: str
    owner: str
    title: str
    due: date
    rule: str
    assumed: bool = False
    # What others are expected to do: the day it is flagged if not recorded by then; what
    # escalates has its ladder instead.
    flagged_from: date | None = None
    ladder: list[RungDate] = []


class Schedule(BaseModel):
    regime: str
    regime_version: int
    published_on: date
    received_on: date
    received_assumed: bool
    issued_on: date | None
    deadlines: list[ScheduledDeadline]
    # Each date's derivation, when asked for.
    explanations: list[Explanation] = []


def _report(
    regime: Regime, published_on: date, received_on: date | None, led_by: Grade | ReportKind | None
) -> Inspection:
    """The report the dates count from: an inspection judged `led_by` (inadequate unless
    given), or a report with no grade (a focused visit's letter, an area SEND inspection's
    report, the regime's first unless another is named) naming priority actions, since only
    such a report brings duties."""
    if isinstance(led_by, ReportKind) or ReportKind.INSPECTION not in regime.opens_on:
        return _ungraded(regime, published_on, received_on, led_by)
    graded = led_by or Grade.INADEQUATE
    return Inspection(published_on=published_on, received_on=received_on, judgement=graded)


def _ungraded(
    regime: Regime, published_on: date, received_on: date | None, led_by: Grade | ReportKind | None
) -> Inspection:
    letters = [kind for kind in regime.opens_on if kind in UNGRADED_KINDS]
    if isinstance(led_by, Grade):
        # Dropped, a judgement would leave the person thinking the dates answer it.
        outcomes = ""
        if led_by in regime.judgements:
            outcomes = (
                f" ({', '.join(regime.judged_as)} are the outcomes of a re-inspection, "
                "recorded with reinspection_completed on a record already open)"
            )
        raise DomainError(
            f"the {regime.name} regime's records open on reports that have no grade, so "
            f"judgement {led_by.value!r} does not apply: leave it out{outcomes}",
            field="judgement",
        )
    kind = led_by or letters[0]
    if kind not in letters:
        raise DomainError(
            f"judgement {kind.value!r} is not a report the {regime.name} regime's records open "
            f"on without a grade: one of {', '.join(k.value for k in letters)}",
            field="judgement",
            allowed=[k.value for k in letters],
        )
    return Inspection.model_validate(
        {
            "published_on": published_on,
            "received_on": received_on,
            "judgement": kind.value,
            "priority_actions": ["the areas for priority action the report names"],
        }
    )


def schedule(
    regime: Regime,
    published_on: date,
    received_on: date | None = None,
    issued_on: date | None = None,
    judgement: Grade | ReportKind | None = None,
    *,
    explained: bool = False,
) -> Schedule:
    """Due dates fixed by publication and receipt, and by the notice or direction if given;
    with `explained`, how each was worked out."""
    # Worked out as on the last day given, so that none of them is in this what-if's future.
    last = max(day for day in (published_on, received_on, issued_on) if day is not None)
    now = datetime.combine(last, time(12), tzinfo=UTC)
    opening = OpenIntervention(
        authority="schedule",
        inspection=_report(regime, published_on, received_on, judgement),
        regime=regime.name,
        regime_version=regime.version,
        actor=SCHEDULER,
    )
    events = decide_open(opening, now)
    state = apply_all(events)
    if issued_on is not None:
        notice = RecordMilestone(
            milestone="improvement_notice_issued", effective_on=issued_on, actor=SCHEDULER
        )
        issued = decide(state, notice, now)
        events += issued
        state = apply_all(issued, state)
    report = state.reports[0] if state.reports else None
    flagged = {(v.milestone, v.number, v.cycle): v.flagged_from for v in deadline_views(state)}
    deadlines = []
    for d in sorted(state.deadlines, key=lambda d: (d.due, d.milestone)):
        rule = regime.rule(d.milestone)
        deadlines.append(
            ScheduledDeadline(
                milestone=d.milestone,
                number=d.number,
                kind=d.kind.value,
                owner=d.owner,
                title=d.title,
                due=d.due,
                rule=rule.describe() if rule else "",
                assumed=d.assumed,
                flagged_from=flagged[d.identity],
                ladder=[
                    RungDate(rung=rung.name, on=rung.on(d.due), level=rung.level)
                    for rung in regime.ladder
                ]
                if regime.escalates(d.kind, d.milestone)
                else [],
            )
        )
    return Schedule(
        regime=regime.name,
        regime_version=regime.version,
        published_on=published_on,
        received_on=report.received_on if report else state.cycle_received_on,
        received_assumed=report.received_assumed if report else False,
        issued_on=issued_on,
        deadlines=deadlines,
        # Nothing was recorded by anyone: what each date counts from is the whole story.
        explanations=[
            item.model_copy(update={"set_by": None}) for item in explain_all(state, events)
        ]
        if explained
        else [],
    )
