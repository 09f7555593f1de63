"""Signing in to the dashboard and out again: with the person's organisation's identity provider
(OpenID Connect's authorization code flow with PKCE), or with a token where tokens are
configured (`intervention up` prints one).

The sign-in with a provider: `/login/provider/NAME` keeps a fresh state, nonce and PKCE
verifier on the server, bound to this browser by a cookie, and sends the person to the
provider. The provider sends them back to `/login/callback` with a code, which is taken once:
its state must match, the code is exchanged (with the verifier) for an ID token, and that token
must be signed by the provider's key, for this client, carry the nonce, and map to one
organisation. Signing out ends the session on the server and, when the provider offers it,
at the provider too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import httpx
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from api.auth import digest, identity_providers, token_book
from api.dashboard import page
from api.errors import ApiError
from api.jwks import IdentityProviderUnavailable
from api.oidc import IdentityProvider, TokenRefusedError, person_from_claims
from api.session import (
    PendingSignIn,
    Session,
    begin_sign_in,
    current_session,
    end_session,
    forget_sign_in,
    form_token_matches,
    login_nonce_matches,
    new_login_nonce,
    remember_login_nonce,
    safe_back_to,
    start_session,
    take_sign_in,
)

router = APIRouter(include_in_schema=False)
CALLBACK = "/login/callback"


class LoginForm(BaseModel):
    token: str = ""
    nonce: str = ""
    next: str = "/"


class SignOutForm(BaseModel):
    csrf: str = ""


def public_url(request: Request) -> str:
    """The dashboard's address as people reach it: the provider sends them back under it."""
    configured: str | None = request.app.state.public_url
    return (configured or str(request.base_url)).rstrip("/")


def login_page(
    request: Request,
    back_to: str,
    error: str | None = None,
    status: int = 200,
    error_at: str = "token",
) -> Response:
    """The sign-in page; an error is shown beside the token field, or the providers' buttons."""
    nonce = new_login_nonce()
    providers = identity_providers(request).for_dashboard
    tokens = len(token_book(request)) > 0
    response = page(
        request,
        "login.html",
        {
            "next": back_to,
            "error": error,
            "error_at": error_at
            if providers and (error_at == "providers" or not tokens)
            else "token",
            "nonce": nonce,
            "providers": providers,
            "tokens": tokens,
        },
        status=status,
    )
    remember_login_nonce(response, request, nonce)
    return response


@router.get("/login")
async def login_form(request: Request, next: str = "/") -> Response:
    return login_page(request, safe_back_to(next))


@router.post("/login")
async def login_with_token(request: Request, form: Annotated[LoginForm, Form()]) -> Response:
    back_to = safe_back_to(form.next)
    if not login_nonce_matches(request, form.nonce):
        return login_page(request, back_to, "The sign-in form expired; please try again.", 403)
    token = form.token.strip()
    person = token_book(request).person(token)
    if person is None:
        return login_page(
            request, back_to, "That token is not known here; check and try again.", 401
        )
    response = RedirectResponse(back_to, status_code=303)
    await start_session(response, request, person, token_digest=digest(token))
    return response


def _provider(request: Request, name: str) -> IdentityProvider:
    provider = identity_providers(request).by_name.get(name)
    if provider is None or provider.config.client_id is None:
        known = ", ".join(p.name for p in identity_providers(request).for_dashboard) or "none"
        raise ApiError(
            404, "not_found", f"no identity provider {name!r} signs in here; known: {known}"
        )
    return provider


