"""Authenticators: how a connection proves who it is. API key, HTTP Basic, and OAuth2 with
refresh ahead of expiry, single-flight through the platform's TokenStore (the connector never
touches the database: the store locks, re-reads and saves)."""

from __future__ import annotations

import base64
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

# Refresh this long before the provider's stated expiry, so no request leaves with a token that
# dies on the way.
REFRESH_AHEAD_SECONDS = 60


@dataclass(frozen=True)
class OAuthTokens:
    access_token: str
    refresh_token: str | None
    expires_at: float | None

    def expires_soon(self, now: float | None = None) -> bool:
        if self.expires_at is None:
            return False
        return (now or time.time()) >= self.expires_at - REFRESH_AHEAD_SECONDS

    def as_credentials(self) -> dict[str, str]:
        fields = {"access_token": self.access_token}
        if self.refresh_token:
            fields["refresh_token"] = self.refresh_token
        if self.expires_at is not None:
            fields["expires_at"] = str(int(self.expires_at))
        return fields

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, str]) -> OAuthTokens | None:
        if not credentials.get("access_token"):
            return None
        expires = credentials.get("expires_at")
        return cls(
            credentials["access_token"], credentials.get("refresh_token"), float(expires) if expires else None
        )

    @classmethod
    def from_token_response(
        cls, body: Mapping[str, object], previous: OAuthTokens | None = None
    ) -> OAuthTokens:
        """An RFC 6749 §5.1 token response. A provider that does not rotate refresh tokens
        answers without one: the previous one stays."""
        expires_in = body.get("expires_in")
        refresh = body.get("refresh_token") or (previous.refresh_token if previous else None)
        return cls(
            access_token=str(body["access_token"]),
            refresh_token=str(refresh) if refresh else None,
            expires_at=time.time() + float(str(expires_in)) if expires_in is not None else None,
        )


Refresh = Callable[[OAuthTokens], Awaitable[OAuthTokens]]


class TokenStore(Protocol):
    """Given by the platform: the connection's current tokens, and a refresh that runs once
    across every process (the store locks the connection, re-reads, and only calls `refresh`
    when nobody refreshed meanwhile), saving rotated tokens atomically."""

    async def current(self) -> OAuthTokens | None: ...

    async def refresh(self, stale: OAuthTokens, refresh: Refresh) -> OAuthTokens: ...


class HeaderAuth:
    """A fixed header: an API key or a static bearer token."""

    def __init__(self, name: str, value: str) -> None:
        self._headers = {name: value}

    async def headers(self) -> Mapping[str, str]:
        return self._headers

    async def recover(self) -> bool:
        return False


class BasicAuth(HeaderAuth):
    def __init__(self, username: str, password: str) -> None:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        super().__init__("Authorization", f"Basic {token}")


class OAuth2Auth:
    def __init__(self, store: TokenStore, refresh: Refresh) -> None:
        self.store = store
        self.refresh = refresh
        self._tokens: OAuthTokens | None = None

    async def headers(self) -> Mapping[str, str]:
        tokens = await self._usable_tokens()
        return {"Authorization": f"Bearer {tokens.access_token}"}

    async def recover(self) -> bool:
        """The provider refused the token before we thought it expired: refresh once."""
        stale = self._tokens or await self.store.current()
        if stale is None or not stale.refresh_token:
            return False
        self._tokens = await self.store.refresh(stale, self.refresh)
        return True

    async def _usable_tokens(self) -> OAuthTokens:
        if self._tokens is None:
            self._tokens = await self.store.current()
        if self._tokens is None:
            raise MissingTokens()
        if self._tokens.expires_soon() and self._tokens.refresh_token:
            self._tokens = await self.store.refresh(self._tokens, self.refresh)
        return self._tokens


class MissingTokens(Exception):
    """The connection has no OAuth tokens: the end user has not finished connecting."""
