"""`updated`, the fold's copy of a frozen model with some fields changed: the same model as
pydantic's `model_copy(update=...)` makes, and the original left as it was."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.state import DeadlineStatus
from domain.updated import updated
from tests.unit.builders import notice_state


def test_a_changed_deadline_is_what_model_copy_makes_and_the_original_stays() -> None:
    deadline = notice_state().deadlines[0]
    changes = {"status": DeadlineStatus.MISSED, "fired": ("overdue",)}

    changed = updated(deadline, changes)

    expected = deadline.model_copy(update=changes)
    assert changed == expected
    assert changed.model_fields_set == expected.model_fields_set
    assert changed.model_dump() == expected.model_dump()
    assert (deadline.status, deadline.fired) == (DeadlineStatus.PENDING, ())
    with pytest.raises(ValidationError):
        changed.status = DeadlineStatus.MET  # type: ignore[misc]  # still frozen


def test_the_state_keeps_every_field_it_was_not_told_to_change() -> None:
    state = notice_state()

    changed = updated(state, {"version": state.version + 1})

    assert changed.version == state.version + 1
    assert changed.model_dump(exclude={"version"}) == state.model_dump(exclude={"version"})
    assert changed.deadlines is state.deadlines  # shared, as model_copy shares them
