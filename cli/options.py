"""Options and helpers every `intervention` command shares."""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import BaseModel, ValidationError

from cli.context import default_person, fail
from domain.plain_words import plainly, unknown_field
from domain.values import UNGRADED_KINDS, Actor, Grade, ReportKind, Role


class PersonRole(StrEnum):
    viewer = "viewer"
    improvement_team = "improvement_team"
    manager = "manager"
    admin = "admin"


class Graded(StrEnum):
    """What gave the grade, as `start --kind` takes it."""

    inspection = "inspection"
    annual_assessment = "annual_assessment"
    joint_area_review = "joint_area_review"


class LedBy(StrEnum):
    """What led to an intervention, as `start --judgement` takes it."""

    outstanding = "outstanding"
    good = "good"
    requires_improvement = "requires_improvement"
    adequate = "adequate"
    inadequate = "inadequate"
    focused_visit = "focused_visit"
    jtai = "jtai"
    area_send = "area_send"
    send_revisit = "send_revisit"


def parse_day(text: str) -> datetime:
    """A day written YYYY-MM-DD; refused saying whether the form or the date is wrong."""
    try:
        return datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise typer.BadParameter(
                f"{text!r} is not a real date; check the day and the month"
            ) from None
        raise typer.BadParameter(
            f"{text!r} is not a date written YYYY-MM-DD, such as 2026-03-07"
        ) from None


def parse_report(text: str) -> Grade | ReportKind:
    """What a report was, as `schedule --judgement` takes it: a grade (an area SEND outcome
    too, for the rules to refuse with their reason), or a report with no grade by its kind."""
    for kind in UNGRADED_KINDS:
        if text == kind.value:
            return kind
    try:
        return Grade(text)
    except ValueError:
        allowed = [*(g.value for g in Grade), *sorted(k.value for k in UNGRADED_KINDS)]
        raise typer.BadParameter(f"{text!r} is not one of {', '.join(allowed)}") from None


def day_option(*names: str, help: str | None = None) -> Any:
    """An option that takes a day written YYYY-MM-DD (`parse_day`)."""
    return typer.Option(*names, parser=parse_day, metavar="YYYY-MM-DD", help=help)


DateOption = Annotated[datetime, day_option()]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")]
IdArgument = Annotated[str, typer.Argument(metavar="ID", help="The intervention")]
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who is recording (default: $INTERVENTION_USER or login)")
]
RoleOption = Annotated[PersonRole, typer.Option("--role", help="Role of the person recording")]


def print_json(value: BaseModel | list[Any] | dict[str, Any]) -> None:
    if isinstance(value, BaseModel):
        sys.stdout.write(value.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def actor_from(by: str | None, role: PersonRole) -> Actor:
    try:
        return Actor(name=by or default_person(), role=Role(role.value))
    except ValidationError as error:
        raise fail(f"--by {by!r}: {error.errors()[0]['msg']}") from None


def validation_message(
    error: ValidationError, names: dict[str, str] | None = None, shape: Any = None
) -> str:
    """pydantic's problems in one line; `shape`, the type that was validated, lets a misspelt
    key be answered with the keys allowed there."""
    problems = []
    for problem in error.errors():
        field = ".".join(str(p) for p in problem["loc"])
        shown = (names or {}).get(field, field)
        given = problem.get("input")
        # The model's own checks name the value they refuse; as text, an enum's member or a
        # date reads as the person wrote it.
        shown_given = str(given) if isinstance(given, str | date) else given
        named = isinstance(given, str | int | date) and problem["type"] != "value_error"
        suffix = f" (got {shown_given!r})" if named else ""
        # A model's own check names its fields itself; a value of the wrong kind is said plainly.
        message = plainly(problem)
        if problem["type"] == "extra_forbidden" and shape is not None:
            message, suffix = unknown_field(shape, problem["loc"]), ""
        problems.append(f"{shown}: {message}{suffix}" if shown else f"{message}{suffix}")
    return "; ".join(problems)
