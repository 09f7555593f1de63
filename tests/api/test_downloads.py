"""Downloads from the running stack: the committee report as PDF, the workbooks, the plan
imported from a workbook, the calendar files and each person's secret, revocable feed."""

from __future__ import annotations

import io
import re
from datetime import datetime

import httpx
import pytest
from icalendar import Calendar
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from tests.api.conftest import Stack, good_plan, import_plan, open_intervention
from tests.api.test_dashboard import hidden, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = [
    "/api/interventions/{id}/report.pdf",
    "/api/portfolio.xlsx",
    "/api/interventions/{id}/deadlines.xlsx",
    "/api/interventions/{id}/plan.xlsx",
    "/api/calendar.ics",
    "/api/interventions/{id}/calendar.ics",
]


@pytest.fixture(scope="module")
def planned(stack: Stack) -> str:
    intervention_id = open_intervention(stack, "Downloads")
    response = import_plan(stack, "manager", intervention_id, good_plan())
    assert response.status_code == 200, response.text
    return intervention_id


@pytest.mark.parametrize("path", DOWNLOADS)
def test_every_download_needs_a_token(stack: Stack, path: str) -> None:
    with stack.client() as client:
        response = client.get(path.format(id="intervention-x-2026-01-01"))
    assert response.status_code == 401


def test_the_committee_report_downloads_as_a_pdf(stack: Stack, planned: str) -> None:
    with stack.client("viewer") as client:
        response = client.get(f"/api/interventions/{planned}/report.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="{planned}-report.pdf"' in response.headers["content-disposition"]
    pdf = PdfReader(io.BytesIO(response.content))
    first = pdf.pages[0].extract_text()
    assert "Downloads" in first  # the council's name, "Downloads … Council", heads the page
    assert f"Page 1 of {len(pdf.pages)}" in first


def workbook(response: httpx.Response) -> Workbook:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def test_the_portfolio_deadlines_and_plan_download_as_workbooks(stack: Stack, planned: str) -> None:
    with stack.client("viewer") as client:
        portfolio = workbook(client.get("/api/portfolio.xlsx"))["Portfolio"]
        deadlines = workbook(client.get(f"/api/interventions/{planned}/deadlines.xlsx"))
        plan = workbook(client.get(f"/api/interventions/{planned}/plan.xlsx"))["Plan"]

    ids = [cell.value for cell in portfolio["B"][1:]]
    assert planned in ids
    row = ids.index(planned) + 2
    assert isinstance(portfolio[f"F{row}"].value, datetime)  # published, a real date
    assert portfolio.auto_filter.ref == portfolio.dimensions
    assert deadlines["Deadlines"]["A1"].value == "Deadline"
    assert [cell.value for cell in plan["D"][1:]] == ["A1.1", "A1.2", "A2.1"]
    assert isinstance(plan["I2"].value, datetime)


def test_a_plan_imports_from_a_workbook_and_a_bad_cell_is_named(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Workbook")
    with stack.client("viewer") as client:
        exported = client.get(f"/api/interventions/{intervention_id}/plan.xlsx")
    empty = load_workbook(io.BytesIO(exported.content))
    sheet = empty["Plan"]
    sheet.append(["P1", "Practice", "R1", "A1.1", "Audit", "Head", "Practice", "now", "soon"])
    buffer = io.BytesIO()
    empty.save(buffer)

    with stack.client("manager") as client:
        response = client.post(
            f"/api/interventions/{intervention_id}/plan/import",
            content=buffer.getvalue(),
            headers={"Content-Type": XLSX},
        )

    assert response.status_code == 422, response.text
    message = response.json()["error"]["message"]
    assert message.startswith("the plan sheet 'Plan', row 2, column I: review_on 'soon'")
    assert message.endswith("nothing was imported")


def test_a_persons_feed_is_secret_and_stops_when_revoked(stack: Stack, planned: str) -> None:
    with stack.client("manager") as client:
        issued = client.post("/api/me/calendar-feed")
    assert issued.status_code == 201, issued.text
    feed = issued.json()
    assert feed["person"] == "A Manager"
    assert feed["url"].startswith(stack.url + "/feeds/")

    # Outlook and Google Calendar send no token: the URL is the key.
    with httpx.Client(timeout=60) as calendar_app:
        everything = calendar_app.get(feed["url"])
        one = calendar_app.get(feed["intervention_url"].replace("{intervention_id}", planned))
    assert everything.headers["content-type"] == "text/calendar; charset=utf-8"
    uids = {str(e["UID"]) for e in Calendar.from_ical(one.content).walk("VEVENT")}
    assert uids
    assert all(uid.startswith(f"{planned}/") for uid in uids)
    assert uids <= {str(e["UID"]) for e in Calendar.from_ical(everything.content).walk("VEVENT")}
    secret = feed["url"].split("/feeds/")[1].split("/")[0]
    assert secret not in stack.log()

    with stack.client("manager") as client:
        assert client.delete("/api/me/calendar-feed").status_code == 204
        again = client.delete("/api/me/calendar-feed")
    assert again.status_code == 404
    with httpx.Client(timeout=60) as calendar_app:
        assert calendar_app.get(feed["url"]).status_code == 404


def test_the_dashboard_links_every_download_and_they_work_signed_in(
    stack: Stack, planned: str
) -> None:
    with sign_in(stack, "viewer") as browser:
        page = browser.get(f"/interventions/{planned}").text
        links = re.findall(r'<a class="govuk-link" href="([^"]+)"', page)
        for path in ("report.pdf", "deadlines.xlsx", "plan.xlsx", "calendar.ics"):
            link = f"/interventions/{planned}/{path}"
            assert link in links
            response = browser.get(link)
            assert response.status_code == 200, (link, response.text)
            assert response.content
        portfolio = browser.get("/").text
        assert 'href="/portfolio.xlsx" download>' in portfolio
        assert browser.get("/portfolio.xlsx").headers["content-type"] == XLSX

        calendar = browser.get("/calendar")
        made = browser.post("/calendar", data={"csrf": hidden(calendar.text, "csrf")})
        assert made.status_code == 200, made.text
        url = re.search(r'<code class="feed-url">([^<]+)</code>', made.text)
        assert url is not None
        with httpx.Client(timeout=60) as calendar_app:
            assert calendar_app.get(url[1]).status_code == 200
        stopped = browser.post("/calendar/revoke", data={"csrf": hidden(made.text, "csrf")})
        assert stopped.status_code == 303
        with httpx.Client(timeout=60) as calendar_app:
            assert calendar_app.get(url[1]).status_code == 404
        forged = browser.post("/calendar", data={"csrf": "from-another-site"})
        assert forged.status_code == 403
