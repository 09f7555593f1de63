"""A real identity provider and the real stack that trusts it, once for this folder's tests.

The provider is oidc-provider (the npm package, a certified OpenID provider, installed by
`scripts/setup dev`), run by Node with `provider.mjs` on a free port, at `localhost` while the
dashboard is at `127.0.0.1`: two sites, as a council's provider and the service are. Its
signing key is made here, so the tests can also sign tokens the provider never would (expired,
for another audience, naming an unknown group) with the very key the API trusts. Three people
sign in there: an officer of each of two councils, and a manager at the DfE.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from domain.calendar import add_working_days
from tests.api.conftest import (  # noqa: F401  (browser and page: fixtures for this folder)
    Stack,
    browser,
    free_port,
    opening,
    page,
    running_stack,
    stack_env,
    today,
)

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_SCRIPT = Path(__file__).parent / "provider.mjs"
PROVIDER_PACKAGE = ROOT / "node_modules" / "oidc-provider"
AUDIENCE = "api://intervention-engine"
DASHBOARD_CLIENT = "intervention-dashboard"
TESTER_CLIENT = "security-tests"
# Where the tests' own client says it wants the code: never reached, the code is read off the
# provider's redirect to it.
TESTER_REDIRECT = "http://127.0.0.1:9/callback"
PROVIDER_NAME = "example-idp"
PROVIDER_TITLE = "Example Identity"
KEY_ID = "provider-key-1"
DASHBOARD_SECRET = secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Person:
    login: str
    name: str
    groups: list[str]
    organisation: str
    authority: str | None  # None: the DfE, every authority


CROYDON = Person(
    "croydon-officer",
    "Carol Croydon",
    ["croydon-improvement"],
    "London Borough of Croydon",
    "Croydon",
)
SUTTON = Person(
    "sutton-officer",
    "Sam Sutton",
    ["sutton-improvement", "unrelated-group"],
    "London Borough of Sutton",
    "Sutton",
)
DFE = Person("dfe-manager", "Dee Eff", ["dfe-interventions"], "Department for Education", None)
STRANGER = Person("stranger", "Una Known", ["council-of-nowhere"], "", None)
PEOPLE = (CROYDON, SUTTON, DFE, STRANGER)

# The mapping the stack is configured with: a claim value to an organisation and a role.
ORGANISATIONS = {
    "croydon-improvement": {
        "organisation": CROYDON.organisation,
        "authorities": ["Croydon"],
        "role": "improvement_team",
    },
    "sutton-improvement": {
        "organisation": SUTTON.organisation,
        "authorities": ["Sutton"],
        "role": "improvement_team",
    },
    "dfe-interventions": {"organisation": DFE.organisation, "dfe": True, "role": "manager"},
}


@dataclass(frozen=True)
class IdentityProvider:
    issuer: str
    private_key: rsa.RSAPrivateKey
    log: Path


def private_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk = RSAAlgorithm.to_jwk(key, as_dict=True)
    # PyJWT marks a private key `key_ops: [sign]`; the provider also verifies with it (the ID
    # token a sign-out hands back), so it says only what it is for.
    jwk.pop("key_ops", None)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@pytest.fixture(scope="package")
def dashboard() -> str:
    """Where the stack will serve the dashboard: the provider must know it first, to send
    people back there."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="package")
