"""The record form's fields, read off each milestone's event model, and the values the form
sends back as the API's details. Pure: no server."""

from __future__ import annotations

import re

import pytest

from api.record_form import (
    DateNotReadError,
    date_from_parts,
    error_key,
    form_fields,
    read_details,
)
from domain.milestones import ENGINE_FIELDS, MILESTONES
from domain.regimes import get_regime


def widgets(milestone: str) -> dict[str, tuple[str, bool]]:
    return {field.name: (field.widget, field.required) for field in form_fields(milestone)}


def test_each_type_gets_its_own_input() -> None:
    # Every judgement of either regime is too many to read at a glance; a record's own are not.
    assert widgets("reinspection_completed")["judgement"] == ("select", True)
    assert widgets("reinspection_completed")["published_on"][0] == "date"
    assert widgets("funding_allocated")["amount"] == ("number", False)
    assert widgets("funding_allocated")["phase"] == ("text", True)
    assert widgets("funding_allocated")["source"] == ("text", False)
    assert widgets("board_meeting_held")["attendance"] == ("lines", False)
    assert widgets("monitoring_visit_completed")["letter_on"] == ("date", False)
    # Free text longer than a name gets a box of several lines; the report a statement of
    # action answers may be named.
    assert widgets("statement_of_action_submitted") == {
        "number": ("number", False),
        "note": ("textarea", False),
    }
    # A report's judgement offers its regime's: children's services grades, or an area SEND
    # inspection's outcomes.
    grades = ("outstanding", "good", "requires_improvement", "adequate", "inadequate")
    outcomes = ("positive_experiences", "inconsistent_experiences", "widespread_failings")
    for regime, offered in (("ilacs", grades), ("send", outcomes)):
        judgements = [grade.value for grade in get_regime(regime).judgements]
        [judgement] = [
            f for f in form_fields("reinspection_completed", judgements) if f.name == "judgement"
        ]
        assert (judgement.widget, judgement.choices) == ("radios", offered)


@pytest.mark.parametrize("milestone", sorted(MILESTONES))
def test_every_milestone_asks_for_its_own_fields_and_none_of_the_engine_s(milestone: str) -> None:
    asked = [field.name for field in form_fields(milestone)]
    model = MILESTONES[milestone].event.model_fields
    assert sorted(asked) == sorted(set(model) - ENGINE_FIELDS)
    # The note every milestone has comes after the milestone's own fields.
    assert asked[-1] == "note"


def test_no_fields_for_a_name_that_is_no_milestone() -> None:
    assert form_fields("no_such_milestone") == []


def test_the_form_reads_back_as_details_leaving_out_what_is_empty() -> None:
    fields = form_fields("monitoring_visit_completed")
    form = {
        "details.areas_reviewed": "Front door\r\n\r\n  Child protection; CIN \n",
        "details.key_findings": "",
        "details.letter_on-day": "3",
        "details.letter_on-month": "12",
        "details.letter_on-year": "2026",
        "details.note": "  ",
    }
    assert read_details(fields, form) == {
        "areas_reviewed": ["Front door", "Child protection; CIN"],
        "letter_on": "2026-12-03",
    }


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("31", "2", "2026"), "When '31 2 2026' is not a real date"),
        (("1", "", "2026"), "When '1 ? 2026' is not a date"),
        (("1", "1", "26"), "When '1 1 26' is not a date"),
        (("first", "1", "2026"), "When 'first 1 2026' is not a date"),
    ],
)
def test_boxes_that_make_no_date_are_refused_naming_what_was_typed(
    parts: tuple[str, str, str], message: str
) -> None:
    form = dict(zip(("when-day", "when-month", "when-year"), parts, strict=True))
    with pytest.raises(DateNotReadError, match=re.escape(message)) as raised:
        date_from_parts(form, "when", "When")
    assert raised.value.key == "when"


def test_empty_boxes_are_no_date_and_full_ones_are_one() -> None:
    assert date_from_parts({}, "when", "When") is None
    form = {"when-day": " 7", "when-month": "03 ", "when-year": "2027"}
    assert date_from_parts(form, "when", "When") == "2027-03-07"


@pytest.mark.parametrize(
    ("field", "key"),
    [
        (None, "form"),
        ("milestone", "milestone"),
        ("effective_on", "effective_on"),
        ("details.judgement", "details.judgement"),
        ("published_on", "details.published_on"),  # a rule about the re-inspection's dates
        ("details", "form"),
        ("details.colour", "form"),  # not a field of this milestone
        ("inspection.published_on", "form"),
    ],
)
def test_an_error_shows_beside_the_field_it_names(field: str | None, key: str) -> None:
    assert error_key(field, form_fields("reinspection_completed")) == key


def test_a_list_of_things_with_fields_of_their_own_reads_back_item_by_item() -> None:
    [conditions] = [f for f in form_fields("improvement_notice_issued") if f.name == "conditions"]
    assert conditions.widget == "group"
    assert [(p.name, p.widget) for p in conditions.parts] == [
        ("name", "text"),
        ("title", "textarea"),
        ("due", "date"),
        ("every_months", "number"),
        ("every_weeks", "number"),
        ("owner", "text"),
    ]
    form = {
        "details.conditions.0.name": "commissioner_report",
        "details.conditions.0.title": "Commissioner's report",
        "details.conditions.0.due-day": "4",
        "details.conditions.0.due-month": "12",
        "details.conditions.0.due-year": "2026",
        "details.conditions.1.name": "",
        "details.conditions.2.name": "chair_report",
        "details.conditions.2.title": "Board chair's report",
        "details.conditions.2.every_months": "3",
    }
    assert read_details([conditions], form) == {
        "conditions": [
            {"name": "commissioner_report", "title": "Commissioner's report", "due": "2026-12-04"},
            {"name": "chair_report", "title": "Board chair's report", "every_months": "3"},
        ]
    }
    assert conditions.filled(form) == 2
    assert conditions.items_shown(form) == 3
    assert conditions.item(2)[0].id == "details-conditions-2-name"
    assert conditions.anchor == "details-conditions-0-name"
    assert error_key("details.conditions.0.due", [conditions]) == "details.conditions"
