"""The dashboard's sessions, kept on the server (PostgreSQL, migration 006), so that every
instance of the API knows them and signing out ends them everywhere.

The browser holds a random value in an HttpOnly cookie (Secure over https); the server keeps
its SHA-256 with the person. The session cookie is SameSite=Lax: a person coming back from
their identity provider arrives by a link from another site, and a Strict cookie set on that
arrival would not be sent on the page it leads to. Lax cookies still go with no POST from
another site, and every form also carries a token derived from the session's value, which
pages never show, so a form posted from another site is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

import asyncpg
from fastapi import Request, Response

from api.auth import token_book
from domain.values import Actor

SESSION_COOKIE = "intervention_session"
# A sign-in under way at an identity provider: binds the provider's answer to this browser.
SIGN_IN_COOKIE = "intervention_sign_in"
SIGN_IN_PATH = "/login"
# Before sign-in with a token there is no session to derive a form token from: the token form
# carries a random value that must match this cookie (a double submit).
LOGIN_COOKIE = "intervention_login"
SESSION_SECONDS = 12 * 60 * 60
SIGN_IN_SECONDS = 10 * 60


class SignInRequired(Exception):
    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


@dataclass(frozen=True)
class Session:
    person: Actor
    form_token: str
    # The identity provider the person signed in with, and its ID token, which the provider's
    # sign-out asks for; None for a sign-in with a token.
    provider: str | None = None
    id_token: str | None = None


@dataclass(frozen=True)
class PendingSignIn:
    provider: str
    state: str
    nonce: str
    code_verifier: str
    back_to: str


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.backend.store.pool
    return pool


def form_token(session_value: str) -> str:
    # Keyed by the session's own value, which pages never show: another site cannot compute it.
    return hmac.new(session_value.encode(), b"dashboard form", hashlib.sha256).hexdigest()


def form_token_matches(session: Session, submitted: str) -> bool:
    return hmac.compare_digest(session.form_token, submitted)


def _cookie(
    response: Response,
    request: Request,
    name: str,
    value: str,
    max_age: int,
    samesite: Literal["lax", "strict"],
    path: str = "/",
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite=samesite,
        secure=request.url.scheme == "https",
        path=path,
    )


async def start_session(
    response: Response,
    request: Request,
    person: Actor,
    *,
    provider: str | None = None,
    id_token: str | None = None,
    token_digest: bytes | None = None,
) -> None:
    value = secrets.token_urlsafe(32)
    pool = _pool(request)
    async with pool.acquire() as con, con.transaction():
        # Sessions and sign-ins past their time are cleared as new ones begin.
        await con.execute("DELETE FROM dashboard_sessions WHERE expires_at < now()")
        await con.execute("DELETE FROM dashboard_sign_ins WHERE expires_at < now()")
        await con.execute(
            """INSERT INTO dashboard_sessions
                   (digest, person, provider, id_token, token_digest, expires_at)
               VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))""",
            _digest(value),
            person.model_dump(mode="json"),
            provider,
            id_token,
            token_digest,
            SESSION_SECONDS,
        )
    _cookie(response, request, SESSION_COOKIE, value, SESSION_SECONDS, "lax")
    response.delete_cookie(LOGIN_COOKIE, path="/")


async def current_session(request: Request) -> Session:
    value = request.cookies.get(SESSION_COOKIE, "")
    row = None
    if value:
        row = await _pool(request).fetchrow(
            """SELECT person, provider, id_token, token_digest FROM dashboard_sessions
               WHERE digest = $1 AND expires_at > now()""",
            _digest(value),
        )
    person = Actor.model_validate(row["person"]) if row else None
    if row is not None and row["token_digest"] is not None:
        # A token taken out of the configuration signs its sessions out; a changed role or
        # organisation holds from the next page.
        person = token_book(request).person_by_digest(bytes(row["token_digest"]))
    if row is None or person is None:
        raise SignInRequired(
            request.url.path + (f"?{request.url.query}" if request.url.query else "")
        )
    return Session(person, form_token(value), row["provider"], row["id_token"])


async def end_session(request: Request, response: Response) -> None:
    value = request.cookies.get(SESSION_COOKIE, "")
    if value:
        await _pool(request).execute(
            "DELETE FROM dashboard_sessions WHERE digest = $1", _digest(value)
        )
    response.delete_cookie(SESSION_COOKIE, path="/")


async def begin_sign_in(response: Response, request: Request, pending: PendingSignIn) -> None:
    value = secrets.token_urlsafe(32)
    await _pool(request).execute(
        """INSERT INTO dashboard_sign_ins
               (digest, provider, state, nonce, code_verifier, back_to, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))""",
        _digest(value),
        pending.provider,
        pending.state,
        pending.nonce,
        pending.code_verifier,
        pending.back_to,
        SIGN_IN_SECONDS,
    )
    _cookie(response, request, SIGN_IN_COOKIE, value, SIGN_IN_SECONDS, "lax", SIGN_IN_PATH)


async def take_sign_in(request: Request) -> PendingSignIn | None:
    """The sign-in this browser began, once: a provider's answer cannot be used twice."""
    value = request.cookies.get(SIGN_IN_COOKIE, "")
    if not value:
        return None
    row = await _pool(request).fetchrow(
        """DELETE FROM dashboard_sign_ins WHERE digest = $1
           RETURNING provider, state, nonce, code_verifier, back_to, expires_at > now() AS live""",
        _digest(value),
    )
    if row is None or not row["live"]:
        return None
    return PendingSignIn(
        row["provider"], row["state"], row["nonce"], row["code_verifier"], row["back_to"]
    )


def forget_sign_in(response: Response) -> None:
    response.delete_cookie(SIGN_IN_COOKIE, path=SIGN_IN_PATH)


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)


def remember_login_nonce(response: Response, request: Request, nonce: str) -> None:
    _cookie(response, request, LOGIN_COOKIE, nonce, 30 * 60, "strict")


def login_nonce_matches(request: Request, submitted: str) -> bool:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    return bool(expected) and hmac.compare_digest(expected, submitted)


def safe_back_to(path: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another site."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def sign_in_url(back_to: str) -> str:
    return "/login?next=" + quote(back_to, safe="/")
