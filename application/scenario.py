"""Scenario files for `intervention simulate`: YAML in, a validated `Scenario` out.

Errors name the step and the line of the file, so a person can find the mistake.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from application.text_files import PLAN_TEXT, NotTextError, read_text
from domain.carry import carried
from domain.commands import Detail, OpenIntervention, RecordMilestone
from domain.errors import unknown_milestone
from domain.history import PastStep
from domain.milestones import MILESTONES
from domain.plain_words import at_most_shown, unknown_field
from domain.plan import ChangePlan, PlanChange
from domain.plan_csv import PlanFileError, parse_plan_csv
from domain.values import Actor, Authority, Contact, Inspection, Role

LINE_KEY = "__line__"
KEY_LINES = "__key_lines__"
DEFAULT_ACTOR = Actor(name="Improvement Team", role=Role.IMPROVEMENT_TEAM)


class ScenarioError(Exception):
    """A scenario that cannot be read, with every mistake found in it, each on a line of its
    own: a person fixing a file of sixty facts sees them all at once, not one per attempt."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


class Step(BaseModel):
    """One thing that happens on a day: a milestone recorded, or a change to the plan."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    on: date
    record: str | None = None
    # A single plan change ({type: update_action, ref: A1.1, rag: green}) or a list of them.
    plan: list[PlanChange] = Field(default_factory=list)
    # A plan file (CSV) beside the scenario, imported whole.
    plan_import: str | None = None
    # When the fact took effect, if not the day it is recorded (a late recording).
    effective_on: date | None = None
    by: Actor = DEFAULT_ACTOR
    details: dict[str, Detail] = Field(default_factory=dict, alias="with")

    @field_validator("record")
    @classmethod
    def _known(cls, record: str | None) -> str | None:
        """A name the engine does not know is a mistake of the file, found with the others when
        it is read, not one at a time as its steps are tried."""
        if record is not None and record not in MILESTONES:
            raise PydanticCustomError(
                "unknown_milestone", "{text}", {"text": unknown_milestone(record, MILESTONES)}
            )
        return record

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if isinstance(data.get("with"), dict):
            data = {**data, "with": {k: detail_value(v) for k, v in data["with"].items()}}
        if isinstance(data.get("plan"), dict):
            data = {**data, "plan": [data["plan"]]}
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Step:
        given = [name for name in ("record", "plan", "plan_import") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("a step has exactly one of record, plan or plan_import")
        return self

    @property
    def what(self) -> str:
        if self.record:
            return self.record
        if self.plan_import:
            return f"plan_import {self.plan_import}"
        return ", ".join(change.type for change in self.plan)

    @property
    def command(self) -> RecordMilestone | ChangePlan:
        """What the step asks the engine to record, as the Update takes it."""
        effective_on = self.effective_on or self.on
        if self.record:
            return RecordMilestone(
                milestone=self.record,
                effective_on=effective_on,
                actor=self.by,
                details=self.details,
            )
        return ChangePlan(
            changes=self.plan, effective_on=effective_on, actor=self.by, source=self.plan_import
        )


def detail_value(value: object) -> Detail:
    """A field of a step as the command takes it: text, a list of text, or a list of mappings
    of text (a notice's conditions)."""
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value) and value:
            return [{str(k): _scalar(v) for k, v in item.items()} for item in value]
        return [_scalar(item) for item in value]
    return _scalar(value)


