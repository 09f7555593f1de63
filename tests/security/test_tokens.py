"""Bad tokens against the real stack: each is a 401 with one line saying why, quotes no token,
and writes nothing. Each is signed with the provider's own key unless the point is the key, so
that it fails on the one thing it gets wrong. Also the keys' cache: fetched once, fetched again
for a key id it does not know, and not hammered by made-up ones."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from api.jwks import KeySet
from tests.api.conftest import Stack, today
from tests.security.conftest import (
    AUDIENCE,
    CROYDON,
    KEY_ID,
    IdentityProvider,
    api,
)


def claims(provider: IdentityProvider, **changes: Any) -> dict[str, Any]:
    """What the provider puts in an access token for Croydon's officer, then the changes."""
    now = int(time.time())
    return {
        "iss": provider.issuer,
        "sub": CROYDON.login,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 600,
        "name": CROYDON.name,
        "groups": CROYDON.groups,
        **changes,
    }


def signed(provider: IdentityProvider, payload: dict[str, Any], **header: Any) -> str:
    return jwt.encode(
        payload, provider.private_key, algorithm="RS256", headers={"kid": KEY_ID, **header}
    )


def unsigned(payload: dict[str, Any]) -> str:
    return jwt.encode(payload, None, algorithm="none", headers={"kid": KEY_ID})


