"""The aggregate: given events, when a command, then events; and every rejection.

Dates follow the worked example (report received Thu 2 Mar 2023, published Tue 7 Mar 2023,
Statement of Action due Thu 15 Jun 2023); every expected date is counted by hand.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from pydantic import ValidationError

from domain.errors import (
    DomainError,
    InterventionClosedError,
    InvalidDateError,
    InvalidFieldError,
    MissingFieldError,
    RoleNotAllowedError,
    UnknownMilestoneError,
    WrongStageError,
)
from domain.events import (
    AlternativeDeliveryModelDirected,
    CommissionerAppointed,
    CommissionerRecommendation,
    DeadlineMet,
    DeadlineWithdrawn,
    DeliveryModel,
    EscalationWithdrawn,
    Event,
    ImprovementAdviserAppointed,
    ImprovementBoardEstablished,
    InterventionOpened,
    MonitoringLetterPublished,
    MonitoringVisitCompleted,
    NewCycleStarted,
    ProgressReviewCompleted,
    ReinspectionCompleted,
    SupportAndSupervisionStarted,
    SupportReviewCompleted,
)
from domain.explain import explain
from domain.intervention import apply_all, decide, decide_open
from domain.milestones import MILESTONES
from domain.regimes import current_version
from domain.state import DeadlineStatus, InterventionState, Stage, Track
from domain.timeline import describe
from domain.values import Actor, AppointmentRole, Grade, Inspection, Role
from tests.unit.builders import (
    MANAGER,
    TEAM,
    VIEWER,
    WORKED,
    command,
    commissioner_reviewing,
    direction_state,
    events_for,
    noon,
    notice_state,
    open_command,
    opened,
    record,
    run_clock,
    scheduled,
    status_of,
    types,
    utc,
)

GRADES = ("outstanding", "good", "requires_improvement", "adequate", "inadequate")

# The milestone names the README lists for `record`.
DESIGN_MILESTONES = (
    "improvement_notice_issued",
    "direction_issued",
    "commissioner_appointed",
    "commissioner_report_submitted",
    "services_retained",
    "alternative_delivery_directed",
    "improvement_adviser_appointed",
    "improvement_board_established",
    "statement_of_action_submitted",
    "monitoring_visit_completed",
    "monitoring_letter_published",
    "progress_review_completed",
    "reinspection_completed",
    "notice_lifted",
    "direction_revoked",
    "notice_escalated_to_direction",
    "direction_stepped_down",
    "support_review_completed",
    "intervention_closed",
    # Added for real lifecycles.
    "report_published",
    "notice_revised",
    "direction_revised",
    "appointment_ended",
    "board_chair_appointed",
    "partner_appointed",
    "condition_met",
    "options_appraisal_completed",
    "business_case_approved",
    "transfer_directed",
    "alternative_delivery_live",
    "action_planning_visit_completed",
    "focused_visit_completed",
    "jtai_completed",
    "annual_engagement_meeting_held",
    "self_evaluation_submitted",
    "reinspection_started",
    "reinspection_fieldwork_completed",
    "intervention_proposed",
    "visit_letter_published",
)


def met(events: list, milestone: str) -> DeadlineMet:
    found = [e for e in events if isinstance(e, DeadlineMet) and e.milestone == milestone]
    assert len(found) == 1, f"expected one DeadlineMet for {milestone}, got {found}"
    return found[0]


def withdrawn(events: list) -> set[tuple[str, int | None, int]]:
    return {(e.milestone, e.number, e.cycle) for e in events if isinstance(e, DeadlineWithdrawn)}


# --- states along the notice track -----------------------------------------------------------


def on_track() -> InterventionState:
    """Notice issued 20 Apr 2023, Statement of Action on 12 Jun, first visit on 10 Jul 2023."""
    state = record(notice_state(), "statement_of_action_submitted", date(2023, 6, 12))
    return record(state, "monitoring_visit_completed", date(2023, 7, 10))


def passed_reinspection(state: InterventionState | None = None) -> InterventionState:
    """Re-inspected on Fri 14 Feb 2025 and judged requires improvement."""
    return record(
        state or on_track(),
        "reinspection_completed",
        date(2025, 2, 14),
        judgement="requires_improvement",
    )


def reinspected_in_2025(state: InterventionState, judgement: str) -> list[Event]:
    """Re-inspected from Mon 3 Feb 2025 and judged `judgement`; the report received Tue 11
    Mar and published Fri 14 Mar 2025, recorded that day."""
    return events_for(
        state,
        "reinspection_completed",
        date(2025, 2, 3),
        now=noon(date(2025, 3, 14)),
        judgement=judgement,
        published_on="2025-03-14",
        received_on="2025-03-11",
    )


def lifted() -> InterventionState:
    """Notice lifted on Mon 10 Mar 2025: support and supervision until 10 Mar 2026."""
    return record(passed_reinspection(), "notice_lifted", date(2025, 3, 10))


def inadequate_again_events(state: InterventionState | None = None) -> list:
    """Re-inspected 14 Feb 2025, inadequate again; report received 27 Feb, published 3 Mar."""
    return events_for(
        state or on_track(),
        "reinspection_completed",
        date(2025, 2, 14),
        now=noon(date(2025, 3, 4)),
        judgement="inadequate",
        published_on="2025-03-03",
        received_on="2025-02-27",
    )


# --- opening ---------------------------------------------------------------------------------


def test_opening_records_the_inspection_and_awaits_the_dfe_decision() -> None:
    events = decide_open(open_command(), noon(date(2023, 3, 7)))
    first = events[0]
    assert isinstance(first, InterventionOpened)
    assert first.intervention_id == "intervention-example-borough-council-2023-03-07"
    assert first.authority == "Example Borough Council"
    assert first.regime == "ilacs"
    assert first.effective_on == date(2023, 3, 7)
    assert first.inspection == WORKED
    state = apply_all(events)
    assert state.stage is Stage.AWAITING_DECISION
    assert state.track is None
    assert state.cycle == 1
    assert state.version == len(events) == 5
    assert (state.cycle_published_on, state.cycle_received_on) == (
        date(2023, 3, 7),
        date(2023, 3, 2),
    )


def test_opening_with_a_publication_date_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidDateError, match="2023-03-07") as caught:
        decide_open(open_command(WORKED), noon(date(2023, 3, 6)))
    assert "future" in str(caught.value)


def test_a_receipt_after_the_opening_is_refused_saying_how_to_record_it() -> None:
    """Kirklees Council's cabinet sent its statement of action 'by 9 March 2017' (decision of
    7 March 2017, democracy.kirklees.gov.uk), 70 working days after Monday 28 November 2016,
    the working day after the report was published: a receipt the opening cannot know yet."""
    received_later = WORKED.model_copy(update={"received_on": date(2023, 3, 8)})
    with pytest.raises(InvalidDateError) as caught:
        decide_open(open_command(received_later), noon(WORKED.published_on))
    assert (caught.value.field, caught.value.message) == (
        "inspection.received_on",
        "inspection received_on 2023-03-08 is in the future; today is 2023-03-07: open the "
        "intervention without it and record receipt_confirmed on 2023-03-08, with received_on",
    )


def test_a_receipt_months_before_publication_is_refused_as_a_date_typed_wrong() -> None:
    """Bradford's report was received on 24 October 2018 and published on the 29th: a receipt
    typed ten years early would escalate at once a statement of action due in the past."""
    typed_wrong = WORKED.model_copy(
        update={"started_on": None, "ended_on": None, "received_on": date(2013, 3, 7)}
    )
    command = open_command(typed_wrong, regime_version=current_version("ilacs"))
    with pytest.raises(InvalidDateError) as caught:
        decide_open(command, noon(WORKED.published_on))
    assert (caught.value.field, caught.value.message) == (
        "inspection.received_on",
        "inspection received_on 2013-03-07 is 3 months or more before the report was "
        "published on 2023-03-07; a report is received days before it is published",
    )


def test_an_inspection_starting_after_its_publication_is_refused() -> None:
    with pytest.raises(ValidationError, match="published_on 2023-03-07 is before started_on"):
        Inspection(started_on=date(2023, 3, 8), published_on=date(2023, 3, 7))


def test_a_viewer_may_not_open_an_intervention() -> None:
    with pytest.raises(RoleNotAllowedError, match="'viewer'"):
        decide_open(open_command(actor=VIEWER), noon(date(2023, 3, 7)))


@pytest.mark.parametrize(
    "authority",
    [
        "Example\x00 Council",
        "Example\x1b[31m Council",
        "Example\u200b Council",
        "\x07",
        # A line break (allowed in text) before the control character does not hide it.
        "Example\nBorough\x00 Council",
        "Example\tBorough\x1b Council",
    ],
)
def test_authority_with_control_characters_is_refused(authority: str) -> None:
    with pytest.raises(ValidationError, match="control character"):
        open_command(authority=authority)


@pytest.mark.parametrize("authority", ["!!!", "---", "   ", "\u2014"])
def test_authority_without_letters_is_refused(authority: str) -> None:
    with pytest.raises(ValidationError):
        open_command(authority=authority)


# Unicode 16's outlined capital A: PostgreSQL 18 folds it to "a"; Python 3.11 to 3.13 define
# no such character.
OUTLINED_A = "\U0001ccd6"


@pytest.mark.skipif(
    unicodedata.category(OUTLINED_A) != "Cn", reason="this Python's Unicode defines U+1CCD6"
)
def test_authority_with_a_character_unicode_does_not_define_here_is_refused() -> None:
    """The database's Unicode tables would fold it to a letter and this Python's drop it: the
    council's people would not find the intervention by its authority's name."""
    version = re.escape(unicodedata.unidata_version)
    with pytest.raises(ValidationError, match=rf"U\+1CCD6, which Unicode {version} does not"):
        open_command(authority=f"{OUTLINED_A} Borough Council")


def test_inspection_dates_out_of_order_are_refused() -> None:
    with pytest.raises(ValidationError, match="ended_on 2023-01-08 is before started_on"):
        Inspection(
            started_on=date(2023, 1, 9), ended_on=date(2023, 1, 8), published_on=date(2023, 3, 7)
        )
    with pytest.raises(ValidationError, match="published_on 2023-01-19 is before ended_on"):
        Inspection(ended_on=date(2023, 1, 20), published_on=date(2023, 1, 19))


def test_the_milestones_are_the_design_ones_and_the_facts_teams_track() -> None:
    assert set(MILESTONES) - set(DESIGN_MILESTONES) == {
        "board_meeting_held",
        "case_audit_completed",
        "funding_allocated",
        # Who a recipient role is from a day on.
        "contacts_changed",
        # The real day a report was received, when it was assumed at first.
        "receipt_confirmed",
    }
    assert set(DESIGN_MILESTONES) <= set(MILESTONES)


# --- notice track ----------------------------------------------------------------------------


def test_notice_issued_meets_the_dfe_decision_and_arms_board_and_progress_review() -> None:
    state = opened()
    events = events_for(state, "improvement_notice_issued", date(2023, 4, 20))
    assert types(events) == [
        "ImprovementNoticeIssued",
        "DeadlineMet",
        "DeadlineScheduled",
        "DeadlineScheduled",
    ]
    decision = met(events, "dfe_decision")
    assert (decision.due, decision.met_on, decision.late) == (
        date(2023, 5, 2),
        date(2023, 4, 20),
        False,
    )
    assert scheduled(events) == [
        ("improvement_board", None, 1, date(2023, 7, 20)),
        ("progress_review", 1, 1, date(2023, 10, 20)),
    ]
    after = apply_all(events, state)
    assert (after.track, after.stage) == (Track.NOTICE, Stage.IMPROVEMENT)
    assert status_of(after, "dfe_decision") == "met"


def test_notice_issued_after_eight_weeks_meets_the_dfe_decision_late() -> None:
    events = events_for(opened(), "improvement_notice_issued", date(2023, 5, 10))
    assert met(events, "dfe_decision").late is True
    assert scheduled(events) == [
        ("improvement_board", None, 1, date(2023, 8, 10)),
        ("progress_review", 1, 1, date(2023, 11, 10)),
    ]


def test_improvement_board_established_meets_its_deadline_once() -> None:
    """The board set up meets the deadline; made formal or reconstituted later (Shropshire: a
    provisional board after the focused visit of November 2023, formally established in March
    2024), it is recorded again and meets nothing more."""
    state = notice_state()
    events = events_for(state, "improvement_board_established", date(2023, 6, 5), chair="I. Chair")
    assert types(events) == ["ImprovementBoardEstablished", "DeadlineMet"]
    assert isinstance(events[0], ImprovementBoardEstablished)
    assert events[0].chair == "I. Chair"
    board = met(events, "improvement_board")
    assert (board.due, board.late) == (date(2023, 7, 20), False)
    state = apply_all(events, state)
    again = events_for(state, "improvement_board_established", date(2023, 9, 6), chair="J. Chair")
    assert types(again) == ["ImprovementBoardEstablished"]
    [board_deadline] = [
        d for d in apply_all(again, state).deadlines if d.milestone == "improvement_board"
    ]
    assert (board_deadline.status, board_deadline.met_on) == (DeadlineStatus.MET, date(2023, 6, 5))


def test_statement_of_action_submitted_in_time_meets_the_statutory_deadline() -> None:
    state = notice_state()
    events = events_for(state, "statement_of_action_submitted", date(2023, 6, 12), actor=TEAM)
    assert types(events) == ["StatementOfActionSubmitted", "DeadlineMet"]
    statement = met(events, "statement_of_action")
    assert (statement.due, statement.met_on, statement.late) == (
        date(2023, 6, 15),
        date(2023, 6, 12),
        False,
    )
    after = apply_all(events, state)
    assert status_of(after, "statement_of_action") == "met"
    # A statement revised since (Medway's Improvement Plan "refreshed and updated", noted by
    # Cabinet in 2020, democracy.medway.gov.uk issue 28860) is what happened: it is recorded,
    # and the deadline stays met by the first.
    revised = events_for(after, "statement_of_action_submitted", date(2023, 9, 13))
    assert types(revised) == ["StatementOfActionSubmitted"]
    assert status_of(apply_all(revised, after), "statement_of_action") == "met"


def test_statement_of_action_on_the_due_date_is_on_time_and_the_day_after_is_late() -> None:
    assert (
        met(
            events_for(notice_state(), "statement_of_action_submitted", date(2023, 6, 15)),
            "statement_of_action",
        ).late
        is False
    )
    assert (
        met(
            events_for(notice_state(), "statement_of_action_submitted", date(2023, 6, 16)),
            "statement_of_action",
        ).late
        is True
    )


def test_each_monitoring_visit_rearms_the_next_three_months_after_it_took_place() -> None:
    state = record(notice_state(), "statement_of_action_submitted", date(2023, 6, 12))

    first = events_for(state, "monitoring_visit_completed", date(2023, 7, 10))
    assert types(first) == ["MonitoringVisitCompleted", "DeadlineMet", "DeadlineScheduled"]
    assert isinstance(first[0], MonitoringVisitCompleted)
    assert first[0].number == 1
    visit = met(first, "monitoring_visit")
    assert (visit.number, visit.due, visit.late) == (1, date(2023, 7, 13), False)
    assert scheduled(first) == [("monitoring_visit", 2, 1, date(2023, 10, 10))]
    # Expected deadline: alert after 6 weeks grace (Tue 21 Nov 2023), the next working day.
    assert first[2].alert_on == date(2023, 11, 22)
    state = apply_all(first, state)

    second = events_for(state, "monitoring_visit_completed", date(2023, 10, 25))
    assert isinstance(second[0], MonitoringVisitCompleted)
    assert second[0].number == 2
    visit = met(second, "monitoring_visit")
    assert (visit.number, visit.due, visit.late) == (2, date(2023, 10, 10), True)
    assert scheduled(second) == [("monitoring_visit", 3, 1, date(2024, 1, 25))]
    state = apply_all(second, state)
    assert status_of(state, "monitoring_visit", 1) == "met"
    assert status_of(state, "monitoring_visit", 2) == "met_late"
    assert status_of(state, "monitoring_visit", 3) == "pending"


def test_the_visit_ofsted_calls_the_last_before_the_reinspection_ends_the_series() -> None:
    state = record(notice_state(), "statement_of_action_submitted", date(2023, 6, 12))
    events = events_for(state, "monitoring_visit_completed", date(2023, 7, 10), final="true")
    assert types(events) == ["MonitoringVisitCompleted", "DeadlineMet"]
    assert met(events, "monitoring_visit").number == 1


def test_the_last_visit_recorded_late_withdraws_the_one_set_after_it_went_unrecorded() -> None:
    """Version 5 keeps the series going: visit 1, due a quarter after the statement of action,
    Fri 15 Sep 2023, unrecorded when its alert passes three months later, Mon 18 Dec 2023 (15
    December is a Friday), sets visit 2. Recorded late as the last one, it withdraws visit 2
    with the reason."""
    state = record(opened(regime_version=5), "improvement_notice_issued", date(2023, 4, 20))
    state = record(state, "statement_of_action_submitted", date(2023, 6, 12))
    state = run_clock(state, utc(2023, 12, 18, 7))
    assert status_of(state, "monitoring_visit", 2) == "pending"
    events = events_for(state, "monitoring_visit_completed", date(2023, 12, 11), final="true")
    assert (met(events, "monitoring_visit").number, scheduled(events)) == (1, [])
    [withdrawal] = [e for e in events if isinstance(e, DeadlineWithdrawn)]
    assert (withdrawal.number, withdrawal.reason) == (
        2,
        "Ofsted monitoring visit 1 was the last before the re-inspection",
    )


def test_ofsteds_letter_is_recorded_weeks_after_the_visit_recorded_on_its_day() -> None:
    """Medway: a visit recorded when it happened, Ofsted's letter weeks later; the visit met
    its deadline on its own day, and the letter names the visit it is about."""
    state = record(notice_state(), "statement_of_action_submitted", date(2023, 6, 12))
    with pytest.raises(WrongStageError, match="no monitoring visit is recorded in this cycle"):
        events_for(state, "monitoring_letter_published", date(2023, 7, 1))
    state = record(state, "monitoring_visit_completed", date(2023, 7, 10))
    [letter] = events_for(
        state, "monitoring_letter_published", date(2023, 8, 15), key_findings="Plans are late"
    )
    assert isinstance(letter, MonitoringLetterPublished)
    assert (letter.visit, letter.key_findings) == (1, ["Plans are late"])
    with pytest.raises(InvalidFieldError, match=r"visit.*2.*visits recorded: 1"):
        events_for(state, "monitoring_letter_published", date(2023, 8, 15), visit="2")
    with pytest.raises(InvalidDateError, match="is before visit 1 on 2023-07-10"):
        events_for(state, "monitoring_letter_published", date(2023, 7, 7))


# Trafford: judged inadequate, Ofsted's report published Wednesday 8 May 2019; an improvement
# notice on Thursday 23 May 2019 (gov.uk, "Improvement notice issued to Trafford council").
TRAFFORD = Inspection(published_on=date(2019, 5, 8))


def trafford_under_notice() -> InterventionState:
    return record(
        opened(TRAFFORD, regime_version=5), "improvement_notice_issued", date(2019, 5, 23)
    )


def test_a_visit_over_two_days_is_recorded_once_it_has_ended() -> None:
    """Trafford: Ofsted's first monitoring visit on Tuesday 15 and Wednesday 16 October 2019
    (Messenger Newspapers). Recorded on its first day with its last day still to come, it is
    refused, and the message says how to record it; recorded the next day with effective_on
    its first day, it is taken, effective that day."""
    state = trafford_under_notice()
    with pytest.raises(InvalidDateError) as refused:
        events_for(state, "monitoring_visit_completed", date(2019, 10, 15), ended_on="2019-10-16")
    assert (refused.value.field, refused.value.message) == (
        "ended_on",
        "ended_on 2019-10-16 is in the future; today is 2019-10-15: record the monitoring "
        "visit once it has ended (on 2019-10-16, with effective_on 2019-10-15), or leave "
        "ended_on out",
    )
    events = events_for(
        state,
        "monitoring_visit_completed",
        date(2019, 10, 15),
        now=noon(date(2019, 10, 16)),
        ended_on="2019-10-16",
    )
    [visit] = [e for e in events if isinstance(e, MonitoringVisitCompleted)]
    assert (visit.effective_on, visit.ended_on, visit.number) == (
        date(2019, 10, 15),
        date(2019, 10, 16),
        1,
    )


def test_a_visit_ending_before_it_began_is_refused_saying_so() -> None:
    with pytest.raises(InvalidDateError) as refused:
        events_for(
            trafford_under_notice(),
            "monitoring_visit_completed",
            date(2019, 10, 15),
            now=noon(date(2019, 10, 17)),
            ended_on="2019-10-14",
        )
    assert str(refused.value) == (
        "ended_on 2019-10-14 is before the monitoring visit on 2019-10-15; it ends on or after "
        "the day it began"
    )


def test_with_no_inspection_dates_a_fact_before_the_report_names_the_report() -> None:
    published_only = Inspection(published_on=date(2023, 3, 7))
    state = opened(published_only, regime_version=current_version("ilacs"))
    with pytest.raises(InvalidDateError) as refused:
        events_for(
            state, "statement_of_action_submitted", date(2023, 3, 1), now=noon(date(2023, 3, 8))
        )
    assert str(refused.value) == (
        "effective_on 2023-03-01 is before the report came on 2023-03-07; a milestone takes "
        "effect on or after that day"
    )


def test_a_letter_names_its_visit_by_its_number_or_by_one_of_its_days() -> None:
    """Trafford: the first monitoring visit on 15 and 16 October 2019, recorded once it had ended;
    Ofsted's letter expected "from as early as Friday November 1" (Messenger Newspapers; its
    publication on 2 November illustrative). People name the visit by its day: its first day, or any
    day it lasted, names visit 1, as its number does. A day of no visit, or a number not recorded,
    is refused with the visits recorded, each with its number and its days."""
    state = record(
        trafford_under_notice(),
        "monitoring_visit_completed",
        date(2019, 10, 15),
        now=noon(date(2019, 10, 16)),
        ended_on="2019-10-16",
    )
    for named in ("1", "2019-10-15", "2019-10-16"):
        [letter] = events_for(state, "monitoring_letter_published", date(2019, 11, 2), visit=named)
        assert isinstance(letter, MonitoringLetterPublished)
        assert letter.visit == 1
    listing = (
        "visits recorded: 1 (2019-10-15 to 2019-10-16); name one by its number or by one of "
        "its days"
    )
    for wrong in ("2019-10-17", "2019-10-14", "2"):
        with pytest.raises(InvalidFieldError) as refused:
            events_for(state, "monitoring_letter_published", date(2019, 11, 2), visit=wrong)
        assert refused.value.message == (
            f"'monitoring_letter_published': visit {wrong!r} is not allowed; {listing}"
        )
        assert (refused.value.field, refused.value.allowed) == ("details.visit", ["1"])


def test_each_progress_review_rearms_the_next_six_months_after_it_took_place() -> None:
    state = notice_state()
    first = events_for(state, "progress_review_completed", date(2023, 10, 18))
    assert isinstance(first[0], ProgressReviewCompleted)
    assert first[0].number == 1
    review = met(first, "progress_review")
    assert (review.due, review.late) == (date(2023, 10, 20), False)
    assert scheduled(first) == [("progress_review", 2, 1, date(2024, 4, 18))]
    state = apply_all(first, state)

    second = events_for(state, "progress_review_completed", date(2024, 4, 30))
    assert isinstance(second[0], ProgressReviewCompleted)
    assert second[0].number == 2
    review = met(second, "progress_review")
    assert (review.due, review.late) == (date(2024, 4, 18), True)
    assert scheduled(second) == [("progress_review", 3, 1, date(2024, 10, 30))]


def test_improvement_adviser_appointed_is_recorded_with_the_name() -> None:
    events = events_for(
        notice_state(), "improvement_adviser_appointed", date(2023, 5, 1), name="Ada Adviser"
    )
    assert types(events) == ["ImprovementAdviserAppointed"]
    assert isinstance(events[0], ImprovementAdviserAppointed)
    assert events[0].name == "Ada Adviser"


@pytest.mark.parametrize("judgement", ["requires_improvement", "good", "outstanding"])
def test_reinspection_not_inadequate_arms_revocation_one_month_later(judgement: str) -> None:
    state = on_track()
    events = events_for(state, "reinspection_completed", date(2025, 2, 14), judgement=judgement)
    assert types(events) == [
        "ReinspectionCompleted",
        "DeadlineMet",
        "DeadlineWithdrawn",
        "DeadlineScheduled",
    ]
    reinspected = events[0]
    assert isinstance(reinspected, ReinspectionCompleted)
    assert reinspected.judgement == Grade(judgement)
    # The report is taken as published and received on the day recorded unless given.
    assert (reinspected.published_on, reinspected.received_on) == (
        date(2025, 2, 14),
        date(2025, 2, 14),
    )
    reinspection = met(events, "reinspection")
    assert (reinspection.due, reinspection.late) == (date(2025, 3, 7), False)
    # Monitoring visits end at a passed re-inspection: the pending second visit is withdrawn.
    assert withdrawn(events) == {("monitoring_visit", 2, 1)}
    assert scheduled(events) == [("revocation", None, 1, date(2025, 3, 14))]
    after = apply_all(events, state)
    assert after.stage is Stage.AWAITING_REVOCATION
    assert after.cycle == 1


def test_notice_lifted_starts_twelve_months_of_support_with_reviews_at_6_and_12() -> None:
    state = passed_reinspection()
    events = events_for(state, "notice_lifted", date(2025, 3, 10))
    assert events[0].type == "NoticeLifted"
    revocation = met(events, "revocation")
    assert (revocation.due, revocation.met_on, revocation.late) == (
        date(2025, 3, 14),
        date(2025, 3, 10),
        False,
    )
    started = [e for e in events if isinstance(e, SupportAndSupervisionStarted)]
    assert len(started) == 1
    assert (started[0].effective_on, started[0].ends_on) == (date(2025, 3, 10), date(2026, 3, 10))
    assert scheduled(events) == [
        ("support_review", 1, 1, date(2025, 9, 10)),
        ("support_review", 2, 1, date(2026, 3, 10)),
    ]
    # Whatever was still pending under the notice is withdrawn, never deleted.
    assert {("improvement_board", None, 1), ("progress_review", 1, 1)} <= withdrawn(events)
    after = apply_all(events, state)
    assert after.stage is Stage.SUPPORT_AND_SUPERVISION
    assert (after.revoked_on, after.support_ends_on) == (date(2025, 3, 10), date(2026, 3, 10))
    assert [(d.milestone, d.number) for d in after.open_deadlines] == [
        ("support_review", 1),
        ("support_review", 2),
    ]
    assert status_of(after, "improvement_board") == "withdrawn"


def test_the_met_revocation_deadline_stays_met_when_the_notice_is_lifted() -> None:
    state = passed_reinspection()
    events = events_for(state, "notice_lifted", date(2025, 3, 10))
    assert ("revocation", None, 1) not in withdrawn(events)
    assert status_of(apply_all(events, state), "revocation") == "met"


def test_support_reviews_meet_their_deadlines_in_turn() -> None:
    state = lifted()
    first = events_for(state, "support_review_completed", date(2025, 9, 1))
    assert types(first) == ["SupportReviewCompleted", "DeadlineMet"]
    assert isinstance(first[0], SupportReviewCompleted)
    assert first[0].number == 1
    assert (met(first, "support_review").due, met(first, "support_review").late) == (
        date(2025, 9, 10),
        False,
    )
    state = apply_all(first, state)
    second = events_for(state, "support_review_completed", date(2026, 3, 20))
    assert isinstance(second[0], SupportReviewCompleted)
    assert second[0].number == 2
    review = met(second, "support_review")
    assert (review.number, review.due, review.late) == (2, date(2026, 3, 10), True)
    assert scheduled(second) == []


def test_intervention_closed_by_a_manager_withdraws_what_is_pending() -> None:
    state = record(lifted(), "support_review_completed", date(2025, 9, 1))
    events = events_for(state, "intervention_closed", date(2026, 3, 2))
    assert types(events) == ["InterventionClosed", "DeadlineWithdrawn"]
    assert withdrawn(events) == {("support_review", 2, 1)}
    assert events[1].reason == "intervention closed"
    after = apply_all(events, state)
    assert after.stage is Stage.CLOSED
    assert after.is_closed
    assert after.closed_on == date(2026, 3, 2)
    assert after.open_deadlines == ()


def test_closing_with_a_notice_in_force_says_to_lift_it_first() -> None:
    """Re-inspected and judged requires improvement, the notice still in force: the DfE ends
    such an intervention by lifting the notice, so closing it first is refused, saying how."""
    state = passed_reinspection()
    assert state.stage is Stage.AWAITING_REVOCATION
    with pytest.raises(WrongStageError, match="a notice is in force; record notice_lifted to end"):
        events_for(state, "intervention_closed", date(2025, 3, 10))


def test_a_notice_may_be_in_force_before_the_inspection_but_not_a_decade_before() -> None:
    """Somerset's notice of November 2013 was in force at the report of March 2015 (gov.uk); a
    date ten years before the inspection is a mistake. The inspection ended 20 January 2023."""
    state = opened()
    events = events_for(state, "improvement_notice_issued", date(2021, 3, 1))
    assert types(events)[0] == "ImprovementNoticeIssued"
    earliest = "what was already in place at it goes back to 2019-01-20 at the earliest"
    with pytest.raises(InvalidDateError, match=f"more than 48 months before the .*: {earliest}"):
        events_for(state, "improvement_notice_issued", date(2013, 1, 1))
    with pytest.raises(InvalidDateError, match="takes effect on or after that day"):
        events_for(state, "case_audit_completed", date(2022, 12, 1), cases_reviewed="1", good="1")


def test_a_partner_already_working_with_the_council_is_recorded_on_its_real_day() -> None:
    """Medway: Ealing, the DfE's Partner in Practice, "this collaboration had started before the
    inspection" of July 2019 (Medway Council, committee item 22015)."""
    events = events_for(
        opened(), "partner_appointed", date(2022, 11, 1), partner="London Borough of Ealing"
    )
    assert types(events) == ["PartnerAppointed"]
    assert apply_all(events, opened()).appointments[0].from_on == date(2022, 11, 1)


