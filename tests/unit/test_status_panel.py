"""The status panel names what is overdue apart from what is next: a duty missed long ago is
not the next deadline."""

from __future__ import annotations

from datetime import date, datetime

from rich.console import Console

from cli.render import events_view, standing_lines, summary_panel
from domain.views import EventView, status_view
from tests.unit.builders import direction_state, notice_state, record, run_clock, utc


def _panel_text(*instants: datetime) -> str:
    state = run_clock(notice_state(), *instants)
    console = Console(record=True, width=200)
    console.print(summary_panel(status_view(state)))
    return console.export_text()


def test_a_missed_duty_is_overdue_and_the_next_deadline_is_the_first_still_to_come() -> None:
    """The worked example: the notice of 20 April 2023; the statement of action, due Thursday
    15 June 2023, unrecorded and missed the day after. Barnsley, Cambridgeshire, Cumbria and
    Cheshire West each showed a duty missed years before as their "next deadline"."""
    text = _panel_text(utc(2023, 6, 16, 6))

    assert "overdue: 1, the oldest statement of action due 2023-06-15" in text
    assert "next deadline: monitoring visit 1 due 2023-07-13" in text


def test_with_nothing_missed_only_the_next_deadline_is_shown() -> None:
    text = _panel_text()

    assert "overdue:" not in text
    assert "next deadline: statement of action due 2023-06-15" in text


def test_each_person_appointed_is_shown_from_the_day_of_their_appointment() -> None:
    """Sefton: Paul Moffat appointed commissioner in May 2022 and Paul Boyce in his place on
    22 November 2022 (Community Care, 22 November 2022): the second commissioner, not a second
    period of the first, so the panel says who and since when, as the dashboard does."""
    state = record(direction_state(), "commissioner_appointed", date(2023, 5, 2), name="P. Moffat")
    state = record(state, "commissioner_appointed", date(2023, 11, 22), name="P. Boyce")
    console = Console(record=True, width=200)
    console.print(summary_panel(status_view(state)))

    assert "appointed: commissioner P. Boyce from 2023-11-22 " in console.export_text()
    assert "Moffat" not in console.export_text()


def test_the_timeline_counts_the_interventions_own_events() -> None:
    """Numbered 1, 2, … as the intervention's own record, whatever their positions in the log
    every intervention shares (the first event of a new one is rarely the log's first)."""
    events = [
        EventView(
            position=version + 8,
            version=version,
            type=kind,
            effective_on=date(2023, 3, 7),
            recorded_at=utc(2023, 3, 7, 10),
            actor={"name": "Morgan Manager", "role": "manager"},
            summary=kind,
            data={},
        )
        for version, kind in ((1, "InterventionOpened"), (2, "ReportReceived"))
    ]
    console = Console(record=True, width=200)
    console.print(events_view(console, events))
    rows = [line.split("│")[1].strip() for line in console.export_text().splitlines()[4:6]]

    assert rows == ["1", "2"]


def test_services_gone_live_are_run_by_the_new_provider_not_moving() -> None:
    """Sunderland: the services run by the trust Together for Children from 1 April 2017
    (Local Government Executive); the panel said they were still "moving" to it after the
    direction was revoked in December 2021. Here on the worked example's direction."""
    directed = record(direction_state(), "alternative_delivery_directed", date(2023, 9, 1))
    moving = standing_lines(status_view(directed))
    live = standing_lines(
        status_view(record(directed, "alternative_delivery_live", date(2024, 4, 2)))
    )

    assert "services moving to another provider: directed 2023-09-01" in moving
    assert "services run by another provider: live since 2024-04-02" in live


def test_support_and_supervision_says_when_it_ends_and_what_ends_the_intervention() -> None:
    """Salford: the notice lifted (31 January 2013 illustrative) after the child protection
    inspection of November 2012 judged it adequate (the Manchester Evening News, quoted by
    childprotectioncompany.com); twelve months of support after it, the intervention open until
    the DfE's letter ends it. Here on the worked example's notice."""
    lifted = record(notice_state(), "notice_lifted", date(2025, 1, 31))
    closed = record(lifted, "intervention_closed", date(2026, 2, 2))

    assert (
        "support and supervision until 2026-01-31; the intervention ends on the day the DfE's "
        "letter says so (intervention_closed)"
    ) in standing_lines(status_view(lifted))
    assert status_view(closed).support_ends_on is None
