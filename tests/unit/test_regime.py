"""The `ilacs` regime as first written (version 1): every due rule and the escalation ladder,
on real dates. Interventions opened under it keep running under it."""

from __future__ import annotations

from datetime import date

import pytest

from domain.commands import MigrateRegime
from domain.errors import DomainError, UnknownRegimeError, UnknownRegimeVersionError
from domain.events import DeadlineScheduled, RegimeMigrated
from domain.intervention import decide_open
from domain.migration import decide_migration
from domain.regime import Anchor, DeadlineKind, Owner, Recipient
from domain.regime_diff import differences, in_its_own_words
from domain.regimes import current_version, get_regime
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import MANAGER, WORKED, noon, open_command, opened, record, scheduled

ILACS = get_regime("ilacs", 1)


def dues(
    anchor: Anchor, on: date, *, track_set: bool = False
) -> list[tuple[str, int | None, date]]:
    """The deadlines a point sets: (rule, occurrence or None, due)."""
    found: list[tuple[str, int | None, date]] = []
    for rule in ILACS.rules_anchored_at(anchor):
        if rule.only_without_instrument and track_set:
            continue
        if rule.occurrences:
            found += [
                (rule.name, n, ILACS.due_on(rule, on, span))
                for n, span in enumerate(rule.occurrences, start=1)
            ]
        else:
            found.append((rule.name, 1 if rule.recurs else None, ILACS.due_on(rule, on)))
    return found


def test_statement_of_action_is_due_70_working_days_after_receipt() -> None:
    assert dues(Anchor.REPORT_RECEIVED, date(2023, 3, 2)) == [
        ("statement_of_action", None, date(2023, 6, 15))
    ]
    # Received Fri 23 Dec 2022; 26, 27 Dec 2022 and 2 Jan 2023 are skipped.
    # Dec: 28, 29, 30 (3); Jan: 21 -> 24; Feb: 20 -> 44; Mar: 23 -> 67 on Fri 31 Mar;
    # then Mon 3, Tue 4, Wed 5 April (70), just before Good Friday.
    assert dues(Anchor.REPORT_RECEIVED, date(2022, 12, 23)) == [
        ("statement_of_action", None, date(2023, 4, 5))
    ]


def test_dfe_decision_is_due_8_weeks_after_publication_and_reinspection_24_months() -> None:
    assert dues(Anchor.PUBLISHED, date(2023, 3, 7)) == [
        ("dfe_decision", None, date(2023, 5, 2)),
        ("reinspection", None, date(2025, 3, 7)),
    ]


def test_reinspection_24_months_after_29_february_is_28_february() -> None:
    assert ("reinspection", None, date(2026, 2, 28)) in dues(Anchor.PUBLISHED, date(2024, 2, 29))


def test_dfe_decision_is_not_awaited_once_a_track_is_set() -> None:
    assert dues(Anchor.PUBLISHED, date(2023, 3, 7), track_set=True) == [
        ("reinspection", None, date(2025, 3, 7)),
    ]


def test_first_monitoring_visit_is_due_4_weeks_after_the_statement_of_action_due_date() -> None:
    assert dues(Anchor.RULE_DUE, date(2023, 6, 15)) == [("monitoring_visit", 1, date(2023, 7, 13))]
    monitoring = ILACS.rule("monitoring_visit")
    assert monitoring is not None
    assert monitoring.after_rule == "statement_of_action"


def test_board_at_3_months_and_first_progress_review_at_6_months_after_the_notice() -> None:
    assert dues(Anchor.INTERVENTION_ISSUED, date(2023, 4, 20)) == [
        ("improvement_board", None, date(2023, 7, 20)),
        ("progress_review", 1, date(2023, 10, 20)),
    ]
    # 30 November + 3 months clamps to the leap day; + 6 months is 30 May.
    assert dues(Anchor.INTERVENTION_ISSUED, date(2023, 11, 30)) == [
        ("improvement_board", None, date(2024, 2, 29)),
        ("progress_review", 1, date(2024, 5, 30)),
    ]


def test_commissioner_report_is_due_3_months_after_appointment() -> None:
    assert dues(Anchor.COMMISSIONER_APPOINTED, date(2023, 5, 2)) == [
        ("commissioner_report", None, date(2023, 8, 2))
    ]
    assert dues(Anchor.COMMISSIONER_APPOINTED, date(2023, 11, 30)) == [
        ("commissioner_report", None, date(2024, 2, 29))
    ]


def test_revocation_is_due_1_month_after_a_passed_reinspection() -> None:
    assert dues(Anchor.REINSPECTION_PASSED, date(2025, 2, 14)) == [
        ("revocation", None, date(2025, 3, 14))
    ]
    assert dues(Anchor.REINSPECTION_PASSED, date(2025, 1, 31)) == [
        ("revocation", None, date(2025, 2, 28))
    ]