def test_a_board_already_meeting_is_recorded_on_its_real_days() -> None:
    """Wirral: its SEND board, set up under the DfE's notice of May 2024, met on 23 July and 22
    October 2024 (wirralview.com, 26 July and 29 October 2024), before the inspection of January
    2025 its record opens on; here on the worked example's dates, the inspection ended 20
    January 2023."""
    events = events_for(opened(), "board_meeting_held", date(2022, 7, 23))
    assert types(events) == ["BoardMeetingHeld"]
    assert events[0].effective_on == date(2022, 7, 23)


def test_funding_begun_before_the_inspection_is_recorded_on_its_real_day() -> None:
    """Gloucestershire "had begun investing £9.2 million into the service before Ofsted
    visited in February and March" 2017 (Community Care, 15 August 2017)."""
    events = events_for(
        opened(), "funding_allocated", date(2022, 12, 1), amount="9200000", phase="investment"
    )
    assert types(events) == ["FundingAllocated"]


def test_the_focused_visit_that_led_to_the_inspection_is_kept_as_history() -> None:
    """Wakefield: a focused visit in late February 2018 found the weaknesses that led to the
    inspection of June 2018 (CYP Now; wakefield.gov.uk, PR8815); with no priority actions, no
    duties follow."""
    events = events_for(opened(), "focused_visit_completed", date(2022, 11, 8))
    assert types(events) == ["FocusedVisitCompleted"]


