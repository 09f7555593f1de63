"""The dashboard's pages and forms over plain HTTP: sign-in, the session cookie, the per-form
token, validation errors beside their field, and a portfolio that is never stale."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import TokenBook
from api.timeline_chart import day
from application.settings import Settings
from domain.calendar import add_working_days
from tests.api.conftest import Stack, good_plan, import_plan, open_intervention, today


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden field {name!r} in the page"
    return match[1]


@contextmanager
def sign_in(stack: Stack, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.url, timeout=60) as client:
        form = client.get("/login")
        response = client.post(
            "/login",
            data={"token": stack.tokens[role], "nonce": hidden(form.text, "nonce"), "next": "/"},
        )
        assert response.status_code == 303, response.text
        yield client


@pytest.fixture
def team(stack: Stack) -> Iterator[httpx.Client]:
    with sign_in(stack, "improvement_team") as client:
        yield client


def test_pages_send_a_person_to_sign_in_and_back(stack: Stack) -> None:
    with httpx.Client(base_url=stack.url) as client:
        response = client.get("/?overdue=true")
        assert response.status_code == 303
        assert response.headers["Location"] == "/login?next=/%3Foverdue%3Dtrue"
        form = client.get(response.headers["Location"])
        assert 'name="next" value="/?overdue=true"' in form.text
        signed_in = client.post(
            "/login",
            data={
                "token": stack.tokens["viewer"],
                "nonce": hidden(form.text, "nonce"),
                "next": "/?overdue=true",
            },
        )
        assert signed_in.headers["Location"] == "/?overdue=true"
        cookie = signed_in.headers["Set-Cookie"]
        assert "intervention_session=" in cookie
        assert "HttpOnly" in cookie
        # Lax: a person comes back from their identity provider by another site's link.
        assert "SameSite=lax" in cookie
        assert "Path=/" in cookie
        assert client.get("/?overdue=true").status_code == 200


def test_a_wrong_token_is_shown_next_to_the_field(stack: Stack) -> None:
    with httpx.Client(base_url=stack.url) as client:
        form = client.get("/login")
        response = client.post(
            "/login", data={"token": "not-the-token-xyz", "nonce": hidden(form.text, "nonce")}
        )
    assert response.status_code == 401
    assert 'id="token-error"' in response.text
    assert "That token is not known here" in response.text
    assert "not-the-token-xyz" not in response.text
    assert "intervention_session" not in response.headers.get("Set-Cookie", "")


def test_a_sign_in_posted_from_elsewhere_is_refused(stack: Stack) -> None:
    # Another site's form has no nonce cookie: SameSite=Strict keeps ours from being sent.
    with httpx.Client(base_url=stack.url) as client:
        response = client.post("/login", data={"token": stack.tokens["admin"], "nonce": "made-up"})
    assert response.status_code == 403
    assert "intervention_session" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("next_", ["//elsewhere.example/", "https://elsewhere.example/"])
def test_sign_in_never_sends_a_person_to_another_site(stack: Stack, next_: str) -> None:
    with httpx.Client(base_url=stack.url) as client:
        form = client.get("/login")
        response = client.post(
            "/login",
            data={
                "token": stack.tokens["viewer"],
                "nonce": hidden(form.text, "nonce"),
                "next": next_,
            },
        )
    assert response.headers["Location"] == "/"


def test_pages_are_never_cached_nor_framed(team: httpx.Client) -> None:
    response = team.get("/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_long_portfolio_pages_keeping_its_filters(stack: Stack, team: httpx.Client) -> None:
    opened = {open_intervention(stack, "Pages") for _ in range(3)}

    shown: list[str] = []
    url: str | None = "/?authority=pages&limit=2"
    while url is not None:
        page = team.get(url).text
        assert "3 interventions, 0 with something overdue" in page
        shown += re.findall(r'<a class="govuk-link" href="/interventions/([^"]+)">', page)
        following = re.search(r'href="([^"]+)" rel="next">.*?Next 2', page, re.S)
        url = html.unescape(following[1]) if following else None
        if url is not None:
            assert "authority=pages" in url

    assert "showing 3 to 3" in page
    assert 'rel="prev"' in page
    assert sorted(shown) == sorted(opened)


def test_the_portfolio_marks_and_filters_the_receipts_to_confirm(
    stack: Stack, team: httpx.Client
) -> None:
    # Opened with the day of publication alone: its receipt is assumed.
    intervention_id = open_intervention(stack, "Unconfirmed")
    authority = intervention_id.split("-")[2]
    page = team.get("/", params={"authority": authority, "unconfirmed": "true"}).text
    assert f'<span class="app-id">{intervention_id}</span>' in page
    assert "Receipt not confirmed</strong>" in page
    assert 'id="unconfirmed" name="unconfirmed" type="checkbox" value="true" checked' in page


def test_the_portfolio_reflects_a_milestone_on_the_next_load(
    stack: Stack, team: httpx.Client
) -> None:
    intervention_id = open_intervention(stack, "Live")
    # The session cookie is for pages: the JSON API still wants a bearer token.
    assert team.get(f"/api/interventions/{intervention_id}").status_code == 401
    before = team.get("/", params={"authority": intervention_id.split("-")[2]}).text
    assert '<td class="govuk-table__cell">awaiting decision</td>' in before
    page = team.get(f"/interventions/{intervention_id}").text
    response = team.post(
        f"/interventions/{intervention_id}/milestones",
        data={
            "milestone": "improvement_notice_issued",
            **date_boxes("effective_on", today()),
            "details.note": "letter received\n",
            "csrf": hidden(page, "csrf"),
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith(
        f"/interventions/{intervention_id}?recorded=improvement_notice_issued"
    )
    after = team.get("/", params={"authority": intervention_id.split("-")[2]}).text
    assert '<td class="govuk-table__cell">awaiting decision</td>' not in after
    assert '<td class="govuk-table__cell">improvement</td>' in after
    shown = team.get(response.headers["Location"]).text
    assert "Recorded: improvement notice issued." in shown
    assert 'data-event="ImprovementNoticeIssued"' in shown


def date_boxes(key: str, value: date) -> dict[str, str]:
    return {
        f"{key}-day": str(value.day),
        f"{key}-month": str(value.month),
        f"{key}-year": str(value.year),
    }


def error_beside(page: str, id_: str) -> str:
    """The error message shown beside the input `id_`; the input points to it."""
    error = re.search(rf'<p id="{id_}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert error, page
    assert re.search(rf'aria-describedby="[^"]*{id_}-error', page), f"nothing points to {id_}"
    return " ".join(error[1].split())


@pytest.mark.parametrize(
    ("fields", "status", "id_", "message"),
    [
        (
            date_boxes("effective_on", today() + timedelta(days=2)),
            422,
            "effective_on",
            "is in the future; today is",
        ),
        (
            {"effective_on-day": "31", "effective_on-month": "2"},
            422,
            "effective_on",
            f"&#39;31 2 {today().year}&#39; is not a real date",
        ),
        ({"effective_on-year": "26"}, 422, "effective_on", "is not a date"),
        (
            {"effective_on-day": "", "effective_on-month": "", "effective_on-year": ""},
            422,
            "effective_on",
            "give the date the milestone took effect",
        ),
        (
            {"milestone": "funding_allocated", "details.amount": "lots", "details.phase": "One"},
            422,
            "details-amount",
            "amount &#39;lots&#39; is not allowed",
        ),
        (
            {"milestone": "funding_allocated", "details.amount": "5"},
            422,
            "details-phase",
            "needs the field &#39;phase&#39;",
        ),
        (
            {"milestone": "monitoring_visit_completed", "details.letter_on-day": "1"},
            422,
            "details-letter_on",
            "Letter on &#39;1 ? ?&#39; is not a date",
        ),
        (
            {"milestone": "notice_lifted"},
            403,
            "milestone",
            "role &#39;improvement_team&#39; may not record &#39;notice_lifted&#39;",
        ),
    ],
)
def test_a_rejected_form_shows_the_error_next_to_its_field(
    stack: Stack,
    team: httpx.Client,
    form_intervention: str,
    fields: dict[str, str],
    status: int,
    id_: str,
    message: str,
) -> None:
    page = team.get(f"/interventions/{form_intervention}").text
    data = {
        "milestone": "improvement_notice_issued",
        **date_boxes("effective_on", today()),
        "csrf": hidden(page, "csrf"),
        **fields,
    }
    response = team.post(f"/interventions/{form_intervention}/milestones", data=data)
    assert response.status_code == status
    assert message in error_beside(response.text, id_)
    # Listed in the summary at the top too, linked to the field's first input.
    summary = re.search(r'class="govuk-error-summary".*?</ul>', response.text, re.S)
    assert summary
    assert message in " ".join(summary[0].split())
    assert response.text.count('href="#' + id_) >= 1
    assert "<title>Error: " in response.text
    # What the person typed stays in the form.
    for name, value in fields.items():
        if name != "milestone" and value:
            assert f'name="{name}"' in response.text
            assert f'value="{value}"' in response.text or f">{value}<" in response.text


def test_choosing_a_milestone_redisplays_the_form_with_its_fields(
    team: httpx.Client, form_intervention: str
) -> None:
    page = team.get(
        f"/interventions/{form_intervention}", params={"milestone": "case_audit_completed"}
    )
    assert page.status_code == 200
    assert 'name="details.cases_reviewed"' in page.text
    assert 'inputmode="numeric"' in page.text
    assert 'name="milestone" id="record-milestone" value="case_audit_completed"' in page.text
    default = team.get(f"/interventions/{form_intervention}").text
    assert 'name="details.cases_reviewed"' not in default
    assert 'name="details.note"' in default


@pytest.fixture(scope="module")
def form_intervention(stack: Stack) -> str:
    return open_intervention(stack, "Form Errors")


@pytest.mark.parametrize("csrf", [None, "0" * 64])
def test_a_form_without_its_token_is_refused(
    team: httpx.Client, form_intervention: str, csrf: str | None
) -> None:
    data = {"milestone": "improvement_notice_issued", "effective_on": today().isoformat()}
    if csrf is not None:
        data["csrf"] = csrf
    response = team.post(f"/interventions/{form_intervention}/milestones", data=data)
    assert response.status_code == 403
    assert "expired or came from another site" in response.text


def test_a_viewer_sees_no_form_and_may_not_post_one(stack: Stack, form_intervention: str) -> None:
    with sign_in(stack, "viewer") as viewer:
        page = viewer.get(f"/interventions/{form_intervention}").text
        assert "You cannot record here: role &#39;viewer&#39; may only read" in page
        assert 'name="milestone"' not in page
        response = viewer.post(
            f"/interventions/{form_intervention}/milestones",
            data={
                "milestone": "improvement_notice_issued",
                "effective_on": today().isoformat(),
                "csrf": hidden(page, "csrf"),
            },
        )
    assert response.status_code == 403
    assert "may only read" in response.text


def test_an_unknown_intervention_is_a_page_not_json(team: httpx.Client) -> None:
    response = team.get("/interventions/intervention-nowhere-2026-01-01")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "no intervention &#39;intervention-nowhere-2026-01-01&#39;" in response.text


def test_signing_out_ends_the_session(stack: Stack) -> None:
    with sign_in(stack, "manager") as client:
        page = client.get("/").text
        response = client.post("/logout", data={"csrf": hidden(page, "csrf")})
        assert response.headers["Location"] == "/login"
        assert client.get("/").status_code == 303


def test_the_committee_report_is_a_page_to_print_from_the_intervention(
    stack: Stack, form_intervention: str
) -> None:
    with sign_in(stack, "viewer") as viewer:
        page = viewer.get(f"/interventions/{form_intervention}").text
        assert f'action="/interventions/{form_intervention}/report"' in page
        response = viewer.get(f"/interventions/{form_intervention}/report")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Cache-Control"] == "no-store"
    report = response.text
    assert f"Intervention {form_intervention}" in report
    assert "improvement progress report" in report
    assert f"Period {today():%-d %B %Y}" not in report  # from the opening, not from today
    assert f"to {today():%-d %B %Y}" in report
    # The report carries its own stylesheet, allowed by its hash and nothing else inline.
    policy = response.headers["Content-Security-Policy"]
    [style] = re.findall(r"<style>(.*?)</style>", report, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_committee_report_in_markdown_is_a_file_to_save(
    stack: Stack, team: httpx.Client, form_intervention: str
) -> None:
    response = team.get(
        f"/interventions/{form_intervention}/report",
        params={"format": "md", "from": (today() - timedelta(days=60)).isoformat()},
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/markdown")
    assert f'filename="{form_intervention}-report.md"' in response.headers["Content-Disposition"]
    assert response.text.startswith("# ")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-02-01", "to": "2026-01-01"}, "to 2026-01-01 is before from 2026-02-01"),
        ({"to": "2001-01-01"}, "the period&#39;s end 2001-01-01 is before the intervention"),
        ({"to": "someday"}, "to &#39;someday&#39;: it is not a real date written YYYY-MM-DD"),
        ({"format": "pdf"}, "&#39;md&#39; or &#39;html&#39;"),
    ],
)
def test_a_report_period_that_cannot_be_is_a_page_saying_why(
    team: httpx.Client, form_intervention: str, params: dict[str, str], message: str
) -> None:
    response = team.get(f"/interventions/{form_intervention}/report", params=params)
    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("text/html")
    assert message in response.text


def test_a_report_of_an_unknown_intervention_is_not_found(team: httpx.Client) -> None:
    response = team.get("/interventions/intervention-nowhere-2026-01-01/report")
    assert response.status_code == 404
    assert "no intervention &#39;intervention-nowhere-2026-01-01&#39;" in response.text


def test_the_intervention_page_shows_the_plan_s_progress(stack: Stack, team: httpx.Client) -> None:
    intervention_id = open_intervention(stack, "Plan Page")
    page = team.get(f"/interventions/{intervention_id}").text
    assert "Improvement plan" not in page

    assert import_plan(stack, "improvement_team", intervention_id, good_plan()).status_code == 200

    page = team.get(f"/interventions/{intervention_id}").text
    assert f"As of {day(today())}: 2 priorities, 1 of 3 actions progressed (33%)." in page
    assert "Progress by theme</caption>" in page
    assert "Progress by phase</caption>" in page
    assert "No action is past its review date." in page


def test_a_report_period_typed_wrong_goes_back_beside_its_box(
    team: httpx.Client, form_intervention: str
) -> None:
    response = team.get(
        f"/interventions/{form_intervention}/report",
        params={**date_boxes("from", today()), **date_boxes("to", today() - timedelta(days=3))},
    )
    assert response.status_code == 422
    assert "is before from" in error_beside(response.text, "to")
    assert 'href="#to-day"' in response.text
    response = team.get(
        f"/interventions/{form_intervention}/report",
        params={"from-day": "40", "from-month": "1", "from-year": "2026"},
    )
    assert response.status_code == 422
    assert "is not a real date" in error_beside(response.text, "from")
    assert 'name="from-day" value="40"' in response.text or 'value="40"' in response.text


def test_the_accessibility_statement_is_public_and_linked_from_every_page(
    stack: Stack, team: httpx.Client
) -> None:
    with httpx.Client(base_url=stack.url) as anonymous:
        statement = anonymous.get("/accessibility")
        sign_in = anonymous.get("/login")
    assert statement.status_code == 200
    for heading in (
        "How accessible this service is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "How we tested this service",
        "Preparation of this accessibility statement",
    ):
        assert heading in statement.text
    # No contact configured: the statement says who to ask all the same.
    assert "the\nadministrator who gave you your access token" in statement.text
    for page in (sign_in.text, team.get("/").text):
        assert '<a class="govuk-footer__link" href="/accessibility">' in page


def test_gov_uk_frontend_is_served_from_here_under_a_strict_policy(team: httpx.Client) -> None:
    page = team.get("/")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in page.text
    assert "style=" not in page.text
    for path in (
        "/static/govuk/govuk-frontend.min.css",
        "/static/govuk/govuk-frontend.min.js",
        "/static/dashboard.mjs",
        "/static/dashboard.css",
        "/assets/images/govuk-crest.svg",
    ):
        assert team.get(path).status_code == 200, path
    assert team.get("/static/dashboard.mjs").headers["Content-Type"].startswith("text/javascript")


@pytest.mark.parametrize("brand", [True, False])
def test_the_crown_and_its_font_appear_only_when_the_setting_says(brand: bool) -> None:
    # The sign-in and the statement read nothing from the backend: served here without one.
    app = create_app(Settings(govuk_brand=brand), tokens=TokenBook([]))
    page = TestClient(app).get("/accessibility").text
    assert ('class="govuk-header"' in page) is brand
    assert ('aria-label="GOV.UK"' in page) is brand
    assert ("app-unbranded" in page) is not brand
    # The service name is in the service navigation either way.
    assert "govuk-service-navigation__service-name" in page
    assert "Statutory interventions" in page


def test_the_api_reference_lists_every_operation_from_the_schema() -> None:
    """A page of the service, signed out and offline: every operation of the OpenAPI schema,
    and nothing loaded from elsewhere."""
    app = create_app(Settings(), tokens=TokenBook([]))
    client = TestClient(app)

    response = client.get("/api/docs")

    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    page = response.text
    operations = [
        f"{method.upper()} {path}"
        for path, item in app.openapi()["paths"].items()
        for method in item
    ]
    assert len(operations) > 20
    for operation in operations:
        assert f"<code>{operation}</code>" in page, operation
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_a_notice_s_conditions_are_recorded_item_by_item(stack: Stack, team: httpx.Client) -> None:
    intervention_id = open_intervention(stack, "Conditions")
    page = team.get(f"/interventions/{intervention_id}").text
    assert 'name="details.conditions.2.title"' in page
    due = today() + timedelta(days=60)
    form = {
        "milestone": "improvement_notice_issued",
        **date_boxes("effective_on", today()),
        "csrf": hidden(page, "csrf"),
        "details.conditions.0.name": "chair_report",
        "details.conditions.0.title": "Board chair's report",
    }
    # Neither a date nor a period: refused, beside the conditions, with what was typed kept.
    refused = team.post(f"/interventions/{intervention_id}/milestones", data=form)
    assert refused.status_code == 422
    assert "&#39;chair_report&#39; needs due (a date)" in error_beside(
        refused.text, "details-conditions"
    )
    assert 'href="#details-conditions-0-name"' in refused.text
    assert 'value="chair_report"' in refused.text

    form |= {"details.conditions.0.every_months": "3", "details.conditions.1.name": "report"}
    form |= {"details.conditions.1.title": "Commissioner's report"}
    form |= date_boxes("details.conditions.1.due", due)
    recorded = team.post(f"/interventions/{intervention_id}/milestones", data=form)
    assert recorded.status_code == 303, recorded.text
    with stack.client("viewer") as client:
        status = client.get(f"/api/interventions/{intervention_id}").json()
    deadlines = {d["milestone"]: d for d in status["deadlines"]}
    assert deadlines["report"]["due"] == due.isoformat()
    assert "chair_report" in deadlines


def _fact(page: str, key: str) -> str:
    found = re.search(
        rf'<dt class="govuk-summary-list__key">{key}</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    assert found, f"no {key!r} on the page"
    return html.unescape(found.group(1))


def test_the_intervention_page_shows_what_is_overdue_apart_from_what_is_next(
    stack: Stack, team: httpx.Client
) -> None:
    # A judgement published a year ago with nothing recorded since: its first duties missed
    # long ago are overdue; what is next is the first still to come.
    late = open_intervention(stack, "Page Late", add_working_days(today(), -250))
    page = team.get(f"/interventions/{late}").text

    assert re.fullmatch(
        r"\d+, the oldest Report published by the council, due .+", _fact(page, "Overdue")
    )
    upcoming = _fact(page, "Next deadline")
    assert upcoming != "none"
    assert "Report published by the council" not in upcoming

    fresh = team.get(f"/interventions/{open_intervention(stack, 'Page Fresh')}").text
    assert _fact(fresh, "Overdue") == "none"
    assert _fact(fresh, "Next deadline").startswith("Report published by the council, ")
