"""Search attributes: the columns operators filter interventions by in the Temporal Web UI.

The workflow keeps them current, so a list query such as
`InterventionStage = "improvement" AND InterventionEscalationLevel >= 2` finds the interventions
in trouble without asking every workflow. The values are those `intervention status` shows.

A namespace must have the attributes registered before a workflow may set them, and the server
refuses a start that names an unregistered one. So a starter that passes
`opening_search_attributes()` proves they are registered, and the workflow keeps them current
only then (`is_indexed`): a server without them (the time-skipping test server, a cluster not
yet set up) still runs every intervention, just without the columns.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from temporalio.common import (
    SearchAttributeKey,
    SearchAttributePair,
    SearchAttributeUpdate,
    TypedSearchAttributes,
)

from domain.state import InterventionState, Stage
from domain.views import status_view

STAGE = SearchAttributeKey.for_keyword("InterventionStage")
TRACK = SearchAttributeKey.for_keyword("InterventionTrack")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("InterventionNextDeadline")
ESCALATION_LEVEL = SearchAttributeKey.for_int("InterventionEscalationLevel")

KEYS: tuple[SearchAttributeKey[Any], ...] = (STAGE, TRACK, NEXT_DEADLINE, ESCALATION_LEVEL)


def registrations() -> dict[str, str]:
    """Name to type, as `temporal operator search-attribute create --type` spells the type."""
    return {key.name: key.indexed_value_type.name.title() for key in KEYS}


def opening_search_attributes() -> TypedSearchAttributes:
    """What a starter sets on a new intervention's workflow: the values before it is opened."""
    return TypedSearchAttributes(
        [
            SearchAttributePair(STAGE, Stage.AWAITING_DECISION.value),
            SearchAttributePair(ESCALATION_LEVEL, 0),
        ]
    )


def is_indexed(current: TypedSearchAttributes) -> bool:
    """Whether the workflow was started with our attributes, and so may keep them current."""
    return current.get(STAGE) is not None


def indexed_values(state: InterventionState) -> dict[SearchAttributeKey[Any], Any]:
    """Each attribute's value for this state; None where it has none (no track, no deadline)."""
    view = status_view(state)
    due = view.next_deadline.due if view.next_deadline else None
    return {
        STAGE: view.stage,
        TRACK: view.track,
        # Midnight UTC, so the Web UI, which shows UTC, shows the due date itself.
        NEXT_DEADLINE: datetime.combine(due, time.min, tzinfo=UTC) if due else None,
        ESCALATION_LEVEL: view.highest_escalation,
    }


def search_attribute_updates(
    state: InterventionState, current: TypedSearchAttributes
) -> list[SearchAttributeUpdate[Any]]:
    """The updates that bring `current` to the state's values; none when nothing changed."""
    updates: list[SearchAttributeUpdate[Any]] = []
    for key, value in indexed_values(state).items():
        if current.get(key) == value:
            continue
        updates.append(key.value_unset() if value is None else key.value_set(value))
    return updates