def test_the_chair_stays_after_the_notice_is_lifted_and_goes_at_closure() -> None:
    chaired = record(passed_reinspection(), "board_chair_appointed", date(2024, 1, 8), name="Chair")
    state = record(chaired, "notice_lifted", date(2025, 3, 10))
    chair = [a for a in state.appointments if a.role is AppointmentRole.BOARD_CHAIR]
    assert [a.ended_on for a in chair] == [None]
    closed = record(state, "intervention_closed", date(2026, 3, 2))
    assert [(a.role, a.ended_on) for a in closed.appointments] == [
        (a.role, a.ended_on or date(2026, 3, 2)) for a in state.appointments
    ]


def test_a_review_cannot_set_the_next_before_itself() -> None:
    with pytest.raises(InvalidDateError, match="is before the progress review on 2023-10-18"):
        events_for(
            notice_state(), "progress_review_completed", date(2023, 10, 18), next_by="2023-10-01"
        )


def test_notice_lifted_after_a_progress_review_without_reinspection() -> None:
    state = record(notice_state(), "progress_review_completed", date(2023, 10, 18))
    events = events_for(state, "notice_lifted", date(2023, 11, 1))
    assert events[0].type == "NoticeLifted"
    assert not [e for e in events if isinstance(e, DeadlineMet)]
    assert withdrawn(events) == {
        ("statement_of_action", None, 1),
        ("reinspection", None, 1),
        ("monitoring_visit", 1, 1),
        ("improvement_board", None, 1),
        ("progress_review", 2, 1),
    }
    started = [e for e in events if isinstance(e, SupportAndSupervisionStarted)]
    assert [s.ends_on for s in started] == [date(2024, 11, 1)]
    assert scheduled(events) == [
        ("support_review", 1, 1, date(2024, 5, 1)),
        ("support_review", 2, 1, date(2024, 11, 1)),
    ]
    assert apply_all(events, state).stage is Stage.SUPPORT_AND_SUPERVISION


