"""An intervention after an area SEND inspection runs under rules of its own (regime `send`)."""

from __future__ import annotations

from datetime import date

import pytest

from api.timeline_chart import timeline_chart
from domain.commands import OpenIntervention
from domain.decide import decide_open
from domain.errors import FactOfAnotherRegimeError, ReportOfAnotherRegimeError, WrongStageError
from domain.intervention import apply_all
from domain.milestones import allowed_now
from domain.regimes import get_regime
from domain.report import build_report
from domain.schedule import schedule
from domain.state import InterventionState, Stage
from domain.timeline import describe
from domain.values import Inspection
from domain.views import EventView, status_view
from tests.unit.builders import MANAGER, events_for, noon, record, run_clock

# Oxfordshire: Ofsted and the CQC inspected in July 2023 (3 to 14 July illustrative) and
# published on 15 September 2023, finding "widespread and systemic failings in SEND services,
# including five areas for priority action" (BBC); "There was a requirement to submit the
# action plan by 27 October 2023" (Oxfordshire County Council, mgAi 29268); the DfE's notice in
# November 2023 (16 November, its publication); the monitoring inspection from 15 September to
# 1 October 2025 (Oxfordshire Parent Carer Forum).
OXFORDSHIRE = Inspection(
    started_on=date(2023, 7, 3),
    ended_on=date(2023, 7, 14),
    published_on=date(2023, 9, 15),
    judgement="area_send",
    priority_actions=["Views of children and families", "Communication", "EHC plans"],
)


# Suffolk: Ofsted and the CQC inspected from 13 to 17 November 2023 and published on Tuesday 30
# January 2024, naming two areas for priority action; the partnership was to "submit a priority
# action plan to Ofsted/ CQC for their approval by 7 March 2024" (Suffolk Local Offer news
# release, 30 January 2024): thirty working days after Thursday 25 January, when the final report
# came (the day of receipt is not in the release: it is the one the count fits).
SUFFOLK = Inspection(
    started_on=date(2023, 11, 13),
    ended_on=date(2023, 11, 17),
    published_on=date(2024, 1, 30),
    received_on=date(2024, 1, 25),
    judgement="area_send",
    priority_actions=["Strategic planning across the partnership", "EHC plans"],
)


def _opened(inspection: Inspection, regime: str, version: int | None = None) -> InterventionState:
    command = OpenIntervention(
        authority="Oxfordshire County Council",
        inspection=inspection,
        regime=regime,
        regime_version=version,
        actor=MANAGER,
    )
    return apply_all(decide_open(command, noon(inspection.published_on)))


def _plan_due(state: InterventionState) -> date:
    return next(d.due for d in state.deadlines if d.milestone == "priority_action_plan")


def test_an_area_send_report_brings_a_priority_action_plan_and_no_publication_duty() -> None:
    state = _opened(OXFORDSHIRE, "send")

    assert [(d.milestone, d.due) for d in state.open_deadlines] == [
        ("priority_action_plan", date(2023, 10, 27)),
        ("monitoring_inspection", date(2025, 3, 15)),
    ]
    assert (state.regime, state.reports[0].label) == (
        "send",
        "area SEND inspection report of 2023-09-15",
    )


def test_the_priority_action_plan_counts_from_the_day_the_partnership_received_the_report() -> None:
    assert _plan_due(_opened(SUFFOLK, "send", 3)) == date(2024, 3, 7)
    # Before version 3 it counted from publication, whatever the day of receipt recorded.
    assert _plan_due(_opened(SUFFOLK, "send", 2)) == date(2024, 3, 12)
    # With no day of receipt given, it is assumed three working days before publication, no
    # later than Suffolk's real one, and the date is marked as resting on that.
    unreceived = _opened(SUFFOLK.model_copy(update={"received_on": None}), "send", 3)
    plan = next(d for d in unreceived.deadlines if d.milestone == "priority_action_plan")
    assert (plan.due, plan.assumed) == (date(2024, 3, 7), True)
    assert unreceived.receipt_unconfirmed == (1,)


