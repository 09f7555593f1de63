"""A plan imported from CSV: one row per action; any bad row names its line and imports nothing.

Line 1 is the header, so the first action is on line 2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.errors import DomainError, PlanChangeError
from domain.intervention import apply_all
from domain.plan import AddAction, AddPriority, Rag
from domain.plan_csv import PlanFileError, parse_plan_csv
from domain.planning import decide_plan
from tests.unit.builders import noon, types
from tests.unit.plan_builders import PLAN_DAY, base_state, batch, plan_events

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "improvement-plan.csv"
HEADER = "priority,priority_title,addresses,action,title,owner,theme,phase,review_on,rag"
COLUMNS = (
    "columns: priority, action, title, owner, theme, phase, review_on, "
    "priority_title, addresses, rag"
)
NOTHING_IMPORTED = "; nothing was imported"

SMALL = f"""{HEADER}
P1,Practice,R1; R2 ;AFI-3,A1.1,Audit plans,Head of Safeguarding,Practice,immediate,2023-07-14,
P1,,,A1.2,Handbook,Principal Social Worker,Practice,3 months,2023-09-29,Green
P2,Performance,,A2.1,Dashboard,Head of Performance,Performance,immediate,2023-07-21,red
"""


def error_of(text: str) -> PlanFileError:
    with pytest.raises(PlanFileError) as caught:
        parse_plan_csv(text)
    error = caught.value
    assert isinstance(error, DomainError)
    assert error.message.startswith(f"line {error.line}: ")
    assert error.message.endswith(NOTHING_IMPORTED)
    return error


# --- the example plan ----------------------------------------------------------------------


def test_the_example_plan_has_four_priorities_and_nine_actions() -> None:
    changes = parse_plan_csv(EXAMPLE.read_text(encoding="utf-8"))

    priorities = [c for c in changes if isinstance(c, AddPriority)]
    actions = [c for c in changes if isinstance(c, AddAction)]
    assert [(p.ref, p.addresses, p.line) for p in priorities] == [
        ("P1", ["R1", "R2", "AFI-3"], 2),
        ("P2", ["R4", "AFI-7"], 5),
        ("P3", ["R5", "R6"], 7),
        ("P4", ["R7", "AFI-12"], 9),
    ]
    assert priorities[0].title == "Strengthen the quality of social work practice"
    assert [(a.ref, a.priority, a.line) for a in actions] == [
        ("A1.1", "P1", 2),
        ("A1.2", "P1", 3),
        ("A1.3", "P1", 4),
        ("A2.1", "P2", 5),
        ("A2.2", "P2", 6),
        ("A3.1", "P3", 7),
        ("A3.2", "P3", 8),
        ("A4.1", "P4", 9),
        ("A4.2", "P4", 10),
    ]
    # The first row of a priority adds it, just before its first action; later rows do not.
    assert [c.type for c in changes[:5]] == [
        "add_priority",
        "add_action",
        "add_action",
        "add_action",
        "add_priority",
    ]
    a31 = next(a for a in actions if a.ref == "A3.1")
    assert (a31.owner, a31.theme, a31.phase, a31.review_on, a31.rag) == (
        "Head of Workforce",
        "People",
        "6 months",
        date(2024, 1, 31),
        Rag.RED,
    )
    assert sorted({a.phase for a in actions}) == ["3 months", "6 months", "immediate"]
    assert sorted({a.theme for a in actions}) == [
        "Partnerships",
        "People",
        "Performance",
        "Practice",
    ]


def test_the_example_plan_decides_into_a_plan_with_a_deadline_per_action() -> None:
    changes = parse_plan_csv(EXAMPLE.read_text(encoding="utf-8"))
    events = decide_plan(
        base_state(), batch(changes, PLAN_DAY, source="improvement-plan.csv"), noon(PLAN_DAY)
    )
    assert types(events).count("PriorityAdded") == 4
    assert types(events).count("ActionAdded") == 9
    assert types(events).count("DeadlineScheduled") == 9
    state = apply_all(events, base_state())
    assert len(state.priorities) == 4
    assert len(state.actions) == 9


def test_addresses_split_on_semicolons_and_values_are_trimmed() -> None:
    changes = parse_plan_csv(SMALL)
    p1, a11, a12, p2, a21 = changes
    assert isinstance(p1, AddPriority)
    assert p1.addresses == ["R1", "R2", "AFI-3"]
    assert isinstance(p2, AddPriority)
    assert p2.addresses == []
    assert isinstance(a11, AddAction)
    assert a11.rag is Rag.AMBER  # an empty rag is the default
    assert isinstance(a12, AddAction)
    assert a12.rag is Rag.GREEN  # "Green" read case-insensitively
    assert isinstance(a21, AddAction)
    assert a21.rag is Rag.RED


def test_a_later_row_with_a_priority_title_does_not_add_the_priority_again() -> None:
    text = f"""{HEADER}
