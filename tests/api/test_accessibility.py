"""WCAG 2.2 AA, measured: axe-core (the npm package the setup installs, injected as it is) on
every page and state of the dashboard, and a journey made with the keyboard alone."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from domain.calendar import add_working_days
from tests.api.conftest import (
    Stack,
    good_plan,
    import_plan,
    open_intervention,
    sign_in_with,
    today,
)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# A history with two slips: a milestone mistyped and a day that is not in the calendar.
BAD_HISTORY = {
    "name": "bad.yaml",
    "mimeType": "application/yaml",
    "buffer": b"authority: Axe Import Council\n"
    b"inspection: {published_on: 2024-03-05}\n"
    b"steps:\n"
    b"  - {on: 2024-03-28, record: report_publish}\n"
    b"  - {on: 2024-04-31, record: report_published}\n",
}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} is missing: run scripts/setup dev, which installs axe-core from npm"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


def assert_accessible(page: Page, axe_source: str, state: str) -> None:
    """No WCAG 2.2 A or AA violation on the page as it is now."""
    # Evaluated rather than added as a <script>: the page's policy runs no inline script.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}"
        for v in result["violations"]
    ]
    assert not problems, f"{state}:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def busy_intervention(stack: Stack) -> str:
    """Published 60 working days ago: deadlines missed and escalated, and a plan."""
    intervention_id = open_intervention(stack, "Axe", add_working_days(today(), -60))
    assert import_plan(stack, "improvement_team", intervention_id, good_plan()).status_code == 200
    return intervention_id


def test_the_signed_out_pages_pass_axe(stack: Stack, page: Page, axe_source: str) -> None:
    page.goto(stack.url + "/login")
    assert_accessible(page, axe_source, "sign-in")
    page.get_by_label("Access token").fill("not-a-token-at-all")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page, axe_source, "sign-in with its error")
    page.goto(stack.url + "/accessibility")
    assert_accessible(page, axe_source, "accessibility statement")
    page.goto(stack.url + "/api/docs")
    assert_accessible(page, axe_source, "API reference")


def test_every_page_and_state_passes_axe(
    stack: Stack, page: Page, axe_source: str, busy_intervention: str
) -> None:
    open_intervention(stack, "Axe Second")
    sign_in_with(page, stack, "improvement_team")
    assert_accessible(page, axe_source, "portfolio")
    page.goto(stack.url + "/?overdue=true&stage=awaiting_decision&authority=axe")
    assert_accessible(page, axe_source, "portfolio, filtered")
    page.goto(stack.url + "/?stage=awaiting_decision&authority=axe&limit=1")
    expect(page.get_by_role("link", name=re.compile("^Next"))).to_be_visible()
    assert_accessible(page, axe_source, "portfolio, one page of several")
    page.goto(stack.url + "/?authority=nothing-matches-this")
    assert_accessible(page, axe_source, "portfolio with no match")

    url = f"{stack.url}/interventions/{busy_intervention}"
    page.goto(url)
    expect(page.locator(".app-deadlines")).to_contain_text("Missed")
    page.get_by_text("Show the timeline as a table").click()
    assert_accessible(page, axe_source, "an intervention, with its plan and timeline table")

    # Each milestone's own fields, the way a person gets them: chosen from the list.
    for milestone in ("reinspection_completed", "monitoring_visit_completed", "funding_allocated"):
        page.goto(f"{url}?milestone={milestone}")
        assert_accessible(page, axe_source, f"the record form for {milestone}")
    page.goto(f"{url}?milestone=no_such_thing")
    expect(page.locator("#milestone-error")).to_contain_text("'no_such_thing' cannot be recorded")
    assert_accessible(page, axe_source, "the record form with an unknown milestone")

    # The form with errors: a date that is no date, then a value the rules refuse.
    page.goto(f"{url}?milestone=funding_allocated")
    page.get_by_role("group", name="When it took effect").get_by_label("Month").fill("13")
    page.get_by_label("Amount").fill("lots")
    page.get_by_role("button", name="Record funding allocated").click()
    expect(page.locator("#effective_on-error")).to_contain_text("is not a real date")
    assert_accessible(page, axe_source, "the record form with a date that is no date")
    page.get_by_role("group", name="When it took effect").get_by_label("Month").fill(
        str(today().month)
    )
    page.get_by_role("button", name="Record funding allocated").click()
    expect(page.locator("#details-amount-error")).to_contain_text("amount 'lots' is not allowed")
    assert_accessible(page, axe_source, "the record form with a refused amount")

    # The committee report form with its error beside the field, and the report itself.
    to = page.get_by_role("group", name="To", exact=True)
    to.get_by_label("Year").fill(str(today().year - 5))
    page.get_by_role("button", name="Committee report").click()
    expect(page.locator("#to-error")).to_contain_text("is before")
    assert_accessible(page, axe_source, "the committee report form with its error")
    page.goto(f"{url}/report")
    assert_accessible(page, axe_source, "the committee report")

    # Why a date is what it is, opened beside it; and bringing an intervention in.
    page.goto(url)
    page.locator(".app-deadlines").get_by_text("Why this date?").first.click()
    assert_accessible(page, axe_source, "an intervention with a date explained")
    page.goto(stack.url + "/import")
    assert_accessible(page, axe_source, "the form to bring an intervention in")
    page.get_by_role("button", name="Bring it in").click()
    expect(page.locator("#history-error")).to_contain_text("Choose the scenario file")
    assert_accessible(page, axe_source, "the import form with its error")
    # A file with several mistakes: each is listed in the summary, the first beside the field.
    page.set_input_files("#history", files=[BAD_HISTORY])
    page.get_by_role("button", name="Bring it in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("step 1: record: unknown milestone 'report_publish'")
    expect(summary).to_contain_text("step 2: on: is not a real date")
    expect(page.locator("#history-error")).to_contain_text("(and 2 more, listed above)")
    assert_accessible(page, axe_source, "the import form with a file's mistakes")

    # Error pages.
    page.goto(stack.url + "/interventions/intervention-nowhere-2026-01-01")
    assert_accessible(page, axe_source, "not found")
    page.goto(f"{url}/report?to=someday")
    assert_accessible(page, axe_source, "a report period that cannot be")


def test_a_recorded_milestone_passes_axe(stack: Stack, page: Page, axe_source: str) -> None:
    intervention_id = open_intervention(stack, "Axe Banner")
    sign_in_with(page, stack, "improvement_team")
    page.goto(f"{stack.url}/interventions/{intervention_id}")
    page.get_by_role("button", name="Record improvement notice issued").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_focused()
    assert_accessible(page, axe_source, "a milestone just recorded")


def focus_is_visible(page: Page) -> bool:
    """Whether the focused element shows GOV.UK Frontend's focus style: a yellow outline, a
    shadow or a background; for a checkbox or radio, drawn on its label's box."""
    return bool(
        page.evaluate(
            """() => {
              const el = document.activeElement
              const drawn = ['checkbox', 'radio'].includes(el.type)
                ? getComputedStyle(el.nextElementSibling, '::before') : getComputedStyle(el)
              const outlined = drawn.outlineStyle !== 'none' && parseFloat(drawn.outlineWidth) > 0
                && drawn.outlineColor !== 'rgba(0, 0, 0, 0)'
              return outlined || drawn.boxShadow !== 'none'
                || drawn.backgroundColor === 'rgb(255, 221, 0)'
            }"""
        )
    )


