"""Tokens from the configured identity providers: signed JWTs, checked against the issuer's own
keys, and the person they stand for, by the provider's mapping of a claim's values.

A token is accepted only if all of this holds: it is a JWT signed with an asymmetric algorithm
(never `none`, never a shared secret); its issuer is a configured provider; its key id is one the
issuer publishes; the signature verifies; the audience is the one expected (the API's for access
tokens, the dashboard's client for ID tokens); it has expired no more than the allowed clock skew
ago and is not from the future; and the mapping turns its claim into one organisation. Anything
else raises TokenRefusedError with one line saying which of these failed, never quoting the
token.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
from pydantic import ValidationError

from api.identity_providers import ProviderConfig
from api.jwks import IdentityProviderUnavailable, KeySet, get_json
from domain.values import Actor, Role

ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
# The kind of key each family of algorithms verifies with.
KEY_TYPES = {"RS": "RSA", "PS": "RSA", "ES": "EC"}
ROLE_ORDER = (Role.VIEWER, Role.IMPROVEMENT_TEAM, Role.MANAGER, Role.ADMIN)
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
HTTP_TIMEOUT = 10.0


class TokenRefusedError(Exception):
    """A token not accepted; the message says why in one line."""


def _when(timestamp: object) -> str:
    if not isinstance(timestamp, int | float):
        return "an unreadable time"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _listing(values: Iterable[object], most: int = 5) -> str:
    shown = [repr(value) for value in values]
    more = f" and {len(shown) - most} more" if len(shown) > most else ""
    return ", ".join(shown[:most]) + more


class IdentityProvider:
    """One provider: its configuration, its metadata (fetched once) and its keys."""

    def __init__(self, config: ProviderConfig, client: httpx.AsyncClient) -> None:
        self.config = config
        self._client = client
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    async def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            document = await get_json(
                self._client, self.config.metadata_url, "the OpenID Connect metadata"
            )
            # OpenID Connect Discovery: the document must name the issuer it was asked of.
            if str(document.get("issuer", "")).rstrip("/") != self.config.issuer:
                raise IdentityProviderUnavailable(
                    f"{self.config.metadata_url} describes issuer {document.get('issuer')!r}, "
                    f"not {self.config.issuer!r}; check the provider's issuer"
                )
            self._metadata = document
        return self._metadata

    async def endpoint(self, name: str) -> str | None:
        value = (await self.metadata()).get(name)
        return value if isinstance(value, str) and value else None

    async def keys(self) -> KeySet:
        if self._keys is None:
            url = await self.endpoint("jwks_uri")
            if url is None:
                raise IdentityProviderUnavailable(
                    f"{self.config.metadata_url} gives no jwks_uri, so no token can be checked"
                )
            self._keys = KeySet(self._client, url)
        return self._keys


class IdentityProviders:
    """Every configured provider, by name and by issuer, sharing one HTTP client."""

    def __init__(self, configs: Iterable[ProviderConfig], clock_skew: int) -> None:
        self.client = httpx.AsyncClient(timeout=HTTP_TIMEOUT, follow_redirects=False)
        self.clock_skew = clock_skew
        self.by_name = {config.name: IdentityProvider(config, self.client) for config in configs}
        self.by_issuer = {p.config.issuer: p for p in self.by_name.values()}

    @property
    def for_dashboard(self) -> list[ProviderConfig]:
        return [p.config for p in self.by_name.values() if p.config.client_id]

    def __len__(self) -> int:
        return len(self.by_name)

    async def close(self) -> None:
        await self.client.aclose()

    async def person_for_access_token(self, token: str) -> Actor:
        """The person an access token for the API stands for."""
        provider, claims = await self.verify(token, lambda p: p.config.audience)
        return person_from_claims(provider.config, claims)

    async def verify(
        self,
        token: str,
        audience_of: Callable[[IdentityProvider], str | None],
        *,
        provider: IdentityProvider | None = None,
        nonce: str | None = None,
    ) -> tuple[IdentityProvider, dict[str, Any]]:
        """The provider and the verified claims, or TokenRefusedError. `audience_of` gives the
        audience a provider's token must carry (None: it is not accepted here); `provider`
        and `nonce` pin an ID token to the sign-in that asked for it."""
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise TokenRefusedError("the token is not a JWT this service can read") from None
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise TokenRefusedError(
                f"the token is signed with algorithm {algorithm!r}, which is not accepted; "
                f"accepted: {', '.join(ALGORITHMS)}"
            )
        issuer = str(unverified.get("iss", "")).rstrip("/")
        found = self.by_issuer.get(issuer) if provider is None else provider
        if found is None or found.config.issuer != issuer:
            accepted = [provider.config.issuer] if provider else list(self.by_issuer)
            raise TokenRefusedError(
                f"the token's issuer {issuer!r} is not one this service accepts; accepted: "
                f"{_listing(accepted)}"
            )
        audience = audience_of(found)
        if audience is None:
            raise TokenRefusedError(
                f"tokens of issuer {issuer!r} are not accepted here: it has no audience configured"
            )
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise TokenRefusedError("the token names no signing key (kid)")
        key = await (await found.keys()).key(kid)
        if key is None:
            raise TokenRefusedError(
                f"the token is signed with key {kid!r}, which issuer {issuer!r} does not publish"
            )
        if key.key_type != KEY_TYPES[algorithm[:2]]:
            raise TokenRefusedError(
                f"the token is signed with algorithm {algorithm!r}, which key {kid!r} "
                f"({key.key_type}) is not for"
            )
        claims = self._decode(token, key.key, algorithm, audience, issuer, unverified)
        if nonce is not None and not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise TokenRefusedError("the ID token is not the one this sign-in asked for (nonce)")
        return found, claims

    def _decode(
        self,
        token: str,
        key: Any,
        algorithm: str,
        audience: str,
        issuer: str,
        unverified: dict[str, Any],
    ) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=audience,
                issuer=[issuer, issuer + "/"],
                leeway=self.clock_skew,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRefusedError(
                f"the token expired at {_when(unverified.get('exp'))}; sign in again"
            ) from None
        except jwt.ImmatureSignatureError:
            raise TokenRefusedError(
                f"the token is not valid until {_when(unverified.get('nbf'))} "
                f"(issued {_when(unverified.get('iat'))}); check the clocks"
            ) from None
        except jwt.InvalidAudienceError:
            raise TokenRefusedError(
                f"the token is for audience {unverified.get('aud')!r}, not {audience!r}"
            ) from None
        except jwt.MissingRequiredClaimError as error:
            raise TokenRefusedError(f"the token has no {error.claim!r} claim") from None
        except jwt.InvalidSignatureError:
            raise TokenRefusedError(
                "the token's signature does not verify with the issuer's key"
            ) from None
        except jwt.PyJWTError as error:
            raise TokenRefusedError(f"the token is not valid: {error}") from None
        return claims


def person_from_claims(config: ProviderConfig, claims: dict[str, Any]) -> Actor:
    """The person, by the provider's mapping of the configured claim's values: one organisation,
    its authorities, and the highest role its values give."""
    raw = claims.get(config.claim)
    values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    grants = [
        config.organisations[v] for v in values if isinstance(v, str) and v in config.organisations
    ]
    if not grants:
        raise TokenRefusedError(
            f"the token's {config.claim!r} claim names no organisation this service knows for "
            f"{config.issuer!r} (it has {_listing(values) or 'nothing'}); ask your administrator "
            "to map it"
        )
    organisations = sorted({grant.organisation for grant in grants})
    if len(organisations) > 1 or len({grant.dfe for grant in grants}) > 1:
        raise TokenRefusedError(
            f"the token's {config.claim!r} claim names more than one organisation "
            f"({_listing(organisations)}); a person acts for one"
        )
    authorities = (
        None
        if grants[0].dfe
        else tuple(sorted({name for grant in grants for name in grant.authorities or ()}))
    )
    role = max((grant.role for grant in grants), key=ROLE_ORDER.index)
    name = next(
        (claims[c] for c in config.name_claims if isinstance(claims.get(c), str) and claims[c]),
        claims.get("sub"),
    )
    try:
        return Actor(name=name, role=role, organisation=organisations[0], authorities=authorities)
    except ValidationError:
        raise TokenRefusedError(
            f"the token's {' or '.join(config.name_claims)} claim is not a printable name of "
            "200 characters at most"
        ) from None
