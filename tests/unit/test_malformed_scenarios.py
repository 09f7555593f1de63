"""Malformed scenario files: every mistake is a ScenarioError naming the file and the line,
never a traceback, and nothing runs. Random damage to a good file is tried too."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from application.scenario import Scenario, ScenarioError, parse_scenario
from tests.unit.test_scenario_files import GOOD

INSPECTION = "inspection: {ended_on: 2023-01-20, published_on: 2023-03-07}\n"

MALFORMED = {
    "tab-indent": ("authority: X\n\tinspection: {}\n", "at line 2", "not valid YAML"),
    "unclosed-quote": ('authority: "X\n' + INSPECTION, "at line", "not valid YAML"),
    "unclosed-flow": (GOOD.replace("record: improvement_notice_issued}", "record: x"), "line", ""),
    "python-tag": ("authority: !!python/object/apply:os.system [ls]\n", "line 1", "constructor"),
    "unhashable-key": ("? [a, b]\n: c\n", "at line 1", "unhashable"),
    "steps-not-a-list": (
        "authority: X\n" + INSPECTION + "steps: {on: 2023-04-01}\n",
        "line 3",
        "valid list",
    ),
    "step-not-a-mapping": (
        "authority: X\n" + INSPECTION + "steps:\n  - hello\n",
        "step 1",
        "valid dictionary",
    ),
    "control-character-in-authority": (
        'authority: "Bad\\x07Council"\n' + INSPECTION,
        "line 1",
        "control character U+0007",
    ),
    "oversized-authority": ("authority: " + "A" * 201 + "\n" + INSPECTION, "line 1", "200"),
    "blank-authority": ('authority: "   "\n' + INSPECTION, "line 1", "blank"),
    # Refused by the command that opens it; the file said so only once it ran, in a traceback.
    "authority-without-letters": ('authority: "!!!"\n' + INSPECTION, "line 1", "no letters"),
    "authority-outside-unicode-here": (
        'authority: "\\u0378 Council"\n' + INSPECTION,
        "line 1",
        "U+0378, which Unicode",
    ),
    "null-authority": ("authority: null\n" + INSPECTION, "line 1", "valid string"),
    "year-out-of-range": (
        "authority: X\ninspection: {published_on: 1999-03-07}\n",
        "line 2",
        "2000 to 2080",
    ),
    "five-digit-year": (
        "authority: X\ninspection: {published_on: 20230-03-07}\n",
        "line 2",
        "20230-03-07",
    ),
    "impossible-date": (GOOD.replace("2023-06-12", "2023-06-31"), "line 6 step 2", "2023-06-31"),
    # Oldham: its notice of November 2023 followed an area SEND inspection, whose finding is
    # not a grade; the refusal names the reports that may stand where the judgement goes.
    "send-finding-as-judgement": (
        "authority: X\ninspection: {published_on: 2023-08-29, "
        "judgement: widespread_systemic_failings}\n",
        "line 2",
        "'widespread_systemic_failings' is not a judgement: one of outstanding, good, "
        "requires_improvement, adequate, inadequate; or, for a report naming priority actions, "
        "one of focused_visit, jtai, area_send",
    ),
    "ended-before-started": (
        "authority: X\ninspection: {started_on: 2023-02-01, ended_on: 2023-01-20, "
        "published_on: 2023-03-07}\n",
        "line 2",
        "before started_on",
    ),
    "unknown-role": (GOOD.replace("role: manager", "role: root"), "line 6 step 2", "'root'"),
    "by-not-a-mapping": (
        GOOD.replace("by: {name: A Manager, role: manager}", "by: boss"),
        "line 6 step 2",
        "'boss'",
    ),
    "with-not-a-mapping": (
        GOOD.replace("with: {judgement: requires_improvement}", "with: [1, 2]"),
        "line 7 step 3",
        "valid dictionary",
    ),
    "unknown-key": (GOOD.replace("end_on:", "ends_on:"), "line 8", "ends_on"),
    "sql-in-a-step": (
        GOOD.replace("record: improvement_notice_issued", "record: 1; DROP TABLE events"),
        "line 5 step 1",
        "record: unknown milestone '1; DROP TABLE events'",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_scenario_is_refused_naming_the_line(case: str) -> None:
    text, where, why = MALFORMED[case]
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(text, "bad.yaml")

    message = str(refused.value)
    assert message.startswith("bad.yaml")
    assert where in message
    assert why in message


def test_anchors_and_aliases_are_refused() -> None:
    text = "authority: &name X\nregime: *name\n" + INSPECTION
    with pytest.raises(ScenarioError, match=r"line 2.*alias"):
        parse_scenario(text, "bad.yaml")


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_a_control_character_in_the_file_names_its_line(character: str) -> None:
    with pytest.raises(ScenarioError, match="line 2"):
        parse_scenario(f"authority: X\ninspection: {character}\n", "bad.yaml")


def test_a_key_given_twice_is_refused() -> None:
    with pytest.raises(ScenarioError, match="line 2"):
        parse_scenario("authority: X\nauthority: Y\n" + INSPECTION, "bad.yaml")


def test_end_on_before_the_last_step_names_its_line() -> None:
    with pytest.raises(ScenarioError, match="line 8"):
        parse_scenario(GOOD.replace("end_on: 2025-06-30", "end_on: 2020-01-01"), "bad.yaml")


def outcome(text: str) -> Scenario | ScenarioError:
    try:
        return parse_scenario(text, "damaged.yaml")
    except ScenarioError as error:
        return error


@settings(max_examples=500, deadline=None)
@given(
    cut=st.integers(0, len(GOOD)),
    length=st.integers(0, 12),
    # YAML's own punctuation, and text; control characters are tried above.
    insert=st.text(alphabet="{}[]:,-'\"&*!|>#%@`\t\n ?0123456789abc\u00e9", max_size=6),
)
def test_random_damage_to_a_good_file_never_escapes_as_another_error(
    cut: int, length: int, insert: str
) -> None:
    result = outcome(GOOD[:cut] + insert + GOOD[cut + length :])

    if isinstance(result, ScenarioError):
        assert str(result).startswith("damaged.yaml")
        if "not valid YAML" in str(result):
            assert " line " in str(result)
    else:
        assert isinstance(result, Scenario)


def test_every_mistake_of_a_file_is_said_at_once() -> None:
    """A history of sixty facts with three typing slips is fixed in one go: each mistake on a
    line of its own, where it is, and the names the engine knows once, after them."""
    text = (
        GOOD.replace("record: improvement_notice_issued", "record: improvement_notice_isued")
        .replace("on: 2023-06-12", "on: 2023-06-31")
        .replace("record: reinspection_completed", "record: reinspection_complete")
    )
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(text, "bad.yaml")

    problems = refused.value.problems
    assert problems[:3] == [
        "bad.yaml line 5 step 1: record: unknown milestone 'improvement_notice_isued' "
        "(did you mean 'improvement_notice_issued'?)",
        "bad.yaml line 6 step 2: on: is not a real date; check the day and the month "
        "(got '2023-06-31')",
        "bad.yaml line 7 step 3: record: unknown milestone 'reinspection_complete' "
        "(did you mean 'reinspection_completed'?)",
    ]
    assert problems[3].startswith("bad.yaml: the milestones are improvement_notice_issued, ")
    assert len(problems) == 4
    assert str(refused.value) == "\n".join(problems)


def test_a_file_with_many_mistakes_says_the_first_twenty_and_how_many_more() -> None:
    steps = "".join(f"  - {{on: 2023-04-{day:02}, record: x{day}}}\n" for day in range(1, 26))
    text = GOOD.split("steps:")[0] + "steps:\n" + steps

    with pytest.raises(ScenarioError) as refused:
        parse_scenario(text, "bad.yaml")

    problems = refused.value.problems
    assert len(problems) == 22
    assert problems[19].startswith("bad.yaml line 24 step 20: record: unknown milestone 'x20'")
    assert problems[20] == "bad.yaml: and 5 more"
