"""The identity providers people sign in with, as configured: OpenID Connect issuers (Microsoft
Entra ID, or any other), each with the API's audience, the dashboard's client, and the mapping
from a claim's values (groups, app roles) to an organisation, its authorities and a role.

They come from `INTERVENTION_OIDC_PROVIDERS` (YAML or JSON) and the file named by
`INTERVENTION_OIDC_PROVIDERS_FILE`, both a list:

```yaml
- name: croydon                      # in the dashboard's sign-in address: /login/croydon
  title: London Borough of Croydon   # on its sign-in button
  issuer: https://login.microsoftonline.com/<tenant id>/v2.0
  audience: api://intervention-engine          # the API's access tokens; leave out for none
  client_id: <the dashboard's application id>  # the dashboard's sign-in; leave out for none
  client_secret: <its secret>
  claim: groups                      # whose values the mapping reads (Entra: groups or roles)
  organisations:
    <group object id>: {organisation: London Borough of Croydon, authorities: [Croydon],
                        role: improvement_team}
    <another group id>: {organisation: Department for Education, dfe: true, role: viewer}
```

A value no entry names gives nothing; a person whose values name no entry is refused.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    TypeAdapter,
    model_validator,
)

from api.configured_lists import configured_list
from application.settings import Settings
from domain.values import Name, Role


class ProviderConfigError(Exception):
    """The identity providers' configuration is unusable; the message names the variable."""


def _served_safely(url: str) -> str:
    """https, or http on this machine only (a provider run for tests or local use)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and parts.hostname:
        host = parts.hostname
        if host == "localhost" or (_is_ip(host) and ipaddress.ip_address(host).is_loopback):
            return url.rstrip("/")
    raise ValueError(f"{url!r} is not an https URL (http is allowed on localhost only)")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


Url = Annotated[str, Field(max_length=2000), AfterValidator(_served_safely)]
ProviderName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")]


class OrganisationGrant(BaseModel):
    """What one claim value makes a person: of the DfE (every authority) or of an organisation
    covering some authorities, in a role."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: Name
    role: Role
    authorities: list[Name] | None = Field(default=None, min_length=1, max_length=200)
    dfe: bool = False

    @model_validator(mode="after")
    def _one_scope(self) -> OrganisationGrant:
        if self.role is Role.SYSTEM:
            raise ValueError("'system' is the engine's own role; give a person's role")
        if self.dfe == (self.authorities is not None):
            raise ValueError(
                f"{self.organisation!r}: give either `dfe: true` (every authority) or the "
                "`authorities` it covers, not both"
            )
        return self


class ProviderConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ProviderName
    title: Name
    issuer: Url
    # The `aud` the API requires of this issuer's access tokens; without it the API takes none.
    audience: str | None = Field(default=None, min_length=1, max_length=500)
    # Where the provider's metadata is, when not under the issuer's .well-known.
    discovery_url: Url | None = None
    # The dashboard's client; without it, this provider signs no one in to the dashboard.
    client_id: str | None = Field(default=None, min_length=1, max_length=500)
    client_secret: SecretStr | None = None
    scopes: list[str] = Field(default=["openid", "profile"], min_length=1, max_length=20)
    claim: str = Field(default="groups", min_length=1, max_length=200)
    name_claims: list[str] = Field(
        default=["name", "preferred_username"], min_length=1, max_length=5
    )
    organisations: dict[str, OrganisationGrant] = Field(min_length=1)

    @model_validator(mode="after")
    def _a_use(self) -> ProviderConfig:
        if self.audience is None and self.client_id is None:
            raise ValueError(
                f"provider {self.name!r} has neither `audience` (for the API's tokens) nor "
                "`client_id` (for the dashboard's sign-in); give one or both"
            )
        if "openid" not in self.scopes:
            raise ValueError(f"provider {self.name!r}: scopes must include 'openid'")
        return self

    @property
    def metadata_url(self) -> str:
        return self.discovery_url or f"{self.issuer}/.well-known/openid-configuration"


PROVIDERS = TypeAdapter(list[ProviderConfig])


def configured_providers(settings: Settings) -> list[ProviderConfig]:
    providers = configured_list(settings, "oidc_providers", PROVIDERS, ProviderConfigError)
    for kind in ("name", "issuer"):
        seen: set[str] = set()
        for provider in providers:
            value = getattr(provider, kind)
            if value in seen:
                raise ProviderConfigError(
                    f"two identity providers have the {kind} {value!r}; give each its own"
                )
            seen.add(value)
    return providers
