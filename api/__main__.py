"""`python -m api`: serve the API and the dashboard on their own, against the configured Temporal
server and PostgreSQL, with the identity providers from INTERVENTION_OIDC_PROVIDERS or its file
and the tokens from INTERVENTION_API_TOKENS or its file."""

from __future__ import annotations

import sys

import uvicorn

from api.app import create_app
from api.auth import TokenBook, TokenConfigError, configured_entries
from api.identity_providers import ProviderConfigError, configured_providers
from application.logging import configure_logging
from application.process_exit import exit_now
from application.settings import SettingsError, env_name, load_settings


def main() -> int:
    try:
        settings = load_settings()
        tokens = TokenBook(configured_entries(settings))
        providers = configured_providers(settings)
    except (SettingsError, TokenConfigError, ProviderConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not len(tokens) and not providers:
        print(
            f"error: no API tokens and no identity providers: set {env_name('oidc_providers')} "
            f"or {env_name('oidc_providers_file')} to the identity providers people sign in "
            f"with, or {env_name('api_tokens')} or {env_name('api_tokens_file')} to a list of "
            "{token, name, role, dfe or organisation and authorities}",
            file=sys.stderr,
        )
        return 2
    # The API counts refused access; with an address of its own, it serves those counts.
    configure_logging(
        settings.log_level, settings.log_format, metrics_address=settings.api_metrics_address
    )
    # Behind a reverse proxy, uvicorn trusts X-Forwarded-Proto from FORWARDED_ALLOW_IPS only,
    # which marks the dashboard's cookies Secure on https.
    uvicorn.run(
        create_app(settings, tokens=tokens),
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,
        proxy_headers=True,
    )
    return 0


if __name__ == "__main__":
    exit_now(main())
