"""Random inputs for the property tests: inspections, commands that are often wrong, and the
valid command a person would try next.

Milestones, their fields and the values those fields take are read from the domain's own
tables, so a milestone added there is tried here without a change.
"""

from __future__ import annotations

import typing
from datetime import date, datetime, timedelta
from enum import Enum

from hypothesis import strategies as st

from domain.calendar import london_date
from domain.commands import RecordMilestone
from domain.errors import DomainError
from domain.intervention import decide
from domain.milestones import MILESTONES, allowed_now, detail_fields
from domain.state import InterventionState
from domain.values import Actor, Inspection, Role

MANAGER = Actor(name="A Manager", role=Role.MANAGER)


def _leaves(annotation: object) -> list[object]:
    args = typing.get_args(annotation)
    return [leaf for arg in args for leaf in _leaves(arg)] if args else [annotation]


def _field_types(milestone: str, name: str) -> list[object]:
    return _leaves(MILESTONES[milestone].event.model_fields[name].annotation)


# Every value any enum field of a milestone takes, e.g. the grades and the recommendations.
ENUM_VALUES = sorted(
    {
        member.value
        for milestone, spec in MILESTONES.items()
        for name in detail_fields(spec)
        for leaf in _field_types(milestone, name)
        if isinstance(leaf, type) and issubclass(leaf, Enum)
        for member in leaf
    }
)
FIELD_NAMES = sorted({name for spec in MILESTONES.values() for name in detail_fields(spec)})

NAMES = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=40
).filter(str.strip)


@st.composite
def inspections(draw: st.DrawFn) -> Inspection:
    """An inadequate inspection between 2021 and 2025, its dates in a plausible order."""
    published = draw(st.dates(date(2021, 1, 4), date(2025, 12, 31)))
    ended = published - timedelta(days=draw(st.integers(5, 60)))
    received = published - timedelta(days=draw(st.integers(0, 5)))
    return Inspection(
        started_on=ended - timedelta(days=draw(st.integers(0, 14))),
        ended_on=ended,
        published_on=published,
        received_on=max(received, ended) if draw(st.booleans()) else None,
    )


def detail_values(today: date) -> st.SearchStrategy[str]:
    """What a person might type into a milestone's field: right, wrong, or absurd."""
    return st.one_of(
        st.sampled_from(ENUM_VALUES),
        st.dates(today - timedelta(days=900), today + timedelta(days=30)).map(date.isoformat),
        st.integers(-3, 40).map(str),
        st.text(max_size=30),
        st.just("x" * 2001),
        st.just("Robert'); DROP TABLE events;--"),
    )


@st.composite
def commands(draw: st.DrawFn, state: InterventionState, now: datetime) -> RecordMilestone:
    """A command as anyone might send it: often the wrong milestone, role, date or field."""
    today = london_date(now)
    milestone = draw(
        st.one_of(
            st.sampled_from(allowed_now(state) or sorted(MILESTONES)),
            st.sampled_from(sorted(MILESTONES)),
            st.sampled_from(["", "statement_of_action", "DROP TABLE events", "é"]),
        )
    )
    spec = MILESTONES.get(milestone)
    fields = detail_fields(spec) if spec else []
    keys = st.sampled_from(fields) if fields else st.sampled_from(FIELD_NAMES)
    details = draw(
        st.dictionaries(
            st.one_of(keys, st.sampled_from([*FIELD_NAMES, "number", "colour"])),
            detail_values(today),
            max_size=4,
        )
    )
    earliest = state.inspection.finished_on
    return RecordMilestone(
        milestone=milestone,
        effective_on=draw(
            st.one_of(
                st.just(today),
                st.dates(max(earliest, today - timedelta(days=400)), today),
                st.dates(earliest - timedelta(days=30), today + timedelta(days=5)),
            )
        ),
        actor=Actor(name=draw(NAMES), role=draw(st.sampled_from(list(Role)))),
        details=details,
    )


def _choices(milestone: str, name: str, today: date) -> list[str]:
    """Values that fit a required field: any member of an enum, today for a date, a count."""
    for leaf in _field_types(milestone, name):
        if isinstance(leaf, type) and issubclass(leaf, Enum):
            return [str(member.value) for member in leaf]
        if leaf is date:
            return [today.isoformat()]
    return ["1", "6"]


@st.composite
def valid_commands(
    draw: st.DrawFn, state: InterventionState, now: datetime
) -> RecordMilestone | None:
    """A command the rules accept now, a manager recording it today; None when none is."""
    today = london_date(now)
    for milestone in draw(st.permutations(allowed_now(state))):
        spec = MILESTONES[milestone]
        required = [
            name for name in detail_fields(spec) if spec.event.model_fields[name].is_required()
        ]
        command = RecordMilestone(
            milestone=milestone,
            effective_on=today,
            actor=MANAGER,
            details={
                name: draw(st.sampled_from(_choices(milestone, name, today))) for name in required
            },
        )
        try:
            decide(state, command, now)
        except DomainError:
            continue
        return command
    return None
