"""One pooled httpx client per connection, reused across unified calls so that connections to
the provider stay open (TLS handshakes are the slowest part of a short call)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from uuid import UUID

import httpx

MAX_CLIENTS = 512
# A retired client may still carry a call that began before it was retired: it is closed only
# once it has been retired longer than any call can last (timeouts, retries and waits included).
RETIRED_GRACE_SECONDS = 300.0
# Tokens reach requests through the authenticator, not the client: refreshing them keeps the client.
TOKEN_FIELDS = frozenset({"access_token", "refresh_token", "expires_at"})


def _fingerprint(credentials: Mapping[str, str]) -> str:
    # New settings (a PATCH with another base URL or key) mean a new client.
    kept = sorted((k, v) for k, v in credentials.items() if k not in TOKEN_FIELDS)
    return hashlib.sha256(json.dumps(kept).encode()).hexdigest()


class ClientPool:
    def __init__(self, max_clients: int = MAX_CLIENTS) -> None:
        self.max_clients = max_clients
        # Keyed by event loop too: an httpx client must not be shared between the API's loop and
        # the in-process job consumer's loop (its connection pool would hang).
        self._clients: OrderedDict[tuple[int, UUID], tuple[str, httpx.AsyncClient]] = OrderedDict()
        self._retired: list[tuple[float, httpx.AsyncClient]] = []

    def client_for(
        self,
        connection_id: UUID,
        credentials: Mapping[str, str],
        build: Callable[[Mapping[str, str]], httpx.AsyncClient],
    ) -> httpx.AsyncClient:
        fingerprint = _fingerprint(credentials)
        key = (id(asyncio.get_running_loop()), connection_id)
        held = self._clients.get(key)
        if held is not None and held[0] == fingerprint:
            self._clients.move_to_end(key)
            return held[1]
        if held is not None:
            self._retire(key)
        client = build(credentials)
        self._clients[key] = (fingerprint, client)
        while len(self._clients) > self.max_clients:
            self._retire(next(iter(self._clients)))
        return client

    def _retire(self, key: tuple[int, UUID]) -> None:
        # Another request may still be using it: closed by a later sweep, or at shutdown.
        _, client = self._clients.pop(key)
        self._retired.append((time.monotonic(), client))

    async def sweep(self, grace: float = RETIRED_GRACE_SECONDS) -> None:
        cutoff = time.monotonic() - grace
        due = [client for retired_at, client in self._retired if retired_at <= cutoff]
        self._retired = [(at, client) for at, client in self._retired if at > cutoff]
        for client in due:
            await client.aclose()

    async def close(self) -> None:
        for _, client in self._clients.values():
            await client.aclose()
        self._clients.clear()
        await self.sweep(grace=0.0)
