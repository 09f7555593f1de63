"""Hostile text and impossible dates in API bodies: each gets a clear error naming the field,
and nothing is written; a name full of SQL metacharacters is text, stored as typed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import (
    Stack,
    open_intervention,
    opening,
    portfolio_size,
    today,
    unique_authority,
)
from tests.api.test_endpoints import assert_error, record


def _inspection(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**body, "inspection": {**body["inspection"], **changes}}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda b: {**b, "authority": "Bad\x07Council"}, "authority", "U+0007"),
        (lambda b: {**b, "authority": "Bad\x1b[2JCouncil"}, "authority", "U+001B"),
        (lambda b: {**b, "authority": "Bad\u202eCouncil"}, "authority", "U+202E"),
        (lambda b: {**b, "authority": "A" * 201}, "authority", "200"),
        (lambda b: {**b, "authority": "  "}, "authority", "blank"),
        (lambda b: _inspection(b, started_on="1999-01-04"), "inspection", "2000 to 2080"),
        (lambda b: _inspection(b, published_on="2081-01-06"), "inspection", "2000 to 2080"),
        (lambda b: _inspection(b, published_on="2023-02-30"), "inspection.published_on", "date"),
        (lambda b: _inspection(b, published_on="99999-01-01"), "inspection.published_on", "date"),
    ],
)
def test_a_hostile_opening_is_refused_naming_the_field_and_writes_nothing(
    stack: Stack, change: Any, field: str, message: str
) -> None:
    before = portfolio_size(stack)
    with stack.client("manager") as client:
        response = client.post("/api/interventions", json=change(opening(unique_authority("X"))))
    error = assert_error(response, 422, "invalid_request")
    assert error["field"] == field
    assert message in error["message"]
    assert portfolio_size(stack) == before


def test_sql_metacharacters_in_a_name_are_stored_as_typed(stack: Stack) -> None:
    authority = unique_authority("O'Brien'); DROP TABLE events;-- \\ 100%")
    with stack.client("manager") as client:
        response = client.post("/api/interventions", json=opening(authority))
        assert response.status_code == 201, response.text
        read = client.get(f"/api/interventions/{response.json()['intervention_id']}")
    assert read.json()["authority"] == authority


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"details": {"note": "n" * 2001}}, "details", "2000"),
        ({"details": {"note": "ring\x07"}}, "details", "U+0007"),
        ({"details": {f"k{n}": "v" for n in range(21)}}, "details", "20"),
        ({"effective_on": "9999-12-31"}, "effective_on", "in the future"),
        ({"effective_on": "0001-01-01"}, "effective_on", "before the inspection ended"),
        ({"effective_on": "2023-13-01"}, "effective_on", "date"),
    ],
)
def test_a_hostile_milestone_is_refused_naming_the_field_and_writes_nothing(
    stack: Stack, hostile_target: str, body: dict[str, Any], field: str, message: str
) -> None:
    with stack.client("viewer") as client:
        before = client.get(f"/api/interventions/{hostile_target}/events").json()
    fields = {"milestone": "improvement_notice_issued", "effective_on": today().isoformat()}
    response = record(stack, "manager", hostile_target, **{**fields, **body})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert field in error["field"]
    assert message in error["message"]
    with stack.client("viewer") as client:
        after = client.get(f"/api/interventions/{hostile_target}/events").json()
    assert after == before


def test_a_body_that_is_not_json_says_so_and_where(stack: Stack) -> None:
    """The decoder's reason and the character it stopped at, counted from 1: the second comma
    of `{"milestone": "x",,}` is the 19th. No field is named: none was read."""
    with stack.client("manager") as client:
        response = client.post(
            "/api/interventions/intervention-none-2026-01-05/milestones",
            content=b'{"milestone": "x",,}',
            headers={"Content-Type": "application/json"},
        )
    error = assert_error(response, 422, "invalid_request")
    assert error["message"] == (
        "the request body is not valid JSON: Expecting property name enclosed in double quotes "
        "at character 19"
    )
    assert error["field"] is None


@pytest.fixture(scope="module")
def hostile_target(stack: Stack) -> str:
    return open_intervention(stack, "Hostile")
