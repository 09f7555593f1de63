"""Who is calling: a bearer token standing for a person, their role and their organisation.

Two sources of people. Static tokens come from `INTERVENTION_API_TOKENS` (YAML or JSON) and the
file named by `INTERVENTION_API_TOKENS_FILE`, both a list of `{token, name, role}` with either
`dfe: true` (every authority) or the `organisation` and the `authorities` it covers;
`intervention up` adds one for the local user, an admin of every authority. Only SHA-256
digests of the tokens are kept. Access tokens (JWTs) come from the configured identity
providers (`api.oidc`). No message quotes a token.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    TypeAdapter,
    field_validator,
    model_validator,
)

from api.configured_lists import configured_list, read_list
from api.errors import ApiError
from api.oidc import IdentityProviders, TokenRefusedError
from application.settings import Settings
from domain.milestones import RECORDERS
from domain.values import Actor, Name, Role

LOCAL_TOKEN_FILE = "api-token"
MINIMUM_TOKEN_LENGTH = 16
DFE = "Department for Education"


class TokenConfigError(Exception):
    """The token configuration is unusable; the message names the variable or file."""


class TokenEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: SecretStr = Field(min_length=MINIMUM_TOKEN_LENGTH)
    name: Name
    role: Role
    organisation: Name | None = None
    authorities: list[Name] | None = Field(default=None, min_length=1, max_length=200)
    dfe: bool = False

    @field_validator("role")
    @classmethod
    def _a_person(cls, role: Role) -> Role:
        if role is Role.SYSTEM:
            raise ValueError("'system' is the engine's own role; give a person's role")
        return role

    @model_validator(mode="after")
    def _one_scope(self) -> TokenEntry:
        # No default: a token that silently saw every council would undo the point.
        if self.dfe == (self.authorities is not None):
            raise ValueError(
                "give either `dfe: true` (every authority) or the `organisation` and the "
                "`authorities` it covers"
            )
        if self.authorities is not None and self.organisation is None:
            raise ValueError("name the `organisation` that covers these authorities")
        return self

    @property
    def person(self) -> Actor:
        return Actor(
            name=self.name,
            role=self.role,
            organisation=DFE if self.dfe and self.organisation is None else self.organisation,
            authorities=tuple(self.authorities) if self.authorities is not None else None,
        )


ENTRIES = TypeAdapter(list[TokenEntry])


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class TokenBook:
    """The people the API knows, by the digest of their token."""

    def __init__(self, entries: Iterable[TokenEntry]) -> None:
        self._people: dict[bytes, Actor] = {}
        for entry in entries:
            token_digest = digest(entry.token.get_secret_value())
            if token_digest in self._people:
                raise TokenConfigError(
                    f"the same token is given to {self._people[token_digest].name!r} and "
                    f"{entry.name!r}; give each person a token of their own"
                )
            self._people[token_digest] = entry.person

    def person(self, token: str) -> Actor | None:
        return self._people.get(digest(token))

    def person_by_digest(self, token_digest: bytes) -> Actor | None:
        return self._people.get(token_digest)

    def __len__(self) -> int:
        return len(self._people)


ENTRIES_HINT = (
    "; write a list of {token, name, role} with `dfe: true` or `organisation` and `authorities`"
)


def parse_entries(text: str, source: str) -> list[TokenEntry]:
    return read_list(ENTRIES, text, source, TokenConfigError, ENTRIES_HINT)


def configured_entries(settings: Settings) -> list[TokenEntry]:
    return configured_list(settings, "api_tokens", ENTRIES, TokenConfigError, ENTRIES_HINT)


def with_local_user(settings: Settings, name: str) -> tuple[TokenBook, str]:
    """The configured tokens and the local user's, an admin of every authority, for
    `intervention up`; and that token."""
    token = local_token(settings.data_dir)
    local = TokenEntry(token=SecretStr(token), name=name, role=Role.ADMIN, dfe=True)
    return TokenBook([*configured_entries(settings), local]), token


def local_token(data_dir: Path) -> str:
    """The local user's token, made once and kept (readable by its owner only) under the data
    directory, so a bookmarked dashboard keeps working across restarts."""
    path = data_dir / LOCAL_TOKEN_FILE
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if len(token) < MINIMUM_TOKEN_LENGTH:
            raise TokenConfigError(f"{path} holds no token; delete it and a new one is made")
        return token
    data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(token + "\n")
    return token


bearer = HTTPBearer(
    auto_error=False,
    description="An access token (a JWT) from a configured identity provider; or a token from "
    "INTERVENTION_API_TOKENS or INTERVENTION_API_TOKENS_FILE, or the one `intervention up` prints",
)


def token_book(request: Request) -> TokenBook:
    book: TokenBook = request.app.state.tokens
    return book


def identity_providers(request: Request) -> IdentityProviders:
    providers: IdentityProviders = request.app.state.identity
    return providers


def unauthorized(reason: str) -> ApiError:
    return ApiError(
        401, "unauthorized", reason, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
    )


async def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    if credentials is None:
        raise ApiError(
            401,
            "unauthorized",
            "a bearer token is needed: send the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = credentials.credentials
    person = token_book(request).person(token)
    if person is not None:
        return person
    providers = identity_providers(request)
    # A JWT has three parts; anything else could only have been a static token.
    if not providers or token.count(".") != 2:
        raise ApiError(
            401,
            "unauthorized",
            "the token sent as 'Authorization: Bearer …' is not one this service knows",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        return await providers.person_for_access_token(token)
    except TokenRefusedError as error:
        raise unauthorized(str(error)) from None


def may_record(person: Actor) -> str | None:
    """Why this person may not open interventions or record milestones, if they may not."""
    if person.role in RECORDERS:
        return None
    allowed = ", ".join(sorted(role.value for role in RECORDERS))
    return f"role {person.role.value!r} may only read; recording needs one of: {allowed}"


async def recorder(person: Annotated[Actor, Depends(caller)]) -> Actor:
    reason = may_record(person)
    if reason is not None:
        raise ApiError(403, "forbidden", reason)
    return person


Caller = Annotated[Actor, Depends(caller)]
Recorder = Annotated[Actor, Depends(recorder)]