def _scalar(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    authority: Authority
    regime: str = "ilacs"
    # The regime's current version unless one is named: a scenario of a past intervention may
    # replay it under the rules it ran under.
    regime_version: int | None = Field(default=None, ge=1)
    inspection: Inspection
    contacts: dict[str, list[Contact]] = Field(default_factory=dict)
    opened_by: Actor = DEFAULT_ACTOR
    steps: list[Step] = Field(default_factory=list)
    end_on: date | None = None
    # Where each step, and the inspection it opens on, is written in its file: a step the rules
    # refuse when it runs is named by its line, as a mistake found when the file is read is.
    _lines: tuple[int | None, ...] = PrivateAttr(default=())

    def line_of_step(self, number: int) -> int | None:
        """The line of step `number` (counted from 1; 0 is the opening, on the inspection)."""
        return self._lines[number] if number < len(self._lines) else None

    @property
    def opening(self) -> OpenIntervention:
        """The command that opens the scenario's intervention."""
        return carried(self, OpenIntervention, actor=self.opened_by).under_current_rules()

    @property
    def past(self) -> list[PastStep]:
        """The steps as an intervention's past, for importing it."""
        return [PastStep(on=self.recorded_on(step), command=step.command) for step in self.steps]

    def recorded_on(self, step: Step) -> date:
        """The day a step is recorded: its own, or, for a fact already in place before the
        report (Herefordshire's notice of May 2021, before the report of September 2022), the
        day the intervention opens; its effective_on stays the day it happened (`on`, unless
        the step gives its own), as if the person had written that."""
        return max(step.on, self.inspection.published_on)

    @property
    def last_day(self) -> date:
        """The day the scenario ends: `end_on`, or the day its last step is recorded."""
        return self.end_on if self.end_on is not None else self.last_step_day

    @property
    def last_step_day(self) -> date:
        """The day the last step is recorded, or the day the intervention opens."""
        return self.recorded_on(self.steps[-1]) if self.steps else self.inspection.published_on

    def out_of_order(self) -> tuple[int | None, str] | None:
        """The first step (1-based; None for end_on) out of date order, and why."""
        for number, (before, step) in enumerate(pairwise(self.steps), start=2):
            if step.on < before.on:
                return number, (
                    f"on {step.on} is before {before.on}, the day of step {number - 1}; "
                    "steps run in date order"
                )
        if self.end_on is not None and self.end_on < self.last_step_day:
            return None, f"end_on {self.end_on} is before the last step on {self.last_step_day}"
        return None


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of each mapping and of each of its keys.

    Booleans are YAML 1.2's `true` and `false` only: in YAML 1.1 `on`, `yes` and `no` are
    booleans too, and `on` is the key every step starts with. Dates stay text for pydantic to
    check, so an impossible date is reported with its step and line like any other mistake.
    Aliases are refused: a few nested ones expand to millions of nodes, and a scenario has no
    need to repeat itself.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None,
                None,
                f"alias *{alias.anchor} is not allowed in a scenario; write the value out",
                alias.start_mark,
            )
        return super().compose_node(parent, index)


_PLAIN_TEXT_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN_TEXT_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    key_lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        if key in key_lines:
            # PyYAML would keep the last silently; a person meant one of them.
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{key!r} is given twice (first on line {key_lines[key]}); keep one",
                key_node.start_mark,
            )
        key_lines[key] = key_node.start_mark.line + 1
    mapping = {str(key): value for key, value in loader.construct_mapping(node, deep=True).items()}
    mapping[LINE_KEY] = node.start_mark.line + 1
    mapping[KEY_LINES] = key_lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in (LINE_KEY, KEY_LINES)}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _line_of(raw: Any, location: tuple[int | str, ...]) -> int | None:
    line = raw.get(LINE_KEY) if isinstance(raw, dict) else None
    node = raw
    for part in location:
        if isinstance(node, dict) and part in node.get(KEY_LINES, {}):
            line = node[KEY_LINES][part]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and LINE_KEY in node:
            line = node[LINE_KEY]
    return line


