"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright. Sign in,
open the portfolio and an intervention, record a milestone through the form (a mistake first),
and see the timeline change. Screenshots are kept under test-artifacts/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from domain.calendar import add_working_days
from tests.api.conftest import Stack, open_intervention, today

CHROMIUM = Path("/usr/bin/chromium")
# No first-run chores, no updates, no calls home: the machine has no internet to spare.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


def test_record_a_milestone_through_the_dashboard(stack: Stack, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    # Published 60 working days ago: the DfE's decision is overdue, the Statement of Action near.
    intervention_id = open_intervention(stack, "Browser", add_working_days(today(), -60))

    page.goto(stack.url + "/")
    expect(page).to_have_url(stack.url + "/login?next=/")
    page.get_by_label("Access token").fill(stack.tokens["improvement_team"])
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Interventions on")
    row = page.get_by_role("row").filter(has_text=intervention_id)
    expect(row.locator(".rag")).to_have_text("Red")
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
    page.get_by_label("When it took effect").fill((today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Record milestone").click()
    error = page.locator("#effective_on-error")
    expect(error).to_contain_text("is in the future; today is")
    expect(page.get_by_label("When it took effect")).to_have_attribute("aria-invalid", "true")
    expect(timeline.locator('[data-event="ImprovementNoticeIssued"]')).to_have_count(0)

    # The notice came ten days ago, after its expected date: met late.
    page.get_by_label("When it took effect").fill((today() - timedelta(days=10)).isoformat())
    page.get_by_label("Details").fill("note=letter from the DfE")
    page.get_by_role("button", name="Record milestone").click()

    expect(page.get_by_role("status")).to_have_text("Recorded: improvement notice issued.")
    expect(timeline.locator('[data-event="ImprovementNoticeIssued"]')).to_have_count(1)
    expect(timeline.locator(".row.deadline.met_late")).to_contain_text("DfE decision")
    # The notice arms the deadlines that run from it: the board and the progress reviews.
    assert timeline.locator(".row.deadline").count() > deadlines_before
    expect(page.locator(".summary")).to_contain_text("notice")
    page.screenshot(path=ARTIFACTS / "dashboard-intervention.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=ARTIFACTS / "dashboard-intervention-print.png", full_page=True)
    page.emulate_media(media="screen")

    # The committee report for the whole intervention so far, with the notice in it.
    page.get_by_role("button", name="Committee report").click()
    expect(page).to_have_url(re.compile(rf"/interventions/{intervention_id}/report\?from="))
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


def test_the_dashboard_works_from_the_keyboard(stack: Stack, page: Page) -> None:
    page.goto(stack.url + "/login")
    # The token field has the focus: type, press Enter, and you are in.
    expect(page.get_by_label("Access token")).to_be_focused()
    page.keyboard.type(stack.tokens["viewer"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interventions on")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    # Every control of the filter form is reachable in order.
    page.get_by_label("Only with something overdue").focus()
    page.keyboard.press("Space")
    for name in ("Stage", "Track", "Authority"):
        page.keyboard.press("Tab")
        expect(page.get_by_label(name)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Filter")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(stack.url + "/?overdue=true&stage=&track=&authority=")
