"""The committee report names the areas for priority action the latest report set out, a
focused visit's letter as an inspection's, until a report that names none takes its place.

Tameside: the focused visit of April 2022 and its letter naming "two Areas of Priority Action";
the improvement notice of July 2022; the inspection of December 2023, judged inadequate, its
report published in February 2024 (sources and illustrative days in
test_the_first_full_inspection_in_words).
"""

from __future__ import annotations

from datetime import date

from domain.intervention import apply_all
from domain.report import build_report
from tests.unit.builders import events_for, noon
from tests.unit.test_the_first_full_inspection_in_words import ON_SITE, TAMESIDE_2022, inspected


def test_the_letters_areas_stand_until_the_inspections_report() -> None:
    events = inspected()
    before = build_report(events, end=date(2023, 6, 30)).oversight
    events += events_for(
        apply_all(events),
        "reinspection_completed",
        ON_SITE,
        now=noon(date(2024, 2, 13)),
        judgement="inadequate",
        published_on="2024-02-13",
    )
    after = build_report(events, end=date(2024, 3, 31)).oversight

    assert (before.priority_actions, before.priority_actions_from) == (
        TAMESIDE_2022.priority_actions,
        "focused visit letter of 24 May 2022",
    )
    assert (after.priority_actions, after.priority_actions_from) == ([], None)
