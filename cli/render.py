"""Rich output for people at a terminal; `--json` output bypasses all of this."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from rich.console import Console, Group
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from activities.models import Notification
from application.portfolio_entries import PortfolioEntry
from domain.calendar import london_date
from domain.explain import Explanation
from domain.plan_progress import PlanProgress
from domain.schedule import ScheduledDeadline
from domain.timeline import condition_in_words, deadline_label
from domain.values import Role
from domain.views import EventView, StatusView, working_days_left

STATUS_STYLE = {
    "pending": "yellow",
    "met": "green",
    "met_late": "dark_orange",
    "missed": "bold red",
    "withdrawn": "dim",
}
EVENT_STYLE = {
    "DeadlineMissed": "bold red",
    "EscalationRaised": "red",
    "EscalationWithdrawn": "green",
    "MilestoneOverdue": "dark_orange",
    "ReminderSent": "cyan",
    "DeadlineMet": "green",
    "DeadlineScheduled": "dim",
    "DeadlineWithdrawn": "dim",
}


def under(name: str | Text, *details: str) -> Text:
    """A cell of a narrow table: its name, and below it, dimmed, what a wide table gives
    columns of their own."""
    return Text.assemble(name, *((f"\n{line}", "dim") for line in details))


def deadlines_view(console: Console, status: StatusView, today: date | None = None) -> Table:
    """The deadlines, one column each for kind and owner where the console is wide enough;
    on a narrower one (80 columns, or output piped) they go under the milestone's name, so
    that no column is squeezed to nothing."""
    table = deadlines_table(status, today)
    return table if fits(console, table) else deadlines_table(status, today, narrow=True)


def deadlines_table(status: StatusView, today: date | None = None, narrow: bool = False) -> Table:
    table = Table(title="Deadlines", title_justify="left", expand=False)
    table.add_column("Milestone", no_wrap=not narrow)
    if not narrow:
        table.add_column("Kind")
        table.add_column("Owner")
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=not narrow)
    if today is not None:
        table.add_column("Days left", justify="right")
    for d in status.deadlines:
        shown = d.status.replace("_", " ") + (f" {d.met_on}" if d.met_on else "")
        name = deadline_label(d.milestone, d.number)
        cycle = f"cycle {d.cycle}" if d.cycle > 1 else ""
        row: list[str | Text] = (
            [under(name, ", ".join(filter(None, (d.kind, d.owner, cycle))))]
            if narrow
            else [name + (f" ({cycle})" if cycle else ""), d.kind, d.owner]
        )
        row += [
            d.due.isoformat() + (" *" if d.assumed else ""),
            Text(shown, style=STATUS_STYLE.get(d.status, "")),
        ]
        if today is not None:
            left = working_days_left(d.due, today) if d.status in ("pending", "missed") else None
            row.append("" if left is None else str(left))
        table.add_row(*row)
    return table


def escalations_table(status: StatusView) -> Table:
    table = Table(title="Escalations", title_justify="left")
    for column in ("Milestone", "Level", "To", "Raised on", "Withdrawn on"):
        table.add_column(column, no_wrap=column.endswith("on"))
    for e in status.escalations:
        table.add_row(
            deadline_label(e.milestone, e.number),
            str(e.level),
            # In words, so that a narrow console wraps a role rather than cutting it short.
            e.to.replace("_", " "),
            e.raised_on.isoformat(),
            Text(e.withdrawn_on.isoformat(), style="green") if e.withdrawn_on else "",
        )
    return table


def summary_panel(status: StatusView) -> Panel:
    lines = [
        f"[bold]{status.authority}[/]  ({status.intervention_id})",
        f"track: [bold]{status.track or 'not decided'}[/]   stage: [bold]{status.stage}[/]   "
        f"status: {status.status}   cycle: {status.cycle}",
    ]
    lines += standing_lines(status)
    if status.overdue:
        d = status.overdue[0]
        oldest = f"{deadline_label(d.milestone, d.number)} due {d.due}"
        lines.append(f"[red]overdue: {len(status.overdue)}, the oldest {oldest}[/]")
    if status.upcoming:
        d = status.upcoming
        flagged = f", flagged from {d.flagged_from} if not recorded" if d.flagged_from else ""
        lines.append(f"next deadline: {deadline_label(d.milestone, d.number)} due {d.due}{flagged}")
    if status.highest_escalation:
        lines.append(f"[red]highest open escalation: level {status.highest_escalation}[/]")
    if status.allowed_milestones:
        lines.append("may record now: " + ", ".join(status.allowed_milestones))
    return Panel("\n".join(lines), expand=False)


def standing_lines(status: StatusView) -> list[str]:
    """The instrument in force, who is appointed, Ofsted on site, services moving, receipts
    still assumed: one line each, when there is something to say."""
    lines = []
    instrument = next((i for i in reversed(status.instruments) if i.ended_on is None), None)
    if instrument is not None:
        revised = f", revised {', '.join(str(d) for d in instrument.revised_on)}"
        conditions = "; ".join(
            condition_in_words(c, status.deadlines) for c in instrument.conditions
        )
        lines.append(
            f"in force: {instrument.kind.value} of {instrument.issued_on}"
            + (revised if instrument.revised_on else "")
            + (f"; conditions: {conditions}" if conditions else "")
        )
    appointed = [a for a in status.appointments if a.ended_on is None]
    if appointed:
        lines.append(
            "appointed: "
            + "; ".join(
                f"{a.role.value.replace('_', ' ')} {a.name or 'not named'}"
                + (f" ({a.programme})" if a.programme else "")
                + f" from {a.from_on}"
                for a in appointed
            )
        )
    if status.reinspection:
        lines.append(f"re-inspection: {status.reinspection.replace('_', ' ')}")
    if status.delivery is not None:
        moving = status.delivery
        step = (
            f"live since {moving.live_on}"
            if moving.live_on
            else f"go-live {moving.go_live_on}"
            if moving.go_live_on
            else f"directed {moving.directed_on}"
        )
        # Once live the services have moved: they are run by the new provider.
        moved = (
            "services run by another provider"
            if moving.live_on
            else "services moving to another provider"
        )
        lines.append(f"{moved}: {step}")
    if status.support_ends_on:
        lines.append(
            f"support and supervision until {status.support_ends_on}; the intervention ends on "
            "the day the DfE's letter says so (intervention_closed)"
        )
    if status.receipt_unconfirmed:
        shown = ", ".join(str(n) for n in status.receipt_unconfirmed)
        lines.append(
            f"[dark_orange]receipt assumed for report {shown}[/]: deadlines marked * may move"
        )
    return lines


# Narrower than this, a column of its own for who recorded each event would leave what happened
# a few words a line: it goes under what happened instead.
TIMELINE_WIDTH = 110


def events_view(
    console: Console, events: Iterable[EventView], *, include_clock_setup: bool = True
) -> Table:
    narrow = console.width < TIMELINE_WIDTH
    table = Table(title="Timeline", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Effective", no_wrap=True)
    table.add_column("What happened")
    if not narrow:
        table.add_column("Recorded by")
    for event in events:
        if not include_clock_setup and event.type == "DeadlineScheduled":
            continue
        what = Text(event.summary, style=EVENT_STYLE.get(event.type, "bold"))
        by = f"{event.actor['name']} ({Role(event.actor['role']).label})"
        table.add_row(
            # The intervention's own count (1, 2, …), not the log's position among every
            # intervention's events.
            str(event.version),
            event.effective_on.isoformat(),
            *([under(what, f"recorded by {by}")] if narrow else [what, by]),
        )
    return table


# Narrower than this, a column each for kind, owner and rule would leave each a word a line:
# they go under the milestone's name instead, and the reminder and escalations one a line.
SCHEDULE_WIDTH = 120


def schedule_view(console: Console, title: str, deadlines: Sequence[ScheduledDeadline]) -> Table:
    narrow = console.width < SCHEDULE_WIDTH
    table = Table(title=title, title_justify="left")
    headings = (
        ("Milestone", "Due", "Reminder and escalation")
        if narrow
        else ("Milestone", "Kind", "Owner", "Due", "Rule", "Reminder and escalation")
    )
    for heading in headings:
        table.add_column(heading, no_wrap=heading == "Due")
    for d in deadlines:
        rungs = [f"{r.rung.replace('_', ' ')} {r.on}" for r in d.ladder]
        if d.flagged_from is not None:
            # Expected of others: not escalated, flagged if nothing is recorded by then.
            rungs.append(f"flagged {d.flagged_from}")
        name = deadline_label(d.milestone, d.number)
        due = d.due.isoformat() + (" *" if d.assumed else "")
        if narrow:
            table.add_row(under(name, f"{d.kind}, {d.owner}", d.rule), due, "\n".join(rungs))
        else:
            table.add_row(name, d.kind, d.owner, due, d.rule, ", ".join(rungs))
    return table


def show_explanations(console: Console, explanations: Iterable[Explanation]) -> None:
    for item in explanations:
        first, *rest = item.lines()
        console.print(Text(first, style="bold"))
        for line in rest:
            # Indented as a whole, so that a long source or sum wrapped on a narrow console
            # stays under the deadline it explains.
            indent = " " * (len(line) - len(line.lstrip(" ")))
            wrapped = textwrap.fill(
                line, console.width, subsequent_indent=indent, break_on_hyphens=False
            )
            console.print(Text(wrapped))
        console.print()


def plan_tables(plan: PlanProgress) -> Group:
    """Progress by theme and by phase, headlines first, then what is past its review date."""
    parts: list[Table | Text] = [
        Text(
            f"Improvement plan as of {plan.as_of}: {plan.priorities} priorities, "
            f"{plan.overall.headline()}",
            style="bold",
        )
    ]
    parts += [Text(f"  • {line}") for line in plan.headlines]
    for title, rows in (("Theme", plan.by_theme), ("Phase", plan.by_phase)):
        table = Table(title_justify="left")
        table.add_column(title)
        for column in ("Actions", "Completed", "Green", "Amber", "Red", "Progressed"):
            table.add_column(column, justify="right")
        for row in rows:
            table.add_row(
                row.group,
                str(row.total),
                str(row.completed),
                Text(str(row.green), style="green" if row.green else ""),
                Text(str(row.amber), style="dark_orange" if row.amber else ""),
                Text(str(row.red), style="bold red" if row.red else ""),
                f"{row.percent}%",
            )
        parts.append(table)
    if plan.overdue:
        overdue = Table(title="Actions past their review date", title_justify="left")
        for column in ("Action", "Owner", "Review date", "RAG"):
            overdue.add_column(column)
        for action in plan.overdue:
            overdue.add_row(
                f"{action.ref} {action.title}", action.owner, str(action.review_on), action.rag
            )
        parts.append(overdue)
    return Group(*parts)


def show_status(console: Console, status: StatusView, today: date | None = None) -> None:
    console.print(summary_panel(status))
    console.print(deadlines_view(console, status, today))
    if status.escalations:
        console.print(escalations_table(status))
    if status.plan is not None:
        console.print(plan_tables(status.plan))


def show_summary(console: Console, lines: Iterable[str]) -> None:
    """What a recorded change did, one line each; as Text, since the lines quote what people
    wrote (a note, a chair's name) and are not markup."""
    for line in lines:
        console.print(Text(f"  • {line}"))


def show_simulation(
    console: Console, status: StatusView, notifications: list[Notification], as_of: date
) -> None:
    """The simulated record as it stands on `as_of`, the scenario's last day: past today, what
    the clock did after today is what it would do if nothing more were recorded."""
    console.print(events_view(console, status.events, include_clock_setup=False))
    console.print(deadlines_view(console, status))
    if status.escalations:
        console.print(escalations_table(status))
    if status.plan is not None:
        console.print(plan_tables(status.plan))
    console.print(
        Group(
            summary_panel(status),
            Text(
                f"{len(status.events)} events recorded, {len(notifications)} notifications "
                f"sent{_unaddressed(notifications)}; as it stands on {as_of}{_projected(as_of)}"
            ),
        )
    )


def _unaddressed(notifications: list[Notification]) -> str:
    """The notifications that reach nobody, for want of a contact for their role."""
    unaddressed = [n.to for n in notifications if not n.contacts]
    if not unaddressed:
        return ""
    roles = ", ".join(sorted(set(unaddressed)))
    return f" ({len(unaddressed)} to roles with no contact given: {roles})"


def _projected(as_of: date) -> str:
    today = london_date(datetime.now(UTC))
    if as_of <= today:
        return ""
    return f", after today ({today}): what the clock does after today is projected"


RAG_STYLES = {"red": "bold red", "amber": "dark_orange", "green": "green", None: ""}


# Wide enough to measure what a table needs, not what a console of its width would allow it.
UNBOUNDED = 10_000


def portfolio_view(console: Console, rows: list[PortfolioEntry], today: date) -> Table | Group:
    """The portfolio as a table where it fits without folding a cell, so that an id can be
    copied from it whole; on a narrower console (80 columns, or output piped), each
    intervention as a few lines under the same headings."""
    table = portfolio_table(rows, today)
    return table if fits(console, table) else portfolio_list(rows, today)


def fits(console: Console, table: Table) -> bool:
    """Whether `table` fits the console with no cell folded or cut short."""
    unbounded = console.options.update_width(UNBOUNDED)
    return Measurement.get(console, unbounded, table).maximum <= console.width


def portfolio_table(rows: list[PortfolioEntry], today: date) -> Table:
    table = Table(title=f"Interventions on {today.isoformat()}", title_justify="left")
    table.add_column("Authority and id")
    table.add_column("Track and stage")
    table.add_column("Next deadline")
    table.add_column("Overdue", justify="right", no_wrap=True)
    table.add_column("Escalation", justify="right")
    for row in rows:
        table.add_row(
            Text.assemble((row.authority, "bold"), "\n", (row.intervention_id, "dim")),
            _track_and_stage(row, "\n"),
            _next_deadline(row, "\n"),
            _overdue(row),
            _escalation(row),
        )
    return table


def portfolio_list(rows: list[PortfolioEntry], today: date) -> Group:
    lines = [Text(f"Interventions on {today.isoformat()}", style="italic")]
    for row in rows:
        lines += [
            Text(""),
            Text(row.authority, style="bold"),
            Text(row.intervention_id),
            Text.assemble("  Track and stage: ", _track_and_stage(row, ", ")),
            Text.assemble("  Next deadline: ", _next_deadline(row, "\n    ")),
            Text.assemble(
                "  Overdue: ", _overdue(row), "  Escalation: ", _escalation(row) or "none"
            ),
        ]
    return Group(*lines)


def _track_and_stage(row: PortfolioEntry, between: str) -> str:
    stage = (row.stage if row.status == "open" else "closed").replace("_", " ")
    return f"{row.track or 'no decision yet'}{between}{stage}"


def _next_deadline(row: PortfolioEntry, between: str) -> Text:
    deadline = (
        Text.assemble(
            deadline_label(row.next_milestone, row.next_number),
            between,
            (f"{row.next_due}, {row.working_days_left} working days", RAG_STYLES[row.rag]),
        )
        if row.next_milestone and row.next_due
        else Text("-")
    )
    if row.receipt_unconfirmed and row.status == "open":
        deadline.append(f"{between}receipt not confirmed", style="yellow")
    return deadline


def _overdue(row: PortfolioEntry) -> Text:
    return Text(str(row.overdue), style="bold red" if row.overdue else "")


def _escalation(row: PortfolioEntry) -> Text:
    return Text(f"level {row.highest_escalation}" if row.highest_escalation else "", style="red")
