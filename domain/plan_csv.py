"""An improvement plan as a spreadsheet: one row per action, its priority named on the row.

    priority,priority_title,addresses,action,title,owner,theme,phase,review_on,rag
    P1,Strengthen social work practice,R1;R3,A1.1,Audit all child protection plans,...

The first row of a priority that carries a `priority_title` adds the priority (with the Ofsted
recommendations it `addresses`, separated by semicolons); later rows only add actions to it.
Every problem is reported with its line, and a file with any problem imports nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from pydantic import ValidationError

from domain.errors import DomainError
from domain.plain_words import at_most_shown
from domain.plan import PLAN_CHANGE, PlanChange

REQUIRED = ("priority", "action", "title", "owner", "theme", "phase", "review_on")
OPTIONAL = ("priority_title", "addresses", "rag")
MAX_ROWS = 500


# Where a problem is, as the file's reader names it: "line 6" in a CSV file; in a workbook the
# sheet, the row and, when the problem is one cell's, its column.
Place = Callable[[int, str | None], str]


def csv_place(line: int, column: str | None) -> str:
    return f"line {line}"


class PlanFileError(DomainError):
    """A plan file that cannot be imported: where (its first bad row) and why; `also`, the
    file's other bad rows, each said on a line of its own."""

    def __init__(
        self,
        line: int,
        reason: str,
        where: str | None = None,
        also: Sequence[PlanFileError] = (),
    ) -> None:
        self.line = line
        self.reason = reason
        self.where = where or f"line {line}"
        found = [f"{self.where}: {reason}", *(f"{o.where}: {o.reason}" for o in also)]
        shown = at_most_shown(found, lambda more: f"and {more} more rows")
        super().__init__("\n".join(shown) + "; nothing was imported")


def check_header(header: list[str], place: Place = csv_place) -> None:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise PlanFileError(
            1,
            f"the header lacks {', '.join(missing)}; columns: {', '.join(REQUIRED + OPTIONAL)}",
            place(1, None),
        )
    unknown = [name for name in header if name and name not in REQUIRED + OPTIONAL]
    if unknown:
        raise PlanFileError(
            1,
            f"unknown column {unknown[0]!r}; columns: {', '.join(REQUIRED + OPTIONAL)}",
            place(1, unknown[0]),
        )


def plan_changes(
    rows: Iterable[tuple[int, dict[str, str]]], place: Place = csv_place
) -> list[PlanChange]:
    """The changes a plan file's rows make, each row given with its line (or row) number and
    its values by column; a file with any bad row raises, naming every bad row, so nothing
    is imported."""
    changes: list[PlanChange] = []
    bad: list[PlanFileError] = []
    seen_priorities: set[str] = set()
    actions = 0
    for line, row in rows:
        values = {k: v.strip() for k, v in row.items()}
        if not any(values.values()):
            continue
        actions += 1
        if actions > MAX_ROWS:
            raise PlanFileError(
                line, f"more than {MAX_ROWS} actions; split the file", place(line, None)
            )
        try:
            changes.extend(_row_changes(values, line, seen_priorities, place))
        except PlanFileError as error:
            bad.append(error)
    if bad:
        first = bad[0]
        raise PlanFileError(first.line, first.reason, first.where, also=bad[1:])
    if not changes:
        raise PlanFileError(1, "the file has no actions", place(1, None))
    return changes


def parse_plan_csv(text: str) -> list[PlanChange]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), strict=True)
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as error:
        raise PlanFileError(1, f"not a readable CSV header ({error})") from None
    check_header(header)
    reader.fieldnames = header

    def rows() -> Iterable[tuple[int, dict[str, str]]]:
        for row in reader:
            if None in row:
                raise PlanFileError(
                    reader.line_num, "more values than columns; quote text with commas"
                )
            yield reader.line_num, {k: v or "" for k, v in row.items()}

    try:
        return plan_changes(rows())
    except csv.Error as error:
        # The underlying reader counts lines as it reads; DictReader only after a whole row.
        raise PlanFileError(reader.reader.line_num, f"not valid CSV ({error})") from None


def _row_changes(
    values: dict[str, str], line: int, seen: set[str], place: Place
) -> list[PlanChange]:
    changes: list[PlanChange] = []
    priority = values["priority"]
    if priority not in seen and values.get("priority_title"):
        changes.append(
            _validated(
                {
                    "type": "add_priority",
                    "line": line,
                    "ref": priority,
                    "title": values["priority_title"],
                    "addresses": [
                        part.strip()
                        for part in values.get("addresses", "").split(";")
                        if part.strip()
                    ],
                },
                line,
                {"ref": "priority", "title": "priority_title"},
                place,
            )
        )
    seen.add(priority)
    action = {
        "type": "add_action",
        "line": line,
        "ref": values["action"],
        "priority": priority,
        **{name: values[name] for name in ("title", "owner", "theme", "phase", "review_on")},
    }
    if values.get("rag"):
        action["rag"] = values["rag"].lower()
    changes.append(_validated(action, line, {"ref": "action"}, place))
    return changes


def _validated(
    data: dict[str, object], line: int, columns: dict[str, str], place: Place
) -> PlanChange:
    try:
        change = PLAN_CHANGE.validate_python(data)
    except ValidationError as error:
        problem = error.errors()[0]
        # The location starts with the change's type, then names the field.
        fields = [part for part in problem["loc"][1:] if isinstance(part, str)]
        field = fields[0] if fields else "row"
        column = columns.get(field, field)
        given = data.get(field, "")
        raise PlanFileError(
            line, f"{column} {given!r}: {problem['msg']}", place(line, column)
        ) from None
    return change
