"""The committee report's heading names the instrument and the stage as a committee would: a
notice is lifted, a direction revoked, and a council the DfE supports without either is not
awaiting its decision.

Bury: judged inadequate in the report of Friday 17 December 2021 (Community Care, 20 December
2021); an improvement notice by 19 January 2022 (BBC News, uk-england-manchester-60056324);
re-inspected over three weeks in June 2025 and judged requires improvement (Bury Council,
opencouncil.network meeting 79843). The days of the fieldwork, the notice and the report of
2025 are illustrative.

The Isles of Scilly: inspected 11 to 13 July 2023 and judged inadequate, the report out in late
August 2023 (25 August illustrative); "The Council has received funding from the Department for
Education to enable Essex County Council to provide support and challenge" since the report's
release, no notice or direction (scilly.gov.uk, "Council's children's services rated inadequate
by Ofsted"; BBC News, c1r50eyz74jo).

Bradford's area SEND inspection of March 2022, its report of 21 June 2022 (Telegraph & Argus,
20224827) and no DfE notice since; a DfE specialist SEND adviser in place by 4 September 2024
(parliamentary question 4316).
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
        ("improvement_notice_issued", "notice, stage awaiting the notice's lifting"),
        ("direction_issued", "direction, stage awaiting the direction's revocation"),
    ],
)
def test_a_passing_reinspection_awaits_the_end_of_what_is_in_force(
    instrument: str, words: str
) -> None:
    report = build_report(_bury(instrument), end=date(2025, 9, 30))

    assert report.stage == "awaiting_revocation"
    assert report.standing == words


def test_before_the_dfe_acts_the_report_awaits_its_decision() -> None:
    opened = list(decide_open(open_command(BURY_2021, regime_version=25), noon(date(2021, 12, 17))))

    assert (
        build_report(opened, end=date(2021, 12, 31)).standing
        == "no notice or direction yet, stage awaiting the DfE's decision"
    )


SCILLY_2023 = Inspection(
    started_on=date(2023, 7, 11), ended_on=date(2023, 7, 13), published_on=date(2023, 8, 25)
)


def test_a_partner_the_dfe_pays_for_is_support_without_an_instrument() -> None:
    events = list(
        decide_open(open_command(SCILLY_2023, regime_version=25), noon(date(2023, 8, 25)))
    )
    events += events_for(
        apply_all(events),
        "partner_appointed",
        date(2023, 8, 25),
        partner="Essex County Council",
        programme="DfE-funded support and challenge",
    )

    report = build_report(events, end=date(2023, 12, 31))

    assert report.stage == "awaiting_decision"
    assert report.standing == (
        "no notice or direction, supported by Essex County Council (partner, from 25 August 2023)"
    )


BRADFORD_SEND_2022 = Inspection(
    started_on=date(2022, 3, 21),
    ended_on=date(2022, 3, 25),
    published_on=date(2022, 6, 21),
    judgement="area_send",
    priority_actions=["Quality of EHC plans"],
)


def test_an_area_whose_regime_expects_no_decision_awaits_none() -> None:
    events = list(
        decide_open(
            open_command(BRADFORD_SEND_2022, regime="send", regime_version=11),
            noon(date(2022, 6, 21)),
        )
    )

    assert build_report(events, end=date(2024, 1, 1)).standing == "no notice or direction"
