"""One pooled httpx client per connection, reused across unified calls so that connections to
the provider stay open (TLS handshakes are the slowest part of a short call)."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from uuid import UUID

import httpx

MAX_CLIENTS = 512


def _fingerprint(credentials: Mapping[str, str]) -> str:
    # New credentials (a PATCH, a rotated token baked into default headers) mean a new client.
    return hashlib.sha256(json.dumps(sorted(credentials.items())).encode()).hexdigest()


class ClientPool:
    def __init__(self, max_clients: int = MAX_CLIENTS) -> None:
        self.max_clients = max_clients
        self._clients: OrderedDict[UUID, tuple[str, httpx.AsyncClient]] = OrderedDict()
        self._retired: list[httpx.AsyncClient] = []

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
        # Another request may still be using it; it is closed at the next sweep or at shutdown.
        _, client = self._clients.pop(connection_id)
        self._retired.append(client)

    async def sweep(self) -> None:
        retired, self._retired = self._retired, []
        for client in retired:
            await client.aclose()

    async def close(self) -> None:
        for _, client in self._clients.values():
            await client.aclose()
        self._clients.clear()
        await self.sweep()
