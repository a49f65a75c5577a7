"""A connector wired to a running sandbox (or a real provider behind the fault proxy) the way
the gateway wires it, and the small helpers the arguments of the checks are built with."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import httpx

from junction.connectors._framework.auth import OAuthTokens, Refresh
from junction.connectors._framework.base import Connector, ConnectorContext
from junction.connectors._framework.http import CallRecorder, ProviderHTTP, RetryPolicy
from junction.unified.common import PageRequest

# Short enough that a hanging provider costs a test about a second, long enough for a sandbox
# on a loaded two-core machine.
TEST_TIMEOUT = httpx.Timeout(2.0)
TEST_RETRY = RetryPolicy(max_attempts=4, backoff_base=0.05, backoff_max=0.5, budget=10.0)


class MemoryTokenStore:
    """The platform's token store without a database: single-flight in one process, and a count
    of refreshes so a test can prove a token was refreshed exactly once."""

    def __init__(self, credentials: Mapping[str, str]) -> None:
        self.tokens = OAuthTokens.from_credentials(credentials)
        self.refreshes = 0
        self._lock = asyncio.Lock()

    async def current(self) -> OAuthTokens | None:
        return self.tokens

    async def refresh(self, stale: OAuthTokens, refresh: Refresh) -> OAuthTokens:
        async with self._lock:
            if self.tokens is not None and self.tokens.access_token != stale.access_token:
                return self.tokens
            self.tokens = await refresh(self.tokens or stale)
            self.refreshes += 1
            return self.tokens


@dataclass
class Harness:
    """A connector wired to a running sandbox, the way the gateway wires it."""

    connector: type[Connector]
    base_url: str
    credentials: dict[str, str]
    today: dt.date
    control: httpx.AsyncClient
    store: MemoryTokenStore = field(init=False)
    recorder: CallRecorder = field(init=False)
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    # Credentials the provider refuses (the binding's `refused_credentials`); None: a wrong
    # OAuth client secret and no tokens.
    refused_credentials: dict[str, str] | None = None
    # How long a call may take: a real provider (Tryton posting an invoice on a loaded machine)
    # needs longer than an emulator.
    timeout: httpx.Timeout = field(default_factory=lambda: TEST_TIMEOUT)

    def __post_init__(self) -> None:
        self.store = MemoryTokenStore(self.credentials)
        self.recorder = CallRecorder(keep_raw=True)

    def instance(self, credentials: Mapping[str, str] | None = None) -> Connector:
        credentials = dict(credentials or self.credentials)
        client = self.connector.build_http_client(credentials)
        client.timeout = self.timeout
        self.clients.append(client)
        auth = self.connector.authenticator(credentials, self.store, client)
        http = ProviderHTTP(
            client,
            self.recorder,
            auth=auth,
            retry=TEST_RETRY,
            reset_headers=self.connector.manifest.rate_limit_headers,
        )
        return self.connector(ConnectorContext(uuid4(), credentials, http))

    async def call(self, key: str, *args: Any, credentials: Mapping[str, str] | None = None) -> Any:
        return await self.instance(credentials).method_for(key)(*args)

    async def faults(self, **plan: Any) -> None:
        response = await self.control.put("/_sandbox/faults", json=plan)
        response.raise_for_status()

    async def clear_faults(self) -> None:
        await self.faults(
            fail_next=[],
            fail_next_path=None,
            rate_limit_next=0,
            error_rate=0.0,
            latency_ms=0,
            malformed_next=0,
            timeout_next=0,
            expire_tokens_after_requests=None,
            fail_token_next=[],
        )

    async def provider_requests(self) -> list[dict[str, Any]]:
        response = await self.control.get("/_sandbox/requests")
        response.raise_for_status()
        body = response.json()
        return list(body["requests"] if isinstance(body, dict) else body)

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()


# Arguments for each catalog operation, given what the sandbox already holds.
Arguments = Callable[[Harness], Awaitable[tuple[Any, ...]]]


async def first_id(harness: Harness, key: str, *args: Any) -> str:
    page = await harness.call(key, *args, PageRequest(page=1, size=1))
    assert page.items, f"{key} returned nothing to pick an id from"
    return str(page.items[0].id)


def recent_week(harness: Harness) -> tuple[dt.date, dt.date]:
    return harness.today - dt.timedelta(days=7), harness.today


async def constant(*args: Any) -> tuple[Any, ...]:
    return args


async def single(value: Awaitable[Any]) -> tuple[Any, ...]:
    return (await value,)