def _challenge(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


@router.get("/login/provider/{name}")
async def login_with_provider(request: Request, name: str, next: str = "/") -> Response:
    provider = _provider(request, name)
    config = provider.config
    authorize = await provider.endpoint("authorization_endpoint")
    if authorize is None:
        raise IdentityProviderUnavailable(f"{config.metadata_url} gives no authorization_endpoint")
    pending = PendingSignIn(
        provider=config.name,
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        back_to=safe_back_to(next),
    )
    query = {
        "response_type": "code",
        "client_id": config.client_id,
        "redirect_uri": public_url(request) + CALLBACK,
        "scope": " ".join(config.scopes),
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": _challenge(pending.code_verifier),
        "code_challenge_method": "S256",
    }
    response = RedirectResponse(f"{authorize}?{urlencode(query)}", status_code=303)
    await begin_sign_in(response, request, pending)
    return response


class SignInFailedError(Exception):
    """A sign-in through a provider that did not work; the message says why in one line."""


@router.get(CALLBACK)
async def provider_callback(request: Request) -> Response:
    pending = await take_sign_in(request)
    back_to = pending.back_to if pending else "/"
    response: Response
    try:
        if pending is None:
            raise SignInFailedError(
                "This sign-in was not started here, was used already, or took over 10 minutes; "
                "please sign in again."
            )
        response = RedirectResponse(back_to, status_code=303)
        await _finish_sign_in(request, response, pending, dict(request.query_params))
    except SignInFailedError as error:
        response = login_page(request, back_to, str(error), 401, error_at="providers")
    forget_sign_in(response)
    return response


async def _finish_sign_in(
    request: Request, response: Response, pending: PendingSignIn, answer: dict[str, str]
) -> None:
    provider = _provider(request, pending.provider)
    config = provider.config
    if not hmac.compare_digest(answer.get("state", ""), pending.state):
        raise SignInFailedError("The answer from the identity provider is not for this sign-in.")
    # RFC 9207: a provider that names itself in its answer must be the one asked.
    if "iss" in answer and answer["iss"].rstrip("/") != config.issuer:
        raise SignInFailedError(
            "The answer came from another identity provider than the one asked."
        )
    if "error" in answer:
        described = answer.get("error_description", "")
        raise SignInFailedError(
            f"{config.title} did not sign you in: {answer['error']}"
            + (f" ({described[:200]})" if described else "")
        )
    tokens = await _exchange(request, provider, pending, answer.get("code", ""))
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise SignInFailedError(f"{config.title} gave no ID token; the sign-in cannot be checked.")
    try:
        _, claims = await identity_providers(request).verify(
            id_token, lambda found: found.config.client_id, provider=provider, nonce=pending.nonce
        )
        person = person_from_claims(config, claims)
    except TokenRefusedError as error:
        raise SignInFailedError(f"{config.title}'s sign-in was refused: {error}.") from None
    await start_session(response, request, person, provider=config.name, id_token=id_token)


async def _exchange(
    request: Request, provider: IdentityProvider, pending: PendingSignIn, code: str
) -> dict[str, Any]:
    """The code for the provider's tokens, with the PKCE verifier."""
    config = provider.config
    endpoint = await provider.endpoint("token_endpoint")
    if endpoint is None:
        raise IdentityProviderUnavailable(f"{config.metadata_url} gives no token_endpoint")
    assert config.client_id is not None  # only providers with a client sign people in
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": public_url(request) + CALLBACK,
        "code_verifier": pending.code_verifier,
        "client_id": config.client_id,
    }
    headers = {"Accept": "application/json"}
    if config.client_secret is not None:
        # client_secret_basic: each part form-encoded first (RFC 6749, 2.3.1).
        pair = f"{quote(config.client_id, safe='')}:"
        pair += quote(config.client_secret.get_secret_value(), safe="")
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    try:
        answer = await identity_providers(request).client.post(endpoint, data=form, headers=headers)
    except httpx.HTTPError as error:
        raise IdentityProviderUnavailable(f"cannot reach {endpoint}: {error}") from None
    try:
        document = answer.json()
    except ValueError:
        document = None
    if answer.status_code != 200 or not isinstance(document, dict):
        reason = document.get("error") if isinstance(document, dict) else None
        raise SignInFailedError(
            f"{config.title} would not give the sign-in's tokens: {reason or answer.status_code}."
        )
    return document


@router.post("/logout")
async def logout(
    request: Request,
    form: Annotated[SignOutForm, Form()],
    session: Annotated[Session, Depends(current_session)],
) -> Response:
    if not form_token_matches(session, form.csrf):
        raise ApiError(403, "forbidden", "this form has expired or came from another site")
    destination = "/login"
    provider = identity_providers(request).by_name.get(session.provider or "")
    if provider is not None:
        destination = await _provider_sign_out(request, provider, session) or destination
    response = RedirectResponse(destination, status_code=303)
    await end_session(request, response)
    return response


async def _provider_sign_out(
    request: Request, provider: IdentityProvider, session: Session
) -> str | None:
    """Where the provider ends its own session and sends the person back, if it can."""
    try:
        endpoint = await provider.endpoint("end_session_endpoint")
    except IdentityProviderUnavailable:
        # Signed out here all the same; the provider's session ends when it ends.
        return None
    if endpoint is None:
        return None
    query = {"post_logout_redirect_uri": public_url(request) + "/login"}
    query["client_id"] = provider.config.client_id or ""
    if session.id_token:
        query["id_token_hint"] = session.id_token
    return f"{endpoint}?{urlencode(query)}"
