"""Reports that bring the council duties, and when the council received them.

The statutory clocks count from the day the council received a report, usually a few working
days before Ofsted publishes it. When nobody gave that day, the regime's receipt rule assumes
one (never later than the real receipt in the known cases), and every deadline counted from it
is marked as resting on that assumption until the real date is recorded.
"""

from __future__ import annotations

from datetime import date

from domain.events import FocusedVisitCompleted, JtaiCompleted, ReinspectionCompleted
from domain.regime import Regime
from domain.standing import Report
from domain.state import InterventionState
from domain.values import Inspection, ReportKind


def receipt(
    regime: Regime, published_on: date, received_on: date | None, earliest: date | None = None
) -> tuple[date, bool]:
    """The day the report was received and whether it is assumed: the day given; else the
    regime's rule, but never before `earliest` (the day the inspection or visit ended); else,
    under a regime without the rule, the day of publication."""
    if received_on is not None:
        return received_on, False
    if regime.receipt is None:
        return published_on, False
    assumed = regime.receipt.assumed(published_on)
    return (max(assumed, earliest) if earliest else assumed), True


def opening_report(inspection: Inspection, regime: Regime) -> Report:
    received, assumed = receipt(
        regime, inspection.published_on, inspection.received_on, inspection.ended_on
    )
    return Report(
        number=1,
        kind=inspection.kind,
        judgement=inspection.judgement,
        published_on=inspection.published_on,
        received_on=received,
        received_assumed=assumed,
    )


def received_report(
    state: InterventionState, regime: Regime, event: ReinspectionCompleted
) -> Report:
    return Report(
        number=len(state.reports) + 1,
        kind=ReportKind.REINSPECTION,
        judgement=event.judgement,
        published_on=event.published_on,
        received_on=event.received_on,
        received_assumed=event.received_assumed,
    )


def report_of_visit(
    state: InterventionState, regime: Regime, event: FocusedVisitCompleted | JtaiCompleted
) -> Report | None:
    """The letter of a focused visit or JTAI, when it names priority actions."""
    if not event.priority_actions or (event.published_on is None and event.received_on is None):
        return None
    published = event.published_on or event.received_on
    assert published is not None
    received, assumed = receipt(regime, published, event.received_on, event.ended_on)
    kind = ReportKind.JTAI if isinstance(event, JtaiCompleted) else ReportKind.FOCUSED_VISIT
    return Report(
        number=len(state.reports) + 1,
        kind=kind,
        judgement=None,
        published_on=published,
        received_on=received,
        received_assumed=assumed,
    )
