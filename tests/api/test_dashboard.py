"""The dashboard's pages and forms over plain HTTP: sign-in, the session cookie, the per-form
token, validation errors beside their field, and a portfolio that is never stale."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
import pytest

from api.timeline_chart import day
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
        assert "SameSite=strict" in cookie
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
        shown += re.findall(r'<a href="/interventions/([^"]+)">', page)
        following = re.search(r'<a href="([^"]+)" rel="next">Next 2</a>', page)
        url = html.unescape(following[1]) if following else None
        if url is not None:
            assert "authority=pages" in url

    assert "showing 3 to 3" in page
    assert 'rel="prev"' in page
    assert sorted(shown) == sorted(opened)


def test_the_portfolio_reflects_a_milestone_on_the_next_load(
    stack: Stack, team: httpx.Client
) -> None:
    intervention_id = open_intervention(stack, "Live")
    # The session cookie is for pages: the JSON API still wants a bearer token.
    assert team.get(f"/api/interventions/{intervention_id}").status_code == 401
    before = team.get("/", params={"authority": intervention_id.split("-")[2]}).text
    assert "<td>awaiting decision</td>" in before
    page = team.get(f"/interventions/{intervention_id}").text
    response = team.post(
        f"/interventions/{intervention_id}/milestones",
        data={
            "milestone": "improvement_notice_issued",
            "effective_on": today().isoformat(),
            "details": "note=letter received\n",
            "csrf": hidden(page, "csrf"),
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith(
        f"/interventions/{intervention_id}?recorded=improvement_notice_issued"
    )
    after = team.get("/", params={"authority": intervention_id.split("-")[2]}).text
    assert "<td>awaiting decision</td>" not in after
    assert "<td>improvement</td>" in after
    shown = team.get(response.headers["Location"]).text
    assert "Recorded: improvement notice issued." in shown
    assert 'data-event="ImprovementNoticeIssued"' in shown


@pytest.mark.parametrize(
    ("fields", "status", "field", "message"),
    [
        (
            {"effective_on": "FUTURE"},
            422,
            "effective_on",
            "is in the future; today is",
        ),
        ({"effective_on": "not a date"}, 422, "effective_on", "valid date"),
        (
            {"details": "colour=blue"},
            422,
            "details",
            "colour &#39;blue&#39; is not allowed",
        ),
        ({"details": "just words"}, 422, "details", "write key=value, one a line"),
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
    field: str,
    message: str,
) -> None:
    page = team.get(f"/interventions/{form_intervention}").text
    data = {
        "milestone": "improvement_notice_issued",
        "effective_on": today().isoformat(),
        "details": "",
        "csrf": hidden(page, "csrf"),
        **fields,
    }
    if data["effective_on"] == "FUTURE":
        data["effective_on"] = (today() + timedelta(days=2)).isoformat()
    response = team.post(f"/interventions/{form_intervention}/milestones", data=data)
    assert response.status_code == status
    error = re.search(
        rf'<p class="error-message" id="{field}-error">(.*?)</p>', response.text, re.S
    )
    assert error, response.text
    assert message in error[1]
    assert f'aria-describedby="{field}-error"' in response.text or (
        f'{field}-hint {field}-error"' in response.text
    )
    # What the person typed stays in the form.
    assert data["effective_on"] in response.text


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
    assert f"Period {today():%d %B %Y}" not in report  # from the opening, not from today
    assert f"to {today():%d %B %Y}" in report
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
        ({"to": "someday"}, "valid date"),
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
    assert "<caption>Progress by theme</caption>" in page
    assert "<caption>Progress by phase</caption>" in page
    assert "No action is past its review date." in page