def test_a_notice_may_be_lifted_after_a_dfe_review_without_a_reinspection() -> None:
    """Peterborough 2013: the notice was lifted by the minister after the DfE's review, three
    months after an unannounced inspection found services adequate (careappointments.com,
    "Government lifts children's services improvement notice")."""
    events = events_for(notice_state(), "notice_lifted", date(2023, 11, 1))
    assert types(events)[0] == "NoticeLifted"
    assert "SupportAndSupervisionStarted" in types(events)


def test_a_notice_cannot_be_lifted_when_none_is_in_force() -> None:
    with pytest.raises(WrongStageError, match="needs a notice in force, and none is"):
        events_for(opened(), "notice_lifted", date(2023, 4, 1))


# --- direction track -------------------------------------------------------------------------


def test_direction_issued_sets_the_direction_track() -> None:
    state = opened()
    events = events_for(state, "direction_issued", date(2023, 4, 20))
    assert types(events) == [
        "StatutoryDirectionIssued",
        "DeadlineMet",
        "DeadlineScheduled",
        "DeadlineScheduled",
    ]
    assert met(events, "dfe_decision").late is False
    assert scheduled(events) == [
        ("improvement_board", None, 1, date(2023, 7, 20)),
        ("progress_review", 1, 1, date(2023, 10, 20)),
    ]
    after = apply_all(events, state)
    assert (after.track, after.stage) == (Track.DIRECTION, Stage.IMPROVEMENT)


