"""Funding whose amount the record does not say.

Cheshire East: judged inadequate in the report of Thursday 16 May 2024; its Children and
Families Committee approved "the final version of the Cheshire East children's services
improvement plan ... and the approach to providing additional financial investment" for its
formal meeting of Monday 8 July 2024 (Cheshire East Council, moderngov, SD237), and no sum was
published. The investment is on the record all the same, its amount "not stated", and the
report's total counts only the sums it knows.
"""

from __future__ import annotations

from datetime import date

import pytest

from activities.reports import ReportFormat, render
from domain.errors import InvalidFieldError
from domain.events import Event, FundingAllocated
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

CHESHIRE_EAST = Inspection(
    started_on=date(2024, 2, 26),
    ended_on=date(2024, 3, 8),
    published_on=date(2024, 5, 16),
)
APPROVED = date(2024, 7, 8)


def _with_funding(*allocations: dict[str, str]) -> list[Event]:
    events = list(decide_open(open_command(CHESHIRE_EAST), noon(CHESHIRE_EAST.published_on)))
    for details in allocations:
        events += events_for(apply_all(events), "funding_allocated", APPROVED, **details)
    return events


def test_an_investment_with_no_sum_is_recorded_and_counted_apart() -> None:
    events = _with_funding(
        {"phase": "Additional investment approved with the improvement plan"},
        {"phase": "Phase 1", "amount": "950000"},
    )
    funded = [e for e in events if isinstance(e, FundingAllocated)]
    assert [e.amount for e in funded] == [None, 950_000]

    report = build_report(events, end=date(2024, 7, 31))
    assert [(f.phase[:10], f.amount) for f in report.funding] == [
        ("Additional", None),
        ("Phase 1", 950_000),
    ]
    assert (report.funding_to_date, report.funding_unstated) == (950_000, 1)
    markdown = render(report, ReportFormat.md)
    assert (
        "| 2024-07-08 | Additional investment approved with the improvement plan | not stated |"
        in markdown
    )
    # The plan's actions, not the plan itself, which a notice may ask for as a condition met
    # (West Berkshire: "Condition met: improvement plan", 2015).
    assert "No actions of the improvement plan have been recorded." in markdown
    # A paragraph of its own, the next heading after a blank line (Havering's report ran the
    # two together).
    assert (
        "Funding allocated to date: £950,000, and 1 allocation whose amount is not stated.\n\n"
        "## Improvement Board" in markdown
    )
    html = " ".join(render(report, ReportFormat.html).split())
    assert '<td class="n">not stated</td>' in html
    assert "and 1 allocation whose amount is not stated.</p>" in html


@pytest.mark.parametrize("amount", ["0", "lots"])
def test_an_amount_given_must_still_be_a_sum(amount: str) -> None:
    with pytest.raises(InvalidFieldError) as refused:
        _with_funding({"phase": "Phase 1", "amount": amount})
    assert refused.value.field == "details.amount"


def test_no_funding_on_the_record_is_said_so_not_shown_as_nothing_given() -> None:
    """A record with no allocation on it says none is recorded, not "£0", which reads as the
    DfE having given nothing (South Tyneside's and Knowsley's records of 2023 to 2025, no
    allocation found in the public record)."""
    events = list(decide_open(open_command(regime_version=19), noon(date(2023, 5, 10))))
    report = build_report(events, end=date(2023, 6, 30))

    assert "No funding recorded to date." in render(report, ReportFormat.md)
    assert "No funding recorded to date." in render(report, ReportFormat.html)
    assert "£0" not in render(report, ReportFormat.md)