def test_support_reviews_are_due_6_and_12_months_after_revocation() -> None:
    assert dues(Anchor.REVOCATION, date(2025, 3, 10)) == [
        ("support_review", 1, date(2025, 9, 10)),
        ("support_review", 2, date(2026, 3, 10)),
    ]
    assert dues(Anchor.REVOCATION, date(2023, 8, 31)) == [
        ("support_review", 1, date(2024, 2, 29)),
        ("support_review", 2, date(2024, 8, 31)),
    ]


def test_kinds_owners_and_grace_of_the_ilacs_rules() -> None:
    kinds = {rule.name: (rule.kind, rule.owner) for rule in ILACS.milestones}
    assert kinds == {
        "statement_of_action": (DeadlineKind.STATUTORY, Owner.COUNCIL),
        "dfe_decision": (DeadlineKind.EXPECTED, Owner.DFE),
        "improvement_board": (DeadlineKind.EXPECTED, Owner.COUNCIL),
        "commissioner_report": (DeadlineKind.EXPECTED, Owner.COMMISSIONER),
        "monitoring_visit": (DeadlineKind.EXPECTED, Owner.OFSTED),
        "progress_review": (DeadlineKind.EXPECTED, Owner.DFE),
        "reinspection": (DeadlineKind.EXPECTED, Owner.OFSTED),
        "revocation": (DeadlineKind.EXPECTED, Owner.DFE),
        "support_review": (DeadlineKind.EXPECTED, Owner.DFE),
    }
    monitoring = ILACS.rule("monitoring_visit")
    assert monitoring is not None
    assert monitoring.grace.after(date(2023, 7, 13)) == date(2023, 8, 24)
    assert monitoring.describe() == (
        "4 weeks after statement of action due, then every 3 months; alert after 6 weeks grace"
    )
    reinspection = ILACS.rule("reinspection")
    assert reinspection is not None
    assert reinspection.grace.after(date(2025, 3, 7)) == date(2025, 9, 7)


# --- through decide_open ---------------------------------------------------------------------


def test_an_opening_without_a_version_runs_under_the_first() -> None:
    """Workflows started before regimes had versions replay as they first decided."""
    events = decide_open(open_command(WORKED), noon(date(2023, 3, 7)))
    assert events[0].type == "InterventionOpened"
    assert scheduled(events) == [
        ("statement_of_action", None, 1, date(2023, 6, 15)),
        ("dfe_decision", None, 1, date(2023, 5, 2)),
        ("reinspection", None, 1, date(2025, 3, 7)),
        ("monitoring_visit", 1, 1, date(2023, 7, 13)),
    ]
    alerts = {e.milestone: e.alert_on for e in events if isinstance(e, DeadlineScheduled)}
    assert alerts == {
        # Statutory: the reminder, 10 working days before Thu 15 June 2023.
        "statement_of_action": date(2023, 6, 1),
        # Expected: the working day after due (no grace).
        "dfe_decision": date(2023, 5, 3),
        # 7 Mar 2025 + 6 months grace is Sun 7 Sep 2025: flagged Monday 8 September.
        "reinspection": date(2025, 9, 8),
        # 13 Jul + 6 weeks = Thu 24 Aug 2023; flagged Fri 25 Aug.
        "monitoring_visit": date(2023, 8, 25),
    }


def test_receipt_defaults_to_publication() -> None:
    published_only = Inspection(
        started_on=date(2023, 1, 9), ended_on=date(2023, 1, 20), published_on=date(2023, 3, 7)
    )
    events = decide_open(open_command(published_only), noon(date(2023, 3, 7)))
    # Tue 7 Mar 2023 is three working days after Thu 2 Mar: 15 June + 3 working days.
    assert ("statement_of_action", None, 1, date(2023, 6, 20)) in scheduled(events)
    assert ("monitoring_visit", 1, 1, date(2023, 7, 18)) in scheduled(events)


# --- the escalation ladder -------------------------------------------------------------------


def test_ladder_rungs_and_recipients() -> None:
    assert [
        (r.name, r.working_days_from_due, r.level, r.marks_missed, r.to) for r in ILACS.ladder
    ] == [
        ("reminder", -10, None, False, (Recipient.OWNER,)),
        ("level_1", 1, 1, True, (Recipient.DIRECTOR,)),
        ("level_2", 10, 2, False, (Recipient.CHIEF_EXECUTIVE, Recipient.LEAD_MEMBER)),
        ("level_3", 20, 3, False, (Recipient.OVERSIGHT,)),
    ]


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (
            date(2023, 6, 15),
            # 10 before: 1 Jun; day after: Fri 16 Jun; 10 after: 29 Jun; 20 after: 13 Jul.
            [date(2023, 6, 1), date(2023, 6, 16), date(2023, 6, 29), date(2023, 7, 13)],
        ),
        (
            date(2023, 12, 22),
            # Over Christmas 2023 (25, 26 Dec) and New Year's Day 2024.
            [date(2023, 12, 8), date(2023, 12, 27), date(2024, 1, 10), date(2024, 1, 24)],
        ),
        (
            date(2024, 4, 12),
            # Reminder over Easter 2024 (Good Friday 29 Mar, Easter Monday 1 Apr).
            [date(2024, 3, 27), date(2024, 4, 15), date(2024, 4, 26), date(2024, 5, 13)],
        ),
    ],
)
def test_ladder_dates(due: date, expected: list[date]) -> None:
    assert [rung.on(due) for rung in ILACS.ladder] == expected


