"""The regime's due dates for a judgement, without opening anything: `intervention schedule`."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from domain.regime import Anchor, Regime, cycle_anchors, due_dates


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
    ladder: list[RungDate] = []


class Schedule(BaseModel):
    regime: str
    published_on: date
    received_on: date
    issued_on: date | None
    deadlines: list[ScheduledDeadline]


def schedule(
    regime: Regime,
    published_on: date,
    received_on: date | None = None,
    issued_on: date | None = None,
) -> Schedule:
    """Due dates fixed by publication and receipt, and by the notice or direction if given."""
    received = received_on or published_on
    anchors = cycle_anchors(regime, published_on, received)
    if issued_on is not None:
        anchors[Anchor.INTERVENTION_ISSUED] = issued_on
    deadlines = [
        ScheduledDeadline(
            milestone=rule.name,
            number=number,
            kind=rule.kind.value,
            owner=rule.owner.value,
            title=rule.title,
            due=due,
            rule=rule.describe(),
            ladder=[
                RungDate(rung=rung.name, on=rung.on(due), level=rung.level)
                for rung in regime.ladder
            ]
            if rule.kind.escalates
            else [],
        )
        for anchor, on in anchors.items()
        for rule, number, due in due_dates(regime, anchor, on)
    ]
    deadlines.sort(key=lambda d: (d.due, d.milestone))
    return Schedule(
        regime=regime.name,
        published_on=published_on,
        received_on=received,
        issued_on=issued_on,
        deadlines=deadlines,
    )
