"""The FastAPI application: the JSON API under /api (OpenAPI at /api/openapi.json) and the
dashboard at /, sharing one backend, one book of tokens and the identity providers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from api import api_reference, dashboard, downloads, import_page, report_page, routes, sign_in
from api.auth import TokenBook, configured_entries
from api.backend import Backend, connected_backend
from api.errors import install_error_handlers
from api.identity_providers import configured_providers
from api.oidc import IdentityProviders
from api.policy import dashboard_policy
from api.session import SignInRequired, sign_in_url
from application.settings import Settings

STATIC = Path(__file__).parent / "static"
GOVUK_ASSETS = STATIC / "govuk"


def create_app(
    settings: Settings, *, tokens: TokenBook | None = None, backend: Backend | None = None
) -> FastAPI:
    """The app. `tokens` defaults to those configured in `settings`, and the identity providers
    are those configured there; without a `backend` the app connects to Temporal and PostgreSQL
    itself when it starts, as `python -m api` does."""
    providers = configured_providers(settings)
    identity = IdentityProviders(providers, settings.oidc_clock_skew)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            if backend is not None:
                app.state.backend = backend
                yield
                return
            async with connected_backend(settings) as connected:
                app.state.backend = connected
                yield
        finally:
            await identity.close()

    app = FastAPI(
        title="Intervention engine",
        summary="Statutory interventions in children's services: open, record, follow.",
        version="1",
        openapi_url="/api/openapi.json",
        # The reference is a page of the service's own (`api.api_reference`), not Swagger UI,
        # which FastAPI would load from a CDN: blank offline, and outside the tested pages.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.tokens = tokens if tokens is not None else TokenBook(configured_entries(settings))
    app.state.identity = identity
    app.state.public_url = settings.public_url
    # Signing out may send the person on to their provider's own sign-out.
    app.state.policy = dashboard_policy(provider.issuer for provider in identity.for_dashboard)
    app.include_router(routes.health_router)
    app.include_router(routes.router)
    app.include_router(dashboard.router)
    app.include_router(sign_in.router)
    app.include_router(report_page.router)
    app.include_router(import_page.router)
    app.include_router(api_reference.router)
    if not (GOVUK_ASSETS / "govuk-frontend.min.css").exists():
        raise RuntimeError(
            f"GOV.UK Frontend's files are missing from {GOVUK_ASSETS}; run scripts/setup, "
            "which copies them from the npm package"
        )
    app.state.govuk_brand = settings.govuk_brand
    app.state.accessibility_contact = settings.accessibility_contact
    app.include_router(downloads.api_router)
    app.include_router(downloads.page_router)
    app.include_router(downloads.feed_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # GOV.UK Frontend's stylesheet asks for its fonts and images under /assets.
    app.mount("/assets", StaticFiles(directory=GOVUK_ASSETS / "assets"), name="assets")
    install_error_handlers(app, dashboard.error_page)

    async def send_to_sign_in(request: Request, error: Exception) -> Response:
        assert isinstance(error, SignInRequired)
        return RedirectResponse(sign_in_url(error.back_to), status_code=303)

    app.add_exception_handler(SignInRequired, send_to_sign_in)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.url.path.startswith("/api"):
            # A page that set a policy of its own (the report) keeps it.
            response.headers.setdefault("Content-Security-Policy", app.state.policy)
        return response

    return app
