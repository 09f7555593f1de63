"""In words: one readable line per event, for timelines, logs and notifications, and the
names of deadlines and conditions as people read them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from domain.events import (
    DEADLINE_EVENTS,
    AppointmentEnded,
    CommissionerRecommendation,
    CommissionerReportSubmitted,
    ConditionMet,
    ContactsChanged,
    DeadlineEvent,
    DeadlineMet,
    DeadlineMissed,
    DeadlineRescheduled,
    DeadlineScheduled,
    DeadlineWithdrawn,
    EscalationRaised,
    EscalationWithdrawn,
    Event,
    FocusedVisitCompleted,
    ImprovementAdviserAppointed,
    InterventionOpened,
    JtaiCompleted,
    MilestoneOverdue,
    MonitoringLetterPublished,
    MonitoringVisitCompleted,
    NewCycleStarted,
    PartnerAppointed,
    RegimeMigrated,
    ReinspectionCompleted,
    ReinspectionFieldworkCompleted,
    ReinspectionStarted,
    ReminderSent,
    ReportReceived,
    StatementOfActionSubmitted,
    SupportAndSupervisionStarted,
    TransferDirected,
    VisitLetterPublished,
)
from domain.milestones import MILESTONE_OF_EVENT
from domain.plain_words import counted, role_words
from domain.plan import ACTION_DEADLINE_PREFIX
from domain.regime import Regime, condition_period
from domain.reports import INSPECTED_IN_FULL
from domain.state import Deadline, InterventionState
from domain.values import Condition, ReportKind

ADVICE = {
    CommissionerRecommendation.RETAIN: "the council keep its services",
    CommissionerRecommendation.ALTERNATIVE_DELIVERY: "another provider run the services",
    CommissionerRecommendation.END_INTERVENTION: "the intervention end",
}


def deadline_label(milestone: str, number: int | None) -> str:
    """How a deadline is named to people: "monitoring visit 2", "action A1.2 (review 2)"."""
    if milestone.startswith(ACTION_DEADLINE_PREFIX):
        ref = milestone.removeprefix(ACTION_DEADLINE_PREFIX)
        return f"action {ref}" + (f" (review {number})" if number and number > 1 else "")
    name = SPOKEN.get(milestone, milestone.replace("_", " "))
    return name if number is None else f"{name} {number}"


# A deadline's name where its milestone's would say the wrong thing: a notice is lifted, a
# direction revoked (Hull: "Overdue: revocation expected" of the notice of August 2022).
SPOKEN = {"revocation": "lifting or revocation"}


# The event of a council's answer to a report, which each regime names in its own words.
ANSWER = "StatementOfActionSubmitted"


class _Shown(Protocol):
    """A deadline as the record holds it or as it is shown (`Deadline`, `DeadlineView`)."""

    @property
    def milestone(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def due(self) -> date: ...
    @property
    def met_on(self) -> date | None: ...


def answer_title(rules: Regime, deadlines: Iterable[_Shown], on: date | None = None) -> str | None:
    """What `rules` call a council's answer to a report: its Statement of Action, or after an
    area SEND inspection its priority action plan, or before 2023 its written statement of
    action: the one the record's `deadlines` ask for; given the day of an answer, the one it
    met that day (Wirral: the written statement of action of March 2022, not the priority
    action plan of the report of 2025)."""
    answers = rules.rules_met_by(MILESTONE_OF_EVENT[ANSWER])
    names = {rule.name for rule in answers}
    asked = [d for d in deadlines if d.milestone in names]
    met = [d.title for d in asked if on is not None and d.met_on == on]
    if met:
        return met[-1]
    return asked[-1].title if asked else answers[0].title if answers else None


def condition_in_words(condition: Condition, deadlines: Iterable[_Shown]) -> str:
    """A condition as a committee paper says it: what, when, and for one asked once, the day it
    was met. An instrument keeps its conditions while it is in force, a report delivered late
    among them, and "due 12 December 2022" alone would read as still owed years on (Herefordshire:
    the commissioner's report the direction of September 2022 asked for, published 1 March 2023)."""
    words = condition.title
    if (period := condition_period(condition)) is not None:
        return f"{words}, every {period.describe()}"
    if condition.due is not None:
        words += f", due {condition.due:%-d %B %Y}"
    # The deadline of that day: a condition named as one of the regime's rules stands for its
    # first occurrence, and the rule's later ones are not the condition's.
    asked = [d for d in deadlines if d.milestone == condition.name]
    met = next((d.met_on for d in asked if d.due == condition.due), None)
    return words + (f", met {met:%-d %B %Y}" if met else "")


def visit_title(state: InterventionState, on: date) -> str | None:
    """What a visit of `on` was, named by the deadline it met when that is not Ofsted's
    monitoring visits: an area SEND revisit or monitoring inspection, recorded as a monitoring
    visit (Surrey: the revisit of March 2019, under the framework that had no monitoring
    visits)."""
    met = [d for d in _visits_of_their_own(state) if d.met_on == on]
    return met[-1].title if met else None


def letter_title(state: InterventionState, letter: MonitoringLetterPublished) -> str | None:
    """What the visit a letter is about was, named as `visit_title` names it (Thurrock: the
    revisit of 13 to 15 December 2021, its letter of 10 February 2022)."""
    met = [
        d
        for d in _visits_of_their_own(state)
        if (d.number or 1) == letter.visit and d.met_on is not None
        if d.met_on <= letter.effective_on
    ]
    return met[-1].title if met else None


def _visits_of_their_own(state: InterventionState) -> list[Deadline]:
    """The deadlines a monitoring visit recorded meets that are not Ofsted's monitoring visits."""
    kinds = {rule.name for rule in state.rules.rules_met_by("monitoring_visit_completed")}
    return [
        d for d in state.deadlines if d.milestone in kinds and d.milestone != "monitoring_visit"
    ]


def _inspection_word(state: InterventionState | None, day: date) -> str:
    """Ofsted's full inspection on site on `day`, as its report is named: the first of a record
    opened on a letter is an inspection, not a re-inspection (Tameside: the focused visit of
    April 2022, the inspection of December 2023); with no report yet, as the rules will name
    it."""
    if state is None:
        return "Re-inspection"
    full = (ReportKind.INSPECTION, ReportKind.REINSPECTION)
    reported = [r.kind for r in state.reports if r.kind in full and r.published_on >= day]
    if reported:
        first = reported[0] is ReportKind.INSPECTION
    else:
        first = state.rules.first_full_inspection_is_not_a_reinspection and not any(
            r.kind in INSPECTED_IN_FULL for r in state.reports
        )
    return "Inspection" if first or after_the_intervention(state, day) else "Re-inspection"


# How a notice or direction ends the intervention, rather than giving way to another.
ENDINGS = ("lifted", "revoked")


def after_the_intervention(state: InterventionState, day: date) -> bool:
    """Whether Ofsted came on `day` once the intervention was over: the last notice or
    direction before it lifted or revoked, and the support and supervision after that ended.
    Its next inspection is a routine one (Knowsley: the notice lifted in July 2017, support
    to 2018, "the first [inspection] in the borough since 2017" in October 2021)."""
    issued = [i for i in state.instruments if i.issued_on <= day]
    if not issued or issued[-1].ended_on is None or issued[-1].ended_because not in ENDINGS:
        return False
    support = state.rules.support
    over = support.lasts.after(issued[-1].ended_on) if support else issued[-1].ended_on
    return day > over


# A report or a visit's letter published after its visit, named on its publication's day.
PublishedLater = ReinspectionCompleted | FocusedVisitCompleted | JtaiCompleted


def report_published_words(event: PublishedLater, state: InterventionState) -> str:
    """A report or letter whose visit is dated before it, named on the day it was published:
    the quarter the judgement came out in hears of it (Knowsley: on site in November 2024,
    judged inadequate in the report of 17 January 2025), and of a letter's priority actions."""
    if not isinstance(event, ReinspectionCompleted):
        kind = "Focused visit" if isinstance(event, FocusedVisitCompleted) else "JTAI"
        named = "; ".join(event.priority_actions)
        found = f"areas for priority action: {named}" if named else "no areas for priority action"
        return f"{kind} letter published: {found}"
    judged = event.judgement.value.replace("_", " ")
    what = (
        event.kind.label.capitalize() if event.kind else _inspection_word(state, event.effective_on)
    )
    return f"{what} report published: {judged}"


def describe(event: Event, state: InterventionState | None = None) -> str:
    """The event in words; on the record of `state`, a council's answer to a report is named as
    the regime names the deadline it meets (after an area SEND inspection, the priority action
    plan), not as a children's services statement of action."""
    match event:
        case StatementOfActionSubmitted() if state and (
            title := answer_title(state.rules, state.deadlines, event.effective_on)
        ):
            return f"{title} submitted"
        case MonitoringVisitCompleted() if state and (
            title := visit_title(state, event.effective_on)
        ):
            return f"{title} completed"
        case InterventionOpened():
            return f"Intervention opened for {event.authority} ({event.regime})"
        case ReinspectionCompleted():
            judged = event.judgement.value.replace("_", " ")
            inspected = _inspection_word(state, event.effective_on)
            if event.published_on == event.effective_on:
                what = event.kind.label.capitalize() if event.kind else f"{inspected} completed"
                return f"{what}: {judged}"
            # Dated by its first day on site, the report weeks later: not a judgement reached
            # the day Ofsted came (West Berkshire: on site from 8 May 2017, good in the report of
            # 7 July), so the words say the judgement is the report's, listed before the
            # fieldwork's end (Sefton: on site from 23 June 2025 to 4 July, good on 12 August).
            what = event.kind.label.capitalize() if event.kind else inspected
            return (
                f"{what} on site from this day; its report, published {event.published_on}: "
                f"{judged}"
            )
        # Spelt as the deadline they end is ("Ofsted re-inspection"), not as the event's type.
        case ReinspectionStarted():
            until = f" until {event.ends_on}" if event.ends_on else ""
            return f"{_inspection_word(state, event.effective_on)} started: Ofsted on site{until}"
        case ReinspectionFieldworkCompleted():
            return f"{_inspection_word(state, event.effective_on)} fieldwork completed"
        case RegimeMigrated():
            moved = (
                f"; {counted(len(event.moved), 'deadline')} counted again" if event.moved else ""
            )
            return f"Moved to version {event.to_version} of the rules{moved}"
        case NewCycleStarted():
            return f"New cycle {event.cycle} started: report received {event.received_on}"
        case SupportAndSupervisionStarted():
            return f"Support and supervision started, until {event.ends_on}"
        case ReportReceived():
            what = event.kind.label
            if event.kind is ReportKind.REINSPECTION and state is not None:
                what = "inspection" if after_the_intervention(state, event.published_on) else what
            graded = f", {event.judgement.value.replace('_', ' ')}" if event.judgement else ""
            assumed = " (assumed: receipt not given)" if event.received_assumed else ""
            return (
                f"Report {event.number} received: {what} published {event.published_on}"
                f"{graded}; received {event.received_on}{assumed}"
            )
        case JtaiCompleted():
            return "Joint targeted area inspection completed"
        case MonitoringLetterPublished() if state and (title := letter_title(state, event)):
            return f"Letter on the {title}"
        case MonitoringLetterPublished():
            return f"Ofsted's letter on monitoring visit {event.visit}"
        case VisitLetterPublished():
            return f"Ofsted's letter on the visit of {event.visit}"
        case CommissionerReportSubmitted():
            if event.recommendation is None:
                return "Commissioner's progress report submitted"
            if event.recommendation is CommissionerRecommendation.NOT_PUBLISHED:
                return "Commissioner's report submitted, its recommendation not made public"
            return f"Commissioner's report submitted, recommending {ADVICE[event.recommendation]}"
        case ImprovementAdviserAppointed(alongside=True):
            return f"{_named(event)}, alongside the adviser in post"
        case PartnerAppointed():
            programme = f" ({event.programme})" if event.programme else ""
            own = ", engaged by the council itself" if event.councils_own else ""
            return f"Partner appointed: {event.partner}{programme}{own}"
        case AppointmentEnded():
            return f"Appointment ended: {event.appointment.value.replace('_', ' ')}" + (
                f" {event.name}" if event.name else ""
            )
        case ConditionMet():
            return f"Condition met: {event.condition.replace('_', ' ')}"
        case ContactsChanged():
            who = ", ".join(c.name for c in event.contacts) or "nobody"
            return f"Contacts changed: {event.role.replace('_', ' ')} now {who}"
        case TransferDirected():
            return f"Transfer of services directed: live on {event.go_live_on}"
        case _ if isinstance(event, DEADLINE_EVENTS):
            deadline = (
                state.deadline_of(event.milestone, event.number, event.cycle) if state else None
            )
            said = _describe_deadline(
                event, deadline_label(event.milestone, event.number), deadline
            )
            return said + _on_an_assumed_receipt(event, deadline)
        case _:
            return _named(event)


def _named(event: Event) -> str:
    """The event's type in words, with the person appointed or the conditions set."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in event.type).strip()
    text = words[0].upper() + words[1:]
    name = getattr(event, "name", None)
    conditions = getattr(event, "conditions", None)
    if name:
        text += f": {name}"
    if conditions:
        text += f" ({counted(len(conditions), 'condition')})"
    return text


# The clock's alerts about a deadline: each says when its date rests on a receipt nobody gave.
ALERTS = (ReminderSent, DeadlineMissed, EscalationRaised, MilestoneOverdue)


def _on_an_assumed_receipt(event: DeadlineEvent, deadline: Deadline | None) -> str:
    """A mark for an alert whose deadline counts from an assumed receipt: the date may be a
    few days early (Trafford: the statement of action due 12 August 2019 by the receipt assumed,
    "would go to Ofsted on 13th August 2019", scrutiny minutes, the day a receipt of 3 May
    gives)."""
    if not isinstance(event, ALERTS):
        return ""
    return " (on an assumed receipt)" if deadline is not None and deadline.assumed else ""


def _describe_deadline(event: DeadlineEvent, what: str, deadline: Deadline | None) -> str:
    match event:
        case DeadlineScheduled():
            assumed = ", assumed receipt" if event.assumed else ""
            return f"Deadline set: {what} due {event.due} ({event.kind.value}{assumed})"
        case DeadlineRescheduled() if event.previous_due == event.due:
            # Its alert may have moved (a regime that waits longer before calling it overdue),
            # or nothing but its footing (a receipt confirmed on the day that was assumed).
            return (
                f"Date stands: {what} still due {event.due}, its alert on {event.alert_on} "
                f"({event.reason})"
            )
        case DeadlineRescheduled():
            again = ", not missed by it" if event.reopened else ""
            return (
                f"Deadline moved: {what} from {event.previous_due} to {event.due}{again} "
                f"({event.reason})"
            )
        case ReminderSent():
            return f"Reminder to {_recipient(event.to)}: {what} due {event.due}"
        case DeadlineMissed():
            return f"Deadline missed: {what} was due {event.due}"
        case EscalationRaised():
            return (
                f"Escalation level {event.level} to {_recipient(event.to)}: {what} was due "
                f"{event.due}"
            )
        case EscalationWithdrawn():
            return (
                f"Escalation level {event.level} to {_recipient(event.to)} withdrawn: {what} "
                f"{event.reason}"
            )
        case DeadlineMet():
            return f"Deadline met {_how_met(event, deadline)}: {what} (due {event.due})"
        case MilestoneOverdue():
            return f"Overdue: {what} expected by {event.due}"
        case DeadlineWithdrawn():
            return f"Deadline withdrawn: {what} ({event.reason})"


def _recipient(role: str) -> str:
    """A role as people say it: the chief executive, not `chief_executive`."""
    return role_words(role)


def _met_before_it_counted(event: DeadlineMet, deadline: Deadline | None) -> bool:
    """Met by a fact of before the day its count began and before the deadline was set; not a
    day a fact named (a commissioner's report by the day her appointment set, which an early
    report meets on time: Dudley, the further report asked for by 5 November 2016). A fact
    after the deadline was set is early, not already in place (Middlesbrough: the DfE's review
    of 9 November 2020, the next review set on 5 June to count from the commissioner's report
    due that December)."""
    if deadline is None or deadline.counted_from is None or deadline.named_not_counted:
        return False
    set_on = deadline.set_on or deadline.counted_from
    return event.met_on < min(deadline.counted_from, set_on)


def _how_met(event: DeadlineMet, deadline: Deadline | None) -> str:
    """Late, on time, or after the expected date but within the time the engine waits before
    calling it overdue (a re-inspection 31 months after its report, Ofsted's usual pace); or
    before the day it counts from, by something already in place (Herefordshire: the notice of
    May 2021 answering the DfE's decision on the report of September 2022)."""
    if _met_before_it_counted(event, deadline):
        return "before it was set, by what was already in place"
    if event.late:
        return "late"
    return "within the time allowed" if event.met_on > event.due else "on time"
