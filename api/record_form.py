"""The record form's fields, built from each milestone's event model: whatever fields a milestone
gains, the form asks for them with the input that fits their type, and reads them back into the
`details` the API takes. Only the shape of the input is decided here; whether a value is allowed
is the domain's to say, and its error comes back naming the field it is about."""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from domain.events import MilestoneEvent
from domain.milestones import ENGINE_FIELDS, MILESTONES

DATE_PARTS = ("day", "month", "year")
# A closed set this short reads best as radios; a longer one as a select.
MOST_RADIOS = 6
UNIONS = (Union, types.UnionType)
# Names are short; longer free text (a note) gets a box of several lines.
LONGEST_ONE_LINE = 200


@dataclass(frozen=True)
class FormField:
    name: str  # the detail's name, as the API takes it
    label: str
    widget: str  # radios, select, date, number, lines, textarea or text
    required: bool
    choices: tuple[str, ...] = ()
    hint: str | None = None

    @property
    def key(self) -> str:
        """The input's name in the form, and where the field's error is kept."""
        return f"details.{self.name}"

    @property
    def id(self) -> str:
        return f"details-{self.name}"

    @property
    def anchor(self) -> str:
        """What the error summary links to: the first input of the field."""
        return f"{self.id}-day" if self.widget == "date" else self.id


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
        return ("radios" if len(choices) <= MOST_RADIOS else "select"), choices
    if annotation is date:
        return "date", ()
    if annotation is int:
        return "number", ()
    if get_origin(annotation) is list:
        return "lines", ()
    if annotation is str and _max_length(info) > LONGEST_ONE_LINE:
        return "textarea", ()
    # Names, and any type without an input of its own: the domain reads the text and says what
    # it takes if the value does not fit.
    return "text", ()


def _label(name: str, info: FieldInfo) -> str:
    return info.title or name.replace("_", " ").capitalize()


def form_fields(milestone: str) -> list[FormField]:
    """The fields a person fills in for `milestone`, in the event model's order; none for a
    name that is no milestone."""
    spec = MILESTONES.get(milestone)
    if spec is None:
        return []
    fields = []
    # The milestone's own fields first; what every milestone has (a note) after them.
    names = sorted(spec.event.model_fields, key=lambda name: name in MilestoneEvent.model_fields)
    for name in names:
        info = spec.event.model_fields[name]
        if name in ENGINE_FIELDS:
            continue
        widget, choices = _widget(info)
        hint = info.description
        if widget == "lines":
            hint = "One a line." + (f" {hint}" if hint else "")
        fields.append(
            FormField(
                name=name,
                label=_label(name, info),
                widget=widget,
                required=info.is_required(),
                choices=choices,
                hint=hint,
            )
        )
    return fields


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


def read_details(fields: list[FormField], form: dict[str, str]) -> dict[str, str | list[str]]:
    """The details the form holds for these fields, as the API takes them: empty inputs left
    out (the domain says which it needs), lists one item a line."""
    details: dict[str, str | list[str]] = {}
    for field in fields:
        if field.widget == "date":
            value = date_from_parts(form, field.key, field.label)
            if value is not None:
                details[field.name] = value
        elif field.widget == "lines":
            items = [line.strip() for line in form.get(field.key, "").splitlines() if line.strip()]
            if items:
                details[field.name] = items
        else:
            text = form.get(field.key, "").strip()
            if text:
                details[field.name] = text
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