def test_commissioner_appointed_starts_the_commissioner_reviewing() -> None:
    state = direction_state()
    events = events_for(state, "commissioner_appointed", date(2023, 5, 2), name="C. Smith")
    assert types(events) == ["CommissionerAppointed", "DeadlineScheduled"]
    assert isinstance(events[0], CommissionerAppointed)
    assert events[0].name == "C. Smith"
    assert scheduled(events) == [("commissioner_report", None, 1, date(2023, 8, 2))]
    after = apply_all(events, state)
    assert after.stage is Stage.COMMISSIONER_REVIEW
    assert after.commissioner_appointed_on == date(2023, 5, 2)


def test_a_further_period_reports_on_the_day_its_appointment_sets() -> None:
    """Appointed again on Thu 20 Jul 2023 for a year, to report by Fri 12 Jul 2024 (West Sussex:
    a further 12 months from 17 December 2019, the report on 10 December 2020): the report is
    due that day, not three months in, and the explanation says the day was named."""
    state = record(
        commissioner_reviewing(),
        "commissioner_report_submitted",
        date(2023, 7, 14),
        recommendation="retain",
    )
    events = events_for(state, "commissioner_appointed", date(2023, 7, 20), report_by="2024-07-12")
    assert scheduled(events) == [("commissioner_report", 2, 1, date(2024, 7, 12))]
    after = apply_all(events, state)
    [report] = [d for d in after.open_deadlines if d.milestone == "commissioner_report"]
    assert explain(after, [*events], report).arithmetic == [
        "not counted by the rule: the day the commissioner's appointment set for the report, "
        "Fri 12 July 2024"
    ]
    # A report before the day named is on time, not met "before it was set" (Dudley: the
    # further report asked for in August 2016 by 5 November, reported in early November).
    early = events_for(
        after, "commissioner_report_submitted", date(2024, 7, 1), recommendation="retain"
    )
    met = [describe(e, apply_all(early, after)) for e in early if isinstance(e, DeadlineMet)]
    assert met == ["Deadline met on time: commissioner report 2 (due 2024-07-12)"]


@pytest.mark.parametrize(
    ("version", "review"),
    [(4, [("commissioner_report", 2, 1, date(2023, 11, 15))]), (5, [])],
)
def test_a_commissioner_sent_in_after_the_decision_sees_it_through(
    version: int, review: list[tuple[str, int, int, date]]
) -> None:
    """Sefton: Paul Boyce appointed commissioner on 22 November 2022, the day a revised
    direction kept the services with the council (gov.uk, revised direction). Version 5: he
    sees the decision through, with no review stage and no report expected unless the
    appointment names a day; version 4 expected a report three months on, Wed 15 Nov 2023."""
    state = record(opened(regime_version=version), "direction_issued", date(2023, 4, 20))
    state = record(state, "commissioner_appointed", date(2023, 5, 2))
    state = record(
        state, "commissioner_report_submitted", date(2023, 7, 28), recommendation="retain"
    )
    state = record(state, "services_retained", date(2023, 8, 15))
    events = events_for(state, "commissioner_appointed", date(2023, 8, 15), name="P. Boyce")
    assert scheduled(events) == review
    stage = Stage.COMMISSIONER_REVIEW if review else Stage.IMPROVEMENT
    assert apply_all(events, state).stage is stage


def test_the_same_day_decision_spares_the_commissioner_appointed_before_it_a_review() -> None:
    """Tameside, September 2024: the commissioner stays "for three years" and the council keeps
    its services, recorded in that order on one day: the report the appointment first set is
    withdrawn with the decision."""
    state = record(opened(regime_version=5), "direction_issued", date(2023, 4, 20))
    state = record(state, "commissioner_appointed", date(2023, 5, 2))
    state = record(
        state, "commissioner_report_submitted", date(2023, 7, 28), recommendation="retain"
    )
    state = record(state, "commissioner_appointed", date(2023, 8, 15))
    events = events_for(state, "services_retained", date(2023, 8, 15))
    assert withdrawn(events) == {("commissioner_report", 2, 1)}


def test_a_report_no_longer_inadequate_ends_the_wait_for_the_dfe() -> None:
    """Tameside: inadequate in 2016 with no notice or direction, requires improvement in 2019;
    the DfE's decision on the 2016 report is no longer awaited (version 5)."""
    events = reinspected_in_2025(opened(regime_version=5), "requires_improvement")
    assert ("dfe_decision", None, 1) in withdrawn(events)


def test_a_report_date_before_the_appointment_is_refused() -> None:
    with pytest.raises(InvalidDateError, match="report_by 2023-04-30 is before"):
        events_for(
            commissioner_reviewing(),
            "commissioner_appointed",
            date(2023, 5, 9),
            report_by="2023-04-30",
        )


def test_commissioner_report_retain_then_services_retained() -> None:
    state = commissioner_reviewing()
    events = events_for(
        state, "commissioner_report_submitted", date(2023, 7, 28), recommendation="retain"
    )
    assert types(events) == ["CommissionerReportSubmitted", "DeadlineMet"]
    report = met(events, "commissioner_report")
    assert (report.due, report.late) == (date(2023, 8, 2), False)
    state = apply_all(events, state)
    assert state.commissioner_recommendation is CommissionerRecommendation.RETAIN
    assert state.stage is Stage.COMMISSIONER_REVIEW

    retained = events_for(state, "services_retained", date(2023, 8, 15))
    assert types(retained) == ["ServicesRetained"]
    after = apply_all(retained, state)
    assert (after.stage, after.track) == (Stage.IMPROVEMENT, Track.DIRECTION)


def test_commissioner_report_alternative_delivery_then_model_directed() -> None:
    state = record(
        commissioner_reviewing(),
        "commissioner_report_submitted",
        date(2023, 8, 10),
        recommendation="alternative_delivery",
    )
    assert state.commissioner_recommendation is CommissionerRecommendation.ALTERNATIVE_DELIVERY
    assert status_of(state, "commissioner_report") == "met_late"
    events = events_for(
        state,
        "alternative_delivery_directed",
        date(2023, 9, 1),
        model="council_company",
        go_live_on="2024-04-01",
    )
    assert types(events) == ["AlternativeDeliveryModelDirected"]
    directed = events[0]
    assert isinstance(directed, AlternativeDeliveryModelDirected)
    assert (directed.model, directed.go_live_on) == (
        DeliveryModel.COUNCIL_COMPANY,
        date(2024, 4, 1),
    )
    after = apply_all(events, state)
    assert after.stage is Stage.IMPROVEMENT
    assert after.delivery_model is DeliveryModel.COUNCIL_COMPANY


