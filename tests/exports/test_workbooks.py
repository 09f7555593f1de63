"""Workbooks read back with openpyxl: real dates, a filter on the header row, the RAG colours;
and an improvement plan imported from a workbook, with every bad cell named."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from application.plan_import import file_changes, read_plan_file
from application.workbooks import (
    deadlines_workbook,
    parse_plan_xlsx,
    plan_workbook,
    portfolio_workbook,
)
from domain.plan import PlanChange, Rag, UpdateAction
from domain.plan_csv import PlanFileError, parse_plan_csv
from domain.state import InterventionState
from domain.views import DeadlineView
from tests.unit.builders import noon
from tests.unit.builders import portfolio_entry as entry
from tests.unit.plan_builders import PLAN_DAY, base_state, batch, planned

PLAN_CSV = Path("examples/improvement-plan.csv").read_text(encoding="utf-8")


def opened(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def test_the_portfolio_has_dates_a_filter_and_rag_colours() -> None:
    book = opened(
        portfolio_workbook(
            [
                entry("Northtown", date(2023, 6, 15), "red"),
                entry("Southtown", date(2023, 7, 3), "amber", receipt_unconfirmed=True),
                entry("Westtown", None, None, status="closed", receipt_unconfirmed=True),
            ]
        )
    )
    sheet = book["Portfolio"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Authority", "Intervention", "Track"]
    assert sheet.auto_filter.ref == "A1:M4"
    assert sheet.freeze_panes == "A2"
    due = sheet.cell(row=2, column=header.index("Due") + 1)
    assert due.value == datetime(2023, 6, 15)  # a date Excel sorts and filters as one
    assert due.number_format == "dd/mm/yyyy"
    rag = header.index("RAG") + 1
    colours = [sheet.cell(row=r, column=rag).fill.fgColor.rgb for r in (2, 3, 4)]
    assert colours == ["00FFC7CE", "00FFEB9C", "00000000"]
    assert sheet.cell(row=4, column=header.index("Due") + 1).value is None
    # Only an open intervention has a receipt still to confirm.
    receipt = header.index("Receipt") + 1
    assert [sheet.cell(row=r, column=receipt).value for r in (2, 3, 4)] == [
        None,
        "not confirmed",
        None,
    ]


def deadline(title: str, due: date, status: str, met_on: date | None = None) -> DeadlineView:
    return DeadlineView(
        milestone=title.lower().replace(" ", "_"),
        number=None,
        cycle=1,
        kind="statutory",
        owner="council",
        title=title,
        due=due,
        status=status,
        met_on=met_on,
    )


def test_deadlines_show_their_status_in_colour() -> None:
    deadlines = [
        deadline("Statement of Action", date(2023, 6, 15), "missed").model_copy(
            update={"assumed": True}
        ),
        deadline("Improvement board", date(2023, 7, 20), "met", date(2023, 7, 1)),
    ]
    sheet = opened(deadlines_workbook(deadlines))["Deadlines"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:7] == (
        "Statement of Action",
        None,
        1,
        "statutory",
        "council",
        datetime(2023, 6, 15),
        "missed",
    )
    assert rows[1][7] == datetime(2023, 7, 1)
    # Counted from an assumed receipt, as the tables' `*` says.
    assert (rows[0][8], rows[1][8]) == ("yes", None)
    assert sheet["G2"].fill.fgColor.rgb == "00FFC7CE"
    assert sheet["G3"].fill.fgColor.rgb == "00C6EFCE"
    assert sheet.auto_filter.ref == "A1:I3"


def test_an_exported_plan_imports_again_as_the_same_plan() -> None:
    changes = parse_plan_csv(PLAN_CSV)
    state = planned(base_state(), changes, PLAN_DAY)

    content = plan_workbook(state)

    assert opened(content)["Plan"]["I2"].number_format == "dd/mm/yyyy"
    assert parse_plan_xlsx(content)[0] == changes


# --- an exported plan, edited and imported again --------------------------------------------

LATER = date(2023, 7, 3)  # a Monday: the edited plan comes back three weeks after the first


def reimported(state: InterventionState, content: bytes, xlsx: bool = True) -> list[PlanChange]:
    """What importing the file into the plan in `state` on LATER would record."""
    changes, place = read_plan_file(content, xlsx, "plan.xlsx" if xlsx else "plan.csv")
    return file_changes(state, batch(changes, LATER), place, noon(LATER))


def edited(content: bytes, **cells: object) -> bytes:
    """The workbook with these cells of its Plan sheet (`F3="..."`) changed, as Excel saves it."""
    book = opened(content)
    for cell, value in cells.items():
        book["Plan"][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_plan_exported_and_imported_again_unedited_changes_nothing() -> None:
    state = planned(base_state(), parse_plan_csv(PLAN_CSV), PLAN_DAY)

    assert reimported(state, plan_workbook(state)) == []
    assert reimported(state, PLAN_CSV.encode(), xlsx=False) == []


def test_an_edited_cell_is_the_update_plan_update_makes() -> None:
    """Row 3 is A1.2 (Principal Social Worker, review 29 September 2023, amber): rated green,
    handed to another owner and moved to 31 October; row 5, A2.1, is left as it was."""
    state = planned(base_state(), parse_plan_csv(PLAN_CSV), PLAN_DAY)
    content = edited(
        plan_workbook(state), J3="green", F3="Head of Practice", I3=datetime(2023, 10, 31)
    )

    changes = reimported(state, content)

    assert changes == [
        UpdateAction(
            ref="A1.2",
            line=3,
            owner="Head of Practice",
            review_on=date(2023, 10, 31),
            rag=Rag.GREEN,
        )
    ]
    after = planned(state, changes, LATER)
    action = after.action("A1.2")
    assert action is not None
    assert (action.owner, action.review_on, action.rag) == (
        "Head of Practice",
        date(2023, 10, 31),
        Rag.GREEN,
    )


def test_rows_new_to_the_plan_are_added_beside_those_already_in_it() -> None:
    state = planned(base_state(), parse_plan_csv(PLAN_CSV), PLAN_DAY)
    grown = PLAN_CSV + (
        "P4,,,A4.3,Joint visits with health visitors,Head of MASH,Partnerships,3 months,"
        "2023-10-31,amber\n"
        "P5,Listen to children,R8,A5.1,Children's panel,Participation Lead,Voice,immediate,"
        "2023-09-15,\n"
    )

    changes = reimported(state, grown.encode(), xlsx=False)

    assert [(type(c).__name__, c.ref, c.line) for c in changes] == [
        ("AddAction", "A4.3", 11),
        ("AddPriority", "P5", 12),
        ("AddAction", "A5.1", 12),
    ]


# An action under a priority the plan does not have: row 11, after the nine the plan holds.
NEW_ROW_11 = {
    **{"A11": "P9", "D11": "A9.9", "E11": "New", "F11": "Head of MASH", "G11": "Voice"},
    **{"H11": "immediate", "I11": datetime(2023, 9, 29)},
}


@pytest.mark.parametrize(
    ("cells", "refused"),
    [
        (
            {"E3": "A handbook"},
            "sheet 'Plan', row 3, column E: action 'A1.2' is in the plan with title 'Introduce "
            "a practice standards handbook with supervision templates', not 'A handbook'",
        ),
        (
            {"G4": "People"},
            "sheet 'Plan', row 4, column G: action 'A1.3' is in the plan with theme "
            "'Practice', not 'People'",
        ),
        (
            {"B2": "Practice"},
            "sheet 'Plan', row 2, column B: priority 'P1' is in the plan with priority_title "
            "'Strengthen the quality of social work practice', not 'Practice'",
        ),
        (
            {"C5": "R4"},
            "sheet 'Plan', row 5, column C: priority 'P2' is in the plan with addresses "
            "'R4;AFI-7', not 'R4'",
        ),
        (
            {"I3": datetime(2023, 1, 2)},
            "sheet 'Plan', row 3, column I: review_on 2023-01-02 is before the inspection "
            "ended on 2023-01-20",
        ),
        (
            {"J2": "green", **NEW_ROW_11},
            "sheet 'Plan', row 11, column D: action 'A9.9' is under priority 'P9', which is "
            "not in the plan",
        ),
    ],
)
def test_a_row_that_cannot_be_applied_is_refused_naming_its_cell(
    cells: dict[str, object], refused: str
) -> None:
    """The error is raised before anything is sent, so nothing else in the file is recorded
    then: in the last case, not the rating of row 2 either."""
    state = planned(base_state(), parse_plan_csv(PLAN_CSV), PLAN_DAY)
    content = edited(plan_workbook(state), **cells)

    with pytest.raises(PlanFileError) as caught:
        reimported(state, content)

    assert caught.value.message.startswith(refused), caught.value.message
    assert caught.value.message.endswith("; nothing was imported")


def test_a_change_to_a_completed_action_is_refused_naming_its_line() -> None:
    state = planned(base_state(), parse_plan_csv(PLAN_CSV), PLAN_DAY)
    state = planned(state, [{"type": "complete_action", "ref": "A1.1"}], PLAN_DAY)
    redone = PLAN_CSV.replace(
        "Practice,immediate,2023-07-14,amber", "Practice,immediate,2023-07-14,red"
    )

    with pytest.raises(PlanFileError) as caught:
        reimported(state, redone.encode(), xlsx=False)

    assert caught.value.message == (
        "line 2: action 'A1.1' was completed on 2023-06-12; nothing was imported"
    )


def workbook_with(rows: list[list[object]], title: str = "Plan") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = [
    "priority",
    "priority_title",
    "addresses",
    "action",
    "title",
    "owner",
    "theme",
    "phase",
    "review_on",
    "rag",
]
GOOD = [
    "P1",
    "Practice",
    "R1",
    "A1.1",
    "Audit plans",
    "Head of Safeguarding",
    "Practice",
    "immediate",
    date(2023, 7, 14),
    "amber",
]


def test_a_bad_cell_is_named_by_sheet_row_and_column() -> None:
    bad_date = ["P1", "", "", "A1.2", "Handbook", "PSW", "Practice", "3 months", "2023-13-13", ""]
    with pytest.raises(PlanFileError) as error:
        parse_plan_xlsx(workbook_with([HEADER, GOOD, bad_date]))

    message = str(error.value)
    assert message.startswith("sheet 'Plan', row 3, column I: review_on '2023-13-13': ")
    assert message.endswith("nothing was imported")


def test_a_bad_rag_and_an_unknown_column_are_named_too() -> None:
    bad_rag = [*GOOD[:3], "A1.2", *GOOD[4:9], "purple"]
    with pytest.raises(PlanFileError, match=r"^sheet 'Actions', row 3, column J: rag 'purple'"):
        parse_plan_xlsx(workbook_with([HEADER, GOOD, bad_rag], title="Actions"))
    with pytest.raises(
        PlanFileError, match=r"^sheet 'Plan', row 1, column K: unknown column 'colour'"
    ):
        parse_plan_xlsx(workbook_with([[*HEADER, "colour"], GOOD]))


def test_a_file_that_is_not_a_workbook_is_refused_by_name() -> None:
    with pytest.raises(PlanFileError, match=r"^workbook: not a readable \.xlsx workbook"):
        parse_plan_xlsx(PLAN_CSV.encode())
