"""The dashboard's sign-in: the token, entered once, kept in an HttpOnly, SameSite=Strict cookie;
every form carries a token derived from it, so a form posted from another site is refused."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request, Response

from api.auth import token_book
from domain.values import Actor

SESSION_COOKIE = "intervention_session"
# Before sign-in there is no session to derive a form token from: the login form carries a
# random value that must match this cookie (a double submit).
LOGIN_COOKIE = "intervention_login"
SESSION_SECONDS = 12 * 60 * 60


class SignInRequired(Exception):
    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


@dataclass(frozen=True)
class Session:
    person: Actor
    form_token: str


def form_token(session_token: str) -> str:
    # Keyed by the session's own token, which pages never show: another site cannot compute it.
    return hmac.new(session_token.encode(), b"dashboard form", hashlib.sha256).hexdigest()


async def current_session(request: Request) -> Session:
    token = request.cookies.get(SESSION_COOKIE, "")
    person = token_book(request).person(token) if token else None
    if person is None:
        raise SignInRequired(
            request.url.path + (f"?{request.url.query}" if request.url.query else "")
        )
    return Session(person=person, form_token=form_token(token))


def form_token_matches(session: Session, submitted: str) -> bool:
    return hmac.compare_digest(session.form_token, submitted)


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def start_session(response: Response, request: Request, token: str) -> None:
    _cookie(response, request, SESSION_COOKIE, token, SESSION_SECONDS)
    response.delete_cookie(LOGIN_COOKIE, path="/")


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)


def remember_login_nonce(response: Response, request: Request, nonce: str) -> None:
    _cookie(response, request, LOGIN_COOKIE, nonce, 30 * 60)


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
