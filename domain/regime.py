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
from domain.values import Condition, Grade, ReportKind


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
    # Not owed for reports of these kinds: the law that asks for it does not cover them.
    not_owed_for: tuple[ReportKind, ...] = ()
    # Not awaited again for a report of these kinds while a commissioner or adviser the DfE
    # sent in is still in post: its intervention goes on (Wokingham: "Ministers said
    # interventions had taken place at authorities rated as poor", 9 December 2009).
    not_again_while_overseen: tuple[ReportKind, ...] = ()
    # Neither met nor set again by a later report of these kinds: it was not Ofsted coming back
    # (Kent: the assessment of December 2010 "performs poorly", Ofsted's re-inspection on site
    # in November 2012, KentOnline).
    not_again_for: tuple[ReportKind, ...] = ()
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

    def applies_to(self, kind: ReportKind, judgement: Grade | None) -> bool:
        return kind not in self.not_owed_for and (not self.judged or judgement in self.judged)

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
    source: str


class SupportRule(BaseModel):
    """Support and supervision after a notice is lifted or a direction revoked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lasts: Span
    source: str


class Regime(BaseModel):
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
    # What changed from the version before, for `intervention regime show` and the diff.
    changes: str = ""
    milestones: tuple[MilestoneRule, ...]
    ladder: tuple[Rung, ...]
    # Expected deadlines are flagged the working day after due date plus grace.
    overdue_to: tuple[Recipient, ...] = (Recipient.IMPROVEMENT_TEAM,)
    # A recurring duty keeps its own calendar: an occurrence nobody recorded is flagged and the
    # next one is still expected. Without it the series waits for a record.
    continue_missed_series: bool = False
    # Every report the council receives is a fact of its own (`ReportReceived`), bringing its
    # duties whatever its judgement. Without it only an inadequate judgement brings them.
    records_reports: bool = False
    # A fact recorded before the deadline it answers was set (a board that met before the
    # notice) meets that deadline when it is set.
    earlier_facts_count: bool = False
    # Lifting the notice or revoking the direction withdraws only what the rules end there (and
    # the instrument's conditions): a report's statutory duties and the council's own plan
    # outlive it. Without it every open deadline is withdrawn.
    duties_outlive_revocation: bool = False
    # Oversight escalations go to whoever is appointed at the time (commissioner, else adviser,
    # else the DfE case lead). Without it they go by the track: a direction's commissioner, a
    # notice's adviser.
    oversight_by_appointment: bool = False
    # A notice or direction issued when none is in force, the last one lifted or revoked, opens
    # a new intervention: it sets a board and progress reviews of its own. Without it only the
    # first notice or direction sets them.
    each_intervention_overseen: bool = False
    # Services kept with the council after a move to another provider was directed end the
    # move: the go-live date is withdrawn and a revocation is expected again. Without it the
    # move stands.
    kept_services_end_the_move: bool = False
    # A condition the council does not own (the commissioner's report) is chased by the DfE:
    # its escalations go to the DfE's case lead, not up the council's ladder, and a condition
    # named as one of the rules, with no owner given, is owned as that rule is. Without it
    # every condition is the council's to answer.
    others_conditions_chased_by_dfe: bool = False
    # A commissioner appointed once the DfE has decided who runs the services sees it through:
    # no review stage, and a report only on the day the appointment sets. Without it every
    # appointment starts a review with its report three months on.
    decided_commissioners_review_nothing: bool = False
    # The DfE's reviews, none held yet while a commissioner reviewed, count from its decision
    # to keep the services with the council. Without it they keep the instrument's calendar.
    reviews_count_from_decision: bool = False
    # A commissioner appointed the day the DfE decides who runs the services, recorded before
    # the decision, sees it through as one recorded after it does: a transfer directed
    # withdraws the report the appointment set, as keeping the services did, and the DfE's
    # review put back to wait for that report counts from the decision (Slough, October 2014;
    # Tameside, September 2024). Without it the report of a transfer's day stays awaited, the
    # review keeps the date of a report that will not come, and the day's order of records
    # decides both.
    the_decision_day_commissioner_sees_it_through: bool = False
    # A notice or direction issued while a commissioner the DfE sent in is already reviewing
    # (appointed earlier that day, or before the report) sets reviews that wait for the
    # commissioner's report, as an appointment after it would have them wait. Without it they
    # keep the instrument's calendar, and the day's order of records decides the date.
    reviews_wait_for_a_commissioner_already_reviewing: bool = False
    # A review put back to wait for a commissioner's report waits for the report itself: it is
    # not called overdue while the commissioner in post owes it, and a report that comes late
    # has the review count from the day it came (Reading: Nick Whitfield's report due in
    # December 2016, published with the DfE's decision of 12 September 2017). Without it the
    # review counts from the day the report was due, and is called overdue while the
    # commissioner reviews.
    reviews_wait_for_a_late_report: bool = False
    # A day the notice or direction set itself, as a condition named as one of the rules,
    # stands when a re-inspection's report would set that rule again (Rotherham: directions
    # to lapse on 31 March 2019, a condition named `revocation`, the report judged good of
    # January 2018). Without it the report withdraws the condition and sets the rule's date.
    an_instruments_own_dates_stand: bool = False
    # Ofsted on site ends the monitoring visits of every cycle, not only the one under way: an
    # annual assessment that began a cycle leaves the visits of the last report's (Warrington:
    # the report of November 2009, the assessment of that December, Ofsted on site again in
    # early 2011). Without it the visits of the earlier cycle stay awaited.
    ofsted_on_site_ends_every_cycles_visits: bool = False
    # A notice or direction issued in place of one from before the report under way sets the
    # DfE's reviews anew, from its day (Cumbria: notices after the reports of 2012 and 2013, a
    # direction after that of 2015). Without it the reviews keep the first one's calendar.
    a_later_reports_instrument_sets_its_reviews: bool = False
    # A commissioner's report of the day the DfE decided who runs the services is the report
    # it decided on, whichever was recorded first: it meets the commissioner's report awaited,
    # not the DfE's review as a report after the decision would (Reading: Nick Whitfield's
    # report published with the decision of 12 September 2017; Northamptonshire: Malcolm
    # Newsam's report and the trust directed on 14 May 2019). Without it a report recorded
    # after the decision stands for the DfE's review, and the day's order of records decides.
    a_decision_days_report_came_before_it: bool = False
    # A commissioner appointed the day the DfE decides who runs the services, her report's day
    # named, holds the DfE's reviews until that report, recorded before or after the decision
    # (West Sussex: John Coughlan kept on with the trust directed on 17 December 2019, to
    # report in twelve months). Without it the reviews wait only when she was appointed first.
    reviews_wait_for_a_decision_days_commissioner: bool = False
    # A commissioner appointed the day the DfE decides on a move in principle, the model still
    # to be worked out, reports on the options, recorded before or after the decision
    # (Worcestershire: Trevor Doughty appointed for a further period with the decision of 19
    # September 2017 to move the services into a company, his report on the options of 14
    # December). Without it one recorded after the decision sees it through and reports nothing.
    a_move_in_principle_wants_her_report: bool = False
    # A commissioner appointed the day the DfE keeps the services with the council came to see
    # the decision through, not to review: whether the DfE held a review since the
    # commissioner came counts from the one who reviewed before it. Without it the review is
    # counted from the decision or not as the day's records fell.
    reviews_since_the_reviewing_commissioner: bool = False
    # A notice or direction issued in place of another the day a re-inspection's report judged
    # inadequate came out follows that report, recorded before or after it: it sets the DfE's
    # reviews anew from its day, as one recorded after the report does. Without it one recorded
    # first keeps the earlier reviews' calendar.
    an_instrument_of_the_reports_day_follows_it: bool = False
    # The council's publication of a report may be recorded before the report itself, the
    # day it came out: it is held, and the report recorded after it, received on or before its
    # day, is answered by it (Kirklees, Croydon, Worcestershire, Sefton: each re-inspection's
    # report and its publication recorded the same day). Without it the publication is
    # refused until the report is on the record, or answers an earlier report's still open.
    a_publication_ahead_of_its_report_answers_it: bool = False
    # The DfE's review of the day it sends a commissioner in, recorded after her appointment,
    # leaves its next review to wait for her report, as when recorded before it: the review
    # that led to her coming is not one held beside her. Without it the next review keeps the
    # calendar, and the day's order of records decides.
    a_review_of_the_commissioners_day_came_before_her: bool = False
    # The DfE holds no review of its own while a commissioner it sent in reviews: its next
    # counts from the commissioner's report. Without it the reviews keep their calendar.
    reviews_wait_for_the_commissioner: bool = False
    # A fact of a recurring duty recorded with no number meets the occurrence already due by
    # its day (the latest), not the oldest still open, so that those nobody recorded stay missed
    # (Hertfordshire: the DfE's quarterly monitoring set by the notice of January 2024, its
    # stocktake of January 2025 shown under version 9 as April 2024's review met late, and
    # January's own flagged missed three days on). Numbered facts already did so.
    unnumbered_facts_meet_the_occurrence_due: bool = False
    # A condition due at a month's end every so many months stays at months' ends (a chair's
    # quarterly reports: 31 December, 31 March, 30 June, 30 September, 31 December). Without it
    # each falls due on the day of the month of the one before, and quarters' ends drift.
    month_ends_kept: bool = False
    # A fact of before the report the intervention follows (a focused visit that led to the
    # inspection) meets none of the series that report set. Without it it meets the first.
    series_follow_the_report: bool = False
    # A report's duty recorded with no number answers the latest report received by then, not
    # an older one whose duty went unrecorded. Without it the oldest open one.
    report_facts_answer_the_latest: bool = False
    # An occurrence of a series another party keeps (Ofsted's visits, the DfE's reviews) that
    # nobody recorded is flagged once and stays open: the next visit or review meets it, and the
    # one after counts from that one. Without it the next is set when one is flagged, and each
    # unrecorded occurrence stays missed.
    unrecorded_occurrence_waits: bool = False
    # What another party does within the grace the engine gives it before calling it overdue
    # is met, not met late. Without it anything after the due date is late.
    late_after_grace: bool = False
    # A board set up while the intervention ran meets the board deadline of a later notice or
    # direction of the same intervention, across a new report; only one that ended (lifted or
    # revoked) asks for a new board. Without it only a board of the cycle under way counts.
    board_serves_the_intervention: bool = False
    # A national pause moves an expected date by the days of it the count from the anchor runs
    # into before that date, and the overdue alert by those its grace runs into too: a visit
    # due before the pause stays due then, only its alert waits. Without it every day of a
    # pause up to the alert moves the due date as well.
    pauses_move_only_what_they_stop: bool = False
    # Only a date that rests on an assumed receipt is marked assumed: the next visit or review
    # counted from one that took place is not. Without it the mark passed down the series.
    assumed_only_where_it_counts: bool = False
    # A letter naming priority actions brings its statement of action and publication only
    # from this day (JTAIs' written statements from February 2016, focused visits' action plans
    # from 2018); the unannounced inspections of 2009 to 2013 named "areas for priority action"
    # with none asked for. Without it a letter brings them whenever it came.
    letters_bring_duties_from: date | None = None
    # A letter of before the inspection the record opened on is history: it brings no duties
    # here, since nothing that answered them could be recorded before that inspection ended
    # (St Helens: the focused visit of July 2018, its action plan that September, the report of
    # November 2019). Without it its duties are set, and stay missed.
    earlier_letters_are_history: bool = False
    # A direction stepped down to a notice ends the commissioner's appointment, as revoking it
    # does (Hull, 5 August 2022). Without it the commissioner stays until the appointment is
    # ended by hand.
    stepping_down_ends_the_commissioner: bool = False
    # Only what was done once the inspection was over answers what its report set: an adviser
    # or commissioner already in post is not the DfE's decision on it (Bournemouth,
    # Christchurch and Poole: an adviser from 2020, the report of early 2022). Without it an
    # appointment of any date answers it.
    decisions_follow_the_inspection: bool = False
    # A report not judged inadequate with no notice or direction in force ends the
    # intervention: there is nothing for the DfE to lift (Darlington: requires improvement in
    # May 2018 after an intervention without a notice; Sutton: good in July 2025). Without it
    # the stage is awaiting revocation, though nothing can be revoked.
    nothing_to_revoke_ends_it: bool = False
    # A visit or review recorded with its owner's number several past the one awaited says
    # each before it took place: every one between is withdrawn as held but not recorded
    # (Wandsworth: Ofsted's third visit, reported on 6 April 2017, the first and second not
    # found). Without it only the one awaited is, and those between appear nowhere.
    every_skipped_occurrence_withdrawn: bool = False
    # A full inspection after a record opened on a letter (a focused visit's, a JTAI's) is an
    # inspection, not a re-inspection: nothing before it was inspected in full (Halton: the
    # focused visit of October 2021, its standard inspection of May 2024). Without it every
    # report after the first is a re-inspection's.
    first_full_inspection_is_not_a_reinspection: bool = False
    # The numbered visit or review itself, when those before it were held and not recorded, is
    # due the day it took place: when it fell due hangs on days nobody recorded (Blackpool:
    # Ofsted's third visit in September 2021, the first two not found; Buckinghamshire: its
    # fourth in October 2019, the second and third not found). Without it the numbered one is
    # due when the one awaited was, and shown met late, by years where a pause came between.
    numbered_occurrence_due_when_held: bool = False
    pauses: tuple[Pause, ...] = ()
    receipt: ReceiptRule | None = None
    # The DfE's support and supervision after a notice is lifted or a direction revoked; none
    # under a regime whose interventions end there.
    support: SupportRule | None = None
    recording: RecordingLimits

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
        rule = self.rule(milestone) if self.late_after_grace and not kind.escalates else None
        return on > (self.grace_ends(rule, due) if rule is not None else due)

    def alert_for(self, kind: DeadlineKind, milestone: str, due: date) -> date:
        """The first day the clock acts on a deadline of `milestone` due on `due`: its
        reminder, or, for what others are expected to do, the overdue alert the working day
        after the grace its rule gives."""
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
