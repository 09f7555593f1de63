"""`intervention explain ID DEADLINE` takes a deadline as the status table shows it ("progress
review 2") as well as written for the command line (`progress_review:2`)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.explain import find
from tests.unit.builders import notice_state, record


@pytest.mark.parametrize(
    ("name", "milestone", "number"),
    [
        ("progress review 2", "progress_review", 2),
        ("Progress Review  2 (cycle 1)", "progress_review", 2),
        ("progress_review:2@1", "progress_review", 2),
        ("statement of action", "statement_of_action", None),
    ],
)
def test_a_deadline_is_found_by_its_shown_name(name: str, milestone: str, number: int) -> None:
    # The worked example: the notice of 20 April 2023, its first review recorded on 20 October.
    state = record(notice_state(), "progress_review_completed", date(2023, 10, 20))

    found = find(state, name)

    assert found is not None
    assert (found.milestone, found.number, found.cycle) == (milestone, number, 1)


@pytest.mark.parametrize("name", ["progress review 9", "progress review 2 (cycle 2)", "board"])
def test_a_name_no_deadline_has_finds_nothing(name: str) -> None:
    assert find(notice_state(), name) is None
