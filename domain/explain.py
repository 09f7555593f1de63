"""Why a deadline falls when it does, in words a person can check with a calendar and the
regulation in hand: the fact it counts from and who recorded it, the rule and its source, the
arithmetic (each weekend and each named bank holiday skipped, any national pause), the reminder
and escalation dates, what would meet it, and every time it moved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import BaseModel

from domain.calendar import add_months, bank_holiday_name, is_working_day
from domain.carry import carried
from domain.clock import alerts_counted_from
from domain.events import DeadlineRescheduled, DeadlineScheduled, Event
from domain.oversight import recipient_names
from domain.plain_words import counted
from domain.regime import DeadlineKind, MilestoneRule, Recipient, Regime, Span, condition_period
from domain.state import Deadline, InterventionState
from domain.timeline import describe


class Alert(BaseModel):
    what: str  # "reminder", "level 1", "overdue alert"
    on: date
    to: str
    # Whoever oversees for the DfE that day: `to` names who does now, and a commissioner or an
    # adviser appointed before then takes it instead.
    to_oversight: bool = False

    def line(self) -> str:
        to = self.to.replace("_", " ")
        if self.to_oversight:
            to += (
                " (who oversees for the DfE now; on the day, the commissioner, else the "
                "improvement adviser, else the DfE case lead)"
            )
        return f"  {self.what} on {_day(self.on)} to {to}"


class Explanation(BaseModel):
    milestone: str
    number: int | None
    cycle: int
    title: str
    kind: str
    owner: str
    due: date
    status: str
    assumed: bool
    counted_from: date | None
    basis: str | None
    # The fact that set it: what was recorded, when it took effect, who recorded it, when.
    set_by: str | None
    rule: str | None
    source: str | None
    regime: str
    arithmetic: list[str]
    alerts: list[Alert]
    met_by: list[str]
    moves: list[str]

    def lines(self) -> list[str]:
        """The explanation as text, one statement a line."""
        lines = [f"{self.title}{f' {self.number}' if self.number else ''}: due {_day(self.due)}"]
        lines.append(f"  kind: {self.kind}, owner: {self.owner}, status: {self.status}")
        if self.counted_from is not None:
            assumed = " (assumed: the real date was not given)" if self.assumed else ""
            lines.append(f"  counts from {_day(self.counted_from)}: {self.basis}{assumed}")
        if self.set_by:
            lines.append(f"  set by: {self.set_by}")
        if self.rule:
            lines.append(f"  rule ({self.regime}): {self.rule}")
        if self.source:
            lines.append(f"  source: {self.source}")
        lines += [f"  {step}" for step in self.arithmetic]
        lines += [a.line() for a in self.alerts]
        if self.met_by:
            lines.append(f"  met by recording: {', '.join(self.met_by)}")
        lines += [f"  moved: {move}" for move in self.moves]
        return lines


def explain(state: InterventionState, events: Sequence[Event], deadline: Deadline) -> Explanation:
    regime = state.rules
    rule = regime.rule(deadline.milestone) if deadline.kind is not DeadlineKind.PLAN else None
    return carried(
        deadline,
        Explanation,
        set_by=_set_by(events, deadline, state),
        rule=_rule(state, deadline, rule),
        source=rule.source if rule else None,
        regime=regime.key,
        arithmetic=arithmetic(regime, rule, deadline, _span(state, rule, deadline)),
        alerts=_alerts(state, rule, deadline),
        met_by=_met_by(deadline, rule),
        moves=[
            f"from {_day(e.previous_due)} to {_day(e.due)} on {_day(e.effective_on)}: {e.reason}"
            for e in events
            if isinstance(e, DeadlineRescheduled) and _about(e, deadline)
        ],
    )


# A deadline as the status table and the committee report show it: "progress review 4",
# "statement of action 2 (cycle 2)".
_AS_SHOWN = re.compile(
    r"(?P<name>[a-z][a-z _]*?)(?: (?P<number>\d+))?(?: \(cycle (?P<cycle>\d+)\))?"
)


def _as_written(name: str) -> str:
    """A deadline named as it is shown, written as `find` reads it: "progress review 4" is
    `progress_review:4`."""
    shown = _AS_SHOWN.fullmatch(" ".join(name.lower().split()))
    if shown is None or " " not in name.strip():
        return name
    written = shown["name"].replace(" ", "_")
    if shown["number"]:
        written += f":{shown['number']}"
    return written + (f"@{shown['cycle']}" if shown["cycle"] else "")


def find(state: InterventionState, name: str) -> Deadline | None:
    """A deadline by the name people use: `statement_of_action`, `monitoring_visit:3`,
    `statement_of_action:2@2` (occurrence 2 of cycle 2), or as the status shows it, "monitoring
    visit 3"; the open one, else the latest."""
    milestone, _, rest = _as_written(name).partition(":")
    number_text, _, cycle_text = rest.partition("@")
    if "@" in milestone:
        milestone, _, cycle_text = milestone.partition("@")
    if not all(text.isdigit() for text in (number_text, cycle_text) if text):
        return None
    candidates = [
        d
        for d in state.deadlines
        if d.milestone == milestone
        and (not number_text or (d.number or 1) == int(number_text))
        and (not cycle_text or d.cycle == int(cycle_text))
    ]
    open_ones = [d for d in candidates if d.is_open]
    if open_ones:
        return open_ones[0]
    return candidates[-1] if candidates else None