def test_the_partnership_s_answer_is_named_its_priority_action_plan_not_a_statement() -> None:
    # Suffolk's plan was due "by 7 March 2024"; submitted that day (the day is illustrative).
    opening = decide_open(
        OpenIntervention(
            authority="Suffolk County Council",
            inspection=SUFFOLK,
            regime="send",
            actor=MANAGER,
        ),
        noon(SUFFOLK.published_on),
    )
    submitted = events_for(apply_all(opening), "statement_of_action_submitted", date(2024, 3, 7))
    state = apply_all(submitted, apply_all(opening))

    assert describe(submitted[0], state) == "Priority action plan submitted"
    report = build_report([*opening, *submitted], end=date(2024, 3, 31))
    assert [m.what for m in report.milestones if m.on == date(2024, 3, 7)] == [
        "Priority action plan submitted"
    ]
    shown = EventView(
        version=state.version,
        type=submitted[0].type,
        effective_on=submitted[0].effective_on,
        recorded_at=submitted[0].recorded_at,
        actor={"name": MANAGER.name, "role": MANAGER.role.value},
        summary=describe(submitted[0], state),
        data={},
    )
    chart = timeline_chart(status_view(state, [shown]), date(2024, 3, 31))
    assert [m.label for row in chart.rows for m in row.marks if m.event == shown.type] == [
        "Priority action plan"
    ]


def test_a_receipt_confirmed_on_the_day_assumed_says_the_date_stands() -> None:
    """Hertfordshire: published on Friday 10 November 2023, the plan due "by 19 December 2023"
    (answer of 28 November 2023, parallelparliament.co.uk question 2658), thirty working days
    after Tuesday 7 November, the day the engine assumes; confirmed on 28 November. Two areas
    for priority action, the first of them here (Hemel Today, November 2023)."""
    published = date(2023, 11, 10)
    state = _opened(
        Inspection(
            started_on=date(2023, 6, 26),
            ended_on=date(2023, 7, 14),
            published_on=published,
            judgement="area_send",
            priority_actions=["SEND data and information shared across organisations"],
        ),
        "send",
        8,
    )
    confirmed = events_for(state, "receipt_confirmed", date(2023, 11, 28), received_on="2023-11-07")

    assert [describe(e) for e in confirmed[1:]] == [
        "Date stands: priority action plan still due 2023-12-19, its alert on 2023-12-05 "
        "(receipt of report 1 confirmed as 2023-11-07)"
    ]


def test_under_version_3_the_notice_brings_reviews_and_lifting_it_ends_the_intervention() -> None:
    noticed = record(
        _opened(OXFORDSHIRE, "send", 3), "improvement_notice_issued", date(2023, 11, 16)
    )
    expected = {(d.milestone, d.due) for d in noticed.open_deadlines if d.kind.value == "expected"}
    assert expected == {
        ("progress_review", date(2024, 5, 16)),
        ("monitoring_inspection", date(2025, 3, 15)),
    }

    lifted = record(noticed, "notice_lifted", date(2025, 11, 19))
    assert lifted.stage is Stage.ENDED
    assert [d.milestone for d in lifted.deadlines if d.milestone == "support_review"] == []


# Kent: Ofsted and the CQC revisited on 27 to 29 September 2022 (a revisit of the framework
# before 2023, opened here as an area SEND report, its nearest), letter published Wednesday 9
# November 2022 (The Isle of Thanet News); the minister "issued the Kent authority with an
# Improvement Notice on Thursday" 30 March 2023, with "an improvement board with an independent
# chairman" (KentOnline 285124); "On 6 August 2024, we received a letter from the Children's
# and Family Minister ... advising us of her decision to lift the improvement notice ... the
# Department for Education and NHS England will continue to review progress every 6 months"
# (kent.gov.uk, "Kent improvement plan for SEND").
KENT = Inspection(
    started_on=date(2022, 9, 27),
    ended_on=date(2022, 9, 29),
    published_on=date(2022, 11, 9),
    judgement="area_send",
    priority_actions=["Inconsistent quality of the EHC process", "Weak governance"],
)
KENT_NOTICE = date(2023, 3, 30)
KENT_LIFTED = date(2024, 8, 6)


