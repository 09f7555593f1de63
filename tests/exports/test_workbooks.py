"""Workbooks read back with openpyxl: real dates, a filter on the header row, the RAG colours;
and an improvement plan imported from a workbook, with every bad cell named."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from application.workbooks import (
    deadlines_workbook,
    parse_plan_xlsx,
    plan_workbook,
    portfolio_workbook,
)
from domain.plan_csv import PlanFileError, parse_plan_csv
from domain.views import DeadlineView
from tests.unit.builders import portfolio_entry as entry
from tests.unit.plan_builders import PLAN_DAY, base_state, planned

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
    assert parse_plan_xlsx(content) == changes


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