def moving_to_a_trust(version: int) -> InterventionState:
    """Under `version`: direction 20 Apr 2023, commissioner 2 May, report recommending another
    provider 28 Jul, a trust directed on 1 Sep 2023 to go live on 1 Oct 2024."""
    state = record(opened(regime_version=version), "direction_issued", date(2023, 4, 20))
    state = record(state, "commissioner_appointed", date(2023, 5, 2))
    state = record(
        state,
        "commissioner_report_submitted",
        date(2023, 7, 28),
        recommendation="alternative_delivery",
    )
    return record(
        state,
        "alternative_delivery_directed",
        date(2023, 9, 1),
        model="trust",
        go_live_on="2024-10-01",
    )


@pytest.mark.parametrize(("version", "ended"), [(4, False), (5, True)])
def test_services_kept_after_a_trust_was_directed_end_the_move(version: int, ended: bool) -> None:
    """West Sussex: a trust directed on 17 December 2019, shelved on 31 March 2022 (CYP Now,
    "Plans to hand over control ... to an independent trust have been shelved"). Version 5: the
    move ends, its go-live date is withdrawn, and a re-inspection judged good expects the
    direction revoked again. Version 4 let the move stand, and expected no revocation."""
    state = moving_to_a_trust(version)
    events = events_for(state, "services_retained", date(2024, 3, 28))
    assert (("alternative_delivery_live", None, 1) in withdrawn(events)) is ended
    state = apply_all(events, state)
    assert (state.services_move is None) is ended
    passed = reinspected_in_2025(state, "good")
    assert ("revocation" in [s[0] for s in scheduled(passed)]) is ended


def test_services_cannot_be_retained_without_a_review() -> None:
    with pytest.raises(
        WrongStageError,
        match="neither a commissioner, an improvement adviser nor another review",
    ):
        events_for(direction_state(), "services_retained", date(2023, 7, 1))


def test_services_may_be_retained_with_the_commissioners_report_of_the_same_day() -> None:
    """Solihull: Sir Alan Wood's report published with the DfE's decision of 20 March 2023 that
    the council keep its services (gov.uk, "Solihull: commissioner's report"): the decision
    recorded first is taken, and the report after it on the same day still meets hers."""
    kept = record(commissioner_reviewing(), "services_retained", date(2023, 7, 20))
    reported = record(
        kept, "commissioner_report_submitted", date(2023, 7, 20), recommendation="retain"
    )
    assert status_of(reported, "commissioner_report") == "met"


def test_services_may_be_retained_after_another_review_of_the_council() -> None:
    """Rotherham: Louise Casey's inspection of the council, reported on 4 February 2015; the
    joint DCLG and DfE directions of 26 February 2015 kept children's social care within the
    council, run by commissioners (gov.uk, "Directions issued to Rotherham Metropolitan Borough
    Council"; CLG Committee, HC 1114). Here on the worked example's dates."""
    reviewed = record(
        direction_state(),
        "options_appraisal_completed",
        date(2023, 6, 1),
        recommendation="Commissioners to run children's social care within the council",
    )
    events = events_for(reviewed, "services_retained", date(2023, 6, 23))
    assert types(events)[0] == "ServicesRetained"


def test_services_may_be_retained_after_the_advisers_review() -> None:
    """Somerset: DfE advisers appointed the day of the inadequate report, 27 March 2015, to
    review and report by mid-June (gov.uk, "Somerset County Council: advisers appointed"); the
    direction of 6 November 2015 kept services with the council (CYP Now, November 2015)."""
    advised = record(notice_state(), "improvement_adviser_appointed", date(2023, 4, 21))
    events = events_for(advised, "services_retained", date(2023, 7, 1))
    assert types(events)[0] == "ServicesRetained"


@pytest.mark.parametrize(("version", "answered"), [(4, False), (5, True)])
def test_the_secretary_of_states_minded_to_letter_is_the_dfes_decision(
    version: int, answered: bool
) -> None:
    """Norfolk: judged inadequate in February 2013; the minister "minded to" issue a direction
    on 16 August 2013, the direction in December (Eastern Daily Press). Version 5 counts the
    letter as the DfE's decision; version 4 waited for the direction."""
    events = events_for(
        opened(regime_version=version),
        "intervention_proposed",
        date(2023, 4, 20),
        proposal="a direction",
    )
    assert any(e.type == "DeadlineMet" for e in events) is answered


def test_a_commissioner_may_review_under_a_notice_before_any_direction() -> None:
    """Sefton: under the improvement notice of May 2021, judged inadequate again on 9 May 2022,
    Paul Moffat sent in as commissioner on 11 May and the direction issued on 23 May 2022
    (Community Care, 25 May 2022); here on the worked example's notice."""
    events = events_for(notice_state(), "commissioner_appointed", date(2023, 5, 2))
    assert scheduled(events) == [("commissioner_report", None, 1, date(2023, 8, 2))]


def test_direction_revoked_after_a_passed_reinspection() -> None:
    state = passed_reinspection(
        record(direction_state(), "statement_of_action_submitted", date(2023, 6, 12))
    )
    events = events_for(state, "direction_revoked", date(2025, 3, 10))
    assert events[0].type == "DirectionRevoked"
    assert met(events, "revocation").late is False
    assert scheduled(events) == [
        ("support_review", 1, 1, date(2025, 9, 10)),
        ("support_review", 2, 1, date(2026, 3, 10)),
    ]
    assert apply_all(events, state).stage is Stage.SUPPORT_AND_SUPERVISION


# --- switching tracks ------------------------------------------------------------------------


def test_notice_escalated_to_direction_switches_track_and_allows_a_commissioner() -> None:
    state = notice_state()
    events = events_for(state, "notice_escalated_to_direction", date(2023, 9, 1))
    assert types(events) == ["NoticeEscalatedToDirection"]
    state = apply_all(events, state)
    assert (state.track, state.stage) == (Track.DIRECTION, Stage.IMPROVEMENT)
    state = record(state, "commissioner_appointed", date(2023, 9, 15))
    assert state.stage is Stage.COMMISSIONER_REVIEW
    assert status_of(state, "commissioner_report") == "pending"


def test_a_notice_cannot_be_escalated_before_one_is_issued() -> None:
    with pytest.raises(WrongStageError, match="'awaiting_decision'"):
        events_for(opened(), "notice_escalated_to_direction", date(2023, 4, 1))


def test_direction_stepped_down_to_a_notice() -> None:
    state = direction_state()
    events = events_for(state, "direction_stepped_down", date(2023, 9, 1))
    assert types(events) == ["DirectionSteppedDown"]
    state = apply_all(events, state)
    assert (state.track, state.stage) == (Track.NOTICE, Stage.IMPROVEMENT)
    with pytest.raises(WrongStageError, match="needs a direction in force, and a notice is"):
        events_for(state, "direction_revoked", date(2023, 9, 15))


# --- a new cycle -----------------------------------------------------------------------------


def test_reinspection_inadequate_starts_a_new_cycle_with_a_new_statement_of_action() -> None:
    state = on_track()
    events = inadequate_again_events(state)
    assert events[0].type == "ReinspectionCompleted"
    assert met(events, "reinspection").due == date(2025, 3, 7)
    cycles = [e for e in events if isinstance(e, NewCycleStarted)]
    assert len(cycles) == 1
    assert (cycles[0].cycle, cycles[0].published_on, cycles[0].received_on) == (
        2,
        date(2025, 3, 3),
        date(2025, 2, 27),
    )
    assert ("monitoring_visit", 2, 1) in withdrawn(events)
    # 70 working days after Thu 27 Feb 2025 (Easter 18 and 21 Apr, 5 and 26 May skipped):
    # Wed 11 Jun 2025; first visit 4 weeks later; re-inspection 24 months after publication.
    # No DfE decision is awaited: the notice is still in force.
    assert scheduled(events) == [
        ("statement_of_action", None, 2, date(2025, 6, 11)),
        ("reinspection", None, 2, date(2027, 3, 3)),
        ("monitoring_visit", 1, 2, date(2025, 7, 9)),
    ]
    after = apply_all(events, state)
    assert (after.cycle, after.stage, after.track) == (2, Stage.IMPROVEMENT, Track.NOTICE)
    assert (after.cycle_published_on, after.cycle_received_on) == (
        date(2025, 3, 3),
        date(2025, 2, 27),
    )
    # The progress reviews run on across cycles.
    assert status_of(after, "progress_review", 1) == "pending"

    # The next Statement of Action and visit are recorded against cycle 2.
    submitted = events_for(after, "statement_of_action_submitted", date(2025, 6, 2))
    statement = met(submitted, "statement_of_action")
    assert (statement.cycle, statement.due, statement.late) == (2, date(2025, 6, 11), False)
    after = apply_all(submitted, after)
    visit = events_for(after, "monitoring_visit_completed", date(2025, 6, 10))
    assert isinstance(visit[0], MonitoringVisitCompleted)
    assert visit[0].number == 1
    assert scheduled(visit) == [("monitoring_visit", 2, 2, date(2025, 9, 10))]


