"""`intervention status`, `events` and `simulate` at any width: on a console too narrow for a
column each, a deadline's kind and owner go under its name instead of being squeezed to nothing,
who recorded an event goes under what happened, and an escalation's recipient wraps rather than
being cut short."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from cli.render import events_view, show_status
from domain.views import EventView, status_view
from tests.unit.builders import notice_state, run_clock, utc

MANAGER = {"name": "Morgan Manager", "role": "manager"}
ENGINE = {"name": "intervention engine", "role": "system"}

# The worked example's statement of action, due Thursday 15 June 2023, never recorded: missed,
# then escalated rung by rung up to level 3 on 13 July.
STATUS = status_view(run_clock(notice_state(), utc(2023, 7, 14, 6)))
TODAY = date(2023, 7, 14)


def shown(width: int) -> list[str]:
    console = Console(record=True, width=width)
    show_status(console, STATUS, TODAY)
    return console.export_text().splitlines()


def test_a_wide_console_gives_kind_and_owner_a_column_each() -> None:
    lines = shown(200)

    header = next(line for line in lines if "Milestone" in line and "Due" in line)
    assert all(heading in header for heading in ("Kind", "Owner", "Days left"))
    row = next(line for line in lines if line.startswith("│ statement of action"))
    assert [cell.strip() for cell in row.split("│")][1:4] == [
        "statement of action",
        "statutory",
        "council",
    ]


def test_a_narrow_console_puts_kind_and_owner_under_the_name_and_cuts_nothing_short() -> None:
    lines = shown(80)

    header = next(line for line in lines if "Milestone" in line and "Due" in line)
    assert "Kind" not in header
    assert "Owner" not in header
    at = next(i for i, line in enumerate(lines) if line.startswith("│ statement of action"))
    assert "2023-06-15" in lines[at]
    assert "statutory, council" in lines[at + 1]
    assert all(len(line) <= 80 for line in lines)
    assert not any("…" in line for line in lines)
    assert any("chief executive" in line for line in lines)


def test_a_narrow_timeline_says_who_recorded_each_event_under_what_happened() -> None:
    """On 80 columns a column for who recorded it would leave what happened a few words a
    line; on 160 it has its column."""
    events = [
        EventView(
            position=version,
            version=version,
            type=kind,
            effective_on=date(2023, 4, 20),
            recorded_at=utc(2023, 4, 20, 10),
            actor=actor,
            summary=summary,
            data={},
        )
        for version, kind, summary, actor in (
            (1, "ImprovementNoticeIssued", "Improvement notice issued", MANAGER),
            (2, "DeadlineScheduled", "Deadline set: improvement board due 2023-07-20", ENGINE),
        )
    ]
    narrow, wide = (Console(record=True, width=width) for width in (80, 160))
    for console in (narrow, wide):
        console.print(events_view(console, events))
    lines = narrow.export_text().splitlines()

    assert not any("Recorded by" in line for line in lines)
    at = next(i for i, line in enumerate(lines) if "Improvement notice issued" in line)
    assert "recorded by Morgan Manager (manager)" in lines[at + 1]
    assert all(len(line) <= 80 for line in lines)
    assert "Recorded by" in wide.export_text()
    assert "recorded by" not in wide.export_text()
