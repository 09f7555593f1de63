"""What pydantic says of a value of the wrong kind, in the words of the person who typed it:
one place for the command line, the API and the dashboard."""

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


def plainly(problem: Mapping[str, Any]) -> str:
    """One of pydantic's problems as a person would say it; a rule's own message as written."""
    return WRONG_KIND.get(problem["type"], str(problem["msg"]).removeprefix("Value error, "))