P1,Practice,R1,A1.1,Audit,Head of Safeguarding,Practice,immediate,2023-07-14,amber
P1,Practice again,R9,A1.2,Handbook,Principal Social Worker,Practice,3 months,2023-09-29,amber
"""
    changes = parse_plan_csv(text)
    assert [c.type for c in changes] == ["add_priority", "add_action", "add_action"]


def test_a_byte_order_mark_blank_lines_and_header_case_are_tolerated() -> None:
    header = " Priority ,PRIORITY_TITLE,Addresses,Action,Title,Owner,Theme,Phase,Review_On,RAG"
    text = (
        "\ufeff"
        + header
        + "\r\n\r\nP1,Practice,R1,A1.1,Audit,Head of Safeguarding,Practice,immediate,2023-07-14,"
        + "\r\n,,,,,,,,,\r\n\r\n"
        + "P1,,,A1.2,Handbook,Principal Social Worker,Practice,3 months,2023-09-29,amber\r\n\r\n"
    )
    changes = parse_plan_csv(text)
    assert [(c.type, c.ref, c.line) for c in changes] == [
        ("add_priority", "P1", 3),
        ("add_action", "A1.1", 3),
        ("add_action", "A1.2", 6),
    ]


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out() -> None:
    text = """review_on,owner,action,priority,title,theme,phase
2023-07-14,Head of Safeguarding,A1.1,P1,Audit,Practice,immediate
"""
    [only] = parse_plan_csv(text)  # no priority_title: the row adds only its action
    assert isinstance(only, AddAction)
    assert (only.ref, only.priority, only.review_on, only.rag) == (
        "A1.1",
        "P1",
        date(2023, 7, 14),
        Rag.AMBER,
    )


def test_a_quoted_title_may_hold_commas() -> None:
    text = f"""{HEADER}
P1,"Practice, and its quality",R1,A1.1,"Audit plans, all of them",Head of Safeguarding,Practice,immediate,2023-07-14,amber
"""  # noqa: E501
    p1, a11 = parse_plan_csv(text)
    assert isinstance(p1, AddPriority)
    assert p1.title == "Practice, and its quality"
    assert isinstance(a11, AddAction)
    assert a11.title == "Audit plans, all of them"


# --- bad files -----------------------------------------------------------------------------


def test_a_missing_required_column_is_reported_on_line_1_with_the_columns() -> None:
    error = error_of(SMALL.replace("review_on", "review_date", 1))
    assert error.line == 1
    assert error.message == f"line 1: the header lacks review_on; {COLUMNS}{NOTHING_IMPORTED}"


def test_several_missing_columns_are_all_named() -> None:
    error = error_of("priority,title,review_on\nP1,Audit,2023-07-14\n")
    assert error.line == 1
    assert "the header lacks action, owner, theme, phase;" in error.message


def test_an_unknown_column_is_reported_on_line_1() -> None:
    error = error_of(SMALL.replace(",rag", ",rag,colour", 1))
    assert error.line == 1
    assert error.message == f"line 1: unknown column 'colour'; {COLUMNS}{NOTHING_IMPORTED}"


def test_a_bad_date_names_its_line_and_the_value() -> None:
    error = error_of(SMALL.replace("2023-09-29", "2023-09-31"))
    assert error.line == 3
    assert error.message.startswith("line 3: review_on '2023-09-31': ")
    assert "day value is outside expected range" in error.message


def test_a_date_in_another_format_names_its_line_and_the_value() -> None:
    error = error_of(SMALL.replace("2023-07-21", "21/07/2023"))
    assert error.line == 4
    assert error.message.startswith("line 4: review_on '21/07/2023': ")


def test_a_bad_rag_names_its_line_and_the_value() -> None:
    error = error_of(SMALL.replace(",red", ",purple"))
    assert error.line == 4
    assert error.message == (
        "line 4: rag 'purple': Input should be 'red', 'amber' or 'green'" + NOTHING_IMPORTED
    )


def test_a_bad_action_ref_names_its_line_and_the_value() -> None:
    error = error_of(SMALL.replace("A1.2", "A 1.2"))
    assert error.line == 3
    assert error.message.startswith("line 3: action 'A 1.2': String should match pattern")


def test_a_bad_priority_ref_names_the_priority_column() -> None:
    error = error_of(SMALL.replace("P2,", "P 2,"))
    assert error.line == 4
    assert error.message.startswith("line 4: priority 'P 2': String should match pattern")


def test_a_blank_required_value_names_its_line_and_the_column() -> None:
    error = error_of(SMALL.replace("Head of Performance", ""))
    assert error.line == 4
    assert error.message.startswith("line 4: owner '': ")
    assert "is blank" in error.message


def test_every_bad_row_of_a_file_is_named_at_once() -> None:
    """A plan of a hundred actions with two slips is fixed in one go."""
    error = error_of(SMALL.replace("2023-09-29", "2023-09-31").replace(",red", ",purple"))
    assert error.line == 3
    lines = error.message.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("line 3: review_on '2023-09-31': ")
    assert lines[1] == (
        "line 4: rag 'purple': Input should be 'red', 'amber' or 'green'" + NOTHING_IMPORTED
    )


def test_a_file_of_many_bad_rows_names_the_first_twenty_and_counts_the_rest() -> None:
    rows = "".join(
        f"P1,{'Practice' if n == 1 else ''},,A1.{n},Audit,Head,Practice,now,2023-07-14,purple\n"
        for n in range(1, 26)
    )
    error = error_of(f"{HEADER}\n{rows}")
    lines = error.message.splitlines()
    assert len(lines) == 21
    assert lines[19].startswith("line 21: rag 'purple'")
    assert lines[20] == "and 5 more rows" + NOTHING_IMPORTED


def test_too_many_values_in_a_row_names_its_line() -> None:
    text = SMALL + "P2,,,A2.2,Clinics, monthly,Director,Performance,3 months,2023-10-13,amber\n"
    error = error_of(text)
    assert error.line == 5
    assert error.message == (
        "line 5: more values than columns; quote text with commas" + NOTHING_IMPORTED
    )


def test_a_later_bad_row_after_blank_lines_keeps_its_file_line_number() -> None:
    text = SMALL + "\n\nP2,,,A2.2,Clinics,Director,Performance,3 months,2023-10-32,amber\n"
    error = error_of(text)
    assert error.line == 7
    assert "review_on '2023-10-32'" in error.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("", "the header lacks priority, action, title", id="empty"),
        pytest.param("\ufeff\n\n", "the header lacks priority, action, title", id="blank-lines"),
        pytest.param(HEADER + "\n", "the file has no actions", id="header-only"),
        pytest.param(HEADER + "\n,,,,,,,,,\n\n", "the file has no actions", id="empty-rows"),
    ],
)
def test_a_file_without_actions_is_refused_on_line_1(text: str, reason: str) -> None:
    error = error_of(text)
    assert error.line == 1
    assert reason in error.message


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(
            'P2,,,A2.2,"Clin"ics",Director,Performance,3 months,2023-10-13,amber\n',
            id="stray-quote",
        ),
        pytest.param(
            'P2,,,A2.2,"Clinics,Director,Performance,3 months,2023-10-13,amber\n',
            id="unterminated-quote",
        ),
    ],
)
def test_malformed_csv_names_the_line_it_is_on(row: str) -> None:
    error = error_of(SMALL + row)  # the bad row is line 5
    assert error.message.startswith("line 5: not valid CSV ("), error.message


def test_malformed_csv_is_refused_and_imports_nothing() -> None:
    error = error_of(
        SMALL + 'P2,,,A2.2,"Clin"ics",Director,Performance,3 months,2023-10-13,amber\n'
    )
    assert "not valid CSV (',' expected after '\"')" in error.message


# --- caught when decided -------------------------------------------------------------------


def test_a_duplicate_action_is_caught_by_decide_plan_with_its_csv_line() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").rstrip("\n") + (
        "\nP2,,,A1.3,Duplicate of a practice action,Head of Performance,Performance,"
        "immediate,2023-08-31,amber\n"
    )
    changes = parse_plan_csv(text)  # each row is fine on its own

    with pytest.raises(PlanChangeError) as caught:
        plan_events(base_state(), changes, PLAN_DAY)
    assert caught.value.message == (
        "line 11: action 'A1.3' is already in the plan; nothing in this batch was recorded"
    )


def test_an_action_under_a_priority_without_a_title_is_caught_with_its_line() -> None:
    text = f"""{HEADER}
P1,Practice,R1,A1.1,Audit,Head of Safeguarding,Practice,immediate,2023-07-14,amber
P5,,,A5.1,Orphan,Head of Performance,Performance,immediate,2023-07-21,amber
"""
    with pytest.raises(PlanChangeError) as caught:
        plan_events(base_state(), parse_plan_csv(text), PLAN_DAY)
    assert caught.value.message.startswith(
        "line 3: action 'A5.1' is under priority 'P5', which is not in the plan; priorities: P1"
    )


def test_a_plan_imported_twice_is_refused_at_its_first_line() -> None:
    changes = parse_plan_csv(EXAMPLE.read_text(encoding="utf-8"))
    state = apply_all(plan_events(base_state(), changes, PLAN_DAY), base_state())
    with pytest.raises(PlanChangeError, match=r"^line 2: priority 'P1' is already in the plan"):
        plan_events(state, changes, date(2023, 6, 13))
