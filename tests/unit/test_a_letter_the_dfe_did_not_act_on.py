"""A record opened on a focused visit's letter that named priority actions, with no notice or
direction after it: the committee report says what the record opened on and that no statutory
intervention followed, and the letter's priority actions stay on the fact of its receipt.

Hackney: a focused visit in February 2019 "identified areas for priority action because some
children were living in situations of significant harm for too long before action was taken"
(Ofsted's report of November 2019, quoted by the Hackney Gazette); its outcome reported to the
Children and Young People Scrutiny Commission on 25 March 2019 (hackney.moderngov.co.uk,
MId=4472); a 39-point action plan in response (Hackney Citizen, 19 June 2019); no DfE notice,
direction, adviser or commissioner on the DfE's collection "Improvement notices and directions".
The days of the visit and of the letter (12 and 13 February, 19 March 2019) are illustrative.
"""

from __future__ import annotations

from datetime import date

from activities.reports import ReportFormat, render
from domain.events import Event, ReportReceived
from domain.intervention import apply_all, decide_open
from domain.regimes import current_version
from domain.report import build_report
from domain.values import Inspection, ReportKind
from tests.unit.builders import events_for, noon, open_command

HACKNEY_COUNCIL = "London Borough of Hackney"
PRIORITY_ACTION = "Children living in situations of significant harm for too long"
HACKNEY = Inspection(
    started_on=date(2019, 2, 12),
    ended_on=date(2019, 2, 13),
    published_on=date(2019, 3, 19),
    kind=ReportKind.FOCUSED_VISIT,
    priority_actions=[PRIORITY_ACTION],
)


def _hackney() -> list[Event]:
    events = list(
        decide_open(
            open_command(
                HACKNEY, authority=HACKNEY_COUNCIL, regime_version=current_version("ilacs")
            ),
            noon(HACKNEY.published_on),
        )
    )
    return events + events_for(
        apply_all(events), "statement_of_action_submitted", date(2019, 6, 19)
    )


def test_the_letters_priority_actions_stay_on_the_fact_of_its_receipt() -> None:
    [received] = [e for e in _hackney() if isinstance(e, ReportReceived)]
    assert (received.kind, received.priority_actions) == (
        ReportKind.FOCUSED_VISIT,
        [PRIORITY_ACTION],
    )


def test_the_committee_report_names_the_letter_and_no_statutory_intervention() -> None:
    report = build_report(_hackney(), end=date(2019, 6, 30))
    assert report.opened_on == "Focused visit letter published"
    assert report.purpose.startswith(
        "To update the committee, for 19 March 2019 to 30 June 2019, on London Borough of "
        "Hackney's progress after the focused visit letter published on 19 March 2019, with "
        "no notice or direction:"
    )
    assert "statutory intervention" not in report.purpose
    markdown = render(report, ReportFormat.md)
    assert "**Focused visit letter published:** 19 March 2019" in markdown
    assert "Judgement published" not in markdown
