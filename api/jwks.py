"""An issuer's signing keys (its JWKS), fetched when first needed and kept by key id.

A token signed with a key id not in the set fetches the set again, since the issuer may have
rotated its keys; at most once a `min_interval`, so a flood of tokens naming made-up key ids
costs the issuer one request a minute, not one each. The set is also fetched again once it is
`max_age` old, so a key the issuer withdrew stops being trusted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from jwt import PyJWK, PyJWKSet
from jwt.exceptions import PyJWKError, PyJWKSetError


class IdentityProviderUnavailable(Exception):
    """The identity provider could not be asked; the message says which and why."""


@dataclass(frozen=True)
class Fetched:
    keys: dict[str, PyJWK]
    at: float


async def get_json(client: httpx.AsyncClient, url: str, what: str) -> dict[str, object]:
    """A JSON document from the identity provider, or IdentityProviderUnavailable saying why."""
    try:
        response = await client.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise IdentityProviderUnavailable(f"cannot fetch {what} from {url}: {error}") from None
    if not isinstance(document, dict):
        raise IdentityProviderUnavailable(f"{what} at {url} is not a JSON object")
    return document


class KeySet:
    def __init__(
        self,
        client: httpx.AsyncClient,
        url: str,
        *,
        min_interval: float = 60.0,
        max_age: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._clock = clock
        self.url = url
        self._min_interval = min_interval
        self._max_age = max_age
        self._fetched: Fetched | None = None
        # The last failure with no keys to fall back on, told again until the interval passes.
        self._failure: tuple[str, float] | None = None
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def key(self, kid: str) -> PyJWK | None:
        """The key with this id, fetching the set first if it is unknown or old; None when the
        issuer does not publish it."""
        fetched = self._fetched
        if fetched is not None and kid in fetched.keys and not self._old(fetched):
            return fetched.keys[kid]
        async with self._lock:
            # Another request may have fetched the set while this one waited.
            fetched = self._fetched
            if (
                fetched is None
                or self._old(fetched)
                or (kid not in fetched.keys and self._clock() - fetched.at >= self._min_interval)
            ):
                fetched = await self._fetch(fetched)
        return fetched.keys.get(kid)

    def _old(self, fetched: Fetched) -> bool:
        return self._clock() - fetched.at >= self._max_age

    async def _fetch(self, previous: Fetched | None) -> Fetched:
        if self._failure is not None and self._clock() - self._failure[1] < self._min_interval:
            raise IdentityProviderUnavailable(self._failure[0])
        self.fetches += 1
        try:
            document = await get_json(self._client, self.url, "the signing keys (JWKS)")
            keys = {
                str(key.key_id): key
                for key in PyJWKSet.from_dict(document).keys
                if key.key_id and key.public_key_use in (None, "sig")
            }
        except (IdentityProviderUnavailable, PyJWKError, PyJWKSetError) as error:
            if previous is not None:
                # The keys known a moment ago still verify; an outage of the provider must not
                # sign everyone out. Try again after the interval.
                self._fetched = Fetched(previous.keys, self._clock())
                return self._fetched
            self._failure = (str(error), self._clock())
            raise IdentityProviderUnavailable(str(error)) from None
        self._failure = None
        self._fetched = Fetched(keys, self._clock())
        return self._fetched
