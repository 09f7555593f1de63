"""The record form's fields, built from each milestone's event model: whatever fields a milestone
gains, the form asks for them with the input that fits their type, and reads them back into the
`details` the API takes. Only the shape of the input is decided here; whether a value is allowed
is the domain's to say, and its error comes back naming the field it is about."""

from __future__ import annotations

import types
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from domain.commands import Detail
from domain.events import MilestoneEvent
from domain.milestones import ENGINE_FIELDS, MILESTONES

DATE_PARTS = ("day", "month", "year")
# A closed set this short reads best as radios; a longer one as a select.
MOST_RADIOS = 6
UNIONS = (Union, types.UnionType)
# A group's items: room for this many without a script to add more, and never more than this.
GROUP_ROOM = 3
MOST_ITEMS = 50
# Names are short; longer free text (a note) gets a box of several lines.
LONGEST_ONE_LINE = 200


@dataclass(frozen=True)
class FormField:
    name: str  # the detail's name, as the API takes it
    label: str
    widget: str  # radios, select, date, number, lines, textarea, text, or group
    required: bool
    choices: tuple[str, ...] = ()
    hint: str | None = None
    # A group is a list of things with fields of their own (a notice's conditions): these.
    parts: tuple[FormField, ...] = ()
    # Where the input sits in the form: under "details", or in one item of a group.
    within: str = "details"

    @property
    def key(self) -> str:
        """The input's name in the form, and where the field's error is kept."""
        return f"{self.within}.{self.name}"

    @property
    def id(self) -> str:
        return self.key.replace(".", "-")

    @property
    def anchor(self) -> str:
        """What the error summary links to: the first input of the field."""
        if self.widget == "group":
            return self.item(0)[0].anchor
        return f"{self.id}-day" if self.widget == "date" else self.id

    def item(self, index: int) -> list[FormField]:
        """The inputs of the group's item `index` (from 0)."""
        return [replace(part, within=f"{self.key}.{index}") for part in self.parts]

    def filled(self, values: dict[str, str]) -> int:
        """How many of a group's items have something typed in them."""
        return sum(
            1
            for index in range(MOST_ITEMS)
            if any(k.startswith(f"{self.key}.{index}.") and v.strip() for k, v in values.items())
        )

    def items_shown(self, values: dict[str, str]) -> int:
        """Items of a group to show: those filled in, and room for more."""
        return min(max(GROUP_ROOM, self.filled(values) + 1), MOST_ITEMS)


