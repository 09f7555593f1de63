"""The rules of an intervention regime, as data.

A regime names each deadline the engine keeps: who owns it, what kind of deadline it is, the
point in the lifecycle its count starts from (its anchor), how long the count runs, the grace
before an expected deadline is flagged, whether it recurs, which recorded milestones meet it and
which points end it. The escalation ladder, the national pauses of inspection and the rule for
assuming when a report was received are data too. Every rule carries its source.

The regimes themselves are files a policy officer can read (`domain/regimes/<name>/<n>.yaml`,
loaded by `domain.regimes`); this module only says what a regime is and how its dates fall.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.calendar import add_months, add_working_days
from domain.plain_words import counted
from domain.values import CHILDRENS_SERVICES_GRADES, Condition, Grade, ReportKind
from domain.version_choices import VersionChoices


class DeadlineKind(StrEnum):
    STATUTORY = "statutory"  # set by law: escalate when missed
    EXPECTED = "expected"  # usual practice of Ofsted or the DfE: alert when nothing is recorded
    PLAN = "plan"  # the council's own dates: escalate like statutory ones
    CONDITION = "condition"  # set by a notice or direction: escalate like statutory ones

    @property
    def escalates(self) -> bool:
        return self is not DeadlineKind.EXPECTED


class Owner(StrEnum):
    COUNCIL = "council"
    DFE = "dfe"
    OFSTED = "ofsted"
    COMMISSIONER = "commissioner"


class Anchor(StrEnum):
    """The point in the lifecycle a deadline's count starts from."""

    REPORT_RECEIVED = "report_received"  # the council received an inspection report or letter
    PUBLISHED = "published"  # that report was published
    RULE_DUE = "rule_due"  # another rule's due date for the same report (`after_rule`)
    INTERVENTION_ISSUED = "intervention_issued"  # a notice or direction came into force
    COMMISSIONER_APPOINTED = "commissioner_appointed"
    REINSPECTION_STARTED = "reinspection_started"  # Ofsted's re-inspection fieldwork began
    REINSPECTION_PASSED = "reinspection_passed"  # a re-inspection report not inadequate
    TRANSFER_DIRECTED = "transfer_directed"  # services directed to move, with a go-live date
    REVOCATION = "revocation"  # notice lifted or direction revoked


class Span(BaseModel):
    """A length of time: calendar months and weeks first, then working days."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    months: int = 0
    weeks: int = 0
    working_days: int = 0

    def after(self, start: date) -> date:
        return self._moved(start, 1)

    def before(self, end: date) -> date:
        return self._moved(end, -1)

    def _moved(self, day: date, direction: int) -> date:
        day = add_months(day, direction * self.months) + timedelta(weeks=direction * self.weeks)
        return add_working_days(day, direction * self.working_days) if self.working_days else day

    def describe(self) -> str:
        parts = [
            counted(n, unit)
            for n, unit in (
                (self.months, "month"),
                (self.weeks, "week"),
                (self.working_days, "working day"),
            )
            if n
        ]
        return " and ".join(parts) or "0 days"


def condition_period(condition: Condition | None) -> Span | None:
    """How long after one occurrence of a recurring condition the next falls due; None for a
    condition due once, or none at all."""
    if condition is None:
        return None
    if condition.every_months:
        return Span(months=condition.every_months)
    if condition.every_weeks:
        return Span(weeks=condition.every_weeks)
    return None


class Pause(BaseModel):
    """A national pause of inspection: the expected dates of the rules it names stand still
    while it lasts (`from_`, inclusive, to `until`, exclusive)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: str
    title: str
    from_: date = Field(alias="from")
    until: date
    milestones: tuple[str, ...]
    source: str
    # Whether the rules' owners kept no series at all while it lasted, rather than stopping one
    # for a while: a fact of those days is held, and meets no occurrence of the series that
    # begins when the pause ends (Leicester: four monitoring visits before Ofsted's quarterly
    # monitoring began in June 2016, its "fifth" in September 2016).
    no_series: bool = False

    @model_validator(mode="after")
    def _in_order(self) -> Pause:
        if self.until <= self.from_:
            raise ValueError(f"pause {self.name!r} ends on {self.until}, not after {self.from_}")
        return self

    def days_within(self, start: date, end: date) -> int:
        """How many of the days from `start` up to `end` (exclusive) fall in the pause."""
        return max((min(end, self.until) - max(start, self.from_)).days, 0)


class MilestoneRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    title: str
    owner: Owner
    kind: DeadlineKind
    anchor: Anchor
    # For `rule_due`: the rule whose due date, for the same report, starts this count.
    after_rule: str | None = None
    due: Span = Span()
    grace: Span = Span()
    # Recurrence, at most one of the two: the next occurrence falls due this long after the
    # previous one took place (or, missed, after it fell due), or a fixed list of occurrences
    # counted from the anchor.
    repeat_every: Span | None = None
    occurrences: tuple[Span, ...] = ()
    # Recorded milestones that meet this deadline.
    met_by: tuple[str, ...]
    # Recorded milestones that meet it once the DfE has decided who runs the services (a
    # commissioner's report then reviews progress; before, it is the review the decision
    # follows).
    met_once_decided_by: tuple[str, ...] = ()
    # Armed only for reports with one of these judgements (empty: whatever the judgement).
    judged: tuple[Grade, ...] = ()
    # Not armed for reports with these judgements (an area SEND inspection finding no
    # widespread failings asks for no plan); a report with no judgement is not one of them.
    not_owed_when_judged: tuple[Grade, ...] = ()
    # Not owed for reports of these kinds: the law that asks for it does not cover them.
    not_owed_for: tuple[ReportKind, ...] = ()
    # Owed only for reports published from (or before) this day: the framework that asks for
    # it began (or ended) then.
    published_from: date | None = None
    published_before: date | None = None
    # Expected only when due before this day: what would meet it ended then (the area SEND
    # revisits, with the framework before 2023).
    due_before: date | None = None
    # Not awaited again for a report of these kinds while a commissioner or adviser the DfE
    # sent in is still in post: its intervention goes on (Wokingham: "Ministers said
    # interventions had taken place at authorities rated as poor", 9 December 2009).
    not_again_while_overseen: tuple[ReportKind, ...] = ()
    # Neither met nor set again by a later report of these kinds: it was not Ofsted coming back
    # (Kent: the assessment of December 2010 "performs poorly", Ofsted's re-inspection on site
    # in November 2012, KentOnline).
    not_again_for: tuple[ReportKind, ...] = ()
    # The letter of the visit that meets it, naming areas for priority action, is a report of
    # this kind, with the duties such a report brings (an area SEND revisit finding insufficient
    # progress: the DfE's reviews after it).
    letter_is_report: ReportKind | None = None
    # Armed only while no notice or direction is in force (the DfE decision is then awaited).
    only_without_instrument: bool = False
    # Armed only while a notice or direction is in force (there is then something to lift).
    only_with_instrument: bool = False
    # Not armed once services are being moved to another provider: the direction is kept on
    # purpose while the transfer runs and after it.
    unless_alternative_delivery: bool = False
    # Open deadlines of this rule are withdrawn when the lifecycle reaches any of these points.
    ends_at: tuple[Anchor, ...] = ()
    source: str

    @model_validator(mode="after")
    def _consistent(self) -> MilestoneRule:
        if (self.anchor is Anchor.RULE_DUE) != (self.after_rule is not None):
            raise ValueError(f"rule {self.name!r}: give after_rule exactly when anchor is rule_due")
        if self.repeat_every is not None and self.occurrences:
            raise ValueError(f"rule {self.name!r}: repeat_every or occurrences, not both")
        return self

    @property
    def recurs(self) -> bool:
        return self.repeat_every is not None or bool(self.occurrences)

    def meets(self, milestone: str, decided: bool) -> bool:
        """Whether `milestone` meets this deadline, the DfE having `decided` who runs the
        services or not."""
        return milestone in self.met_by or (decided and milestone in self.met_once_decided_by)

    def applies_to(self, kind: ReportKind, judgement: Grade | None, published_on: date) -> bool:
        return (
            kind not in self.not_owed_for
            and (not self.judged or judgement in self.judged)
            and judgement not in self.not_owed_when_judged
            and (self.published_from is None or published_on >= self.published_from)
            and (self.published_before is None or published_on < self.published_before)
        )

    def describe(self) -> str:
        start = self.after_rule or self.anchor.value
        start = start.replace("_", " ") + (" due" if self.after_rule else "")
        if self.occurrences:
            spans = ", ".join(span.describe() for span in self.occurrences)
            return f"{spans} after {start}"
        rule = f"{self.due.describe()} after {start}"
        if self.repeat_every is not None:
            rule += f", then every {self.repeat_every.describe()}"
        if self.grace != Span():
            rule += f"; alert after {self.grace.describe()} grace"
        if self.not_owed_when_judged:
            judged = " or ".join(g.value.replace("_", " ") for g in self.not_owed_when_judged)
            rule += f"; not for reports finding {judged}"
        if self.published_from is not None:
            rule += f"; for reports published from {self.published_from:%-d %B %Y}"
        if self.published_before is not None:
            rule += f"; for reports published before {self.published_before:%-d %B %Y}"
        if self.due_before is not None:
            rule += f"; only when due before {self.due_before:%-d %B %Y}"
        return rule


