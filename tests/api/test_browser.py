"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright. Sign in,
open the portfolio and an intervention, record a milestone through the form (a mistake first),
and see the timeline change; the record form with scripts on and off. Screenshots are kept
under test-artifacts/."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from domain.calendar import add_working_days
from tests.api.conftest import Stack, open_intervention, sign_in_with, today

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    for part, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(part).fill(value)


def test_record_a_milestone_through_the_dashboard(stack: Stack, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    # Published some 28 weeks ago: the DfE's decision, due 8 weeks on, is past its 18 weeks'
    # grace, so the notice recorded below is late.
    intervention_id = open_intervention(stack, "Browser", add_working_days(today(), -140))

    page.goto(stack.url + "/")
    expect(page).to_have_url(stack.url + "/login?next=/")
    page.get_by_label("Access token").fill(stack.tokens["improvement_team"])
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Interventions on")
    row = page.get_by_role("row").filter(has_text=intervention_id)
    expect(row.locator(".app-rag .govuk-tag")).to_have_text("Red")
    expect(row).to_contain_text("awaiting decision")
    page.screenshot(path=ARTIFACTS / "dashboard-portfolio.png", full_page=True)
    row.get_by_role("link").click()

    expect(page).to_have_url(f"{stack.url}/interventions/{intervention_id}")
    timeline = page.locator("svg.timeline")
    expect(timeline.locator('[data-event="InterventionOpened"]')).to_have_count(1)
    expect(timeline.locator('[data-event="ImprovementNoticeIssued"]')).to_have_count(0)
    expect(timeline.locator(".row.deadline.pending")).not_to_have_count(0)
    deadlines_before = timeline.locator(".row.deadline").count()

    # A date in the future: refused, with the reason beside the field, and nothing recorded.
    page.get_by_label("Milestone", exact=True).select_option("improvement_notice_issued")
    future = today() + timedelta(days=7)
    fill_date(page, "When it took effect", str(future.day), str(future.month), str(future.year))
    page.get_by_role("button", name="Record improvement notice issued").click()
    error = page.locator("#effective_on-error")
    expect(error).to_contain_text("is in the future; today is")
    expect(page.locator(".govuk-error-summary")).to_contain_text("is in the future")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(timeline.locator('[data-event="ImprovementNoticeIssued"]')).to_have_count(0)

    # The notice came ten days ago, after its expected date and its grace: met late.
    past = today() - timedelta(days=10)
    fill_date(page, "When it took effect", str(past.day), str(past.month), str(past.year))
    page.get_by_label("Note (optional)").fill("letter from the DfE")
    page.get_by_role("button", name="Record improvement notice issued").click()

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Recorded: improvement notice issued.")
    expect(timeline.locator('[data-event="ImprovementNoticeIssued"]')).to_have_count(1)
    expect(timeline.locator(".row.deadline.met_late")).to_contain_text("DfE decision")
    # The notice arms the deadlines that run from it: the board and the progress reviews.
    assert timeline.locator(".row.deadline").count() > deadlines_before
    expect(page.locator(".app-facts")).to_contain_text("notice")
    expect(page.locator(".app-deadlines")).to_contain_text("Met late")
    page.screenshot(path=ARTIFACTS / "dashboard-intervention.png", full_page=True)
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Record a milestone")).to_be_hidden()
    page.screenshot(path=ARTIFACTS / "dashboard-intervention-print.png", full_page=True)
    page.emulate_media(media="screen")

    # The timeline's text alternative: a table of the same facts, linked from the chart.
    page.get_by_role("link", name="The timeline as a table").click()
    table = page.locator("#timeline-table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="Improvement notice issued")).to_have_count(1)
    expect(table).to_contain_text(f"met late {past.day}")

    # The committee report for the whole intervention so far, with the notice in it.
    page.get_by_role("button", name="Committee report").click()
    expect(page).to_have_url(re.compile(rf"/interventions/{intervention_id}/report\?from-day="))
    expect(page.get_by_role("heading", level=1)).to_contain_text("improvement progress report")
    expect(page.locator("body")).to_contain_text("Improvement notice issued")
    # Its own stylesheet is allowed by the page's policy: the browser applied it.
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "960px"
    page.screenshot(path=ARTIFACTS / "dashboard-committee-report.png", full_page=True)
    page.go_back()

    page.get_by_role("link", name="All interventions").click()
    row = page.get_by_role("row").filter(has_text=intervention_id)
    expect(row).to_contain_text("improvement")
    expect(row).not_to_contain_text("awaiting decision")


def test_choosing_a_milestone_shows_its_own_fields_in_place(stack: Stack, page: Page) -> None:
    intervention_id = open_intervention(stack, "Fields")
    sign_in_with(page, stack, "improvement_team")
    page.goto(f"{stack.url}/interventions/{intervention_id}")
    # Scripts on: the fields change without leaving the page.
    expect(page.get_by_role("button", name="Show its fields")).to_be_hidden()
    page.get_by_label("Milestone", exact=True).select_option("funding_allocated")
    expect(page.get_by_label("Amount")).to_be_visible()
    expect(page.get_by_label("Phase", exact=True)).to_be_visible()
    expect(page.get_by_label("Source (optional)")).to_be_visible()
    assert page.url == f"{stack.url}/interventions/{intervention_id}"
    page.get_by_label("Milestone", exact=True).select_option("board_meeting_held")
    expect(page.get_by_label("Amount")).to_have_count(0)
    expect(page.get_by_label("Attendance (optional)")).to_be_visible()

    fill_date(page, "When it took effect", str(today().day), str(today().month), "2026x")
    page.get_by_role("button", name="Record board meeting held").click()
    expect(page.locator("#effective_on-error")).to_contain_text("is not a date")

    page.get_by_label("Attendance (optional)").fill("Independent Chair\nDCS; deputy\n\n")
    fill_date(page, "When it took effect", str(today().day), str(today().month), str(today().year))
    page.get_by_role("button", name="Record board meeting held").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    # One item a line, kept whole: the semicolon is part of the second name.
    with stack.client("viewer") as client:
        events = client.get(f"/api/interventions/{intervention_id}/events").json()["events"]
    [meeting] = [event for event in events if event["type"] == "BoardMeetingHeld"]
    assert meeting["data"]["attendance"] == ["Independent Chair", "DCS; deputy"]


def test_a_choice_made_before_the_last_never_replaces_its_fields(stack: Stack, page: Page) -> None:
    """Typing a name in the list changes the choice at each letter; the page asked for by an
    earlier letter, coming back last, once replaced the fields a person was filling in."""
    intervention_id = open_intervention(stack, "Race")
    sign_in_with(page, stack, "improvement_team")
    url = f"{stack.url}/interventions/{intervention_id}"
    page.goto(url)
    held: list[Route] = []
    page.route(re.compile(r".*milestone=board_meeting_held.*"), lambda route: held.append(route))
    chooser = page.get_by_label("Milestone", exact=True)
    chooser.select_option("board_meeting_held")
    chooser.select_option("funding_allocated")
    expect(page.get_by_label("Amount")).to_be_visible()
    page.get_by_label("Amount").fill("950000")

    # The earlier choice's page arrives now, after the later one's, and is set aside.
    assert len(held) == 1
    with page.expect_response(re.compile(r".*milestone=board_meeting_held.*")):
        held[0].continue_()
    page.wait_for_timeout(300)
    expect(page.get_by_label("Amount")).to_have_value("950000")
    expect(page.get_by_label("Attendance (optional)")).to_have_count(0)


@pytest.fixture
def scriptless(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    yield context.new_page()
    context.close()


def test_the_record_form_works_with_scripts_off(stack: Stack, scriptless: Page) -> None:
    page = scriptless
    intervention_id = open_intervention(stack, "No Script")
    sign_in_with(page, stack, "improvement_team")
    page.goto(f"{stack.url}/interventions/{intervention_id}")
    page.get_by_label("Milestone", exact=True).select_option("case_audit_completed")
    page.get_by_role("button", name="Show its fields").click()
    expect(page).to_have_url(re.compile(r"\?milestone=case_audit_completed"))
    expect(page.get_by_label("Cases reviewed")).to_be_visible()

    # The grades do not add up: a rule across fields, shown at the top of the form.
    page.get_by_label("Cases reviewed").fill("6")
    page.get_by_label("Inadequate (optional)").fill("4")
    page.get_by_role("button", name="Record case audit completed").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("6")
    expect(page.get_by_label("Cases reviewed")).to_have_value("6")

    page.get_by_label("Requires improvement (optional)").fill("2")
    page.get_by_role("button", name="Record case audit completed").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Recorded: case audit completed."
    )


def test_why_this_date_beside_each_deadline(stack: Stack, page: Page) -> None:
    """The explanation of a date, opened beside it: the fact it counts from, the rule and the
    arithmetic a person can check with a calendar."""
    published = add_working_days(today(), -20)
    intervention_id = open_intervention(stack, "Why", published)
    sign_in_with(page, stack, "viewer")
    page.goto(f"{stack.url}/interventions/{intervention_id}")
    heading = page.locator("th", has_text=re.compile(r"^\s*Statement of Action\b"))
    row = page.locator(".app-deadlines tbody tr").filter(has=heading)
    why = row.get_by_text("Why this date?")
    why.click()
    explanation = row.locator(".govuk-details__text")
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text("70 working days after report received")
    expect(explanation).to_contain_text("70 working days after")
    expect(explanation).to_contain_text("(day 0) is")
    expect(explanation).to_contain_text("assumed")
    expect(explanation).to_contain_text("met by recording: statement_of_action_submitted")


def test_an_intervention_is_brought_in_from_its_file(
    stack: Stack, page: Page, tmp_path: Path
) -> None:
    """The scenario file uploaded: a refused step is named and brings nothing in; a good one
    opens the intervention with its past."""
    authority = f"Brought In Council {uuid.uuid4().hex[:6]}"
    published = add_working_days(today(), -80)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"authority: {authority}\n"
        f"inspection: {{published_on: {published}, received_on: {published}}}\n"
        "steps:\n"
        f"  - {{on: {add_working_days(published, 5)}, record: notice_lifted, "
        "by: {name: A Manager, role: manager}}\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.yaml"
    good.write_text(
        f"authority: {authority}\n"
        f"inspection: {{published_on: {published}, received_on: {published}}}\n"
        "steps:\n"
        f"  - {{on: {add_working_days(published, 10)}, record: improvement_notice_issued}}\n"
        f"  - {{on: {add_working_days(published, 20)}, record: report_published}}\n",
        encoding="utf-8",
    )
    sign_in_with(page, stack, "improvement_team")
    page.goto(stack.url + "/")
    page.get_by_role("link", name="Bring in an intervention already under way").click()
    page.get_by_label("Scenario file").set_input_files(str(bad))
    page.get_by_role("button", name="Bring it in").click()
    expect(page.locator("#history-error")).to_contain_text("step 1 (notice_lifted")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    with stack.client("viewer") as client:
        listed = client.get("/api/interventions", params={"authority": authority}).json()
    assert listed["interventions"] == []

    page.get_by_label("Scenario file").set_input_files(str(good))
    page.get_by_role("button", name="Bring it in").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Brought in with 2 facts of its past"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(authority)
    expect(page.locator(".app-deadlines")).to_contain_text("Improvement Board established")