def test_new_cycle_withdraws_an_outstanding_statement_of_action_of_cycle_one() -> None:
    state = record(notice_state(), "monitoring_visit_completed", date(2023, 7, 10))
    events = inadequate_again_events(state)
    assert ("statement_of_action", None, 1) in withdrawn(events)
    after = apply_all(events, state)
    assert status_of(after, "statement_of_action", cycle=1) == "withdrawn"
    assert status_of(after, "statement_of_action", cycle=2) == "pending"


def test_the_met_reinspection_deadline_stays_met_in_a_new_cycle() -> None:
    state = on_track()
    events = inadequate_again_events(state)
    assert ("reinspection", None, 1) not in withdrawn(events)
    assert status_of(apply_all(events, state), "reinspection", cycle=1) == "met"


def judged_again_after_the_notice_was_lifted(
    version: int, board_on: date | None = None
) -> InterventionState:
    """Under `version`: notice 20 Apr 2023 (and a board on `board_on`, if given); re-inspected
    from 4 Nov 2024, judged good, published 13 Dec 2024; notice lifted 20 Jan 2025; inspected
    again from 8 Sep 2025, judged inadequate, published 17 Oct 2025."""
    state = record(opened(regime_version=version), "improvement_notice_issued", date(2023, 4, 20))
    if board_on is not None:
        state = record(state, "improvement_board_established", board_on)
    for started, judgement, received, published in (
        (date(2024, 11, 4), "good", "2024-12-10", "2024-12-13"),
        (date(2025, 9, 8), "inadequate", "2025-10-14", "2025-10-17"),
    ):
        state = record(
            state,
            "reinspection_completed",
            started,
            now=noon(date.fromisoformat(published)),
            judgement=judgement,
            received_on=received,
            published_on=published,
        )
        if judgement == "good":
            state = record(state, "notice_lifted", date(2025, 1, 20))
    return state


@pytest.mark.parametrize(("version", "overseen"), [(4, False), (5, True)])
def test_a_notice_issued_after_the_last_was_lifted_sets_a_board_and_reviews_of_its_own(
    version: int, overseen: bool
) -> None:
    """Version 5: the second notice, Tue 2 Dec 2025, opens an intervention of its own: a board
    3 months on, Mon 2 Mar 2026, and progress reviews every 6 months, the first Tue 2 Jun 2026,
    all in the cycle of the new judgement. Version 4 set them for the first notice only."""
    state = judged_again_after_the_notice_was_lifted(version)
    assert (state.cycle, state.stage) == (2, Stage.AWAITING_DECISION)
    events = events_for(state, "improvement_notice_issued", date(2025, 12, 2))
    oversight = [s for s in scheduled(events) if s[0] in ("improvement_board", "progress_review")]
    expected = [
        ("improvement_board", None, 2, date(2026, 3, 2)),
        ("progress_review", 1, 2, date(2026, 6, 2)),
    ]
    assert oversight == (expected if overseen else [])
    after = apply_all(events, state)
    assert (after.stage, after.track_in_force) == (Stage.IMPROVEMENT, Track.NOTICE)


def test_the_second_interventions_board_is_recorded_though_the_first_had_one() -> None:
    """The board of 2023 stands for the first intervention; the new cycle of October 2025 asks
    for another, recorded before the new notice and meeting its board deadline when set."""
    state = judged_again_after_the_notice_was_lifted(5, board_on=date(2023, 6, 1))
    state = record(state, "improvement_board_established", date(2025, 11, 3))
    events = events_for(state, "improvement_notice_issued", date(2025, 12, 2))
    board = met(events, "improvement_board")
    assert (board.cycle, board.met_on, board.late) == (2, date(2025, 11, 3), False)


def test_a_notice_reissued_in_place_of_one_in_force_sets_no_second_board() -> None:
    state = record(opened(regime_version=5), "improvement_notice_issued", date(2023, 4, 20))
    events = events_for(state, "improvement_notice_issued", date(2023, 9, 5))
    assert scheduled(events) == []


# --- late recording ----------------------------------------------------------------------------


def escalated_twice() -> InterventionState:
    """Statement of Action (due 15 Jun 2023) unrecorded: reminder 1 Jun, level 1 on 16 Jun and
    level 2 on 29 Jun, each at 07:00 London (06:00 UTC in summer)."""
    return run_clock(notice_state(), utc(2023, 6, 1, 6), utc(2023, 6, 16, 6), utc(2023, 6, 29, 6))


def test_recorded_late_but_effective_in_time_is_met_and_escalations_withdrawn() -> None:
    state = escalated_twice()
    assert status_of(state, "statement_of_action") == "missed"
    assert state.highest_escalation == 2
    events = events_for(
        state, "statement_of_action_submitted", date(2023, 6, 14), now=noon(date(2023, 6, 30))
    )
    assert types(events) == [
        "StatementOfActionSubmitted",
        "DeadlineMet",
        "EscalationWithdrawn",
        "EscalationWithdrawn",
        "EscalationWithdrawn",
    ]
    statement = met(events, "statement_of_action")
    assert (statement.met_on, statement.late) == (date(2023, 6, 14), False)
    pulled = [e for e in events if isinstance(e, EscalationWithdrawn)]
    assert [(e.level, e.to) for e in pulled] == [
        (1, "director"),
        (2, "chief_executive"),
        (2, "lead_member"),
    ]
    assert {e.effective_on for e in pulled} == {date(2023, 6, 30)}
    assert {e.reason for e in pulled} == {"met on 2023-06-14, on time for 2023-06-15"}
    after = apply_all(events, state)
    assert status_of(after, "statement_of_action") == "met"
    # Withdrawn, never deleted.
    assert len(after.escalations) == 3
    assert {e.withdrawn_on for e in after.escalations} == {date(2023, 6, 30)}
    assert after.highest_escalation == 0


def test_effective_late_is_met_late_and_the_escalations_stay() -> None:
    state = escalated_twice()
    events = events_for(
        state, "statement_of_action_submitted", date(2023, 6, 20), now=noon(date(2023, 6, 30))
    )
    assert types(events) == ["StatementOfActionSubmitted", "DeadlineMet"]
    assert met(events, "statement_of_action").late is True
    after = apply_all(events, state)
    assert status_of(after, "statement_of_action") == "met_late"
    assert [(e.level, e.withdrawn_on) for e in after.escalations] == [
        (1, None),
        (2, None),
        (2, None),
    ]
    # They stay on the record, but stand against nothing open: the portfolio shows none.
    assert after.highest_escalation == 0
    # The ladder stops: no level 3 on Thu 13 Jul 2023.
    later = run_clock(after, utc(2023, 7, 13, 6))
    assert [e.level for e in later.escalations] == [1, 2, 2]


# --- rejections ------------------------------------------------------------------------------


def test_wrong_stage_names_the_milestone_and_stage_and_lists_what_is_allowed() -> None:
    with pytest.raises(WrongStageError) as caught:
        events_for(opened(), "support_review_completed", date(2023, 4, 1))
    message = str(caught.value)
    assert "'support_review_completed'" in message
    assert "'awaiting_decision'" in message
    assert "support_and_supervision" in message
    assert message.split("allowed now: ")[1].split(", ") == [
        "improvement_notice_issued",
        "direction_issued",
        "intervention_proposed",
        "progress_review_completed",
        "commissioner_appointed",
        "improvement_adviser_appointed",
        "board_chair_appointed",
        "partner_appointed",
        "alternative_delivery_directed",
        "options_appraisal_completed",
        "business_case_approved",
        "transfer_directed",
        "alternative_delivery_live",
        "statement_of_action_submitted",
        "improvement_board_established",
        "self_evaluation_submitted",
        "action_planning_visit_completed",
        "monitoring_visit_completed",
        "focused_visit_completed",
        "jtai_completed",
        "annual_engagement_meeting_held",
        "reinspection_started",
        "reinspection_fieldwork_completed",
        "reinspection_completed",
        "intervention_closed",
        "board_meeting_held",
        "case_audit_completed",
        "funding_allocated",
        "contacts_changed",
    ]