def explain_all(state: InterventionState, events: Sequence[Event]) -> list[Explanation]:
    """Every deadline's explanation, in due-date order."""
    ordered = sorted(state.deadlines, key=lambda d: (d.due, d.key))
    return [explain(state, events, deadline) for deadline in ordered]


def arithmetic(
    regime: Regime, rule: MilestoneRule | None, deadline: Deadline, span: Span | None
) -> list[str]:
    """The steps from the day counted from to the due date."""
    start = deadline.counted_from
    if deadline.named_not_counted and span not in (None, Span()):
        return [f"not counted by the rule: {deadline.basis}, {_day(deadline.due)}"]
    if start is None or span is None:
        if deadline.kind is DeadlineKind.PLAN:
            return [f"the review date the improvement plan sets: {_day(deadline.due)}"]
        if deadline.kind is DeadlineKind.CONDITION:
            return [f"the date the notice or direction sets: {_day(deadline.due)}"]
        return []
    steps = []
    if deadline.assumed and regime.receipt is not None:
        before = regime.receipt.working_days_before_publication
        steps.append(
            f"the day of receipt was not given: assumed {before} working days before "
            f"publication ({regime.receipt.source})"
        )
    day, begun = _begun(regime, rule, start)
    steps += begun
    if span.months:
        after = add_months(day, span.months)
        clamped = " (that month is shorter)" if after.day != day.day else ""
        steps.append(f"{span.months} months after {_day(day)} is {_day(after)}{clamped}")
        day = after
    if span.weeks:
        after = day + timedelta(weeks=span.weeks)
        steps.append(f"{span.weeks} weeks after {_day(day)} is {_day(after)}")
        day = after
    if span.working_days:
        steps += working_days(day, span.working_days)
        day = _add_working_days(day, span.working_days)
    if rule is not None and day != deadline.due:
        for pause, days in regime.pauses_run_into(rule, start, deadline.due):
            steps.append(
                f"{pause.title} ({_day(pause.from_)} to {_day(pause.until)}): the count ran "
                f"into it and stands still for it, {days} days"
            )
        steps.append(f"moved {(deadline.due - day).days} days in all, to {_day(deadline.due)}")
    return steps


def _begun(regime: Regime, rule: MilestoneRule | None, start: date) -> tuple[date, list[str]]:
    """The day the count begins, and, when a pause it started in held it, the step that says so."""
    begins = regime.count_begins(rule, start) if rule is not None else start
    if rule is None or begins == start:
        return start, []
    held = regime.pause_holding(rule, start)
    assert held is not None  # only a pause under way holds a count back
    return begins, [
        f"{held.title} ({_day(held.from_)} to {_day(held.until)}): the count starts in it, "
        f"so from {_day(begins)}"
    ]


def working_days(start: date, count: int) -> list[str]:
    """Counting `count` working days after `start` (day 0), naming what is skipped."""
    day, done, weekends, holidays = start, 0, 0, []
    while done < count:
        day += timedelta(days=1)
        if is_working_day(day):
            done += 1
        elif day.weekday() >= 5:
            weekends += 1
        else:
            holidays.append(f"{bank_holiday_name(day)} ({_day(day)})")
    skipped = counted(weekends, "weekend day")
    if holidays:
        skipped += f" and {counted(len(holidays), 'bank holiday')}: " + ", ".join(holidays)
    return [
        f"{count} working days after {_day(start)} (day 0) is {_day(day)}: "
        f"{(day - start).days} calendar days, skipping {skipped}"
    ]