def identity_provider(
    tmp_path_factory: pytest.TempPathFactory, dashboard: str
) -> Iterator[IdentityProvider]:
    node = shutil.which("node")
    if node is None or not PROVIDER_PACKAGE.exists():
        message = "Node.js or node_modules/oidc-provider is missing: run scripts/setup dev"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("identity-provider")
    port = free_port()
    issuer = f"http://localhost:{port}"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    config = {
        "issuer": issuer,
        "port": port,
        "audience": AUDIENCE,
        "jwks": {"keys": [private_jwk(key, KEY_ID)]},
        "dashboard": {
            "client_id": DASHBOARD_CLIENT,
            "client_secret": DASHBOARD_SECRET,
            "redirect_uris": [f"{dashboard}/login/callback"],
            "post_logout_redirect_uris": [f"{dashboard}/login"],
        },
        "tester": {"client_id": TESTER_CLIENT, "redirect_uri": TESTER_REDIRECT},
        "accounts": {p.login: {"name": p.name, "groups": p.groups} for p in PEOPLE},
    }
    (folder / "config.json").write_text(json.dumps(config))
    log = folder / "provider.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [node, str(PROVIDER_SCRIPT), str(folder / "config.json")],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while "listening" not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the identity provider did not start:\n" + log.read_text())
            time.sleep(0.1)
        yield IdentityProvider(issuer, key, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


def provider_settings(provider: IdentityProvider) -> list[dict[str, Any]]:
    return [
        {
            "name": PROVIDER_NAME,
            "title": PROVIDER_TITLE,
            "issuer": provider.issuer,
            "audience": AUDIENCE,
            "client_id": DASHBOARD_CLIENT,
            "client_secret": DASHBOARD_SECRET,
            "scopes": ["openid", "profile", "groups"],
            "claim": "groups",
            "organisations": ORGANISATIONS,
        }
    ]


@pytest.fixture(scope="package")
def stack(
    tmp_path_factory: pytest.TempPathFactory, identity_provider: IdentityProvider, dashboard: str
) -> Iterator[Stack]:
    """`intervention up` trusting the provider: no static tokens but the local user's."""
    data_dir = tmp_path_factory.mktemp("security-stack")
    env = stack_env(
        data_dir,
        INTERVENTION_API_PORT=dashboard.rsplit(":", 1)[1],
        INTERVENTION_OIDC_PROVIDERS=json.dumps(provider_settings(identity_provider)),
        INTERVENTION_LOG_LEVEL="INFO",
    )
    with running_stack(data_dir, env, {}) as running:
        yield running


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign_in_at_provider(
    client: httpx.Client, start: str, login: str, stop_at: str | None = None
) -> httpx.Response:
    """Follow redirects from `start` through the provider's sign-in page, signing in as `login`
    (any password), to the first answer that is not a redirect, or to the redirect to
    `stop_at`."""
    response = client.get(start)
    for _ in range(20):
        if response.is_redirect:
            location = urljoin(str(response.url), response.headers["Location"])
            if stop_at and location.startswith(stop_at):
                return response
            response = client.get(location)
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"', response.text)
        if form is None or 'name="login"' not in response.text:
            return response
        response = client.post(
            urljoin(str(response.url), unescape(form[1])),
            data={"prompt": "login", "login": login, "password": "any password"},
        )
    raise AssertionError("the sign-in went round in circles")


def access_token(provider: IdentityProvider, person: Person) -> str:
    """An access token for the API, as the provider issues it to a client of its own after
    the person signs in: the authorization code flow with PKCE, for the API's resource."""
    verifier, challenge = _pkce()
    query = httpx.QueryParams(
        response_type="code",
        client_id=TESTER_CLIENT,
        redirect_uri=TESTER_REDIRECT,
        scope="openid profile groups",
        resource=AUDIENCE,
        state=secrets.token_urlsafe(16),
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    with httpx.Client(timeout=30) as client:
        start = f"{provider.issuer}/auth?{query}"
        answer = sign_in_at_provider(client, start, person.login, stop_at=TESTER_REDIRECT)
        assert answer.is_redirect, answer.text
        answer_query = parse_qs(urlsplit(answer.headers["Location"]).query)
        assert "code" in answer_query, answer.headers["Location"]
        code = answer_query["code"][0]
        tokens = client.post(
            f"{provider.issuer}/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": TESTER_REDIRECT,
                "code_verifier": verifier,
                "client_id": TESTER_CLIENT,
                "resource": AUDIENCE,
            },
        )
    assert tokens.status_code == 200, tokens.text
    return str(tokens.json()["access_token"])


@contextmanager
def dashboard_client(
    stack: Stack, provider: IdentityProvider, person: Person
) -> Iterator[httpx.Client]:
    """A browser-like client signed in to the dashboard through the provider, as `person`."""
    with httpx.Client(base_url=stack.url, timeout=60) as client:
        start = f"{stack.url}/login/provider/{PROVIDER_NAME}"
        answer = sign_in_at_provider(client, start, person.login)
        assert answer.status_code == 200, answer.text
        assert "Sign out" in answer.text, answer.text
        yield client


@pytest.fixture(scope="package")
def tokens(identity_provider: IdentityProvider, stack: Stack) -> dict[str, str]:
    """An access token for each of the three people, issued by the provider."""
    return {p.login: access_token(identity_provider, p) for p in (CROYDON, SUTTON, DFE)}


def api(stack: Stack, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=stack.url, headers={"Authorization": f"Bearer {token}"}, timeout=60
    )


@pytest.fixture(scope="package")
def interventions(stack: Stack, tokens: dict[str, str]) -> dict[str, list[str]]:
    """Each council's interventions, opened by its own officer: two for Croydon, one for
    Sutton; and one the DfE opened for Croydon."""
    opened: dict[str, list[str]] = {CROYDON.login: [], SUTTON.login: []}
    for person, months_ago, by in (
        (CROYDON, 2, CROYDON),
        (CROYDON, 5, CROYDON),
        (SUTTON, 3, SUTTON),
        (CROYDON, 7, DFE),
    ):
        assert person.authority is not None
        published = published_months_ago(months_ago)
        with api(stack, tokens[by.login]) as client:
            response = client.post("/api/interventions", json=opening(person.authority, published))
        assert response.status_code == 201, response.text
        opened[person.login].append(response.json()["intervention_id"])
    return opened


def published_months_ago(months: int) -> date:
    return add_working_days(today(), -21 * months)