class Recipient(StrEnum):
    """Who a reminder or escalation goes to; names and addresses are set per intervention."""

    OWNER = "owner"
    IMPROVEMENT_TEAM = "improvement_team"
    DIRECTOR = "director"  # Director of Children's Services
    CHIEF_EXECUTIVE = "chief_executive"
    LEAD_MEMBER = "lead_member"  # Lead Member for children's services
    # Whoever oversees for the DfE at that moment: the commissioner, else the improvement
    # adviser, else the DfE's case lead (`domain.oversight`).
    OVERSIGHT = "oversight"


class Rung(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    working_days_from_due: int
    level: int | None = None  # None for the reminder before the deadline
    marks_missed: bool = False
    to: tuple[Recipient, ...]

    def on(self, due: date) -> date:
        return add_working_days(due, self.working_days_from_due)


class ReceiptRule(BaseModel):
    """When the council is taken to have received a report whose receipt nobody gave."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    working_days_before_publication: int = Field(ge=0)
    source: str

    def assumed(self, published_on: date) -> date:
        return add_working_days(published_on, -self.working_days_before_publication)


class RecordingLimits(BaseModel):
    """How far a fact may lie from the inspection and still be taken as typed: limits on what
    is recorded, not deadlines, kept with the rules so that every number is in one place."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # What was in place at the inspection (a notice or direction from the report before, a
    # board) may take effect this long before its fieldwork ended.
    in_force_before: Span
    # Back on site this long after a visit whose report never came into the record, Ofsted is
    # making a new inspection: that report is not coming.
    report_awaited: Span
    # A report is received a few working days before it is published: a day given this long
    # before is a year or a month typed wrong. None: no limit (versions before it).
    received_before_published: Span | None = None
    source: str


class SupportRule(BaseModel):
    """Support and supervision after a notice is lifted or a direction revoked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lasts: Span
    source: str


class RecordedElsewhere(BaseModel):
    """Facts that bring a report of another regime's (a children's services inspection's, on a
    SEND record): refused, saying where they go instead."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    milestones: tuple[str, ...]
    instead: str
    source: str


