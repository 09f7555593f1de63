"""The committee report names the stage as a committee would: a notice is lifted, a direction
revoked.

Bury: judged inadequate in the report of Friday 17 December 2021 (Community Care, 20 December
2021); an improvement notice by 19 January 2022 (BBC News, uk-england-manchester-60056324);
re-inspected over three weeks in June 2025 and judged requires improvement (Bury Council,
opencouncil.network meeting 79843). The days of the fieldwork, the notice and the report of
2025 are illustrative.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

BURY_2021 = Inspection(
    started_on=date(2021, 10, 25), ended_on=date(2021, 11, 5), published_on=date(2021, 12, 17)
)


def _bury(instrument: str) -> list[Event]:
    events = list(decide_open(open_command(BURY_2021, regime_version=25), noon(date(2021, 12, 17))))
    events += events_for(apply_all(events), instrument, date(2022, 1, 10))
    events += events_for(
        apply_all(events),
        "reinspection_completed",
        date(2025, 6, 9),
        now=noon(date(2025, 8, 1)),
        judgement="requires_improvement",
        published_on="2025-08-01",
    )
    return events


@pytest.mark.parametrize(
    ("instrument", "words"),
    [
        ("improvement_notice_issued", "awaiting the notice's lifting"),
        ("direction_issued", "awaiting the direction's revocation"),
    ],
)
def test_a_passing_reinspection_awaits_the_end_of_what_is_in_force(
    instrument: str, words: str
) -> None:
    report = build_report(_bury(instrument), end=date(2025, 9, 30))

    assert report.stage == "awaiting_revocation"
    assert report.stage_words == words


def test_before_the_dfe_acts_the_report_awaits_its_decision() -> None:
    opened = list(decide_open(open_command(BURY_2021, regime_version=25), noon(date(2021, 12, 17))))

    assert build_report(opened, end=date(2021, 12, 31)).stage_words == "awaiting the DfE's decision"
