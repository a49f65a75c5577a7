"""The HTTP client a connector is handed. One pooled httpx client per connection; every attempt
recorded (method, redacted URL, status, timing) for the request log; native payloads kept for
`x-chift-raw-data`; retries with backoff and jitter for what is safe to repeat, honouring
`Retry-After` and the provider's reset headers, within a bounded time budget; one credential
refresh and retry after a 401."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

REDACTED = "[redacted]"
SENSITIVE_PARAMS = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "client_secret",
        "code",
        "key",
        "password",
        "refresh_token",
        "secret",
        "signature",
        "token",
    }
)
# Methods a provider must treat as idempotent (RFC 9110 §9.2.2): safe to send again.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass
class ProviderCall:
    method: str
    url: str
    status_code: int | None
    duration_ms: float
    error: str | None = None
    # perf_counter() at the start and end of the call, to merge calls that overlapped.
    started: float = 0.0
    ended: float = 0.0

    def as_log(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "url": self.url,
            "status_code": self.status_code,
            "duration_ms": round(self.duration_ms, 3),
            "error": self.error,
        }


@dataclass
class CallRecorder:
    """Collects what one unified call asked of the provider."""

    keep_raw: bool = False
    calls: list[ProviderCall] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    waited_ms: float = 0.0

    @property
    def provider_ms(self) -> float:
        """Wall time with at least one provider call in flight (concurrent calls count once),
        plus the waits the provider asked for (Retry-After)."""
        busy = 0.0
        reach = float("-inf")
        for call in sorted(self.calls, key=lambda c: c.started):
            if call.ended <= reach:
                continue
            busy += call.ended - max(call.started, reach)
            reach = call.ended
        return busy * 1000 + self.waited_ms

    def keep_payload(self, endpoint: str, payload: Any) -> None:
        if not self.keep_raw:
            return
        previous = self.raw.get(endpoint)
        if previous is None:
            self.raw[endpoint] = payload
        elif isinstance(previous, list) and isinstance(payload, list):
            previous.extend(payload)
        else:
            self.raw[endpoint] = [*(previous if isinstance(previous, list) else [previous]), payload]


def redact_url(url: str | httpx.URL) -> str:
    """The URL without credentials: no userinfo, sensitive query values masked."""
    parts = urlsplit(str(url))
    query = urlencode(
        [(k, REDACTED if k.lower() in SENSITIVE_PARAMS else v) for k, v in parse_qsl(parts.query)]
    )
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


class Authenticator(Protocol):
    """How a connection proves who it is to the provider."""

    async def headers(self) -> Mapping[str, str]:
        """Headers for the next request (an OAuth2 authenticator refreshes ahead of expiry here)."""
        ...

    async def recover(self) -> bool:
        """Called once after the provider refused the credentials; True if retrying may work."""
        ...


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    backoff_base: float = 0.2
    backoff_max: float = 5.0
    # Seconds one request may spend waiting between attempts, whatever the provider asks.
    budget: float = 20.0
    statuses: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max, base * 2^attempt)]."""
        return random.uniform(0, min(self.backoff_max, self.backoff_base * 2**attempt))  # noqa: S311


NO_RETRY = RetryPolicy(max_attempts=1)


def wait_asked_for(response: httpx.Response, reset_headers: tuple[str, ...], now: float) -> float | None:
    """Seconds the provider asked us to wait: `Retry-After` (seconds or HTTP date), or a reset
    header holding either a delay or an epoch timestamp."""
    retry_after = response.headers.get("retry-after")
    if retry_after:
        if retry_after.strip().isdigit():
            return float(retry_after)
        try:
            return max(parsedate_to_datetime(retry_after).timestamp() - now, 0.0)
        except (TypeError, ValueError):
            pass
    for name in reset_headers:
        value = response.headers.get(name)
        if value is None:
            continue
        try:
            number = float(value)
        except ValueError:
            continue
        return max(number - now, 0.0) if number > 1_000_000_000 else number
    return None


Sleep = Callable[[float], Awaitable[None]]


class ProviderHTTP:
    def __init__(
        self,
        client: httpx.AsyncClient,
        recorder: CallRecorder,
        *,
        auth: Authenticator | None = None,
        retry: RetryPolicy = RetryPolicy(),
        reset_headers: tuple[str, ...] = (),
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.client = client
        self.recorder = recorder
        self.auth = auth
        self.retry = retry
        self.reset_headers = tuple(h.lower() for h in reset_headers)
        self.sleep = sleep

    async def request(
        self, method: str, url: str, *, idempotent: bool | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send a request. `idempotent` overrides the method's nature: a provider whose reads are
        POSTs marks them idempotent; a write is never repeated unless the provider refused it
        before processing (429) or the connection never opened."""
        repeatable = method.upper() in IDEMPOTENT_METHODS if idempotent is None else idempotent
        extra_headers = dict(kwargs.pop("headers", None) or {})
        waited = 0.0
        recovered = False
        attempt = 0
        while True:
            attempt += 1
            headers = {**extra_headers, **(await self.auth.headers() if self.auth else {})}
            try:
                response = await self._send(method, url, headers=headers, **kwargs)
            except httpx.TransportError as exc:
                never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                delay = self.retry.backoff(attempt)
                if (repeatable or never_sent) and self._may_retry(attempt, waited, delay):
                    waited += await self._wait(delay)
                    continue
                raise
            if response.status_code == 401 and self.auth is not None and not recovered:
                recovered = True
                if await self.auth.recover():
                    continue
            if response.status_code in self.retry.statuses and (repeatable or response.status_code == 429):
                asked = wait_asked_for(response, self.reset_headers, time.time())
                delay = asked if asked is not None else self.retry.backoff(attempt)
                if self._may_retry(attempt, waited, delay):
                    waited += await self._wait(delay)
                    continue
            return response

    def _may_retry(self, attempt: int, waited: float, delay: float) -> bool:
        return attempt < self.retry.max_attempts and waited + delay <= self.retry.budget

    async def _wait(self, delay: float) -> float:
        await self.sleep(delay)
        self.recorder.waited_ms += delay * 1000
        return delay

    async def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self._record(method, str(self.client.base_url.join(url)), None, started, type(exc).__name__)
            raise
        self._record(method, str(response.request.url), response.status_code, started, None)
        return response

    def _record(self, method: str, url: str, status: int | None, started: float, error: str | None) -> None:
        ended = time.perf_counter()
        call = ProviderCall(method, redact_url(url), status, (ended - started) * 1000, error, started, ended)
        self.recorder.calls.append(call)