def hs256(payload: dict[str, Any], secret: bytes) -> str:
    """The old confusion: HMAC keyed with the issuer's public key. PyJWT refuses to make one,
    so it is made by hand."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = part(json.dumps({"alg": "HS256", "typ": "JWT", "kid": KEY_ID}).encode())
    body = part(json.dumps(payload).encode())
    signature = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{part(signature)}"


def bad_tokens(provider: IdentityProvider) -> dict[str, tuple[str, str]]:
    """Each bad token, and what its refusal says."""
    now = int(time.time())
    stranger_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = provider.private_key.public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
    )
    other_issuer = "https://login.example.org/other-tenant/v2.0"
    return {
        "expired": (
            signed(provider, claims(provider, iat=now - 4000, exp=now - 3600)),
            "the token expired at ",
        ),
        "another issuer": (
            jwt.encode(
                claims(provider, iss=other_issuer),
                stranger_key,
                algorithm="RS256",
                headers={"kid": "other-issuer-key"},
            ),
            f"the token's issuer '{other_issuer}' is not one this service accepts",
        ),
        "a key not in the JWKS": (
            jwt.encode(
                claims(provider), stranger_key, algorithm="RS256", headers={"kid": "rogue-key"}
            ),
            f"the token is signed with key 'rogue-key', which issuer '{provider.issuer}' does "
            "not publish",
        ),
        "the provider's key id on another key": (
            jwt.encode(claims(provider), stranger_key, algorithm="RS256", headers={"kid": KEY_ID}),
            "the token's signature does not verify with the issuer's key",
        ),
        "alg none": (
            jwt.encode(claims(provider), None, algorithm="none", headers={"kid": KEY_ID}),
            "the token is signed with algorithm 'none', which is not accepted",
        ),
        "HS256 keyed with the public key": (
            hs256(claims(provider), public_pem),
            "the token is signed with algorithm 'HS256', which is not accepted",
        ),
        "ES256 under the RSA key's id": (
            jwt.encode(
                claims(provider),
                ec.generate_private_key(ec.SECP256R1()),
                algorithm="ES256",
                headers={"kid": KEY_ID},
            ),
            "the token is signed with algorithm 'ES256', which key 'provider-key-1' (RSA) is "
            "not for",
        ),
        "another audience": (
            signed(provider, claims(provider, aud="api://another-service")),
            f"the token is for audience 'api://another-service', not '{AUDIENCE}'",
        ),
        "not valid yet": (
            signed(provider, claims(provider, nbf=now + 3600, exp=now + 7200)),
            "the token is not valid until ",
        ),
        "no expiry": (
            signed(provider, {k: v for k, v in claims(provider).items() if k != "exp"}),
            "the token has no 'exp' claim",
        ),
        "an authority the mapping does not know": (
            signed(provider, claims(provider, groups=["council-of-nowhere"])),
            "the token's 'groups' claim names no organisation this service knows",
        ),
        "two organisations": (
            signed(
                provider, claims(provider, groups=["croydon-improvement", "sutton-improvement"])
            ),
            "names more than one organisation ('London Borough of Croydon', 'London Borough "
            "of Sutton'); a person acts for one",
        ),
        "not a JWT": ("aaaa.bbbb.cccc", "the token is not a JWT this service can read"),
    }


def test_bad_tokens_are_refused_with_their_reason_and_write_nothing(
    stack: Stack,
    identity_provider: IdentityProvider,
    tokens: dict[str, str],
    interventions: dict[str, list[str]],
) -> None:
    target = interventions[CROYDON.login][0]
    with api(stack, tokens[CROYDON.login]) as own:
        before = own.get(f"/api/interventions/{target}/events").json()["events"]
    cases = bad_tokens(identity_provider)
    for case, (token, reason) in cases.items():
        with api(stack, token) as client:
            for response in (
                client.get("/api/me"),
                client.post(
                    f"/api/interventions/{target}/milestones",
                    json={"milestone": "report_published", "effective_on": today().isoformat()},
                ),
            ):
                assert response.status_code == 401, (case, response.text)
                message = response.json()["error"]["message"]
                assert reason in message, (case, message)
                assert "\n" not in message
                assert token not in response.text
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
    with api(stack, tokens[CROYDON.login]) as own:
        after = own.get(f"/api/interventions/{target}/events").json()["events"]
    print(
        f"\nTOKENS refused: {len(cases)} kinds of bad token, each on a read and a milestone; "
        f"401 for all {2 * len(cases)}, events written {len(after) - len(before)}"
    )
    assert after == before
    log = stack.log()
    for token, _ in cases.values():
        assert token not in log


def test_a_clock_a_little_off_is_allowed_and_no_more(
    stack: Stack, identity_provider: IdentityProvider
) -> None:
    """The stack allows 60 seconds of skew (INTERVENTION_OIDC_CLOCK_SKEW's default)."""
    now = int(time.time())
    for changes, status in (
        ({"exp": now - 30}, 200),
        ({"iat": now + 30, "nbf": now + 30}, 200),
        ({"exp": now - 90}, 401),
        ({"iat": now + 90, "nbf": now + 90}, 401),
    ):
        token = signed(identity_provider, claims(identity_provider, **changes))
        with api(stack, token) as client:
            assert client.get("/api/me").status_code == status, changes


class KeyServer:
    """An issuer's JWKS on a port of this machine: it can rotate, and counts its requests."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                body = json.dumps({"keys": server.keys}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/jwks"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def publish(self, kid: str) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
        self.keys.append({**public, "kid": kid, "alg": "RS256", "use": "sig"})


@pytest.fixture
def key_server() -> Iterator[KeyServer]:
    server = KeyServer()
    yield server
    server.http.shutdown()
    server.http.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_keys_are_fetched_again_for_an_unknown_key_id_at_most_once_an_interval(
    key_server: KeyServer,
) -> None:
    key_server.publish("first")
    clock = Clock()
    async with httpx.AsyncClient() as client:
        keys = KeySet(client, key_server.url, min_interval=60, max_age=3600, clock=clock)
        assert await keys.key("first") is not None
        assert await keys.key("first") is not None
        assert key_server.requests == 1  # kept
        # The issuer rotates: a token with the new key id, a minute on, fetches the set again.
        key_server.publish("second")
        clock.now += 60
        assert await keys.key("second") is not None
        assert key_server.requests == 2
        # A flood of made-up key ids costs one fetch a minute, not one each.
        for made_up in range(50):
            assert await keys.key(f"made-up-{made_up}") is None
        assert key_server.requests == 2
        clock.now += 60
        assert await keys.key("made-up-again") is None
        assert key_server.requests == 3
        # An hour on, the set is fetched again even for a known key: a withdrawn key goes.
        key_server.keys.pop(0)
        clock.now += 3600
        assert await keys.key("first") is None
        assert key_server.requests == 4
        # An issuer that stops answering does not sign everyone out: the keys known still work.
        key_server.http.shutdown()
        key_server.http.server_close()
        clock.now += 3600
        assert await keys.key("second") is not None
