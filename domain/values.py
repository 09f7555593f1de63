"""Value objects shared by commands and events: people, roles, grades, inspections, text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    field_validator,
    model_validator,
)

from domain.calendar import INSPECTION_YEARS


def _control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs")


def _printable(value: str) -> str:
    # Names end up in committee papers, logs and e-mails: refuse control characters outright
    # rather than strip them, so nothing a person typed is silently changed.
    # Most text is printable throughout, which str.isprintable answers in C; the rest (line
    # breaks, tabs, other spaces) is looked at character by character.
    if not value.isprintable():
        bad = next((ch for ch in value if ch not in "\n\t" and _control(ch)), None)
        if bad is not None:
            raise ValueError(f"contains the control character U+{ord(bad):04X}; use printable text")
    if not value.strip():
        raise ValueError("is blank; give some text")
    return value.strip()


Text = Annotated[str, Field(max_length=2000), AfterValidator(_printable)]
Name = Annotated[str, Field(max_length=200), AfterValidator(_printable)]


class Role(StrEnum):
    VIEWER = "viewer"
    IMPROVEMENT_TEAM = "improvement_team"
    MANAGER = "manager"
    ADMIN = "admin"
    SYSTEM = "system"  # the engine itself: deadlines, reminders, escalations

    @property
    def label(self) -> str:
        """As people say it: "improvement team", not `improvement_team`."""
        return self.value.replace("_", " ")


class Actor(BaseModel):
    """Who acts, in which role, and for which organisation: a council covers its own
    authorities; `authorities` None means every authority (the DfE, the engine itself, and
    every actor recorded before organisations existed). `domain.access` decides with it."""

    model_config = ConfigDict(frozen=True)

    name: Name
    role: Role
    organisation: Name | None = None
    authorities: tuple[Name, ...] | None = Field(default=None, min_length=1, max_length=200)


SYSTEM_ACTOR = Actor(name="intervention engine", role=Role.SYSTEM)


class Contact(BaseModel):
    """A person a reminder or escalation is sent to."""

    # A misspelt address field would leave the person with no address, and nobody told.
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    email: Annotated[str, Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = (
        None
    )
    webhook: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = None
    # A Teams channel's incoming webhook (Workflows): the Adaptive Card goes there.
    teams: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = None


# Contacts by recipient role, as an intervention holds them: read from a file or a request,
# and written into its read-model row.
ContactLists = dict[str, list[Contact]]
CONTACTS = TypeAdapter(ContactLists)


class Grade(StrEnum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    # The grade below good until November 2013, when requires improvement replaced it: a report
    # of before then is recorded as it was judged (Cornwall: adequate, published 15 March 2013).
    ADEQUATE = "adequate"
    INADEQUATE = "inadequate"
    # The outcomes of Ofsted's and the CQC's area SEND inspection from January 2023: the
    # partnership's arrangements "typically lead to positive experiences and outcomes", "lead
    # to inconsistent experiences and outcomes", or there are "widespread and/or systemic
    # failings", which alone asks for a priority action plan and a monitoring inspection.
    POSITIVE_EXPERIENCES = "positive_experiences"
    INCONSISTENT_EXPERIENCES = "inconsistent_experiences"
    WIDESPREAD_FAILINGS = "widespread_failings"

    @property
    def fails(self) -> bool:
        """Whether the report finds the failings an intervention answers: a new cycle."""
        return self in (Grade.INADEQUATE, Grade.WIDESPREAD_FAILINGS)


AREA_SEND_OUTCOMES = (
    Grade.POSITIVE_EXPERIENCES,
    Grade.INCONSISTENT_EXPERIENCES,
    Grade.WIDESPREAD_FAILINGS,
)
# What Ofsted judges a council's children's services.
CHILDRENS_SERVICES_GRADES = tuple(grade for grade in Grade if grade not in AREA_SEND_OUTCOMES)


class ReportKind(StrEnum):
    """What Ofsted did that produced a report or letter with duties for the council."""

    INSPECTION = "inspection"  # a full ILACS inspection (the first, or a standard one)
    REINSPECTION = "reinspection"  # the re-inspection of an inadequate authority
    FOCUSED_VISIT = "focused_visit"
    JTAI = "jtai"  # joint targeted area inspection, with the other inspectorates
    # Ofsted and the CQC's inspection of a local area's arrangements for special educational
    # needs and disabilities (SEND): no grade; "widespread and/or systemic failings" come with
    # areas for priority action.
    AREA_SEND = "area_send"
    # The revisit of an area SEND inspection under the framework before January 2023, judging
    # whether the written statement of action had brought sufficient progress in each area of
    # significant weakness (Devon: the revisit of 23 to 25 May 2022, insufficient progress in
    # all four, the DfE's SEND improvement notice that September): no grade, and no plan or
    # monitoring inspection owed by a date of its own.
    SEND_REVISIT = "send_revisit"
    # Ofsted's annual assessment of a council's children's services (the annual performance
    # assessment to 2008, the children's services assessment to 2012), made under s138 of the
    # Education and Inspections Act 2006, not an inspection under s136: graded, and acted on by
    # the DfE (Essex and Milton Keynes: judged inadequate in the assessments published on 17
    # December 2008, a notice and a direction in 2009), but owing no statement of action.
    ANNUAL_ASSESSMENT = "annual_assessment"
    # A joint area review of the children's services in the council's area (Children Act 2004
    # s20, 2005 to 2009), graded: the report is circulated within 30 working days, and no
    # statement of action is asked for (SI 2005/1973 reg 3; Haringey's of November 2008).
    JOINT_AREA_REVIEW = "joint_area_review"

    @property
    def label(self) -> str:
        return _KIND_LABELS.get(self, self.value.replace("_", " "))

    @property
    def named(self) -> str:
        """Its label after "a" or "an": "an area SEND inspection", "a focused visit"."""
        return ("an " if self.label[0] in "aeiou" else "a ") + self.label


_KIND_LABELS = {
    ReportKind.JTAI: "JTAI",
    ReportKind.AREA_SEND: "area SEND inspection",
    ReportKind.SEND_REVISIT: "area SEND revisit",
}

# Letters of focused visits and JTAIs, and area SEND reports, carry no judgement; naming one
# where the judgement goes says what led to the intervention.
_UNGRADED = {
    kind.value: kind
    for kind in (
        ReportKind.FOCUSED_VISIT,
        ReportKind.JTAI,
        ReportKind.AREA_SEND,
        ReportKind.SEND_REVISIT,
    )
}
# The reports with no grade, named by their kind where a judgement would go.
UNGRADED_KINDS = frozenset(_UNGRADED.values())
# An intervention opens on children's services judged, or on an area SEND report by its kind.
_GRADES = tuple(grade.value for grade in CHILDRENS_SERVICES_GRADES)


class Inspection(BaseModel):
    """What led to the intervention: an ILACS inspection of any grade, or a focused visit or
    JTAI whose letter named priority actions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    started_on: date | None = None
    ended_on: date | None = None
    published_on: date
    # The statutory clocks count from receipt; when it is not given the regime's receipt rule
    # assumes a date (`domain.reports`), and every deadline resting on it says so.
    received_on: date | None = None
    kind: ReportKind = ReportKind.INSPECTION
    judgement: Grade | None = Grade.INADEQUATE
    # Areas for priority action a focused visit or JTAI letter names: they bring a statement
    # of action like a judgement does.
    priority_actions: list[Text] = Field(default_factory=list, max_length=50)

    @model_validator(mode="before")
    @classmethod
    def _ungraded_visit(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("judgement") in _UNGRADED:
            kind = _UNGRADED[data["judgement"]]
            given = data.get("kind")
            if given is not None and ReportKind(given) not in (ReportKind.INSPECTION, kind):
                other = ReportKind(given)
                # An ungraded kind has no grade to give: its own name is its judgement.
                instead = f"judgement {other.value!r}" if other.value in _UNGRADED else "a grade"
                raise ValueError(
                    f"judgement {data['judgement']!r} names {kind.named}, which is not "
                    f"{other.named}: leave kind out, or give {other.named} {instead}"
                )
            return {**data, "kind": kind, "judgement": None}
        return data

    @field_validator("judgement", mode="before")
    @classmethod
    def _a_known_judgement(cls, value: Any) -> Any:
        # The grades alone would be named by the enum's own message, leaving out the letters
        # that may stand where the judgement goes.
        if isinstance(value, str) and value not in _GRADES:
            shown = str(value)  # a member of `Grade` as the person wrote it, not its repr
            outcome = (
                f"{shown!r} is an area SEND inspection's outcome, given to a later report; an "
                "intervention opens on the area SEND report by its kind, judgement 'area_send'"
                if shown in AREA_SEND_OUTCOMES
                else f"{shown!r} is not a judgement"
            )
            raise ValueError(
                f"{outcome}: one of {', '.join(_GRADES)}; or, for a report naming priority "
                f"actions, one of {', '.join(_UNGRADED)}"
            )
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Inspection:
        for name in ("started_on", "ended_on", "published_on", "received_on"):
            value = getattr(self, name)
            if value is not None and value.year not in INSPECTION_YEARS:
                first, last = INSPECTION_YEARS[0], INSPECTION_YEARS[-1]
                raise ValueError(
                    f"{name} {value} is outside the years the bank holiday calendar covers "
                    f"for an inspection: {first} to {last}"
                )
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValueError(
                f"ended_on {self.ended_on} is before started_on {self.started_on}; "
                "an inspection ends on or after the day it starts"
            )
        if self.started_on and self.published_on < self.started_on:
            raise ValueError(
                f"published_on {self.published_on} is before started_on {self.started_on}; "
                "a judgement is published after the inspection starts"
            )
        if self.ended_on and self.published_on < self.ended_on:
            raise ValueError(
                f"published_on {self.published_on} is before ended_on {self.ended_on}; "
                "a judgement is published after the inspection ends"
            )
        if self.received_on and self.ended_on and self.received_on < self.ended_on:
            raise ValueError(
                f"received_on {self.received_on} is before ended_on {self.ended_on}; "
                "the report is received after the inspection ends"
            )
        if self.is_ungraded:
            if "judgement" in self.model_fields_set and self.judgement is not None:
                raise ValueError(
                    f"{self.kind.named} has no judgement; "
                    f"leave judgement out (got {self.judgement.value!r})"
                )
            object.__setattr__(self, "judgement", None)
        elif self.judgement is None:
            raise ValueError(f"an {self.kind.value} has a judgement: one of " + ", ".join(_GRADES))
        return self

    @property
    def report_received_on(self) -> date:
        return self.received_on or self.published_on

    @property
    def is_ungraded(self) -> bool:
        """Whether it carries no grade: a focused visit's or JTAI's letter, or an area SEND
        inspection's report."""
        return self.kind in _UNGRADED.values()

    @property
    def brings_duties(self) -> bool:
        """Whether its report brings a statement of action: every graded inspection report
        does; an ungraded one when it names priority actions."""
        return not self.is_ungraded or bool(self.priority_actions)

    @property
    def finished_on(self) -> date:
        """The earliest date a recorded fact may take effect."""
        return self.ended_on or self.started_on or min(self.report_received_on, self.published_on)


class AppointmentRole(StrEnum):
    """Who the DfE or the council appoints to oversee or support an intervention."""

    COMMISSIONER = "commissioner"
    IMPROVEMENT_ADVISER = "improvement_adviser"
    BOARD_CHAIR = "board_chair"  # the Improvement Board's independent chair
    PARTNER = "partner"  # a partner council or peer partner, e.g. a Sector-Led Improvement Partner


Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")]


class Condition(BaseModel):
    """Something a notice or direction requires: by a date, or every so many months or weeks
    while it is in force ("the commissioner reports by 4 December"; "the board chair reports to
    the Secretary of State every quarter, the first report by the year end"; St Helens' adviser
    "will write to the government minister every six weeks"). A recurring one falls due on its
    own calendar: `due` (or the issue date plus the period) and every period after."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Slug
    title: Text
    due: date | None = None
    every_months: int | None = Field(default=None, ge=1, le=24, title="Every so many months")
    every_weeks: int | None = Field(default=None, ge=1, le=104, title="Every so many weeks")
    owner: Name = "council"

    @model_validator(mode="after")
    def _a_date_rule(self) -> Condition:
        if self.every_months is not None and self.every_weeks is not None:
            raise ValueError(
                f"condition {self.name!r} gives every_months ({self.every_months}) and "
                f"every_weeks ({self.every_weeks}); give one of them"
            )
        if self.due is None and self.every_months is None and self.every_weeks is None:
            raise ValueError(
                f"condition {self.name!r} needs due (a date), every_months or every_weeks, or "
                "both (the first due date, then every so many months or weeks)"
            )
        return self


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _authority(value: str) -> str:
    # A council's people see its interventions by the name's slug, worked out here and in the
    # database (`authority_slug`), each with its own Unicode tables: a character these do not
    # define could be folded to a letter there and dropped here.
    unknown = next((ch for ch in value if unicodedata.category(ch) == "Cn"), None)
    if unknown is not None:
        raise ValueError(
            f"contains U+{ord(unknown):04X}, which Unicode {unicodedata.unidata_version} does "
            "not define; spell the authority without it"
        )
    if not slugify(value):
        raise ValueError(f"{value!r} has no letters or digits to name the intervention by")
    return value


# An authority's name: printable, and with a slug the engine and the database agree on.
Authority = Annotated[Name, AfterValidator(_authority)]