# --- looking a regime up ---------------------------------------------------------------------


def test_unknown_regime_names_it_and_lists_the_known_ones() -> None:
    with pytest.raises(UnknownRegimeError) as caught:
        get_regime("nope")
    assert isinstance(caught.value, DomainError)
    assert "'nope'" in str(caught.value)
    assert "ilacs" in str(caught.value)


def test_an_unknown_version_names_the_versions_there_are() -> None:
    with pytest.raises(UnknownRegimeVersionError) as caught:
        get_regime("ilacs", 99)
    latest = current_version("ilacs")
    assert caught.value.message == (
        f"regime 'ilacs' has no version 99; its versions are 1 to {latest}, the latest the one "
        "new interventions open with"
    )
    assert caught.value.field == "regime_version"


def test_opening_under_an_unknown_regime_is_refused() -> None:
    command = open_command(WORKED).model_copy(update={"regime": "nope"})
    with pytest.raises(UnknownRegimeError, match="'nope'"):
        decide_open(command, noon(date(2023, 3, 7)))


def test_ilacs_is_found_by_name() -> None:
    assert get_regime("ilacs", 1) is ILACS
    assert get_regime("ilacs").version >= 2


def test_a_diff_between_versions_reads_as_a_policy_officer_would_say_it() -> None:
    """Lengths of time in words, lists as lists, switches as on or off: not the models'
    reprs."""
    lines = differences(get_regime("ilacs", 2), get_regime("ilacs", 3))
    newest = differences(get_regime("ilacs", 9), get_regime("ilacs", 10))

    assert "rule reinspection: grace 6 months -> 15 months" in lines
    assert "rule monitoring_visit: grace 6 weeks -> 2 months" in lines
    assert (
        "rule dfe_decision: met_by improvement_notice_issued, direction_issued, "
        "commissioner_appointed -> improvement_notice_issued, direction_issued, "
        "commissioner_appointed, improvement_adviser_appointed"
    ) in lines
    owed = "rule statement_of_action: not_owed_for none -> annual_assessment, joint_area_review"
    assert owed in newest
    assert "numbered_occurrence_due_when_held: off -> on" in newest
    # A setting made of fields shows the fields that changed, its source left out.
    assert differences(get_regime("send", 10), get_regime("send", 11))[1:] == [
        "recorded_elsewhere.milestones: focused_visit_completed, jtai_completed, "
        "visit_letter_published -> focused_visit_completed, jtai_completed, "
        "visit_letter_published, action_planning_visit_completed",
        "recorded_elsewhere.instead: a children's services report belongs on an intervention "
        "of its own, under regime 'ilacs' -> a children's services report or visit belongs on "
        "an intervention of its own, under regime 'ilacs'",
    ]


def test_a_migration_does_not_go_back_to_an_earlier_version() -> None:
    state = opened(regime_version=17)
    with pytest.raises(DomainError) as refused:
        decide_migration(state, MigrateRegime(to_version=16, actor=MANAGER), noon(date(2023, 4, 3)))
    assert (refused.value.field, str(refused.value)) == (
        "to_version",
        "the intervention runs under ilacs@17; it moves only to a later version, not back to "
        "version 16",
    )


def test_a_migration_that_moves_only_an_alert_says_so() -> None:
    """Version 12 waits two months, not six weeks, before calling the DfE's review overdue: the
    review keeps its day and only its alert moves."""
    state = record(opened(regime_version=11), "improvement_notice_issued", date(2023, 4, 20))

    events = decide_migration(
        state, MigrateRegime(to_version=12, actor=MANAGER), noon(date(2023, 5, 2))
    )

    assert [describe(e) for e in events] == [
        "Moved to version 12 of the rules; 1 deadline counted again",
        "Date stands: progress review 1 still due 2023-10-20, its alert on 2023-12-21 "
        "(migrated from ilacs@11 to ilacs@12)",
    ]
    migrated = events[0]
    assert isinstance(migrated, RegimeMigrated)
    assert migrated.moved == [
        "DfE progress review 1: alert 2023-12-04 to 2023-12-21, due 2023-10-20 as before"
    ]


def test_each_version_says_in_its_own_words_what_it_changed() -> None:
    """`regime diff` shows, after the rules that differ, each later version's paragraph of its
    `changes`: its own, not the earlier versions' that its text carries on with."""
    own = in_its_own_words(get_regime("ilacs", 26))
    assert own.startswith("Version 26: a new intervention ends support and supervision.")
    assert own.endswith("version 25 numbered it 1.")
    assert "Version 25:" not in own
    # Version 13's text goes on with version 11's: only its own paragraph is its.
    assert "Version 11:" not in in_its_own_words(get_regime("ilacs", 13))
    # The first versions' changes say what they are, with no number to find.
    second = get_regime("ilacs", 2)
    assert in_its_own_words(second) == second.changes
