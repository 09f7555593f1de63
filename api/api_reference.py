"""The API's reference at /api/docs: its OpenAPI schema as a page of this service, in GOV.UK
Frontend like every other, so that it works offline, under the same content security policy,
and is covered by the accessibility tests. The schema itself is at /api/openapi.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.dashboard import page

router = APIRouter(include_in_schema=False)

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    body: str | None
    responses: list[tuple[str, str]]

    @property
    def anchor(self) -> str:
        """The operation's id on the page: `post-api-interventions-intervention_id-plan`."""
        return re.sub(r"[^a-z0-9_]+", "-", f"{self.method} {self.path}".lower()).strip("-")


def _body(content: dict[str, Any]) -> str:
    """What the body is: its model, as the schema names it, or its media type."""
    for media, described in content.items():
        reference = str(described.get("schema", {}).get("$ref", ""))
        if reference:
            return f"{reference.rsplit('/', 1)[-1]} ({media}; its fields are in the schema)"
    return ", ".join(content) or "none"


def operations_by_tag(schema: dict[str, Any]) -> dict[str, list[Operation]]:
    """Every operation of the schema, under its first tag, in the order the schema has them."""
    grouped: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content")
            grouped.setdefault((operation.get("tags") or ["other"])[0], []).append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=[
                        Parameter(
                            name=p["name"],
                            where=p["in"],
                            required=bool(p.get("required")),
                            description=p.get("description", ""),
                        )
                        for p in operation.get("parameters", [])
                    ],
                    body=_body(body) if body else None,
                    responses=sorted(
                        (code, response.get("description", ""))
                        for code, response in operation.get("responses", {}).items()
                    ),
                )
            )
    return grouped


@router.get("/api/docs")
async def api_reference(request: Request) -> Response:
    # Public, as the schema is: what the API offers is no secret; using it needs a token.
    response = page(
        request,
        "api_reference.html",
        {"groups": operations_by_tag(request.app.openapi()), "session": None},
    )
    # Under /api, where JSON answers need no policy; this page is the dashboard's kind.
    response.headers["Content-Security-Policy"] = request.app.state.policy
    return response