def _bare(annotation: Any) -> tuple[Any, bool]:
    """The type inside Annotated[...] and `X | None`, and whether None is allowed."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in UNIONS:
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            optional = optional or len(members) < len(get_args(annotation))
            if len(members) != 1:
                return annotation, optional
            annotation = members[0]
        else:
            return annotation, optional


def _max_length(info: FieldInfo) -> int:
    """The longest text the field takes, from its own constraints or its Annotated type's
    (`Text | None` keeps the limit inside the union); 0 when none is set."""
    found = [getattr(meta, "max_length", None) for meta in info.metadata]
    annotation = info.annotation
    members = get_args(annotation) if get_origin(annotation) in UNIONS else (annotation,)
    for member in members:
        if get_origin(member) is Annotated:
            for meta in get_args(member)[1:]:
                inner = getattr(meta, "metadata", [meta])
                found += [getattr(each, "max_length", None) for each in inner]
    return max((limit for limit in found if limit is not None), default=0)


def _widget(info: FieldInfo) -> tuple[str, tuple[str, ...]]:
    annotation, _ = _bare(info.annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = tuple(str(member.value) for member in annotation)
        return _choice_among(choices), choices
    if annotation is date:
        return "date", ()
    if annotation is int:
        return "number", ()
    if get_origin(annotation) is list:
        [item] = get_args(annotation) or (str,)
        return ("group" if _is_model(item) else "lines"), ()
    if annotation is bool:
        return "radios", ("yes", "no")
    if annotation is str and _max_length(info) > LONGEST_ONE_LINE:
        return "textarea", ()
    # Names, and any type without an input of its own: the domain reads the text and says what
    # it takes if the value does not fit.
    return "text", ()


def _label(name: str, info: FieldInfo) -> str:
    return info.title or name.replace("_", " ").capitalize()


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _fields_of(model: type[BaseModel], skip: frozenset[str] = frozenset()) -> list[FormField]:
    fields = []
    # A milestone's own fields first; what every milestone has (a note) after them.
    names = sorted(model.model_fields, key=lambda name: name in MilestoneEvent.model_fields)
    for name in names:
        info = model.model_fields[name]
        if name in skip:
            continue
        widget, choices = _widget(info)
        hint = info.description
        if widget == "lines":
            hint = "One a line." + (f" {hint}" if hint else "")
        parts: tuple[FormField, ...] = ()
        if widget == "group":
            [item] = get_args(_bare(info.annotation)[0])
            parts = tuple(_fields_of(item))
        fields.append(
            FormField(
                name=name,
                label=_label(name, info),
                widget=widget,
                required=info.is_required(),
                choices=choices,
                hint=hint,
                parts=parts,
            )
        )
    return fields


def form_fields(milestone: str, judgements: Sequence[str] = ()) -> list[FormField]:
    """The fields a person fills in for `milestone`, in the event model's order; none for a
    name that is no milestone. A report's judgement offers `judgements`, when given: those of
    the record's regime, not children's services grades and area SEND outcomes together."""
    spec = MILESTONES.get(milestone)
    fields = [] if spec is None else _fields_of(spec.event, ENGINE_FIELDS)
    return [_offering(f, judgements) if f.name == "judgement" else f for f in fields]


def _offering(field: FormField, choices: Sequence[str]) -> FormField:
    """A choice among `choices`, when given, rather than among every member of its type."""
    if not choices:
        return field
    return replace(field, widget=_choice_among(choices), choices=tuple(choices))


def _choice_among(choices: Sequence[str]) -> str:
    """Radios while they are few enough to read at a glance; a select beyond."""
    return "radios" if len(choices) <= MOST_RADIOS else "select"


class DateNotReadError(ValueError):
    """Day, month and year boxes that do not make a date; `key` is the field they belong to."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def date_from_parts(form: dict[str, str], key: str, label: str) -> str | None:
    """The ISO date typed in the three boxes `key-day`, `key-month` and `key-year`, or None
    when all three are empty."""
    day, month, year = (form.get(f"{key}-{part}", "").strip() for part in DATE_PARTS)
    if not (day or month or year):
        return None
    typed = f"{day or '?'} {month or '?'} {year or '?'}"
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        raise DateNotReadError(
            key,
            f"{label} '{typed}' is not a date; give the day, month and year as numbers, "
            "for example 27 3 2026",
        )
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise DateNotReadError(
            key, f"{label} '{typed}' is not a real date; check the day and the month"
        ) from None


def date_parts(value: date) -> dict[str, str]:
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}


def _value(field: FormField, form: dict[str, str]) -> str | list[str] | None:
    """One input's value as the API takes it, or None when it is empty."""
    if field.widget == "date":
        return date_from_parts(form, field.key, field.label)
    if field.widget == "lines":
        items = [line.strip() for line in form.get(field.key, "").splitlines() if line.strip()]
        return items or None
    return form.get(field.key, "").strip() or None


def read_details(fields: list[FormField], form: dict[str, str]) -> dict[str, Detail]:
    """The details the form holds for these fields, as the API takes them: empty inputs left
    out (the domain says which it needs), lists one item a line, a group's items as a list of
    their fields."""
    details: dict[str, Detail] = {}
    for field in fields:
        if field.widget == "group":
            items = []
            for index in range(MOST_ITEMS):
                item = {part.name: _value(part, form) for part in field.item(index)}
                filled = {name: value for name, value in item.items() if isinstance(value, str)}
                if filled:
                    items.append(filled)
            if items:
                details[field.name] = items
            continue
        value = _value(field, form)
        if value is not None:
            details[field.name] = value
    return details


def error_key(field: str | None, fields: list[FormField]) -> str:
    """Where on the form an error from the API shows, from the field it names (dotted): beside
    that field, or at the top when it names none of them."""
    if field is None:
        return "form"
    head, _, rest = field.partition(".")
    if head in ("milestone", "effective_on"):
        return head
    # A detail is named `details.amount` by the API, or by its own name in a rule about dates.
    name = rest.split(".")[0] if head == "details" else head
    return f"details.{name}" if any(f.name == name for f in fields) else "form"
