"""The platform's TokenStore: OAuth2 refresh once per connection across every process."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from uuid import UUID
from weakref import WeakValueDictionary

from sqlalchemy import update

from junction.connection.credentials import seal, unseal
from junction.connectors._framework.auth import OAuthTokens, Refresh
from junction.db import unit_of_work
from junction.models import Connection
from junction.runtime import Runtime

_local_locks: WeakValueDictionary[tuple[int, UUID], asyncio.Lock] = WeakValueDictionary()


def _local_lock(connection_id: UUID) -> asyncio.Lock:
    """One lock per connection and event loop: an asyncio lock cannot be awaited from another
    loop (the in-process job consumer runs its own). Across loops and processes the row lock
    taken below is what serialises refreshes."""
    key = (id(asyncio.get_running_loop()), connection_id)
    lock = _local_locks.get(key)
    if lock is None:
        lock = asyncio.Lock()
        _local_locks[key] = lock
    return lock


class ConnectionTokenStore:
    def __init__(self, runtime: Runtime, connection_id: UUID, credentials: Mapping[str, str]) -> None:
        self.runtime = runtime
        self.connection_id = connection_id
        self.credentials = credentials

    async def current(self) -> OAuthTokens | None:
        return OAuthTokens.from_credentials(self.credentials)

    async def refresh(self, stale: OAuthTokens, refresh: Refresh) -> OAuthTokens:
        lock = _local_lock(self.connection_id)
        async with lock, unit_of_work(self.runtime.sessionmaker) as session:
            # A no-op UPDATE takes the row lock on PostgreSQL and the write lock on SQLite: other
            # processes refreshing this connection wait here, then see our tokens.
            await session.execute(
                update(Connection).where(Connection.id == self.connection_id).values(status=Connection.status)
            )
            connection = await session.get(Connection, self.connection_id, populate_existing=True)
            if connection is None:
                return stale
            stored = unseal(self.runtime.keyring, connection.credentials_encrypted)
            latest = OAuthTokens.from_credentials(stored)
            if latest is not None and latest.access_token != stale.access_token and not latest.expires_soon():
                return latest
            fresh = await refresh(latest or stale)
            stored.update(fresh.as_credentials())
            connection.credentials_encrypted = seal(self.runtime.keyring, stored)
            self.credentials = stored
            return fresh