class Regime(VersionChoices):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    version: int = Field(ge=1)
    title: str
    # What an intervention under it opens on: the children's services inspections, or an area
    # SEND inspection, each followed by rules of its own.
    opens_on: tuple[ReportKind, ...] = (
        ReportKind.INSPECTION,
        ReportKind.FOCUSED_VISIT,
        ReportKind.JTAI,
        ReportKind.ANNUAL_ASSESSMENT,
        ReportKind.JOINT_AREA_REVIEW,
    )
    # What a report recorded under it may be judged: the children's services grades, or the
    # outcomes of an area SEND inspection.
    judgements: tuple[Grade, ...] = CHILDRENS_SERVICES_GRADES
    # What changed from the version before, for `intervention regime show` and the diff.
    changes: str = ""
    milestones: tuple[MilestoneRule, ...]
    ladder: tuple[Rung, ...]
    # Expected deadlines are flagged the working day after due date plus grace.
    overdue_to: tuple[Recipient, ...] = (Recipient.IMPROVEMENT_TEAM,)
    pauses: tuple[Pause, ...] = ()
    receipt: ReceiptRule | None = None
    # The DfE's support and supervision after a notice is lifted or a direction revoked; none
    # under a regime whose interventions end there.
    support: SupportRule | None = None
    recording: RecordingLimits
    recorded_elsewhere: RecordedElsewhere | None = None

    @model_validator(mode="after")
    def _rules_name_each_other(self) -> Regime:
        names = [rule.name for rule in self.milestones]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"rules named twice: {', '.join(repeated)}")
        for rule in self.milestones:
            if rule.after_rule is not None and rule.after_rule not in names:
                raise ValueError(
                    f"rule {rule.name!r} counts from {rule.after_rule!r}, which is not a rule"
                )
        for pause in self.pauses:
            unknown = sorted(set(pause.milestones) - set(names))
            if unknown:
                raise ValueError(f"pause {pause.name!r} names unknown rules: {unknown}")
        return self

    @property
    def judged_as(self) -> tuple[str, ...]:
        """Its `judgements` as a person gives them."""
        return tuple(grade.value for grade in self.judgements)

    def recorded_instead(self, milestone: str) -> str | None:
        """Where `milestone` goes instead, when this regime does not record it."""
        elsewhere = self.recorded_elsewhere
        return elsewhere.instead if elsewhere and milestone in elsewhere.milestones else None

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def reminder(self) -> Rung | None:
        """The rung before the deadline, when the ladder has one."""
        return next((rung for rung in self.ladder if rung.level is None), None)

    def rule(self, name: str) -> MilestoneRule | None:
        return next((rule for rule in self.milestones if rule.name == name), None)

    def rules_met_by(self, milestone: str, decided: bool = False) -> tuple[MilestoneRule, ...]:
        """The rules `milestone` meets; with `decided`, those it meets once the DfE has decided
        who runs the services too."""
        return tuple(rule for rule in self.milestones if rule.meets(milestone, decided))

    def rules_anchored_at(self, anchor: Anchor) -> tuple[MilestoneRule, ...]:
        return tuple(rule for rule in self.milestones if rule.anchor is anchor)

    def names_anchored_at(self, anchor: Anchor) -> set[str]:
        return {rule.name for rule in self.rules_anchored_at(anchor)}

    def dfe_reviews(self) -> list[MilestoneRule]:
        """The DfE's own series of reviews: the recurring rules a notice or direction sets."""
        return [r for r in self.rules_anchored_at(Anchor.INTERVENTION_ISSUED) if r.repeat_every]

    def commissioner_reports(self) -> set[str]:
        """The commissioner's reports: the deadlines her appointment sets."""
        return self.names_anchored_at(Anchor.COMMISSIONER_APPOINTED)

    def counts_from_receipt(self, kind: ReportKind) -> bool:
        """Whether a report of `kind` is owed anything counted from its receipt: when nothing
        is (an annual assessment), the day it came need not be known, nor assumed."""
        return any(
            kind not in rule.not_owed_for for rule in self.rules_anchored_at(Anchor.REPORT_RECEIVED)
        )

    def rules_after(self, rule: str) -> tuple[MilestoneRule, ...]:
        return tuple(r for r in self.milestones if r.after_rule == rule)

    def pauses_for(self, milestone: str) -> tuple[Pause, ...]:
        return tuple(pause for pause in self.pauses if milestone in pause.milestones)

    def due_on(self, rule: MilestoneRule, start: date, span: Span | None = None) -> date:
        """The due date `span` (the rule's own by default) after `start`, moved later by every
        day of a national pause that the count runs into: up to that date, or under the older
        regimes up to the day an alert would go."""
        if self.pauses_move_only_what_they_stop:
            return self._counted(rule, start, span or rule.due)
        plain = (span or rule.due).after(start)
        due = plain
        while True:
            alert = self.alert_for(rule.kind, rule.name, due)
            moved = plain + timedelta(days=_total(self._paused_days(rule, start, alert)))
            if moved == due:
                return due
            due = moved

    def letter_brings_duties(self, published: date) -> bool:
        """Whether a letter naming priority actions, published on `published`, brings duties."""
        since = self.letters_bring_duties_from
        return since is None or published >= since

    def pause_holding(self, rule: MilestoneRule, day: date) -> Pause | None:
        """The pause of `rule` under way on `day`, if one is."""
        return next((p for p in self.pauses_for(rule.name) if p.from_ <= day < p.until), None)

    def before_any_series(self, milestone: str, day: date) -> bool:
        """Whether a fact of `day` that rule `milestone` is met by came while its owner kept no
        series of them (a pause with `no_series`): it is held, and meets no occurrence."""
        return any(
            pause.no_series and pause.from_ <= day < pause.until
            for pause in self.pauses_for(milestone)
        )

    def held_outside_every_series(self, fact: str, day: date) -> bool:
        """Whether a fact of `day` (`monitoring_visit_completed`) came while none of the rules
        it meets kept a series: it meets none, and is numbered as its owner counted."""
        rules = self.rules_met_by(fact)
        return bool(rules) and all(self.before_any_series(rule.name, day) for rule in rules)

    def count_begins(self, rule: MilestoneRule, start: date) -> date:
        """The day a count from `start` begins: under the regimes that say so, a count that
        starts in a pause starts when it ends (a visit due a quarter after one of 2011, before
        Ofsted's quarterly monitoring began, is due a quarter after it began, 1 September 2016,
        as every other one counted in those years)."""
        if self.pauses_move_only_what_they_stop:
            while (pause := self.pause_holding(rule, start)) is not None:
                start = pause.until
        return start

    def pauses_run_into(
        self, rule: MilestoneRule, start: date, due: date
    ) -> tuple[tuple[Pause, int], ...]:
        """The pauses a count from `start` that fell due on `due` ran into once begun, with the
        days of each it stood still for, as `due_on` counted them."""
        if self.pauses_move_only_what_they_stop:
            return self._paused_days(rule, self.count_begins(rule, start), _after(due))
        return self._paused_days(rule, start, self.alert_for(rule.kind, rule.name, due))

    def grace_ends(self, rule: MilestoneRule, due: date) -> date:
        """The last day of the grace `rule` gives after `due` before calling it overdue; a
        pause the grace runs into lengthens it, under the regimes that say so."""
        if self.pauses_move_only_what_they_stop:
            return self._counted(rule, due, rule.grace)
        return rule.grace.after(due)

    def grace_moved_by(self, rule: MilestoneRule, due: date) -> tuple[tuple[Pause, int], ...]:
        """The pauses that lengthened the grace after `due`, with the days of each."""
        if not self.pauses_move_only_what_they_stop:
            return ()
        return self._paused_days(rule, due, _after(self.grace_ends(rule, due)))

    def _paused_days(
        self, rule: MilestoneRule, start: date, end: date
    ) -> tuple[tuple[Pause, int], ...]:
        """Each of the rule's pauses with the days of it from `start` up to `end` (exclusive)."""
        within = ((pause, pause.days_within(start, end)) for pause in self.pauses_for(rule.name))
        return tuple((pause, days) for pause, days in within if days)

    def _counted(self, rule: MilestoneRule, start: date, span: Span) -> date:
        """`span` after `start`, the count standing still while any of the rule's pauses lasts:
        begun once no pause holds it, and moved later by every day of a pause it then runs into
        up to the day it lands on, so that it never ends inside one."""
        begins = self.count_begins(rule, start)
        plain = span.after(begins)
        end = plain
        while True:
            moved = plain + timedelta(days=_total(self._paused_days(rule, begins, _after(end))))
            if moved == end:
                return end
            end = moved

    def is_late(self, kind: DeadlineKind, milestone: str, due: date, on: date) -> bool:
        """Whether a deadline due on `due` and met on `on` was met late: after its due date,
        or, for what others are expected to do under the regimes that say so, after the grace
        its rule gives before calling it overdue."""
        kind = self.acting_kind(kind, milestone)
        rule = self.rule(milestone) if self.late_after_grace and not kind.escalates else None
        return on > (self.grace_ends(rule, due) if rule is not None else due)

    def acting_kind(self, kind: DeadlineKind, milestone: str) -> DeadlineKind:
        """The kind the clock takes a deadline of `kind` and `milestone` for: a condition in
        place of a series of what others are expected to do (the DfE's reviews) is that
        series', under the regimes that say so. One in place of a single report by a day the
        instrument names stays a condition: that day is firm (Barnet: the commissioner's report
        "by the end of November" 2017, in on 8 December)."""
        if kind is DeadlineKind.CONDITION and self.a_condition_keeps_its_rules_grace:
            rule = self.rule(milestone)
            if rule is not None and not rule.kind.escalates and rule.repeat_every is not None:
                return rule.kind
        return kind

    def escalates(self, kind: DeadlineKind, milestone: str) -> bool:
        """Whether the ladder acts on a deadline of `kind` and `milestone`, rather than one
        overdue alert after its grace."""
        return self.acting_kind(kind, milestone).escalates

    def alert_for(self, kind: DeadlineKind, milestone: str, due: date) -> date:
        """The first day the clock acts on a deadline of `milestone` due on `due`: its
        reminder, or, for what others are expected to do, the overdue alert the working day
        after the grace its rule gives."""
        kind = self.acting_kind(kind, milestone)
        rule = None if kind.escalates else self.rule(milestone)
        if rule is None:
            return self.alert_on(kind, due)
        return add_working_days(self.grace_ends(rule, due), 1)

    def alert_on(self, kind: DeadlineKind, due: date) -> date:
        """The first day the clock acts on a deadline no rule gives grace: its reminder, or its
        overdue alert."""
        if kind.escalates:
            reminder = self.reminder
            return reminder.on(due) if reminder else due
        return add_working_days(due, 1)


def _after(day: date) -> date:
    """The day after `day`: the exclusive end of a count that includes `day`."""
    return day + timedelta(days=1)


def _total(paused: tuple[tuple[Pause, int], ...]) -> int:
    return sum(days for _, days in paused)