@pytest.mark.parametrize(
    "milestone",
    [
        "services_retained",
        "direction_revoked",
        "notice_lifted",
        "notice_revised",
        "appointment_ended",
        "support_review_completed",
    ],
)
def test_milestones_not_allowed_before_a_decision(milestone: str) -> None:
    with pytest.raises(WrongStageError, match=f"cannot record '{milestone}' at stage"):
        events_for(opened(), milestone, date(2023, 4, 1), judgement="good")


def test_effective_on_in_the_future_is_refused_naming_the_date() -> None:
    with pytest.raises(InvalidDateError) as caught:
        events_for(
            notice_state(),
            "statement_of_action_submitted",
            date(2023, 6, 13),
            now=noon(date(2023, 6, 12)),
        )
    assert "effective_on 2023-06-13 is in the future" in str(caught.value)
    assert "2023-06-12" in str(caught.value)


def test_today_is_the_london_date() -> None:
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    events = events_for(
        notice_state(),
        "statement_of_action_submitted",
        date(2023, 7, 1),
        now=utc(2023, 6, 30, 23, 30),
    )
    assert events[0].effective_on == date(2023, 7, 1)


def test_effective_on_before_the_inspection_ended_is_refused_naming_the_date() -> None:
    audit = {"cases_reviewed": "1", "good": "1"}
    with pytest.raises(InvalidDateError) as caught:
        events_for(opened(), "case_audit_completed", date(2023, 1, 19), **audit)
    assert "effective_on 2023-01-19" in str(caught.value)
    assert "2023-01-20" in str(caught.value)
    # The day the inspection ended is allowed.
    assert events_for(opened(), "case_audit_completed", date(2023, 1, 20), **audit)


@pytest.mark.parametrize("milestone", DESIGN_MILESTONES)
def test_a_viewer_may_record_nothing(milestone: str) -> None:
    with pytest.raises(RoleNotAllowedError) as caught:
        events_for(notice_state(), milestone, date(2023, 6, 1), actor=VIEWER)
    assert "'viewer'" in str(caught.value)
    assert f"'{milestone}'" in str(caught.value)


def test_the_system_actor_may_not_record_milestones() -> None:
    system = Actor(name="intervention engine", role=Role.SYSTEM)
    with pytest.raises(RoleNotAllowedError, match="'system'"):
        events_for(notice_state(), "statement_of_action_submitted", date(2023, 6, 1), actor=system)


@pytest.mark.parametrize(
    ("state_of", "milestone"),
    [
        (lambda: passed_reinspection(), "notice_lifted"),
        (
            lambda: passed_reinspection(
                record(direction_state(), "statement_of_action_submitted", date(2023, 6, 12))
            ),
            "direction_revoked",
        ),
        (lambda: lifted(), "intervention_closed"),
    ],
)
def test_the_improvement_team_may_not_sign_off(state_of, milestone: str) -> None:
    state = state_of()
    with pytest.raises(RoleNotAllowedError) as caught:
        events_for(state, milestone, date(2025, 3, 20), actor=TEAM)
    assert "'improvement_team'" in str(caught.value)
    assert "allowed roles: admin, manager" in str(caught.value)
    # A manager may, on the same state.
    assert events_for(state, milestone, date(2025, 3, 20), actor=MANAGER)


def test_reinspection_without_a_judgement_names_the_field_and_the_grades() -> None:
    with pytest.raises(MissingFieldError) as caught:
        events_for(on_track(), "reinspection_completed", date(2025, 2, 14))
    message = str(caught.value)
    assert "'reinspection_completed'" in message
    assert "'judgement'" in message
    for grade in GRADES:
        assert grade in message


def test_commissioner_report_without_a_recommendation_is_refused() -> None:
    allowed = "retain, alternative_delivery, end_intervention"
    with pytest.raises(MissingFieldError, match=rf"'recommendation'.*{allowed}"):
        events_for(commissioner_reviewing(), "commissioner_report_submitted", date(2023, 7, 28))


def test_invalid_judgement_names_the_value_and_lists_the_grades() -> None:
    with pytest.raises(InvalidFieldError) as caught:
        events_for(on_track(), "reinspection_completed", date(2025, 2, 14), judgement="terrible")
    message = str(caught.value)
    assert "judgement 'terrible'" in message
    assert "allowed: outstanding, good, requires_improvement, adequate, inadequate" in message


def test_invalid_date_field_is_refused_naming_the_value() -> None:
    with pytest.raises(InvalidFieldError, match="go_live_on 'next spring'"):
        events_for(
            record(
                commissioner_reviewing(),
                "commissioner_report_submitted",
                date(2023, 7, 28),
                recommendation="alternative_delivery",
            ),
            "alternative_delivery_directed",
            date(2023, 9, 1),
            go_live_on="next spring",
        )


def test_unknown_field_is_refused_naming_it_and_the_fields_allowed() -> None:
    with pytest.raises(InvalidFieldError) as caught:
        events_for(notice_state(), "statement_of_action_submitted", date(2023, 6, 12), colour="red")
    assert "colour 'red'" in str(caught.value)
    assert "fields for this milestone: note" in str(caught.value)


def test_the_engine_numbers_visits_itself() -> None:
    with pytest.raises(InvalidFieldError, match="number '7'"):
        events_for(notice_state(), "monitoring_visit_completed", date(2023, 7, 10), number="7")


def test_a_note_with_control_characters_is_refused() -> None:
    with pytest.raises(InvalidFieldError, match="note"):
        events_for(
            notice_state(), "statement_of_action_submitted", date(2023, 6, 12), note="ok\x1b[2J"
        )


def test_unknown_milestone_is_named() -> None:
    with pytest.raises(UnknownMilestoneError) as caught:
        events_for(notice_state(), "statement_of_actoin_submitted", date(2023, 6, 12))
    assert str(caught.value).startswith(
        "unknown milestone 'statement_of_actoin_submitted' "
        "(did you mean 'statement_of_action_submitted'?); allowed: improvement_notice_issued, "
    )


def test_an_unknown_milestone_like_none_suggests_none() -> None:
    with pytest.raises(UnknownMilestoneError) as caught:
        events_for(notice_state(), "nope", date(2023, 6, 12))
    assert "did you mean" not in str(caught.value)


def test_nothing_is_recorded_on_a_closed_intervention() -> None:
    closed = record(lifted(), "intervention_closed", date(2026, 3, 20))
    with pytest.raises(InterventionClosedError) as caught:
        events_for(closed, "support_review_completed", date(2026, 3, 21))
    assert "'support_review_completed'" in str(caught.value)
    assert "closed on 2026-03-20" in str(caught.value)


@pytest.mark.parametrize(
    ("milestone", "on", "details", "error"),
    [
        ("direction_revoked", date(2023, 5, 2), {}, WrongStageError),
        ("statement_of_action_submitted", date(2024, 1, 1), {}, InvalidDateError),
        ("reinspection_completed", date(2023, 6, 1), {}, MissingFieldError),
        ("statement_of_action_submitted", date(2023, 6, 1), {"x": "y"}, InvalidFieldError),
        ("nope", date(2023, 6, 1), {}, UnknownMilestoneError),
    ],
)
def test_a_rejected_command_leaves_the_state_unchanged(
    milestone: str, on: date, details: dict[str, str], error: type[DomainError]
) -> None:
    state = notice_state()
    before = state.model_dump()
    with pytest.raises(error):
        decide(state, command(milestone, on, **details), noon(date(2023, 6, 1)))
    assert state.model_dump() == before
    assert state.version == 9


def test_state_is_frozen() -> None:
    state = notice_state()
    with pytest.raises(ValidationError):
        state.stage = Stage.CLOSED  # type: ignore[misc]
    with pytest.raises(ValidationError):
        state.deadlines[0].status = DeadlineStatus.MET  # type: ignore[misc]
    assert state.stage is Stage.IMPROVEMENT
    assert status_of(state, "statement_of_action") == "pending"


# --- dates of a re-inspection report ---------------------------------------------------------


def test_reinspection_report_published_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidDateError, match="2031-03-03"):
        events_for(
            on_track(),
            "reinspection_completed",
            date(2025, 2, 14),
            judgement="inadequate",
            published_on="2031-03-03",
        )


def test_reinspection_report_received_before_the_reinspection_is_refused() -> None:
    with pytest.raises(InvalidDateError, match="2019-02-27"):
        events_for(
            on_track(),
            "reinspection_completed",
            date(2025, 2, 14),
            judgement="inadequate",
            received_on="2019-02-27",
        )
