"""Failures as one JSON shape, `{"error": {"code", "message", "field"}}`, translated here from
the domain's, the store's and Temporal's own errors; the dashboard shows the same as a page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import asyncpg
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from temporalio.service import RPCError

from api.audit import record_refusal
from api.jwks import IdentityProviderUnavailable
from application.interventions import (
    CommandRefusedError,
    ImportStepError,
    InterventionExistsError,
    MilestoneRejectedError,
    NoRunningInterventionError,
    TemporalRefusedError,
)
from application.text_files import NotTextError
from domain.errors import DomainError
from domain.plain_words import WRONG_KIND, plainly
from eventstore.errors import DatabaseUnavailableError
from eventstore.queries import NotFoundError, NotYoursError


class ErrorDetail(BaseModel):
    code: str
    message: str
    # The request field the error is about, dotted (`inspection.published_on`), when known.
    field: str | None = None
    # The values allowed in that field, when they are a closed set.
    allowed: list[str] | None = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        allowed: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.detail = ErrorDetail(code=code, message=message, field=field, allowed=allowed or None)
        self.headers = headers


def documented(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` for the error statuses an endpoint can answer with."""
    return {status: {"model": ErrorResponse} for status in statuses}


def rejection(message: str, kind: str | None, field: str | None, allowed: list[str]) -> ApiError:
    """The domain's refusal: its own message, and the field and choices it said it is about."""
    refused = kind in ("RoleNotAllowedError", "NotYourAuthorityError")
    status, code = (403, "forbidden") if refused else (422, "rejected")
    return ApiError(status, code, message, field, allowed=allowed)


# What each expected failure means to the caller, first match wins; anything else is a bug (500).
TRANSLATIONS: list[tuple[tuple[type[Exception], ...], Callable[[Any], ApiError]]] = [
    ((ApiError,), lambda error: error),
    (
        (MilestoneRejectedError,),
        lambda error: rejection(error.reason, error.kind, error.field, error.allowed),
    ),
    (
        (DomainError,),
        lambda error: rejection(error.message, type(error).__name__, error.field, error.allowed),
    ),
    ((NotTextError,), lambda error: ApiError(422, "invalid_request", str(error), "body")),
    ((InterventionExistsError,), lambda error: ApiError(409, "conflict", str(error))),
    ((ImportStepError,), lambda error: ApiError(422, "rejected", str(error), "body")),
    (
        (NoRunningInterventionError, NotFoundError),
        lambda error: ApiError(404, "not_found", str(error)),
    ),
    (
        (IdentityProviderUnavailable,),
        lambda error: ApiError(
            503, "unavailable", f"the identity provider is unavailable: {error}"
        ),
    ),
    (
        (TemporalRefusedError, RPCError),
        lambda error: ApiError(503, "unavailable", f"the Temporal server is unavailable: {error}"),
    ),
    (
        (
            DatabaseUnavailableError,
            asyncpg.InterfaceError,
            asyncpg.PostgresConnectionError,
            ConnectionError,
        ),
        lambda error: ApiError(503, "unavailable", f"the event store is unavailable: {error}"),
    ),
]
EXPECTED = tuple(kind for kinds, _ in TRANSLATIONS for kind in kinds)


def translate(error: Exception) -> ApiError | None:
    for kinds, make in TRANSLATIONS:
        if isinstance(error, kinds):
            return make(error)
    return None


def internal_error() -> ApiError:
    return ApiError(500, "internal", "internal error; the server log has the details")


def invalid_request(problems: Sequence[Any], *, located: bool = False) -> ApiError:
    """422 for pydantic's problems; `located` when FastAPI put where the value came from (body,
    query, path) first in each problem's location."""
    fields = [".".join(str(part) for part in problem["loc"][located:]) for problem in problems]
    message = "; ".join(
        f"{field or 'request'}{_given(problem)}: {plainly(problem)}"
        for field, problem in zip(fields, problems, strict=True)
    )
    return ApiError(422, "invalid_request", message, (fields or [""])[0] or None)


def not_json(problem: Any) -> ApiError:
    """A body that does not parse as JSON: nothing in it was read, so no field is named; the
    place is counted from 1, as an editor counts, where the decoder counts from 0."""
    reason = problem.get("ctx", {}).get("error", "it does not parse")
    position = problem["loc"][-1]
    where = f" at character {position + 1}" if isinstance(position, int) else ""
    return ApiError(422, "invalid_request", f"the request body is not valid JSON: {reason}{where}")


def _given(problem: Any) -> str:
    """The value typed, when it is the value that is of the wrong kind: "limit 'abc'"."""
    return f" {problem['input']!r}" if problem["type"] in WRONG_KIND else ""


def http_error(error: HTTPException) -> ApiError:
    codes = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed"}
    return ApiError(error.status_code, codes.get(error.status_code, "http_error"), error.detail)


def json_error(error: ApiError) -> JSONResponse:
    return JSONResponse(
        ErrorResponse(error=error.detail).model_dump(mode="json"),
        status_code=error.status,
        headers=error.headers,
    )


ErrorPage = Callable[[Request, ApiError], Response]


def install_error_handlers(app: FastAPI, page: ErrorPage) -> None:
    """JSON under /api, a page for the dashboard; a bug is still a 500, in the same shape."""

    def respond(request: Request, error: ApiError) -> Response:
        if request.url.path.startswith("/api"):
            return json_error(error)
        return page(request, error)

    async def expected(request: Request, error: Exception) -> Response:
        if isinstance(error, NotYoursError | CommandRefusedError):
            record_refusal(request, error)
        return respond(request, translate(error) or internal_error())

    async def validation(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        problems = error.errors()
        if problems and problems[0]["type"] == "json_invalid":
            return respond(request, not_json(problems[0]))
        return respond(request, invalid_request(problems, located=True))

    async def http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return respond(request, http_error(error))

    async def bug(request: Request, error: Exception) -> Response:
        # Starlette logs the traceback after this answer; the answer itself says nothing inside.
        return respond(request, internal_error())

    for kind in EXPECTED:
        app.add_exception_handler(kind, expected)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(Exception, bug)
