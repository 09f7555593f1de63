"""The rules of an intervention regime, written as data.

A regime names each milestone the engine keeps a deadline for: who owns it, what kind of
deadline it is, the date its count starts from (its anchor), how long the count runs, the grace
before an expected milestone is flagged, whether it recurs, and which recorded milestones meet
it. The escalation ladder for statutory and plan deadlines is data too. `ilacs` is built in; its
defaults and their sources are in the docstrings of each rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.calendar import add_months, add_working_days
from domain.errors import UnknownRegimeError


class DeadlineKind(StrEnum):
    STATUTORY = "statutory"  # set by law: escalate when missed
    EXPECTED = "expected"  # usual practice of Ofsted or the DfE: alert when nothing is recorded
    PLAN = "plan"  # the council's own dates: escalate like statutory ones

    @property
    def escalates(self) -> bool:
        return self is not DeadlineKind.EXPECTED


class Owner(StrEnum):
    COUNCIL = "council"
    DFE = "dfe"
    OFSTED = "ofsted"
    COMMISSIONER = "commissioner"


class Anchor(StrEnum):
    """The date a deadline's count starts from; each becomes known at a point in the lifecycle."""

    REPORT_RECEIVED = "report_received"  # the council received the (re-)inspection report
    PUBLISHED = "published"  # the (re-)inspection judgement was published
    STATEMENT_OF_ACTION_DUE = "statement_of_action_due"
    INTERVENTION_ISSUED = "intervention_issued"  # the notice or direction was issued
    COMMISSIONER_APPOINTED = "commissioner_appointed"
    REINSPECTION_PASSED = "reinspection_passed"  # a re-inspection that was not inadequate
    REVOCATION = "revocation"  # notice lifted or direction revoked


class Span(BaseModel):
    """A length of time: calendar months and weeks first, then working days."""

    model_config = ConfigDict(frozen=True)

    months: int = 0
    weeks: int = 0
    working_days: int = 0

    def after(self, start: date) -> date:
        day = add_months(start, self.months) + timedelta(weeks=self.weeks)
        return add_working_days(day, self.working_days) if self.working_days else day

    def describe(self) -> str:
        parts = [
            f"{n} {unit}{'' if n == 1 else 's'}"
            for n, unit in (
                (self.months, "month"),
                (self.weeks, "week"),
                (self.working_days, "working day"),
            )
            if n
        ]
        return " and ".join(parts) or "0 days"


