"""OAuth 2.0 state of a sandbox: authorization codes, access tokens, rotating refresh tokens.

Provider-neutral: the provider's app decides the wire format of the token endpoint and of its
errors; this store only decides what is valid. A subject is whatever the provider grants access
to (Kounta: a company id)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from junction.sandboxes._kit.faults import FaultPlan

Clock = Callable[[], float]
CODE_LIFETIME_SECONDS = 600.0
PRUNE_AT = 10_000


@dataclass
class AccessToken:
    value: str
    client_id: str
    subject: int
    expires_at: float
    generation: int
    uses: int = 0


@dataclass
class RefreshToken:
    value: str
    client_id: str
    subject: int


@dataclass
class AuthorizationCode:
    value: str
    client_id: str
    redirect_uri: str
    subject: int
    expires_at: float


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str | None
    expires_in: int


class TokenProblem(Enum):
    missing = "missing"
    invalid = "invalid"
    expired = "expired"


class GrantError(Exception):
    """A token request the provider refuses; `error` is the OAuth error code."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


class TokenStore:
    def __init__(self, lifetime_seconds: int = 3600, clock: Clock = time.time) -> None:
        self.lifetime_seconds = lifetime_seconds
        self.clock = clock
        self.access: dict[str, AccessToken] = {}
        self.refresh: dict[str, RefreshToken] = {}
        self.codes: dict[str, AuthorizationCode] = {}

    def clear(self) -> None:
        self.access.clear()
        self.refresh.clear()
        self.codes.clear()

    def issue_code(self, client_id: str, redirect_uri: str, subject: int) -> str:
        value = secrets.token_urlsafe(24)
        self.codes[value] = AuthorizationCode(
            value, client_id, redirect_uri, subject, self.clock() + CODE_LIFETIME_SECONDS
        )
        return value

    def issue(self, client_id: str, subject: int, faults: FaultPlan, *, with_refresh: bool) -> IssuedTokens:
        if len(self.access) >= PRUNE_AT:
            self.prune()
        access = AccessToken(
            value=secrets.token_hex(20),
            client_id=client_id,
            subject=subject,
            expires_at=self.clock() + self.lifetime_seconds,
            generation=faults.token_generation,
        )
        self.access[access.value] = access
        refresh_value: str | None = None
        if with_refresh:
            refresh_value = secrets.token_hex(20)
            self.refresh[refresh_value] = RefreshToken(refresh_value, client_id, subject)
        return IssuedTokens(access.value, refresh_value, self.lifetime_seconds)

    def prune(self) -> None:
        """Forget access tokens past their expiry (a long-running sandbox issues many)."""
        now = self.clock()
        for value in [v for v, token in self.access.items() if token.expires_at <= now]:
            del self.access[value]

    def redeem_code(
        self, code: str, client_id: str, redirect_uri: str | None, faults: FaultPlan
    ) -> IssuedTokens:
        # A code is single-use: it is gone whether the exchange succeeds or not (RFC 6749 §4.1.2).
        found = self.codes.pop(code, None)
        if found is None or found.client_id != client_id or found.expires_at <= self.clock():
            raise GrantError("invalid_grant", "Authorization code doesn't exist or is invalid for the client")
        if redirect_uri is not None and redirect_uri != found.redirect_uri:
            raise GrantError("redirect_uri_mismatch", "The redirect URI does not match the authorization")
        return self.issue(client_id, found.subject, faults, with_refresh=True)

    def rotate(self, refresh_token: str, client_id: str, faults: FaultPlan) -> IssuedTokens:
        """A new access token and a new refresh token; the old refresh token stops working at once
        (rotation), the old access token lives on until it expires."""
        found = self.refresh.get(refresh_token)
        if found is None or found.client_id != client_id:
            raise GrantError("invalid_grant", "Invalid refresh token")
        del self.refresh[refresh_token]
        return self.issue(client_id, found.subject, faults, with_refresh=True)

    def authenticate(self, value: str, faults: FaultPlan) -> AccessToken | TokenProblem:
        """The token behind a bearer value, counting one use; or why it is refused."""
        token = self.access.get(value)
        if token is None:
            return TokenProblem.invalid
        limit = faults.expire_tokens_after_requests
        if (
            token.expires_at <= self.clock()
            or token.generation < faults.token_generation
            or (limit is not None and token.uses >= limit)
        ):
            return TokenProblem.expired
        token.uses += 1
        return token
