"""A good report with no notice or direction in force leaves nothing for the DfE to lift."""

from __future__ import annotations

from datetime import date

import pytest

from domain.intervention import apply_all
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened


@pytest.mark.parametrize(("version", "expected"), [(5, ["revocation"]), (6, [])])
def test_no_revocation_is_expected_when_none_was_ever_issued(
    version: int, expected: list[str]
) -> None:
    """Sutton: safeguarding judged inadequate in a report published in the week of 31 May 2012
    (CYP Now; the Guardian; 31 May illustrative), with no notice or direction on the public
    record; judged good in a report of 29 July 2025 after an inspection in June (Sutton
    Council). Version 6 expects no revocation, there being nothing to revoke; version 5
    expected one three months after the report and called it overdue in January 2026."""
    state = opened(Inspection(published_on=date(2012, 5, 31)), regime_version=version)
    events = events_for(
        state,
        "reinspection_completed",
        date(2025, 6, 9),
        now=noon(date(2025, 7, 29)),
        judgement="good",
        published_on="2025-07-29",
    )
    after = apply_all(events, state)

    assert [d.milestone for d in after.open_deadlines if d.milestone == "revocation"] == expected
