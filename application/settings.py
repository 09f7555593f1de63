"""Settings from environment variables; a bad value is reported with the variable's name."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import (
    AliasChoices,
    Field,
    FilePath,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "INTERVENTION_"


# Where notifications can go (INTERVENTION_NOTIFIER).
CHANNELS = ("log", "email", "teams", "webhook")
# An http(s) address of another service, and a host:port (IPv6 in brackets) to listen on.
HTTP_URL = r"^https?://\S+$"
LISTEN_ADDRESS = r"^[\w.\-\[\]:]+:\d{1,5}$"


class SettingsError(Exception):
    pass


class Settings(BaseSettings):
    # An empty variable counts as unset: compose passes `${VAR:-}` through as "" when the
    # operator leaves VAR out of .env, and that must mean the default, not a bad value.
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", env_ignore_empty=True)

    data_dir: Path = Field(
        default=Path.home() / ".intervention-engine",
        description="Where the embedded PostgreSQL and the dev server keep their data",
    )
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "INTERVENTION_DATABASE_URL"),
        description="PostgreSQL URL; when unset, embedded PostgreSQL under data_dir",
    )
    temporal_address: str = Field(default="localhost:7233", pattern=r"^[\w.\-]+:\d{1,5}$")
    temporal_namespace: str = "default"
    task_queue: str = "interventions"
    web_ui_port: int = Field(default=8233, ge=1, le=65535)
    # Comma-separated channels; each notification goes out on every one that has an address for
    # its recipient (see activities.dispatch).
    notifier: str = Field(
        default="log",
        description="Where notifications go: any of log, email, teams, webhook, comma-separated",
    )
    webhook_url: str | None = Field(default=None, pattern=HTTP_URL)
    teams_webhook_url: str | None = Field(
        default=None,
        pattern=HTTP_URL,
        description="Teams (Workflows) webhook for recipients whose contacts name none",
    )
    smtp_host: str | None = Field(default=None, description="SMTP server for e-mail")
    smtp_port: int | None = Field(
        default=None, ge=1, le=65535, description="Default: 587 for starttls, 465 for tls, 25"
    )
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    mail_from: str = Field(
        default="Intervention engine <interventions@localhost>",
        pattern=r"^[^<>]*<?[^@\s<>]+@[^@\s<>]+>?$",
        description="The From of every e-mail; its domain ends every Message-ID",
    )
    dashboard_url: str | None = Field(
        default=None,
        pattern=HTTP_URL,
        description="The dashboard's address as readers reach it, for links in messages and feeds",
    )
    digest_time: str = Field(
        default="07:30",
        pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
        description="Monday time (London) of the weekly digest",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_file: Path | None = Field(
        default=None,
        description="Where libraries' informational lines go (default: data_dir/intervention.log)",
    )
    log_format: Literal["json", "console"] = "json"
    api_host: str = Field(
        default="127.0.0.1", description="Where the HTTP API and dashboard listen"
    )
    api_port: int = Field(default=8000, ge=1, le=65535)
    # YAML or JSON: a list of {token, name, role}. A secret, so never shown in a repr or a log.
    api_tokens: SecretStr | None = None
    api_tokens_file: Path | None = Field(
        default=None, description="A YAML file holding the same list as INTERVENTION_API_TOKENS"
    )
    # Identity providers people sign in with (OpenID Connect): a YAML or JSON list, each with its
    # issuer, the API's audience, the dashboard's client, and the mapping of a claim's values to
    # organisations and roles (api.identity_providers). A secret: it may hold client secrets.
    oidc_providers: SecretStr | None = None
    oidc_providers_file: Path | None = Field(
        default=None, description="A YAML file holding the same list as INTERVENTION_OIDC_PROVIDERS"
    )
    oidc_clock_skew: int = Field(
        default=60,
        ge=0,
        le=300,
        description="Seconds a token's times may be off the server's clock: exp, nbf and iat",
    )
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^/\s]+/?$",
        description="The dashboard's address as people reach it (scheme and host), for the "
        "identity provider's redirects; the request's own when unset",
    )
    # A Temporal cluster of your own over TLS or mTLS, or Temporal Cloud with an API key.
    temporal_tls: bool = Field(
        default=False,
        description="TLS with the system's CAs; the other TLS settings and the API key imply it",
    )
    temporal_tls_ca_file: FilePath | None = Field(
        default=None, description="PEM of the CA that signed the server's certificate"
    )
    temporal_tls_cert_file: FilePath | None = Field(
        default=None, description="PEM client certificate, for mTLS"
    )
    temporal_tls_key_file: FilePath | None = Field(
        default=None, validate_default=True, description="PEM client private key, for mTLS"
    )
    temporal_tls_server_name: str | None = Field(
        default=None, description="Name the server's certificate must carry, if not its host"
    )
    temporal_api_key: SecretStr | None = Field(default=None, description="Temporal Cloud API key")
    metrics_address: str | None = Field(
        default=None,
        pattern=LISTEN_ADDRESS,
        description="host:port where a worker serves Prometheus metrics at /metrics",
    )
    api_metrics_address: str | None = Field(
        default=None,
        pattern=LISTEN_ADDRESS,
        description="host:port where `python -m api` serves its Prometheus metrics at /metrics",
    )
    otlp_endpoint: str | None = Field(
        default=None,
        pattern=HTTP_URL,
        description="OpenTelemetry collector (OTLP over HTTP) base URL; tracing is on when set",
    )
    # The crown, the GOV.UK logotype and the GDS Transport font may be used on gov.uk domains
    # only: a council's own deployment leaves them off.
    govuk_brand: bool = Field(
        default=False,
        description="Show the GOV.UK header, crown and font: for services on a gov.uk domain",
    )
    accessibility_contact: str | None = Field(
        default=None,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="E-mail address the accessibility statement gives for problems and formats",
    )
    # The schema's owner, who runs the migrations; DATABASE_URL is then a login that may only
    # read and append events (eventstore.roles). A secret, so never shown in a repr or a log.
    database_owner_url: SecretStr | None = Field(
        default=None,
        description="PostgreSQL URL of the schema's owner; with it, DATABASE_URL only appends",
    )

    @field_validator("notifier")
    @classmethod
    def _known_channels(cls, value: str) -> str:
        channels = [part.strip() for part in value.split(",") if part.strip()]
        unknown = [name for name in channels if name not in CHANNELS]
        if unknown or not channels:
            raise ValueError(
                f"unknown channel {', '.join(map(repr, unknown)) or '(none)'}; "
                f"allowed: {', '.join(CHANNELS)}, comma-separated"
            )
        return ",".join(dict.fromkeys(channels))

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(self.notifier.split(","))

    @property
    def library_log(self) -> Path:
        return self.log_file or self.data_dir / "intervention.log"

    @property
    def smtp_port_or_default(self) -> int:
        return self.smtp_port or {"starttls": 587, "tls": 465, "none": 25}[self.smtp_security]

    @property
    def public_dashboard_url(self) -> str:
        """Where a person's links point: the configured address, else the local dashboard."""
        if self.dashboard_url:
            return self.dashboard_url.rstrip("/")
        host = "127.0.0.1" if self.api_host in ("0.0.0.0", "") else self.api_host
        return f"http://{host}:{self.api_port}"

    @field_validator("temporal_tls_key_file")
    @classmethod
    def _key_goes_with_certificate(cls, key: Path | None, info: ValidationInfo) -> Path | None:
        # Checked here, not at connect time, so every process refuses a half-set pair at once.
        if (key is None) != (info.data.get("temporal_tls_cert_file") is None):
            raise ValueError(
                "INTERVENTION_TEMPORAL_TLS_CERT_FILE and INTERVENTION_TEMPORAL_TLS_KEY_FILE go "
                "together: set both for mTLS, or neither"
            )
        return key


def env_name(field: str) -> str:
    settings_field = Settings.model_fields[field]
    alias = settings_field.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"{ENV_PREFIX}{field.upper()}"


# URLs and keys may carry a password or a token; a refused one is not echoed into a log.
SECRET_BEARING = {
    "database_url",
    "database_owner_url",
    "webhook_url",
    "teams_webhook_url",
    "smtp_password",
    "otlp_endpoint",
    "api_tokens",
    "oidc_providers",
    "temporal_api_key",
}


def shown_value(field: str, value: object) -> str:
    """The refused value as an error shows it: in full, or only its scheme when it may hold a
    secret (enough to spot `ftp://` for `https://`)."""
    if field not in SECRET_BEARING:
        return repr(value)
    scheme, sep, _ = str(value).partition("://")
    return f"'{scheme}://…' (rest hidden)" if sep and scheme.isalnum() else "(hidden)"


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "?"
            name = env_name(field) if field in Settings.model_fields else field
            problems.append(f"{name}={shown_value(field, problem.get('input'))}: {problem['msg']}")
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None