def _problems(raw: Any, source: str, errors: list[ErrorDetails]) -> list[str]:
    """Each mistake once, where it is; the names the engine knows follow any it does not
    know."""
    said: dict[tuple[int | str, ...], str] = {}
    for problem in errors:
        # A field that fits none of its types is one mistake, said once: a step's field, or a
        # field of the file (pydantic names each type it tried after the field).
        location = tuple(problem["loc"])
        stepped = _step_of(location) is not None
        said.setdefault(location[: 3 if stepped else 2], _described(raw, source, problem))
    shown = at_most_shown(list(said.values()), lambda more: f"{source}: and {more} more")
    if any(problem["type"] == "unknown_milestone" for problem in errors):
        shown.append(f"{source}: the milestones are {', '.join(MILESTONES)}")
    return shown


def _step_of(location: tuple[int | str, ...]) -> int | None:
    """The index of the step a problem's location is in, if it is in one."""
    if len(location) >= 2 and location[0] == "steps" and isinstance(location[1], int):
        return location[1]
    return None


def _described(raw: Any, source: str, problem: ErrorDetails) -> str:
    """One mistake, with the line and the step it is on, the field, and the value given."""
    location = tuple(problem["loc"])
    line = _line_of(raw, location)
    where = f" line {line}" if line else ""
    step = ""
    if (index := _step_of(location)) is not None:
        step = f" step {index + 1}"
        location = location[2:]
    field = ".".join(str(part) for part in location)
    given = problem.get("input")
    message = str(problem["msg"])
    if problem["type"] in ("value_error", "unknown_milestone"):
        # The engine's own rules name the value they refuse.
        message, given = message.removeprefix("Value error, "), None
    elif problem["type"].startswith("date_"):
        # As the command line says it: the form a date is written in, or a day that is not
        # in the calendar.
        message = (
            "is not a real date; check the day and the month"
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(given))
            else "is not a date written YYYY-MM-DD, such as 2026-03-07"
        )
    elif problem["type"] == "extra_forbidden":
        message, given = unknown_field(Scenario, tuple(problem["loc"])), None
    shown = "" if isinstance(given, dict | list) or given is None else f" (got {given!r})"
    return f"{source}{where}{step}: {field + ': ' if field else ''}{message}{shown}"


def parse_scenario(text: str, source: str = "scenario") -> Scenario:
    try:
        raw = yaml.load(text, Loader=_LineLoader)
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow: the reader knows its offset, not its line.
        at_line = text.count("\n", 0, error.position) + 1
        raise ScenarioError(
            f"{source} at line {at_line}: character {error.character!r} is not allowed in YAML; "
            "remove it"
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ScenarioError(f"{source}{where}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ScenarioError(f"{source}: expected a mapping with authority, inspection and steps")
    try:
        scenario = Scenario.model_validate(_strip_lines(raw))
    except ValidationError as error:
        raise ScenarioError(*_problems(raw, source, error.errors())) from None
    scenario._lines = tuple(
        _line_of(raw, location)
        for location in [("inspection",), *(("steps", n) for n in range(len(scenario.steps)))]
    )
    disorder = scenario.out_of_order()
    if disorder is not None:
        number, reason = disorder
        if number is None:
            raise ScenarioError(f"{source} line {_line_of(raw, ('end_on',))}: {reason}")
        line = _line_of(raw, ("steps", number - 1))
        raise ScenarioError(f"{source} line {line} step {number}: {reason}")
    return scenario


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario, and the plan files it imports (paths relative to it)."""
    try:
        text = read_text(path, "scenario")
    except NotTextError as error:
        raise ScenarioError(str(error)) from None
    scenario = parse_scenario(text, str(path))
    steps = []
    for number, step in enumerate(scenario.steps, start=1):
        if step.plan_import:
            plan_file = path.parent / step.plan_import
            try:
                changes = parse_plan_csv(read_text(plan_file, "plan", PLAN_TEXT))
            except NotTextError as error:
                raise ScenarioError(f"{path} step {number}: {error}") from None
            except PlanFileError as error:
                raise ScenarioError(f"{path} step {number}: {plan_file.name} {error}") from None
            step = step.model_copy(update={"plan": changes})
        steps.append(step)
    return scenario.model_copy(update={"steps": steps})
