"""What a person recorded, as its event: the milestone's own fields checked and typed, the
engine's fields filled in, and each refusal naming the field it is about."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import cast, get_origin

from pydantic import ValidationError

from domain.calendar import london_date
from domain.commands import RecordMilestone
from domain.errors import DomainError, InvalidDateError, InvalidFieldError, MissingFieldError
from domain.events import (
    INSTRUMENT_EVENTS,
    AppointmentEnded,
    CommissionerAppointed,
    CommissionerRecommendation,
    CommissionerReportSubmitted,
    ConditionMet,
    Event,
    FocusedVisitCompleted,
    JtaiCompleted,
    MilestoneEvent,
    MonitoringLetterPublished,
    MonitoringVisitCompleted,
    ProgressReviewCompleted,
    ReinspectionCompleted,
    ReinspectionFieldworkCompleted,
    ReinspectionStarted,
    ReportReceiptConfirmed,
    SupportReviewCompleted,
    TransferDirected,
    VisitLetterPublished,
)
from domain.instrument_dates import check_instrument_date
from domain.milestones import (
    ENGINE_FIELDS,
    LETTER_VISITS,
    MilestoneSpec,
    detail_fields,
    fieldwork_began,
    fieldwork_seen,
    held_outside_every_series,
    unreported_visit_ended,
    visit_of_letter,
    visits_recorded,
)
from domain.plain_words import fields_at, plainly, unknown_field
from domain.regime import Anchor, DeadlineKind, MilestoneRule, Regime
from domain.reports import check_receipt_day, letter_counts, letter_report_kind, receipt
from domain.series import waits_for_a_record
from domain.state import InterventionState
from domain.values import AREA_SEND_OUTCOMES, Condition, Grade, ReportKind

# The anchors of one cycle: a recurring milestone counted from them is numbered within it.
CYCLE_ANCHORS = (Anchor.REPORT_RECEIVED, Anchor.PUBLISHED, Anchor.RULE_DUE)


def milestone_event(
    state: InterventionState,
    regime: Regime,
    spec: MilestoneSpec,
    command: RecordMilestone,
    now: datetime,
) -> Event:
    """The event for `command`, or DomainError naming the field that is wrong."""
    allowed = detail_fields(spec)
    given = {name: value for name, value in command.details.items()}
    unknown = sorted(set(given) - set(allowed) - _aliases(spec))
    if unknown:
        raise InvalidFieldError(
            command.milestone,
            unknown[0],
            given[unknown[0]],
            f"fields for this milestone: {', '.join(allowed) or 'none'}",
            allowed,
        )
    fields: dict[str, object] = {
        name: _as_list(value) if _is_list_field(spec, name) else value
        for name, value in given.items()
    }
    if spec.event is ReinspectionCompleted:
        _report_dates(state, regime, command, fields)
    if spec.event is ReportReceiptConfirmed and "report" not in fields:
        fields["report"] = next(iter(state.receipt_unconfirmed), 1)
    if spec.event is MonitoringLetterPublished:
        fields["visit"] = _visit(state, command.milestone, fields.get("visit"))
    if _numbered(spec, regime, fields):
        held = _held_before_any_series(state, regime, command.milestone, command.effective_on)
        if held is None:
            number = fields.get("number")
            if number is None:
                number = _counted_on_from_those_held(state, regime, command.milestone)
            fields["number"] = _occurrence(
                state, regime, command.milestone, number, command.effective_on
            )
        elif fields.get("number") is None:
            fields["number"] = held
    try:
        # Every event class in MILESTONES is a member of the Event union.
        event = cast(
            Event,
            spec.event.model_validate(
                {
                    **fields,
                    "effective_on": command.effective_on,
                    "recorded_at": now,
                    "actor": command.actor,
                }
            ),
        )
    except ValidationError as error:
        raise _field_error(command.milestone, spec, error, command.details, regime) from None
    _check(state, command.milestone, event, now)
    return _conditions_owned(regime, event)


def _conditions_owned(regime: Regime, event: Event) -> Event:
    """A condition named as one of the regime's rules, with no owner given, owned as the rule
    is (the commissioner's report, the commissioner's), written into the event so that it
    reads back the same."""
    conditions: list[Condition] = getattr(event, "conditions", [])
    if not (conditions and regime.others_conditions_chased_by_dfe):
        return event
    owned = [
        c.model_copy(update={"owner": rule.owner})
        if "owner" not in c.model_fields_set and (rule := regime.rule(c.name)) is not None
        else c
        for c in conditions
    ]
    return event.model_copy(update={"conditions": owned})


def _aliases(spec: MilestoneSpec) -> set[str]:
    """Other names a field answers to (`role` for `appointment`), as written in scenarios."""
    names: set[str] = set()
    for field in spec.event.model_fields.values():
        choices = getattr(field.validation_alias, "choices", ())
        names |= {choice for choice in choices if isinstance(choice, str)}
    return names - ENGINE_FIELDS


def _report_dates(
    state: InterventionState, regime: Regime, command: RecordMilestone, fields: dict[str, object]
) -> None:
    """A re-inspection's report is published the day recorded unless told otherwise, and
    received on the day given, or the day the regime's rule assumes for its kind."""
    fields.setdefault("published_on", command.effective_on.isoformat())
    published = _date(fields["published_on"])
    given = fields.get("received_on")
    if published is None or (given is not None and _date(given) is None):
        return  # the event's own validation names the bad value
    try:
        graded = ReportKind(str(fields.get("kind", ReportKind.REINSPECTION)))
    except ValueError:
        graded = ReportKind.REINSPECTION  # the event's own validation names the bad kind
    received, assumed = receipt(
        regime,
        graded,
        published,
        _date(given) if given else None,
        _visit_ended(state, regime, command.effective_on, published),
    )
    fields["received_on"] = received.isoformat()
    fields["received_assumed"] = assumed


