"""Workbooks (.xlsx) for Excel: the portfolio, an intervention's deadlines and its improvement
plan, with dates as real dates, a filter on the header row, frozen headings and the RAG colours;
and an improvement plan read from a workbook, through the same row checks as the CSV import.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from application.portfolio_entries import PortfolioEntry
from domain.plan import PlanChange
from domain.plan_csv import Place, PlanFileError, check_header, plan_changes
from domain.state import InterventionState
from domain.views import DeadlineView

DATE_FORMAT = "dd/mm/yyyy"
# Fills as Excel's own "good, neutral, bad" styles draw them, readable in print and on screen.
RAG_FILLS = {
    "red": PatternFill("solid", fgColor="FFC7CE"),
    "amber": PatternFill("solid", fgColor="FFEB9C"),
    "green": PatternFill("solid", fgColor="C6EFCE"),
}
STATUS_RAG = {"missed": "red", "met_late": "amber", "met": "green"}
HEADING = Font(bold=True)
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], object]
    # The cell's RAG colour, from the row, when the column shows one.
    rag: Callable[[Any], str | None] | None = None


def _sheet(book: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Any]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([column.heading for column in columns])
    for cell in sheet[1]:
        cell.font = HEADING
    widths = [len(column.heading) for column in columns]
    for row in rows:
        sheet.append([column.value(row) for column in columns])
        for index, (column, cell) in enumerate(zip(columns, sheet[sheet.max_row], strict=True)):
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            if column.rag is not None and (colour := column.rag(row)) in RAG_FILLS:
                cell.fill = RAG_FILLS[colour]
            widths[index] = max(widths[index], len(str(cell.value or "")) + 1)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 11), MAX_WIDTH)
    sheet.auto_filter.ref = sheet.dimensions
    sheet.freeze_panes = "A2"


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _new_book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def _words(value: object) -> str:
    return str(value).replace("_", " ") if value is not None else ""


PORTFOLIO_COLUMNS = (
    Column("Authority", lambda e: e.authority),
    Column("Intervention", lambda e: e.intervention_id),
    Column("Track", lambda e: _words(e.track)),
    Column("Stage", lambda e: _words(e.stage)),
    Column("Status", lambda e: e.status),
    Column("Published", lambda e: e.published_on),
    Column("Next deadline", lambda e: e.next_title or ""),
    Column("Due", lambda e: e.next_due),
    Column("Working days left", lambda e: e.working_days_left),
    Column("RAG", lambda e: e.rag or "", rag=lambda e: e.rag),
    Column("Overdue deadlines", lambda e: e.overdue),
    Column("Highest escalation", lambda e: e.highest_escalation or None),
    # Deadlines counted from an assumed day of receipt may still move: someone should ask.
    Column(
        "Receipt",
        lambda e: "not confirmed" if e.receipt_unconfirmed and e.status == "open" else "",
    ),
)


def portfolio_workbook(entries: list[PortfolioEntry]) -> bytes:
    book = _new_book()
    _sheet(book, "Portfolio", PORTFOLIO_COLUMNS, entries)
    return _saved(book)


DEADLINE_COLUMNS = (
    Column("Deadline", lambda d: d.title),
    Column("Number", lambda d: d.number),
    Column("Cycle", lambda d: d.cycle),
    Column("Kind", lambda d: d.kind),
    Column("Owner", lambda d: _words(d.owner)),
    Column("Due", lambda d: d.due),
    Column("Status", lambda d: _words(d.status), rag=lambda d: STATUS_RAG.get(d.status)),
    Column("Met on", lambda d: d.met_on),
    # As the `*` in the tables: the due date counts from a receipt nobody gave, and may move.
    Column("Receipt assumed", lambda d: "yes" if d.assumed else ""),
)


def deadlines_workbook(deadlines: list[DeadlineView]) -> bytes:
    book = _new_book()
    _sheet(book, "Deadlines", DEADLINE_COLUMNS, deadlines)
    return _saved(book)


# The plan's columns are the import's, in its order, so an exported plan imports again.
PLAN_COLUMNS = (
    Column("priority", lambda a: a[1].priority),
    Column("priority_title", lambda a: a[0].get(a[1].priority, "")),
    Column("addresses", lambda a: a[2].get(a[1].priority, "")),
    Column("action", lambda a: a[1].ref),
    Column("title", lambda a: a[1].title),
    Column("owner", lambda a: a[1].owner),
    Column("theme", lambda a: a[1].theme),
    Column("phase", lambda a: a[1].phase),
    Column("review_on", lambda a: a[1].review_on),
    Column("rag", lambda a: str(a[1].rag), rag=lambda a: str(a[1].rag)),
    Column("completed_on", lambda a: a[1].completed_on),
)


def plan_workbook(state: InterventionState) -> bytes:
    titles = {p.ref: p.title for p in state.priorities}
    addresses = {p.ref: ";".join(p.addresses) for p in state.priorities}
    # Each priority's title and findings on its first action only, as the import reads them.
    rows = []
    for action in state.actions:
        rows.append((titles, action, addresses))
        titles = {**titles, action.priority: ""}
        addresses = {**addresses, action.priority: ""}
    book = _new_book()
    _sheet(book, "Plan", PLAN_COLUMNS, rows)
    return _saved(book)


# --- reading a plan from a workbook ----------------------------------------------------------

PLAN_SHEET = "Plan"
# Exported plans carry it; the import takes only the plan's own columns.
EXPORT_ONLY = ("completed_on",)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_plan_xlsx(data: bytes) -> tuple[list[PlanChange], Place]:
    """The plan on the sheet named "Plan", else the first sheet: row 1 names the columns (as
    the CSV import does), each further row is an action. A problem names the sheet, the row
    and the column; so does the place given back, for a row the plan then refuses."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
        raise PlanFileError(
            1, f"not a readable .xlsx workbook ({error or type(error).__name__})", "workbook"
        ) from None
    sheet = book[PLAN_SHEET] if PLAN_SHEET in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_cells = next(rows, ())
    header = [_text(value).strip().lower() for value in header_cells]
    letters = {name: get_column_letter(index) for index, name in enumerate(header, start=1)}

    def place(row: int, column: str | None) -> str:
        where = f"sheet {sheet.title!r}, row {row}"
        if column in letters:
            return f"{where}, column {letters[column]}"
        return where

    kept = [name for name in header if name not in EXPORT_ONLY]
    check_header(kept, place)

    def values() -> Iterable[tuple[int, dict[str, str]]]:
        for number, cells in enumerate(rows, start=2):
            row = dict(zip(header, cells, strict=False))
            yield number, {name: _text(row.get(name)) for name in kept if name}

    try:
        return plan_changes(values(), place), place
    finally:
        book.close()