def tab_to(page: Page, describe: str, matches: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the script `matches` (given `el`), checking
    at every stop that the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert focus_is_visible(page), f"no visible focus on {where}"
        if page.evaluate(f"() => {{ const el = document.activeElement; return {matches} }}"):
            return
    raise AssertionError(f"Tab never reached {describe}")


def test_a_milestone_is_recorded_with_the_keyboard_alone(stack: Stack, page: Page) -> None:
    intervention_id = open_intervention(stack, "Keyboard")
    page.goto(stack.url + "/login")
    expect(page.get_by_label("Access token")).to_be_focused()
    page.keyboard.type(stack.tokens["improvement_team"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interventions on")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    assert focus_is_visible(page)
    tab_to(page, "the intervention", f"el.href && el.href.endsWith('{intervention_id}')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{stack.url}/interventions/{intervention_id}")

    tab_to(page, "the milestone list", "el.id === 'milestone'")
    page.keyboard.type("Funding")
    expect(page.get_by_label("Amount")).to_be_visible()
    tab_to(page, "the day it took effect", "el.id === 'effective_on-day'")
    tab_to(page, "the amount", "el.id === 'details-amount'")
    page.keyboard.type("a lot")
    tab_to(page, "the phase", "el.id === 'details-phase'")
    page.keyboard.type("Phase 1")
    tab_to(page, "the record button", "el.id === 'record-submit'")
    page.keyboard.press("Enter")

    # A wrong field: the focus lands on the error summary, whose link leads to the field.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("amount 'a lot' is not allowed")
    tab_to(page, "the error's link", "el.getAttribute('href') === '#details-amount'")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Amount")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("950000")
    page.keyboard.press("Enter")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_focused()
    expect(banner).to_contain_text("Recorded: funding allocated.")
    with stack.client("viewer") as client:
        events = client.get(f"/api/interventions/{intervention_id}/events").json()["events"]
    [funding] = [event for event in events if event["type"] == "FundingAllocated"]
    assert (funding["data"]["amount"], funding["data"]["phase"]) == (950000, "Phase 1")


def test_the_statement_names_the_axe_core_the_tests_run() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    tested = lock["packages"]["node_modules/axe-core"]["version"]
    statement = (ROOT / "api" / "templates" / "accessibility.html").read_text()
    assert f"axe-core <strong>{tested}</strong>" in statement
    assert "29 November 2026" in statement