def test_a_send_notice_asks_for_a_board_within_three_months() -> None:
    noticed = record(_opened(KENT, "send", 4), "improvement_notice_issued", KENT_NOTICE)
    board = next(d for d in noticed.open_deadlines if d.milestone == "improvement_board")
    assert (board.due, board.owner) == (date(2023, 6, 30), "council")

    # Derbyshire: the notice of 14 January 2025 asked for "a mandatory ... Board with an
    # independent chairperson", Deborah Glassbrook (Local Democracy Reporting Service, 2 July
    # 2025), here on Kent's dates.
    chaired = record(noticed, "board_chair_appointed", date(2023, 5, 26), name="D. Glassbrook")
    [met] = [d for d in chaired.deadlines if d.milestone == "improvement_board"]
    assert (met.status.value, met.met_on) == ("met", date(2023, 5, 26))


def test_a_board_set_up_before_the_notice_meets_it() -> None:
    """Lancashire: "Following the SEND inspection, we were required to create a SEND
    Improvement Board", its first meeting on 9 May 2025, the notice published on 5 June 2025
    (Lancashire County Council, "SEND Improvement Board"), here on Kent's dates."""
    board = record(_opened(KENT, "send", 4), "improvement_board_established", date(2023, 3, 1))
    noticed = record(board, "improvement_notice_issued", KENT_NOTICE)
    [met] = [d for d in noticed.deadlines if d.milestone == "improvement_board"]
    assert (met.status.value, met.met_on) == ("met", date(2023, 3, 1))


def test_lifting_a_send_notice_is_followed_by_reviews_every_six_months_for_a_year() -> None:
    noticed = record(_opened(KENT, "send", 4), "improvement_notice_issued", KENT_NOTICE)
    lifted = record(noticed, "notice_lifted", KENT_LIFTED)
    assert lifted.stage is Stage.SUPPORT_AND_SUPERVISION
    assert [(d.milestone, d.due) for d in lifted.open_deadlines if d.owner == "dfe"] == [
        ("support_review", date(2025, 2, 6)),
        ("support_review", date(2025, 8, 6)),
    ]

    # A letter that ends the intervention outright leaves nothing to review.
    ended = record(noticed, "notice_lifted", KENT_LIFTED, support="false")
    assert ended.stage is Stage.ENDED
    assert [d for d in ended.open_deadlines if d.milestone == "support_review"] == []


def test_each_regime_opens_only_on_its_own_reports() -> None:
    with pytest.raises(ReportOfAnotherRegimeError) as refused:
        _opened(OXFORDSHIRE, "ilacs")
    assert str(refused.value) == (
        "regime 'ilacs' does not open on an area SEND inspection: it opens on inspection, "
        "focused_visit, jtai, annual_assessment, joint_area_review; open it under regime 'send'"
    )
    assert (refused.value.field, refused.value.allowed) == (
        "inspection.judgement",
        ["inspection", "focused_visit", "jtai", "annual_assessment", "joint_area_review"],
    )

    with pytest.raises(ReportOfAnotherRegimeError, match="open it under regime 'ilacs'"):
        _opened(Inspection(published_on=date(2023, 9, 15)), "send")


def test_the_schedule_of_an_area_send_report_needs_no_server() -> None:
    # Oxfordshire's "by 27 October 2023" fits a report received the day it was published.
    result = schedule(get_regime("send"), date(2023, 9, 15), date(2023, 9, 15))

    assert [(d.milestone, d.due) for d in result.deadlines] == [
        ("priority_action_plan", date(2023, 10, 27)),
        ("monitoring_inspection", date(2025, 3, 15)),
    ]
    assumed = schedule(get_regime("send"), date(2023, 9, 15))
    plan = assumed.deadlines[0]
    assert (plan.milestone, plan.due) == ("priority_action_plan", date(2023, 10, 24))


