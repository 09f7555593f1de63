"""Deadlines across interventions, from the read models: for calendar feeds and the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import asyncpg

from domain.values import slugify
from domain.views import DeadlineView


class DeadlineRow(DeadlineView):
    """A deadline with the intervention it belongs to."""

    intervention_id: str
    authority: str
    regime: str
    regime_version: int | None = None
    key: str


@dataclass(frozen=True)
class DeadlineScope:
    """Whose deadlines: one intervention's, or those of the interventions listed, or every
    open intervention's (None for both); within the authorities given, if any."""

    intervention_id: str | None = None
    intervention_ids: tuple[str, ...] | None = None
    open_only: bool = False
    due_by: date | None = None
    # The authorities a person's organisation covers; None for every authority.
    authorities: tuple[str, ...] | None = None

    def where(self) -> tuple[str, list[object]]:
        conditions: list[str] = []
        values: list[object] = []
        if self.intervention_id is not None:
            values.append(self.intervention_id)
            conditions.append(f"d.stream_id = ${len(values)}")
        if self.intervention_ids is not None:
            values.append(list(self.intervention_ids))
            conditions.append(f"d.stream_id = ANY(${len(values)}::text[])")
        if self.open_only:
            conditions.append("d.status IN ('pending', 'missed')")
        if self.due_by is not None:
            values.append(self.due_by)
            conditions.append(f"d.due <= ${len(values)}")
        if self.authorities is not None:
            # As `domain.access` compares them (migration 007's function).
            values.append(sorted({slugify(authority) for authority in self.authorities}))
            conditions.append(f"authority_slug(i.authority) = ANY(${len(values)}::text[])")
        return (f"WHERE {' AND '.join(conditions)}" if conditions else ""), values


async def deadline_rows(pool: asyncpg.Pool, scope: DeadlineScope) -> list[DeadlineRow]:
    where, values = scope.where()
    rows = await pool.fetch(
        f"""SELECT d.stream_id, i.authority, i.regime,
                   i.regime_version, d.key, d.milestone,
                   d.number, d.cycle, d.kind, d.owner, d.title, d.due, d.status, d.met_on
            FROM deadlines d JOIN interventions i USING (stream_id) {where}
            ORDER BY d.due, i.authority, d.key COLLATE "C" """,
        *values,
    )
    return [
        DeadlineRow(intervention_id=row["stream_id"], **{k: row[k] for k in list(row.keys())[1:]})
        for row in rows
    ]


async def contact_addresses(pool: asyncpg.Pool, recipient: str) -> dict[str, list[str]]:
    """Each e-mail address the open interventions give `recipient` (e.g. "director"), and the
    interventions it is given for."""
    rows = await pool.fetch(
        """SELECT lower(c->>'email') AS email, i.stream_id
           FROM interventions i,
                jsonb_array_elements(COALESCE(i.contacts -> $1, '[]'::jsonb)) c
           WHERE i.status = 'open' AND c->>'email' IS NOT NULL
           ORDER BY 1, 2""",
        recipient,
    )
    addresses: dict[str, list[str]] = {}
    for row in rows:
        addresses.setdefault(row["email"], []).append(row["stream_id"])
    return addresses
