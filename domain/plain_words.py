"""Words for people, in one place for the command line, the API and the dashboard: what
pydantic says of a value of the wrong kind, as the person who typed it would say it, and a count
as a person writes it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DATE = "it is not a real date written YYYY-MM-DD, such as 2026-03-07"
WRONG_KIND = {
    "date_parsing": DATE,
    "date_from_datetime_parsing": DATE,
    "int_parsing": "it is not a whole number",
    "int_from_float": "it is not a whole number",
    "bool_parsing": "it is not true or false",
}


def counted(number: int, noun: str) -> str:
    """ "1 stream", "2 streams", "1,200 events"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def plainly(problem: Mapping[str, Any]) -> str:
    """One of pydantic's problems as a person would say it; a rule's own message as written."""
    return WRONG_KIND.get(problem["type"], str(problem["msg"]).removeprefix("Value error, "))