def test_the_dfes_first_review_waits_two_months_before_it_is_flagged_from_version_7() -> None:
    """Kent: the first review by the DfE and NHS England under the notice of 30 March 2023 was
    held on 15 November 2023 (democracy.kent.gov.uk, mgAi.aspx?ID=64712; KELSI, directors'
    update of 15 November 2023), seven and a half months after it; version 6, waiting six
    weeks, flagged it on 13 November."""
    flagged = {}
    for version in (6, 7):
        noticed = record(_opened(KENT, "send", version), "improvement_notice_issued", KENT_NOTICE)
        ticked = run_clock(noticed, noon(date(2023, 11, 14)))
        review = next(d for d in ticked.deadlines if d.milestone == "progress_review")
        flagged[version] = (review.due, review.status.value, review.alert_on)
        reviewed = record(ticked, "progress_review_completed", date(2023, 11, 15))
        review = next(d for d in reviewed.deadlines if d.milestone == "progress_review")
        flagged[version] += (review.status.value,)

    assert flagged[6] == (date(2023, 9, 30), "missed", date(2023, 11, 13), "met_late")
    assert flagged[7] == (date(2023, 9, 30), "pending", date(2023, 12, 1), "met")


def test_a_children_services_report_is_refused_on_a_send_record_from_version_6() -> None:
    """Devon: the SEND notice of September 2022 still in force when its children's services
    were judged inadequate, the report published on 13 May 2025 (Devon County Council's
    bulletin of that day): that report belongs on a record of its own, under `ilacs`. Version 5
    took it as the area's re-inspection, a new cycle with a priority action plan due."""
    noticed = record(_opened(KENT, "send", 6), "improvement_notice_issued", KENT_NOTICE)
    assert "reinspection_completed" not in allowed_now(noticed)
    for milestone, details in (
        ("reinspection_completed", {"judgement": "inadequate", "published_on": "2025-05-13"}),
        ("focused_visit_completed", {}),
        ("jtai_completed", {}),
    ):
        with pytest.raises(FactOfAnotherRegimeError) as refused:
            record(noticed, milestone, date(2025, 5, 13), **details)
        assert str(refused.value).startswith(
            f"regime 'send' does not record {milestone!r}: a children's services report "
            "belongs on an intervention of its own, under regime 'ilacs'; the area's own "
            "re-inspection has no grade to record here: keep its outcome in the note of "
            "reinspection_started; allowed now: "
        )
        assert refused.value.field == "milestone"

    before = record(_opened(KENT, "send", 5), "improvement_notice_issued", KENT_NOTICE)
    again = record(
        before,
        "reinspection_completed",
        date(2025, 3, 3),
        now=noon(date(2025, 5, 13)),
        judgement="inadequate",
        published_on="2025-05-13",
    )
    assert again.cycle == 2


# Devon: Ofsted's and the CQC's revisit of 23 to 25 May 2022 under the framework before
# January 2023, finding insufficient progress in all four areas of significant weakness of the
# inspection of December 2018, its report received on 7 June 2022 (devon.gov.uk, the
# Accelerated Progress Plan; publication 8 July illustrative); the SEND improvement notice "in
# September 2022" (Parliamentary answer 32510; 15 September illustrative).
DEVON_REVISIT = Inspection(
    started_on=date(2022, 5, 23),
    ended_on=date(2022, 5, 25),
    published_on=date(2022, 7, 8),
    received_on=date(2022, 6, 7),
    judgement="send_revisit",
)


def test_a_revisit_under_the_old_framework_opens_a_send_record_owing_no_plan() -> None:
    opened = _opened(DEVON_REVISIT, "send", 6)
    assert opened.inspection.kind.label == "area SEND revisit"
    # No priority action plan and no monitoring inspection of its own: the plan came with the
    # DfE's notice, and no monitoring inspection is dated in the public record.
    assert opened.open_deadlines == ()

    noticed = record(opened, "improvement_notice_issued", date(2022, 9, 15))
    assert sorted((d.milestone, d.due) for d in noticed.open_deadlines) == [
        ("improvement_board", date(2022, 12, 15)),
        ("progress_review", date(2023, 3, 15)),
    ]
    # The accelerated progress plan (Devon's of February 2023) answers no report: the refusal
    # says where it goes.
    with pytest.raises(WrongStageError, match="as the accelerated progress plan\\) is a condition"):
        record(noticed, "statement_of_action_submitted", date(2023, 2, 15))