def _add_working_days(start: date, count: int) -> date:
    day = start
    while count:
        day += timedelta(days=1)
        count -= is_working_day(day)
    return day


def _span(state: InterventionState, rule: MilestoneRule | None, deadline: Deadline) -> Span | None:
    if deadline.kind is DeadlineKind.CONDITION:
        period = condition_period(state.condition(deadline.milestone))
        return period if (deadline.number or 1) > 1 else None
    if rule is None:
        return None
    if rule.occurrences:
        return rule.occurrences[(deadline.number or 1) - 1]
    if rule.repeat_every is not None and (deadline.number or 1) > 1:
        return rule.repeat_every
    return rule.due


def _rule(state: InterventionState, deadline: Deadline, rule: MilestoneRule | None) -> str | None:
    if rule is not None:
        return rule.describe()
    if deadline.kind is DeadlineKind.CONDITION:
        period = condition_period(state.condition(deadline.milestone))
        if period is not None:
            return f"a condition of the instrument, every {period.describe()}"
        return "a condition of the instrument, by the date it sets"
    return None


def _alerts(
    state: InterventionState, rule: MilestoneRule | None, deadline: Deadline
) -> list[Alert]:
    """When the clock acts on it, and to whom: a rung raised, as it was; one to come, to
    oversight as it stands today."""
    regime = state.rules
    if not regime.escalates(deadline.kind, deadline.milestone):
        counted = alerts_counted_from(state, deadline)
        on = regime.alert_for(deadline.kind, deadline.milestone, counted or deadline.due)
        what = "overdue alert"
        for pause, days in regime.grace_moved_by(rule, deadline.due) if rule else ():
            what += f", its grace lengthened {days} days by {pause.title}"
        if counted is None:
            what += ", held while the commissioner's report is awaited (it counts from a late one)"
        elif counted != deadline.due:
            what += (
                ", held while the commissioner's report is awaited (it counts from a late one), "
                f"no longer than until {_day(counted)}, when the next would have been due"
            )
        return [Alert(what=what, on=on, to=", ".join(regime.overdue_to))]
    # A rung already raised went to whoever it went to that day, not to whoever oversees now
    # (Tameside: level 3 to the improvement adviser in September 2022, a commissioner from
    # March 2024).
    raised = {e.level: e for e in state.escalations if e.deadline_key == deadline.key}
    alerts = []
    for rung in regime.ladder:
        done = raised.get(rung.level) if rung.level is not None else None
        alerts.append(
            Alert(
                what=rung.name.replace("_", " "),
                on=done.raised_on if done else rung.on(deadline.due),
                to=done.to if done else ", ".join(recipient_names(state, deadline, rung.to)),
                to_oversight=done is None and Recipient.OVERSIGHT in rung.to,
            )
        )
    return alerts


def _met_by(deadline: Deadline, rule: MilestoneRule | None) -> list[str]:
    if deadline.kind is DeadlineKind.PLAN:
        return ["plan complete (the action done), or a new review date"]
    met = list(rule.met_by) if rule else []
    if rule is not None:
        decided = ", once the DfE has decided who runs the services"
        met += [f"{milestone}{decided}" for milestone in rule.met_once_decided_by]
    if deadline.kind is DeadlineKind.CONDITION:
        met.append(f"condition_met --set condition={deadline.milestone}")
    return met


def _set_by(events: Sequence[Event], deadline: Deadline, state: InterventionState) -> str | None:
    """The recorded fact behind the deadline: the last thing a person recorded before the
    engine set it (or the clock's own event, for an occurrence that follows a missed one)."""
    last_fact: Event | None = None
    for event in events:
        if isinstance(event, DeadlineScheduled) and _about(event, deadline):
            break
        if event.actor.role.value != "system" or event.type in CLOCK_CAUSES:
            last_fact = event
    if last_fact is None:
        return None
    who = last_fact.actor
    return (
        f"{describe(last_fact, state)}, effective {_day(last_fact.effective_on)}, recorded "
        f"{last_fact.recorded_at:%Y-%m-%d %H:%M} UTC by {who.name} ({who.role.label})"
    )


# The clock's events that set a deadline themselves: the next occurrence after a missed one.
CLOCK_CAUSES = ("MilestoneOverdue", "DeadlineMissed")


def _about(event: DeadlineScheduled | DeadlineRescheduled, deadline: Deadline) -> bool:
    return (event.milestone, event.number, event.cycle) == deadline.identity


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%B %Y}"
