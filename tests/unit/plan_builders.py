"""Builders for the improvement plan tests: plan changes as a person writes them, and batches.

The base state is the worked example of docs/domain.md (inspection ended Friday 20 January 2023)
under an Improvement Notice issued on Thursday 20 April 2023, with its Statement of Action
submitted on Monday 12 June 2023, so no statutory deadline is left to escalate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from domain.events import Event
from domain.intervention import apply_all
from domain.plan import PLAN_CHANGE, ChangePlan, PlanChange
from domain.planning import decide_plan
from domain.state import InterventionState
from domain.values import Actor
from tests.unit.builders import MANAGER, noon, notice_state, record

PLAN_DAY = date(2023, 6, 12)  # Monday: the Statement of Action goes in, with its plan


def base_state() -> InterventionState:
    return record(notice_state(), "statement_of_action_submitted", PLAN_DAY)


def priority(ref: str, title: str | None = None, *addresses: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "add_priority",
        "ref": ref,
        "title": title or f"Priority {ref}",
        "addresses": list(addresses),
        **extra,
    }


def action(
    ref: str,
    under: str,
    review_on: date,
    *,
    owner: str = "Head of Safeguarding",
    theme: str = "Practice",
    phase: str = "immediate",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "type": "add_action",
        "ref": ref,
        "priority": under,
        "title": f"Action {ref} title",
        "owner": owner,
        "theme": theme,
        "phase": phase,
        "review_on": review_on,
        **extra,
    }


def update(ref: str, **fields: Any) -> dict[str, Any]:
    return {"type": "update_action", "ref": ref, **fields}


def complete(ref: str, **fields: Any) -> dict[str, Any]:
    return {"type": "complete_action", "ref": ref, **fields}


def batch(
    changes: Iterable[Mapping[str, Any] | PlanChange],
    on: date,
    *,
    actor: Actor = MANAGER,
    source: str | None = None,
) -> ChangePlan:
    parsed = [
        PLAN_CHANGE.validate_python(change) if isinstance(change, Mapping) else change
        for change in changes
    ]
    return ChangePlan(changes=parsed, effective_on=on, actor=actor, source=source)


def plan_events(
    state: InterventionState,
    changes: Iterable[Mapping[str, Any] | PlanChange],
    on: date,
    *,
    now: datetime | None = None,
    actor: Actor = MANAGER,
) -> list[Event]:
    """What `decide_plan` returns for the batch effective `on` (recorded at noon that day)."""
    return decide_plan(state, batch(changes, on, actor=actor), now or noon(on))


def planned(
    state: InterventionState,
    changes: Iterable[Mapping[str, Any] | PlanChange],
    on: date,
    *,
    now: datetime | None = None,
) -> InterventionState:
    return apply_all(plan_events(state, changes, on, now=now), state)