def test_a_revisit_is_refused_before_send_version_6_and_under_ilacs() -> None:
    with pytest.raises(ReportOfAnotherRegimeError, match="does not open on an area SEND revisit"):
        _opened(DEVON_REVISIT, "send", 5)
    with pytest.raises(ReportOfAnotherRegimeError, match="open it under regime 'send'"):
        _opened(DEVON_REVISIT, "ilacs")


# Birmingham: Ofsted's and the CQC's revisit of May 2021, insufficient progress on twelve of
# the thirteen weaknesses of the inspection of June 2018, its report published on 14 July 2021
# (BBC News; days of the revisit illustrative); the statutory direction of Friday 15 October
# 2021 and John Coughlan sent in as SEND commissioner (Schools Week, 15 October 2021); his first
# report published on 19 May 2022 (Schools Week, 19 May 2022).
def _birmingham(judgement: str) -> Inspection:
    return Inspection(
        started_on=date(2021, 5, 10),
        ended_on=date(2021, 5, 14),
        published_on=date(2021, 7, 14),
        judgement=judgement,
    )


BIRMINGHAM_DIRECTION = date(2021, 10, 15)


@pytest.mark.parametrize(("version", "review"), [(6, ("met", ())), (5, None)])
def test_a_send_commissioners_report_is_the_dfes_review_from_version_6(
    version: int, review: tuple[str, tuple[str, ...]] | None
) -> None:
    # Version 5 opened only on the 2023 framework's report: the same days, as one.
    judgement = "send_revisit" if version == 6 else "area_send"
    state = _opened(_birmingham(judgement), "send", version)
    state = record(state, "direction_issued", BIRMINGHAM_DIRECTION)
    state = record(state, "commissioner_appointed", BIRMINGHAM_DIRECTION, name="John Coughlan")
    state = record(state, "services_retained", BIRMINGHAM_DIRECTION)
    state = record(state, "commissioner_report_submitted", date(2022, 5, 19))
    state = run_clock(state, noon(date(2022, 6, 30)))

    [first] = [d for d in state.deadlines if d.milestone == "progress_review" and d.number == 1]
    assert first.due == date(2022, 4, 15)
    if review is None:
        # Version 5 took only the DfE's own review, and called it overdue after the report.
        assert (first.status.value, first.fired) == ("missed", ("overdue",))
    else:
        assert (first.status.value, first.fired) == review


@pytest.mark.parametrize(("version", "first"), [(10, ("met", ())), (9, ("missed", ("overdue",)))])
def test_the_report_recommending_who_runs_the_services_is_a_review_too_from_version_10(
    version: int, first: tuple[str, tuple[str, ...]]
) -> None:
    """Birmingham's first report, recorded, as it came, before the DfE's decision of its own
    day: from version 10 it is the review due on 15 April 2022, met within its grace, and the
    next is due six months on; version 9 called the review overdue in June."""
    state = _opened(_birmingham("send_revisit"), "send", version)
    state = record(state, "direction_issued", BIRMINGHAM_DIRECTION)
    state = record(state, "commissioner_appointed", BIRMINGHAM_DIRECTION, name="John Coughlan")
    state = record(
        state, "commissioner_report_submitted", date(2022, 5, 19), recommendation="retain"
    )
    state = record(state, "services_retained", date(2022, 5, 19))
    state = run_clock(state, noon(date(2022, 6, 30)))

    reviews = [d for d in state.deadlines if d.milestone == "progress_review"]
    assert (reviews[0].due, reviews[0].status.value, reviews[0].fired) == (
        date(2022, 4, 15),
        *first,
    )
    if version == 10:
        assert [(d.number, d.due) for d in reviews[1:]] == [(2, date(2022, 11, 19))]
