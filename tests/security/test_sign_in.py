"""Signing in to the dashboard in the headless browser, through the real identity provider's own
pages, and out again, at the provider too."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.api.conftest import Stack
from tests.api.test_accessibility import assert_accessible, axe_source  # noqa: F401 (a fixture)
from tests.security.conftest import (
    CROYDON,
    DFE,
    PROVIDER_TITLE,
    STRANGER,
    IdentityProvider,
    Person,
)


def sign_in(page: Page, stack: Stack, person: Person, then: str = "/") -> None:
    page.goto(stack.url + then)
    # Not signed in: the sign-in page, which sends the person to their provider.
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_role("button", name=f"Sign in with {PROVIDER_TITLE}").click()
    # The provider's own sign-in page, on its own site.
    page.locator("input[name=login]").fill(person.login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()


def test_a_council_officer_signs_in_sees_their_own_and_signs_out(
    stack: Stack,
    page: Page,
    axe_source: str,  # noqa: F811
    identity_provider: IdentityProvider,
    interventions: dict[str, list[str]],
) -> None:
    page.goto(stack.url + "/login")
    assert_accessible(page, axe_source, "sign-in with an identity provider")
    sign_in(page, stack, CROYDON)
    expect(page).to_have_url(stack.url + "/")
    expect(page.get_by_text(f"{CROYDON.name} (improvement team)")).to_be_visible()
    content = page.content()
    for own in interventions[CROYDON.login]:
        assert f'href="/interventions/{own}"' in content
    assert "sutton" not in page.locator("table").inner_text().lower()
    assert_accessible(page, axe_source, "a council's portfolio")

    # Another council's intervention is a page not found, as one that is not there.
    theirs = interventions["sutton-officer"][0]
    response = page.goto(f"{stack.url}/interventions/{theirs}")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()

    # Signing out ends the session here, then at the provider, which sends the person back.
    session = next(c for c in page.context.cookies() if c["name"] == "intervention_session")
    assert session["httpOnly"]
    assert session["sameSite"] == "Lax"
    page.goto(stack.url + "/")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(stack.url + "/login")
    assert not [c for c in page.context.cookies() if c["name"] == "intervention_session"]
    # The old session's value is worth nothing now: it was ended on the server.
    page.context.add_cookies([session])  # type: ignore[list-item]
    page.goto(stack.url + "/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    # And the provider asks again who it is: its session ended too.
    page.get_by_role("button", name=f"Sign in with {PROVIDER_TITLE}").click()
    expect(page.locator("input[name=login]")).to_be_visible()


def test_the_dfe_sees_every_council(
    stack: Stack, page: Page, interventions: dict[str, list[str]]
) -> None:
    sign_in(page, stack, DFE, then="/?limit=50")
    expect(page).to_have_url(stack.url + "/?limit=50")
    expect(page.get_by_text(f"{DFE.name} (manager)")).to_be_visible()
    content = page.content()
    for opened in [*interventions[CROYDON.login], *interventions["sutton-officer"]]:
        assert f'href="/interventions/{opened}"' in content


def test_a_person_the_mapping_does_not_know_is_told_why(
    stack: Stack,
    page: Page,
    axe_source: str,  # noqa: F811
) -> None:
    sign_in(page, stack, STRANGER)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("'groups' claim names no organisation this service knows")
    expect(summary).to_be_focused()
    assert not [c for c in page.context.cookies() if c["name"] == "intervention_session"]
    assert_accessible(page, axe_source, "a sign-in the mapping refused")