class MilestoneRule(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    owner: Owner
    kind: DeadlineKind
    anchor: Anchor
    due: Span
    grace: Span = Span()
    # Recurrence, at most one of the two: the next occurrence falls due this long after the
    # previous one took place, or a fixed list of occurrences counted from the anchor.
    repeat_every: Span | None = None
    occurrences: tuple[Span, ...] = ()
    # Recorded milestones that meet this deadline.
    met_by: tuple[str, ...]
    # The DfE decision is only awaited while no notice or direction is in force.
    only_without_track: bool = False
    # Pending deadlines are withdrawn when the lifecycle reaches this point.
    ends_at: Anchor | None = None
    source: str

    @property
    def recurs(self) -> bool:
        return self.repeat_every is not None or bool(self.occurrences)

    def describe(self) -> str:
        if self.occurrences:
            spans = ", ".join(span.describe() for span in self.occurrences)
            return f"{spans} after {self.anchor.value.replace('_', ' ')}"
        rule = f"{self.due.describe()} after {self.anchor.value.replace('_', ' ')}"
        if self.repeat_every is not None:
            rule += f", then every {self.repeat_every.describe()}"
        if self.grace != Span():
            rule += f"; alert after {self.grace.describe()} grace"
        return rule


class Recipient(StrEnum):
    """Who a reminder or escalation goes to; names and addresses are set per intervention."""

    OWNER = "owner"
    IMPROVEMENT_TEAM = "improvement_team"
    DIRECTOR = "director"  # Director of Children's Services
    CHIEF_EXECUTIVE = "chief_executive"
    LEAD_MEMBER = "lead_member"  # Lead Member for children's services
    OVERSIGHT = "oversight"  # the DfE improvement adviser, or the Commissioner under a direction


class Rung(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    working_days_from_due: int
    level: int | None = None  # None for the reminder before the deadline
    marks_missed: bool = False
    to: tuple[Recipient, ...]

    def on(self, due: date) -> date:
        return add_working_days(due, self.working_days_from_due)


class Regime(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    milestones: tuple[MilestoneRule, ...]
    ladder: tuple[Rung, ...]
    # Expected deadlines are flagged the working day after due date plus grace.
    overdue_to: tuple[Recipient, ...] = (Recipient.IMPROVEMENT_TEAM,)

    def rule(self, name: str) -> MilestoneRule | None:
        return next((rule for rule in self.milestones if rule.name == name), None)

    def rules_met_by(self, milestone: str) -> tuple[MilestoneRule, ...]:
        return tuple(rule for rule in self.milestones if milestone in rule.met_by)

    def rules_anchored_at(self, anchor: Anchor) -> tuple[MilestoneRule, ...]:
        return tuple(rule for rule in self.milestones if rule.anchor is anchor)

    def rules_ending_at(self, point: Anchor) -> tuple[MilestoneRule, ...]:
        return tuple(rule for rule in self.milestones if rule.ends_at is point)


ILACS = Regime(
    name="ilacs",
    title="Ofsted ILACS judgement of inadequate: DfE improvement notice or statutory direction",
    milestones=(
        MilestoneRule(
            name="statement_of_action",
            title="Statement of Action",
            owner=Owner.COUNCIL,
            kind=DeadlineKind.STATUTORY,
            anchor=Anchor.REPORT_RECEIVED,
            due=Span(working_days=70),
            met_by=("statement_of_action_submitted",),
            source="Education and Inspections Act 2006 s137; SI 2007/462 (70 working days)",
        ),
        MilestoneRule(
            name="dfe_decision",
            title="DfE decision: improvement notice or direction",
            owner=Owner.DFE,
            kind=DeadlineKind.EXPECTED,
            anchor=Anchor.PUBLISHED,
            due=Span(weeks=8),
            met_by=("improvement_notice_issued", "direction_issued"),
            only_without_track=True,
            source="DfE practice: notices and directions follow publication within weeks",
        ),
        MilestoneRule(
            name="improvement_board",
            title="Improvement Board established",
            owner=Owner.COUNCIL,
            kind=DeadlineKind.EXPECTED,
            anchor=Anchor.INTERVENTION_ISSUED,
            due=Span(months=3),
            met_by=("improvement_board_established",),
            ends_at=Anchor.REVOCATION,
            source="Improvement notices require a board chaired independently",
        ),
        MilestoneRule(
            name="commissioner_report",
            title="Commissioner's report",
            owner=Owner.COMMISSIONER,
            kind=DeadlineKind.EXPECTED,
            anchor=Anchor.COMMISSIONER_APPOINTED,
            due=Span(months=3),
            met_by=("commissioner_report_submitted",),
            ends_at=Anchor.REVOCATION,
            source="Education Act 1996 s497A directions: commissioner reports in about 3 months",
        ),
        MilestoneRule(
            name="monitoring_visit",
            title="Ofsted monitoring visit",
            owner=Owner.OFSTED,
            kind=DeadlineKind.EXPECTED,
            anchor=Anchor.STATEMENT_OF_ACTION_DUE,
            due=Span(weeks=4),
            grace=Span(weeks=6),
            repeat_every=Span(months=3),
            met_by=("monitoring_visit_completed",),
            ends_at=Anchor.REINSPECTION_PASSED,
            source="Ofsted 2016 handbook for monitoring inadequate local authorities",
        ),
        MilestoneRule(
            name="progress_review",
            title="DfE progress review",
            owner=Owner.DFE,
            kind=DeadlineKind.EXPECTED,
            anchor=Anchor.INTERVENTION_ISSUED,
            due=Span(months=6),
            repeat_every=Span(months=6),
            met_by=("progress_review_completed",),
            ends_at=Anchor.REVOCATION,
            source="DfE reviews progress at least every 6 months under a notice or direction",
        ),
        MilestoneRule(
            name="reinspection",
            title="Ofsted re-inspection",
            owner=Owner.OFSTED,
            kind=DeadlineKind.EXPECTED,
            anchor=Anchor.PUBLISHED,
            due=Span(months=24),
            grace=Span(months=6),
            met_by=("reinspection_completed",),
            ends_at=Anchor.REVOCATION,
            source="Ofsted ILACS framework: re-inspection within about 2 years",
        ),
        MilestoneRule(
            name="revocation",
            title="Notice lifted or direction revoked",
            owner=Owner.DFE,
            kind=DeadlineKind.EXPECTED,
            anchor=Anchor.REINSPECTION_PASSED,
            due=Span(months=1),
            met_by=("notice_lifted", "direction_revoked"),
            source="DfE collection 'Improvement notices and directions'",
        ),
        MilestoneRule(
            name="support_review",
            title="DfE support and supervision review",
            owner=Owner.DFE,
            kind=DeadlineKind.EXPECTED,
            anchor=Anchor.REVOCATION,
            due=Span(months=6),
            occurrences=(Span(months=6), Span(months=12)),
            met_by=("support_review_completed",),
            source="DfE support and supervision: 12 months with reviews at 6 and 12 months",
        ),
    ),
    ladder=(
        Rung(name="reminder", working_days_from_due=-10, to=(Recipient.OWNER,)),
        Rung(
            name="level_1",
            working_days_from_due=1,
            level=1,
            marks_missed=True,
            to=(Recipient.DIRECTOR,),
        ),
        Rung(
            name="level_2",
            working_days_from_due=10,
            level=2,
            to=(Recipient.CHIEF_EXECUTIVE, Recipient.LEAD_MEMBER),
        ),
        Rung(name="level_3", working_days_from_due=20, level=3, to=(Recipient.OVERSIGHT,)),
    ),
)


def cycle_anchors(regime: Regime, published_on: date, received_on: date) -> dict[Anchor, date]:
    """The anchor dates a (re-)inspection report fixes for its cycle."""
    anchors = {Anchor.REPORT_RECEIVED: received_on, Anchor.PUBLISHED: published_on}
    statement = regime.rule("statement_of_action")
    if statement is not None:
        anchors[Anchor.STATEMENT_OF_ACTION_DUE] = statement.due.after(anchors[statement.anchor])
    return anchors


def due_dates(
    regime: Regime, anchor: Anchor, on: date, *, track_set: bool = False
) -> Iterator[tuple[MilestoneRule, int | None, date]]:
    """The deadlines an anchor arms: (rule, occurrence number or None, due date)."""
    for rule in regime.rules_anchored_at(anchor):
        if rule.only_without_track and track_set:
            continue
        if rule.occurrences:
            for number, span in enumerate(rule.occurrences, start=1):
                yield rule, number, span.after(on)
        else:
            yield rule, (1 if rule.repeat_every is not None else None), rule.due.after(on)


REGIMES: dict[str, Regime] = {ILACS.name: ILACS}


def get_regime(name: str) -> Regime:
    try:
        return REGIMES[name]
    except KeyError:
        raise UnknownRegimeError(name, sorted(REGIMES)) from None
