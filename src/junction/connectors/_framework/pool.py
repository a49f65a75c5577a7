"""One pooled httpx client per connection, reused across unified calls so that connections to
the provider stay open (TLS handshakes are the slowest part of a short call)."""

from __future__ import annotations

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
        self._clients: OrderedDict[UUID, tuple[str, httpx.AsyncClient]] = OrderedDict()
        self._retired: list[tuple[float, httpx.AsyncClient]] = []

    def client_for(
        self,
        connection_id: UUID,
        credentials: Mapping[str, str],
        build: Callable[[Mapping[str, str]], httpx.AsyncClient],
    ) -> httpx.AsyncClient:
        fingerprint = _fingerprint(credentials)
        held = self._clients.get(connection_id)
        if held is not None and held[0] == fingerprint:
            self._clients.move_to_end(connection_id)
            return held[1]
        if held is not None:
            self._retire(connection_id)
        client = build(credentials)
        self._clients[connection_id] = (fingerprint, client)
        while len(self._clients) > self.max_clients:
            self._retire(next(iter(self._clients)))
        return client

    def _retire(self, connection_id: UUID) -> None:
        # Another request may still be using it: closed by a later sweep, or at shutdown.
        _, client = self._clients.pop(connection_id)
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