def _visit_ended(
    state: InterventionState, regime: Regime, effective_on: date, published: date
) -> date | None:
    """The last day the re-inspection is known to have gone on, before which its report cannot
    have come: its day recorded, unless that is the report's own day (under the regimes that
    say so), and the days of its fieldwork recorded."""
    if not regime.a_report_on_its_day_is_not_its_visit:
        return effective_on
    visited = effective_on if effective_on < published else None
    return max((d for d in (fieldwork_seen(state), visited) if d is not None), default=None)


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _is_list_field(spec: MilestoneSpec, name: str) -> bool:
    field = spec.event.model_fields.get(name)
    return field is not None and get_origin(field.annotation) is list


def _as_list(value: object) -> object:
    """Lists typed on one line are separated by semicolons: "Practice; Performance"."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(";") if item.strip()]
    return value


# Ofsted's reports from April 2026 grade four parts of the service and give no overall
# judgement (Ofsted, 27 November 2025); the rules read the lowest as the overall one did.
NO_OVERALL_JUDGEMENT = (
    ", which for a report with no overall judgement (Ofsted's from April 2026) is the lowest "
    "of those it gives"
)


def _field_error(
    milestone: str,
    spec: MilestoneSpec,
    error: ValidationError,
    details: Mapping[str, object],
    regime: Regime,
) -> DomainError:
    problem = error.errors()[0]
    if not problem["loc"]:
        # A rule across fields, e.g. audit grades that do not add up to the cases reviewed.
        return DomainError(f"{milestone!r}: {plainly(problem)}", field="details")
    field = str(problem["loc"][0])
    annotation = (
        spec.event.model_fields[field].annotation if field in spec.event.model_fields else None
    )
    choices = [m.value for m in getattr(annotation, "__members__", {}).values()]
    if field == "judgement":
        # The judgements of this record's regime, not those of children's services and of
        # area SEND inspections together.
        choices = list(regime.judged_as)
    if problem["type"] == "missing":
        graded = field == "judgement" and Grade.INADEQUATE in regime.judgements
        hint = NO_OVERALL_JUDGEMENT if graded else ""
        return MissingFieldError(milestone, field, choices, hint=hint)
    where = ".".join(str(part) for part in problem["loc"])
    if problem["type"] == "extra_forbidden":
        # A misspelt key inside a detail (a condition's): name the keys it may have.
        location = tuple(problem["loc"])
        return DomainError(
            f"{milestone!r}: {where}: {unknown_field(spec.event, location)}",
            field=f"details.{where}",
            allowed=fields_at(spec.event, location[:-1]) or (),
        )
    allowed = f"allowed: {', '.join(choices)}" if choices else plainly(problem)
    given = details.get(field, problem.get("input"))
    return InvalidFieldError(milestone, where, given, allowed, choices)


def _occurrence(
    state: InterventionState, regime: Regime, milestone: str, given: object, on: date
) -> int:
    """The occurrence a recurring milestone records: the one given, which must be open; else
    the open one it answers on the day it took place, or the next after those met."""
    rules = regime.rules_met_by(milestone)
    if given is not None:
        number = _whole_number(given)
        open_numbers = sorted(
            d.number or 1
            for rule in rules
            for d in state.open_deadlines
            if d.milestone == rule.name
        )
        awaited = next(
            (
                d
                for rule in rules
                if (d := state.first_open(rule.name)) is not None and waits_for_a_record(regime, d)
            ),
            None,
        )
        if number is not None and number not in open_numbers and awaited is not None:
            # A waiting series takes its owner's number: a later one says the visits between
            # went unrecorded; an earlier one that the engine counted a visit its owner did not
            # (Bradford: a visit of December 2020 Ofsted did not number, its fifth in April
            # 2021), so the fact answers the occurrence awaited.
            return max(number, awaited.number or 1)
        if number is None or number not in open_numbers:
            shown = ", ".join(str(n) for n in open_numbers) or "none"
            raise InvalidFieldError(
                milestone,
                "number",
                given,
                f"open occurrences: {shown}",
                [str(n) for n in open_numbers],
            )
        return number
    # The rules the record keeps a series of: a rule none of its reports asks for (the reviews
    # after a SEND revisit, on a record opened on the inspection) numbers nothing.
    kept = [rule for rule in rules if any(d.milestone == rule.name for d in state.deadlines)]
    for rule in kept or rules:
        latest = _latest_report_duty(state, regime, rule, on)
        if latest is not None:
            return latest
        open_deadline = state.occurrence_on(rule.name, on)
        if open_deadline is not None and open_deadline.number is not None:
            return open_deadline.number
        cycle = state.cycle if rule.anchor in CYCLE_ANCHORS else None
        return state.count_met(rule.name, cycle) + 1
    return 1


def _held_before_any_series(
    state: InterventionState, regime: Regime, milestone: str, on: date
) -> int | None:
    """For a fact of `on` that came while no series of the rules it meets was kept (Ofsted's
    visits before its quarterly monitoring began), the number it takes unless it names one:
    the next after those held so in this cycle, as Ofsted counted them; None for any other
    fact, which is numbered by the occurrence it answers."""
    if not regime.held_outside_every_series(milestone, on):
        return None
    return 1 + len(held_outside_every_series(state, milestone))


def _counted_on_from_those_held(
    state: InterventionState, regime: Regime, milestone: str
) -> int | None:
    """Under the regimes that say so, the number Ofsted gives the first visit of a series after
    visits held before any series was kept in this cycle: the next after those, as if given
    (Leicester's fifth, September 2016). None when none was held so, when the series has a
    visit on the record already, which set its count, or when it awaits none."""
    if not regime.a_visit_counts_on_from_those_held_before_the_series:
        return None
    held = held_outside_every_series(state, milestone)
    recorded = [f for f in state.recorded if f.milestone == milestone and state.of_this_cycle(f)]
    awaited = any(state.first_open(rule.name) for rule in regime.rules_met_by(milestone))
    if not held or len(recorded) > len(held) or not awaited:
        return None
    return 1 + max(fact.number or 0 for fact in held)


def _numbered(spec: MilestoneSpec, regime: Regime, fields: dict[str, object]) -> bool:
    """Whether the fact records the occurrence it answers: always where its number is required;
    where it is optional (a statement of action), when given, or where the regime has a report
    duty answer the latest report (before, the oldest open one was met)."""
    field = spec.event.model_fields.get("number")
    if field is None:
        return False
    optional = field.default is None
    return not optional or fields.get("number") is not None or regime.report_facts_answer_the_latest


def _latest_report_duty(
    state: InterventionState, regime: Regime, rule: MilestoneRule, on: date
) -> int | None:
    """Under the regimes that say so, the open duty of the latest report received by `on`: the
    council publishes the report just received, not one whose duty went unrecorded years
    before (North East Lincolnshire: the inspection report of 26 November 2021 published that
    day, a focused visit's letter of 2019 still open)."""
    if not regime.report_facts_answer_the_latest or rule.anchor is not Anchor.REPORT_RECEIVED:
        return None
    received = [
        (d.counted_from, d.number or 1)
        for d in state.open_deadlines
        if d.milestone == rule.name and d.counted_from is not None and d.counted_from <= on
    ]
    # Reports are numbered as recorded, and one in place before may be recorded after.
    return max(received, default=(None, None))[1]


def _visit(state: InterventionState, milestone: str, given: object) -> int:
    """The number of the visit a letter is about: the latest recorded if not given; else the
    number given, or the visit a day given names (its first day, or any day it lasted): people
    name a visit by its day (Trafford's first, 15 and 16 October 2019)."""
    visits = _visit_days(state)
    if given is None and visits:
        return max(visits, key=lambda number: (visits[number][0], number))
    number = _whole_number(given)
    if number is not None and number in visits:
        return number
    day = _date(given) if number is None else None
    if day is not None:
        named = [n for n, (first, _) in visits.items() if first == day] or [
            n for n, (first, last) in visits.items() if first <= day <= last
        ]
        if named:
            return named[0]
    shown = ", ".join(
        f"{n} ({first.isoformat()}{f' to {last.isoformat()}' if last != first else ''})"
        for n, (first, last) in visits.items()
    )
    raise InvalidFieldError(
        milestone,
        "visit",
        given,
        f"visits recorded: {shown or 'none'}; name one by its number or by one of its days",
        [str(n) for n in visits],
    )


def _visit_days(state: InterventionState) -> dict[int, tuple[date, date]]:
    """The visits recorded in this cycle, by number: each one's first and last day."""
    visiting = {
        milestone
        for rule in state.rules.rules_met_by("monitoring_visit_completed")
        for milestone in rule.met_by
    }
    days: dict[int, tuple[date, date]] = {}
    for number, first in sorted(visits_recorded(state).items()):
        ends = [
            fact.ended_on
            for fact in state.recorded
            if fact.milestone in visiting and fact.on == first and fact.ended_on is not None
        ]
        days[number] = (first, max([first, *ends]))
    return days


def _revisit_awaited(state: InterventionState) -> bool:
    """Whether a visit recorded now meets a rule whose letter is a report: the revisit."""
    rules = state.rules
    return any(
        (rule := rules.rule(d.milestone)) is not None and rule.letter_is_report is not None
        for d in state.open_deadlines
    )


def _a_revisits_letter(
    state: InterventionState,
    milestone: str,
    event: MonitoringVisitCompleted | MonitoringLetterPublished,
    revisit: bool,
) -> None:
    """Only a revisit's letter names areas for priority action: a monitoring visit's findings
    are its key findings."""
    if not revisit:
        raise InvalidFieldError(
            milestone,
            "priority_actions",
            "; ".join(event.priority_actions),
            "only the letter of an area SEND revisit (the framework before 2023, under regime "
            f"'send' from version 12) names areas for priority action, and this "
            f"{'visit is' if isinstance(event, MonitoringVisitCompleted) else 'letter is of'} "
            "none: give what it found as key_findings",
        )


def _letter_of_a_visit(
    state: InterventionState, milestone: str, event: VisitLetterPublished, today: date
) -> None:
    """A letter names a focused visit or JTAI recorded, and comes on or after it."""
    if visit_of_letter(state, event.visit) is None:
        days = [fact.on.isoformat() for fact in state.recorded if fact.milestone in LETTER_VISITS]
        raise InvalidFieldError(
            milestone,
            "visit",
            event.visit.isoformat(),
            f"a day of a focused visit or joint targeted area inspection recorded: "
            f"{', '.join(days)}",
            days,
        )
    if event.effective_on < event.visit:
        raise InvalidDateError(
            "effective_on",
            event.effective_on,
            f"is before the visit on {event.visit.isoformat()}; the letter comes on or after it",
        )
    if event.received_on is not None and not event.visit <= event.received_on <= today:
        raise InvalidDateError(
            "received_on",
            event.received_on,
            f"is not between the visit on {event.visit.isoformat()} and today, {today.isoformat()}",
        )


def _no_report_awaited(state: InterventionState, starts: date) -> None:
    """A new re-inspection starts once the report of the one before can no longer be coming."""
    ended = unreported_visit_ended(state)
    if ended is None:
        return
    awaited = state.rules.recording.report_awaited
    anew = awaited.after(ended)
    if starts < anew:
        raise InvalidDateError(
            "effective_on",
            starts,
            f"is within {awaited.describe()} of the re-inspection that ended on "
            f"{ended.isoformat()}, whose report is still awaited: record it with "
            f"reinspection_completed; Ofsted on site again from {anew.isoformat()} is a new "
            "re-inspection",
        )


def _began_on(
    state: InterventionState, event: ReinspectionFieldworkCompleted, started_on: date
) -> None:
    """The first day of fieldwork is on or before its last, and is the day its start was
    recorded, if it was."""
    if started_on > event.effective_on:
        raise InvalidDateError(
            "started_on",
            started_on,
            f"is after the fieldwork ended on {event.effective_on.isoformat()}; it is its "
            "first day",
        )
    began = fieldwork_began(state)
    if began is not None and began != started_on:
        raise InvalidDateError(
            "started_on",
            started_on,
            f"is not the day the fieldwork began, {began.isoformat()}, recorded by "
            "reinspection_started; leave started_on out",
        )


def _asks_for(state: InterventionState, milestone: str, without: list[str]) -> None:
    """What a notice or direction may say it does not ask for: the rules it would set."""
    set_by_it = [rule.name for rule in state.rules.rules_anchored_at(Anchor.INTERVENTION_ISSUED)]
    for name in without:
        if name not in set_by_it:
            raise InvalidFieldError(
                milestone,
                "without",
                name,
                f"a notice or direction may go without {', '.join(set_by_it)}",
                set_by_it,
            )


def _whole_number(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _check(state: InterventionState, milestone: str, event: Event, now: datetime) -> None:
    """What a milestone's fields must agree with: the record so far, and the calendar."""
    today = london_date(now)
    if isinstance(event, INSTRUMENT_EVENTS):
        _asks_for(state, milestone, event.without)
    check_instrument_date(state, event)
    _received_in_time(state, event)
    if isinstance(event, ReinspectionCompleted):
        _judged_as_the_regime_judges(state.rules, milestone, event.judgement)
    match event:
        case ReinspectionCompleted() if _on_the_reports_day(state, event):
            # The day recorded is the report's: its receipt may come before it, not before
            # the fieldwork recorded.
            _not_before_nor_future(event, today, "published_on")
            _not_future(event, today, "received_on")
            _received_after_the_fieldwork(state, event)
        case ReinspectionCompleted():
            _not_before_nor_future(event, today, "published_on", "received_on")
        case FocusedVisitCompleted() | JtaiCompleted():
            undated = event.received_on is None and event.published_on is None
            if event.priority_actions and undated and letter_counts(state, event.effective_on):
                # Its duties count from the letter: either day will do.
                raise MissingFieldError(milestone, "published_on", alternative="received_on")
            _not_before_nor_future(event, today, "received_on", "published_on", "ended_on")
        case MonitoringVisitCompleted():
            _not_before_nor_future(event, today, "letter_on", "ended_on")
            if event.priority_actions:
                _a_revisits_letter(state, milestone, event, _revisit_awaited(state))
                if event.letter_on is None:
                    # Its duties count from the letter's publication.
                    raise MissingFieldError(milestone, "letter_on")
        case VisitLetterPublished():
            _letter_of_a_visit(state, milestone, event, today)
        case ReinspectionStarted():
            _no_report_awaited(state, event.effective_on)
        case ReinspectionFieldworkCompleted(started_on=date() as started_on):
            _began_on(state, event, started_on)
        case MonitoringLetterPublished():
            # The visit is one recorded: `_visit` chose it.
            visited_on = visits_recorded(state)[event.visit]
            if event.priority_actions:
                revisit = letter_report_kind(state, state.rules, visited_on) is not None
                _a_revisits_letter(state, milestone, event, revisit)
            if event.effective_on < visited_on:
                raise InvalidDateError(
                    "effective_on",
                    event.effective_on,
                    f"is before visit {event.visit} on {visited_on.isoformat()}; the letter "
                    "comes on or after its visit",
                )
        case ReportReceiptConfirmed():
            report = state.report(event.report)
            assumed = state.receipt_unconfirmed
            if report is None or not report.received_assumed:
                raise InvalidFieldError(
                    milestone,
                    "report",
                    event.report,
                    f"reports whose receipt is assumed: {', '.join(map(str, assumed)) or 'none'}",
                    [str(n) for n in assumed],
                )
            _not_future(event, today, "received_on")
            if event.received_on < state.inspection.finished_on:
                raise InvalidDateError(
                    "received_on",
                    event.received_on,
                    f"is before the inspection ended on {state.inspection.finished_on}",
                )
            check_receipt_day(state.rules, "received_on", event.received_on, report.published_on)
        case TransferDirected():
            _not_before(event, "go_live_on")
        case CommissionerAppointed():
            _not_before(event, "report_by")
        case CommissionerReportSubmitted(recommendation=None) if not state.services_decided:
            raise MissingFieldError(
                milestone,
                "recommendation",
                [r.value for r in CommissionerRecommendation],
                hint=" until the DfE has decided who runs the services; a progress report "
                "after its decision may leave it out (a commissioner sent to oversee "
                "improvement, the services left with the council: record services_retained "
                "first)",
            )
        case ProgressReviewCompleted() | SupportReviewCompleted():
            _not_before(event, "next_by")
            _a_series_to_set(state, milestone, event)
        case AppointmentEnded():
            holders = [a for a in state.appointments if a.role is event.appointment and a.active]
            if not any(event.name is None or a.name == event.name for a in holders):
                names = ", ".join(a.name or "unnamed" for a in holders) or "nobody"
                raise DomainError(
                    f"no {event.appointment.value.replace('_', ' ')} "
                    + (f"named {event.name!r} " if event.name else "")
                    + f"is appointed now; appointed: {names}",
                    field="details",
                )
        case ConditionMet():
            open_conditions = sorted(
                {d.milestone for d in state.open_deadlines if d.kind is DeadlineKind.CONDITION}
            )
            if event.condition not in open_conditions:
                raise InvalidFieldError(
                    milestone,
                    "condition",
                    event.condition,
                    f"open conditions: {', '.join(open_conditions) or 'none'}",
                    open_conditions,
                )
        case _:
            pass


def _judged_as_the_regime_judges(regime: Regime, milestone: str, judgement: Grade) -> None:
    """A report's judgement is one its regime gives: children's services are graded, an area
    SEND inspection has outcomes, and each belongs on a record of its own regime."""
    if judgement in regime.judgements:
        return
    if judgement in AREA_SEND_OUTCOMES:
        what, report, other = "children's services grades", "an area SEND report", "send"
    else:
        what, report, other = (
            "an area SEND inspection's outcomes",
            "a children's services report",
            "ilacs",
        )
    allowed = regime.judged_as
    raise InvalidFieldError(
        milestone,
        "judgement",
        judgement.value,
        f"{what}: {', '.join(allowed)} ({report} belongs on an intervention of its own, under "
        f"regime {other!r})",
        allowed,
    )


def _not_before_nor_future(event: MilestoneEvent, today: date, *names: str) -> None:
    _not_future(event, today, *names)
    _not_before(event, *names)


def _not_future(event: MilestoneEvent, today: date, *names: str) -> None:
    for name in names:
        value = getattr(event, name)
        if value is not None and value > today:
            reason = f"is in the future; today is {today.isoformat()}"
            if name == "ended_on":
                # A visit is recorded once it has happened; its first day is its effective_on.
                what = _CALLED.get(str(getattr(event, "type", "")), ("visit", ""))[0]
                reason += (
                    f": record the {what} once it has ended (on {value.isoformat()}, with "
                    f"effective_on {event.effective_on.isoformat()}), or leave ended_on out"
                )
            raise InvalidDateError(name, value, reason)


def _received_in_time(state: InterventionState, event: Event) -> None:
    """A report's or letter's receipt given with its publication is days before it."""
    received = getattr(event, "received_on", None)
    published = getattr(event, "published_on", None)
    if isinstance(received, date) and isinstance(published, date):
        check_receipt_day(state.rules, "received_on", received, published)


def _on_the_reports_day(state: InterventionState, event: ReinspectionCompleted) -> bool:
    return (
        state.rules.a_report_on_its_day_is_not_its_visit
        and event.effective_on == event.published_on
    )


def _received_after_the_fieldwork(state: InterventionState, event: ReinspectionCompleted) -> None:
    received = event.received_on
    seen = fieldwork_seen(state)
    if seen is not None and received < seen:
        raise InvalidDateError(
            "received_on",
            received,
            f"is before the re-inspection's fieldwork recorded on {seen.isoformat()}; its "
            "report comes on or after that day",
        )


# What each dated milestone is called when a date of its own comes before it.
_CALLED = {
    "ReinspectionCompleted": ("re-inspection", "its report comes out on or after that day"),
    "FocusedVisitCompleted": ("focused visit", "its letter comes on or after that day"),
    "JtaiCompleted": ("joint targeted area inspection", "its letter comes on or after that day"),
    "MonitoringVisitCompleted": ("monitoring visit", "its letter comes on or after that day"),
    "TransferDirected": ("direction to transfer", "services move on or after that day"),
    "ProgressReviewCompleted": ("progress review", "the next comes on or after that day"),
}


def _a_series_to_set(
    state: InterventionState,
    milestone: str,
    event: ProgressReviewCompleted | SupportReviewCompleted,
) -> None:
    """A review names the day of the next only where the DfE's reviews run and one is still
    to come: a day it could not set would be kept and acted on by nobody (Liverpool: the DfE's
    "initial six month review" of November 2023, with an adviser and no notice on the
    record)."""
    if event.next_by is None:
        return
    rules = state.rules.rules_met_by(milestone)
    awaited = [d for rule in rules for d in state.open_deadlines if d.milestone == rule.name]
    # A series sets its next itself; a fixed number of reviews needs one left after this.
    needed = 1 if any(rule.repeat_every for rule in rules) else 2
    if len(awaited) < needed:
        raise InvalidFieldError(
            milestone,
            "next_by",
            event.next_by.isoformat(),
            "no DfE review is awaited after this one, so there is none for it to set: the "
            "reviews run while a notice or direction is in force, or while support and "
            "supervision lasts; record the review without next_by, and the day it set in its "
            "note",
        )


def _not_before(event: MilestoneEvent, *names: str) -> None:
    kind = str(getattr(event, "type", ""))
    what, comes = _CALLED.get(kind, ("milestone", "it comes on or after that day"))
    for name in names:
        value = getattr(event, name)
        after = "it ends on or after the day it began" if name == "ended_on" else comes
        if value is not None and value < event.effective_on:
            raise InvalidDateError(
                name, value, f"is before the {what} on {event.effective_on.isoformat()}; {after}"
            )
