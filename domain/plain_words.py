"""Words for people, in one place for the command line, the API and the dashboard: what
pydantic says of a value of the wrong kind, as the person who typed it would say it, and a count
as a person writes it."""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

DATE = "it is not a real date written YYYY-MM-DD, such as 2026-03-07"
WRONG_KIND = {
    "date_parsing": DATE,
    "date_from_datetime_parsing": DATE,
    "int_parsing": "it is not a whole number",
    "int_from_float": "it is not a whole number",
    "bool_parsing": "it is not true or false",
}


def role_words(role: str) -> str:
    """A role or recipient as people write it: "DfE case lead", not `dfe_case_lead`."""
    return " ".join("DfE" if word == "dfe" else word for word in role.split("_"))


def counted(number: int, noun: str) -> str:
    """ "1 stream", "2 streams", "1,200 events"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def and_list(items: Sequence[str]) -> str:
    """ "visits", "visits and meetings", "visits, meetings and audits"."""
    return " and ".join(filter(None, (", ".join(items[:-1]), items[-1])))


# The most mistakes of a file said at once: enough to fix it in one go, not a screenful.
MOST_MISTAKES_SHOWN = 20


def at_most_shown(lines: Sequence[str], more: Callable[[int], str]) -> list[str]:
    """The first of a file's mistakes, and how many more there are, in `more`'s words."""
    shown = list(lines[:MOST_MISTAKES_SHOWN])
    if len(lines) > len(shown):
        shown.append(more(len(lines) - len(shown)))
    return shown


def plainly(problem: Mapping[str, Any]) -> str:
    """One of pydantic's problems as a person would say it; a rule's own message as written."""
    return WRONG_KIND.get(problem["type"], str(problem["msg"]).removeprefix("Value error, "))


def unknown_field(shape: Any, location: Sequence[str | int]) -> str:
    """What to say of a key a model does not have, `shape` being the type of the whole value
    (a model, or a list or mapping of them): the keys it does have at that place, as they are
    written, so that a misspelt `reveived_on` is seen beside `received_on`."""
    names = fields_at(shape, location[:-1])
    if names is None:
        return "it is not a field here"
    return f"it is not a field here: the fields are {', '.join(names)}"


def fields_at(shape: Any, location: Sequence[str | int]) -> list[str] | None:
    """The fields, as written, of the model at `location` within a value of `shape`; None where
    no model is found."""
    annotation = shape
    for part in location:
        annotation = _within(annotation, part)
        if annotation is None:
            return None
    annotation = _unwrapped(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return None


def _within(annotation: Any, part: str | int) -> Any:
    """The type at `part` inside a value of `annotation`: a model's field, a list's item, a
    mapping's value."""
    annotation = _unwrapped(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict and isinstance(part, str):
        return args[1]
    return None


def _unwrapped(annotation: Any) -> Any:
    """`X | None` as X; any other union is left as it is, its member not being known."""
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation
