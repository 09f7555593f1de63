"""Ofsted's reports of April 2026 on give no overall judgement: "From April 2026, the
inspectorate will remove the overall effectiveness judgement in ILACS", the services still
judged for children who need help and protection, children in care, care leavers and leaders
(Ofsted, 27 November 2025, via wired-gov.net; Community Care). Such a report is recorded with
the lowest of the judgements it gives, and the refusal of one recorded without any says so."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import MissingFieldError
from domain.regimes import current_version
from domain.state import InterventionState
from tests.unit.builders import events_for, noon, opened, record

ON_SITE = date(2026, 6, 1)
PUBLISHED = "2026-07-24"
RECORDED = noon(date(2026, 7, 24))


def _under_a_notice() -> InterventionState:
    """The worked example's notice of 20 April 2023, under the rules now."""
    return record(
        opened(regime_version=current_version("ilacs")),
        "improvement_notice_issued",
        date(2023, 4, 20),
    )


def test_a_report_recorded_with_no_judgement_is_refused_saying_which_to_give() -> None:
    with pytest.raises(MissingFieldError) as refused:
        events_for(
            _under_a_notice(),
            "reinspection_completed",
            ON_SITE,
            now=RECORDED,
            published_on=PUBLISHED,
        )
    assert refused.value.message == (
        "'reinspection_completed' needs the field 'judgement' (one of: outstanding, good, "
        "requires_improvement, adequate, inadequate), which for a report with no overall "
        "judgement (Ofsted's from April 2026) is the lowest of those it gives"
    )
    assert refused.value.field == "details.judgement"


def test_the_lowest_judgement_stands_for_the_report() -> None:
    """Care leavers judged requires improvement, the rest good: recorded as requires
    improvement, the report brings its duties and the notice stays until a report judged
    good."""
    state = record(
        _under_a_notice(),
        "reinspection_completed",
        ON_SITE,
        now=RECORDED,
        judgement="requires_improvement",
        published_on=PUBLISHED,
    )
    [report] = [r for r in state.reports if r.number == 2]
    assert report.judgement is not None
    assert report.judgement.value == "requires_improvement"
    assert {"statement_of_action", "report_publication"} <= {
        d.milestone for d in state.open_deadlines if d.cycle == state.cycle
    }
