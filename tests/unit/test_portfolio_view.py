"""`intervention list` at any width: an id is what a person copies into the next command, so
it is never folded across lines; a console too narrow for the table gets the same facts as a
list."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from cli.render import portfolio_view
from tests.unit.builders import portfolio_entry

ROWS = [
    portfolio_entry("Royal Borough of Windsor and Maidenhead", date(2023, 6, 15), "red"),
    portfolio_entry("Northtown", date(2023, 7, 3), "amber", receipt_unconfirmed=True),
]
TODAY = date(2023, 6, 20)


def shown(width: int) -> list[str]:
    console = Console(record=True, width=width)
    console.print(portfolio_view(console, ROWS, TODAY))
    return console.export_text().splitlines()


def test_a_wide_console_shows_the_table_each_intervention_on_two_lines() -> None:
    lines = shown(200)

    header = next(line for line in lines if "Authority and id" in line)
    assert "Track and stage" in header
    assert "Next deadline" in header
    windsor = next(i for i, line in enumerate(lines) if "Royal Borough of Windsor" in line)
    assert ROWS[0].intervention_id in lines[windsor + 1]
    assert "statement of action" in lines[windsor]
    assert "2023-06-15" in lines[windsor + 1]
    assert "level 1" in lines[windsor]


def test_a_narrow_console_lists_each_intervention_with_its_id_whole() -> None:
    lines = shown(80)

    assert not any("Authority and id" in line for line in lines)
    for row in ROWS:
        assert row.intervention_id in lines
        at = lines.index(row.intervention_id)
        assert lines[at - 1] == row.authority
        assert lines[at + 1] == "  Track and stage: notice, improvement"
    windsor = lines.index(ROWS[0].intervention_id)
    assert lines[windsor + 2 : windsor + 5] == [
        "  Next deadline: statement of action",
        "    2023-06-15, -3 working days",
        "  Overdue: 1  Escalation: level 1",
    ]
    northtown = lines.index(ROWS[1].intervention_id)
    assert lines[northtown + 2 : northtown + 6] == [
        "  Next deadline: statement of action",
        "    2023-07-03, 8 working days",
        "    receipt not confirmed",
        "  Overdue: 0  Escalation: none",
    ]
    assert all(len(line) <= 80 for line in lines)
