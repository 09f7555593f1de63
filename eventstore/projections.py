"""Read models of interventions, deadlines and escalations.

Inline: an append folds only its new events into the stream's state (`project`), and writes the
rows they change in the same statement as the events themselves. `eventstore.rebuild` recreates
every table from the log alone, and must give the same rows.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from pydantic_core import to_json

from domain.apply import apply
from domain.events import (
    DEADLINE_EVENTS,
    DeadlineEvent,
    DeadlineWithdrawn,
    EscalationRaised,
    EscalationWithdrawn,
    Event,
)
from domain.state import Deadline, DeadlineStatus, Escalation, InterventionState, deadline_key
from domain.values import CONTACTS

# A deadline withdrawn closes the escalations still standing against it.
ESCALATION_EVENTS = (EscalationRaised, EscalationWithdrawn, DeadlineWithdrawn)

INTERVENTION_COLUMNS = (
    "stream_id",
    "authority",
    "regime",
    "track",
    "stage",
    "status",
    "cycle",
    "published_on",
    "opened_on",
    "closed_on",
    "highest_escalation",
    "next_milestone",
    "next_number",
    "next_due",
    "missed_deadlines",
    "regime_version",
    "contacts",
    "receipt_unconfirmed",
)
DEADLINE_COLUMNS = (
    "stream_id",
    "key",
    "milestone",
    "number",
    "cycle",
    "kind",
    "owner",
    "title",
    "due",
    "alert_on",
    "status",
    "met_on",
)
DEADLINE_KEY = ("stream_id", "key")
ESCALATION_COLUMNS = (
    "stream_id",
    "key",
    "milestone",
    "number",
    "cycle",
    "level",
    "recipient",
    "raised_on",
    "withdrawn_on",
)


ESCALATION_KEY = ("stream_id", "key", "level", "recipient")


# Where the contacts are in an intervention's row.
CONTACTS_COLUMN = INTERVENTION_COLUMNS.index("contacts")


def intervention_row(
    stream_id: str, state: InterventionState, contacts: Any | None = None
) -> tuple[Any, ...]:
    """The intervention's row; `contacts`, when given, is its contacts as a row holds them
    already: the fold keeps the same contacts object until they change."""
    upcoming = state.next_deadline
    return (
        stream_id,
        state.authority,
        state.regime,
        state.track.value if state.track else None,
        state.stage.value,
        "closed" if state.is_closed else "open",
        state.cycle,
        state.inspection.published_on,
        state.opened_on,
        state.closed_on,
        state.highest_escalation,
        upcoming.milestone if upcoming else None,
        upcoming.number if upcoming else None,
        upcoming.due if upcoming else None,
        [d.status for d in state.deadlines].count(DeadlineStatus.MISSED),
        state.regime_version,
        CONTACTS.dump_python(state.contacts, mode="json") if contacts is None else contacts,
        bool(state.receipt_to_confirm),
    )


def deadline_row(stream_id: str, d: Deadline) -> tuple[Any, ...]:
    return (
        stream_id,
        d.key,
        d.milestone,
        d.number,
        d.cycle,
        d.kind.value,
        d.owner,
        d.title,
        d.due,
        d.alert_on,
        d.status.value,
        d.met_on,
    )


def escalation_row(stream_id: str, e: Escalation) -> tuple[Any, ...]:
    return (
        stream_id,
        e.deadline_key,
        e.milestone,
        e.number,
        e.cycle,
        e.level,
        e.to,
        e.raised_on,
        e.withdrawn_on,
    )


def _upsert(table: str, columns: Sequence[str], key: Sequence[str], source: str) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) {source} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


def rows_json(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> str:
    """Rows as one JSON array of objects keyed by column, as `jsonb_populate_recordset` reads
    them: one parameter, however many rows. Encoded by pydantic's core, which writes dates in
    their ISO form itself: the standard library's encoder, calling back into Python for each
    date, took about a seventh of an append's time in this process."""
    return to_json([dict(zip(columns, row, strict=True)) for row in rows], fallback=str).decode()


PROJECTED_TABLES = (
    ("interventions", INTERVENTION_COLUMNS, ("stream_id",)),
    ("deadlines", DEADLINE_COLUMNS, DEADLINE_KEY),
    ("escalations", ESCALATION_COLUMNS, ESCALATION_KEY),
)


def projection_writes(parameters: dict[str, int], moved: str) -> list[str]:
    """The upserts of appends written together, as statements for one WITH: for each table in
    `parameters`, its rows from that parameter (`rows_json`), written only for the streams in
    the relation `moved`, whose appends go ahead."""
    writes = []
    for table, columns, key in PROJECTED_TABLES:
        if table in parameters:
            rows = f"""SELECT {", ".join(f"r.{column}" for column in columns)}
                FROM jsonb_populate_recordset(NULL::{table}, ${parameters[table]}::text::jsonb) AS r
                WHERE r.stream_id IN (SELECT stream_id FROM {moved})"""
            writes.append(_upsert(table, columns, key, rows))
    return writes


@dataclass(frozen=True)
class Projection:
    """What an append changes in the read models, worked out before it writes."""

    stream_id: str
    state: InterventionState
    intervention: tuple[Any, ...]  # the intervention's row after the append
    changed: bool  # whether that row is not the one written last
    deadlines: list[tuple[Any, ...]]
    escalations: list[tuple[Any, ...]]

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """The rows it writes, by table: the intervention's when it changed, and any deadlines
        and escalations it changes."""
        return {
            "interventions": [self.intervention] if self.changed else [],
            "deadlines": self.deadlines,
            "escalations": self.escalations,
        }


@functools.cache
def _of_kind(kind: type, classes: tuple[type, ...]) -> bool:
    """`isinstance` by the event's type, worked out once for each: pydantic's models are ABCs,
    and an `isinstance` against a tuple of them goes through the ABC machinery for each class,
    on every event of every append."""
    return issubclass(kind, classes)


def _deadline_event(event: Event) -> TypeGuard[DeadlineEvent]:
    return _of_kind(type(event), DEADLINE_EVENTS)


def project(
    stream_id: str,
    state: InterventionState | None,
    events: Sequence[Event],
    written: tuple[Any, ...] | None = None,
) -> Projection:
    """Fold the new events into the stream's state (None for a new stream) and pick out the
    deadline and escalation rows they touch, and the intervention's row unless it is still
    `written` (the row as last written, None when not known)."""
    before = state
    for event in events:
        state = apply(state, event)
    assert state is not None  # events is never empty
    touched: set[str] = set()
    escalated: set[str] = set()
    # A key is worked out only for the deadlines of the milestones touched, not for every one.
    milestones: set[str] = set()
    for e in events:
        if _deadline_event(e):
            key = deadline_key(e.milestone, e.number, e.cycle)
            touched.add(key)
            milestones.add(e.milestone)
            if _of_kind(type(e), ESCALATION_EVENTS):
                escalated.add(key)
    contacts = None
    if written is not None and before is not None and state.contacts is before.contacts:
        contacts = written[CONTACTS_COLUMN]
    row = intervention_row(stream_id, state, contacts)
    return Projection(
        stream_id=stream_id,
        state=state,
        intervention=row,
        changed=row != written,
        deadlines=[
            deadline_row(stream_id, d)
            for d in state.deadlines
            if d.milestone in milestones and d.key in touched
        ],
        escalations=[
            escalation_row(stream_id, e)
            for e in state.escalations
            if e.milestone in milestones and e.deadline_key in escalated
        ],
    )
