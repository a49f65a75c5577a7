"""What a connection's life sends and starts: the `account.connection.*` events, and the
registration of the provider's webhooks. Called by the connection service inside the request's
unit of work, so nothing goes out unless the change commits."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.models import Connection
from junction.runtime import Runtime
from junction.webhook import provider
from junction.webhook.emitter import emit


def connection_data(connection: Connection) -> dict[str, Any]:
    return {
        "connectionid": str(connection.id),
        "consumerid": str(connection.consumer_id),
        "integrationid": connection.integration_id,
        "name": connection.name,
        "status": connection.status,
    }


async def _emit(session: AsyncSession, connection: Connection, event: str) -> None:
    await emit(
        session,
        connection.account_id,
        event,
        connection_data(connection),
        consumer_id=connection.consumer_id,
        connection_id=connection.id,
        integration_id=connection.integration_id,
    )


async def connection_created(
    session: AsyncSession, runtime: Runtime, connection: Connection, base_url: str
) -> None:
    await _emit(session, connection, "account.connection.created")
    await provider.start(session, runtime, connection, base_url)


async def connection_updated(
    session: AsyncSession, runtime: Runtime, connection: Connection, base_url: str, new_credentials: bool
) -> None:
    await _emit(session, connection, "account.connection.updated")
    if new_credentials:
        # A registration that failed (bad credentials, say) gets another chance.
        await provider.start(session, runtime, connection, base_url)


async def connection_deleted(session: AsyncSession, connection: Connection) -> None:
    await _emit(session, connection, "account.connection.deleted")
    await provider.stop(session, connection)


async def consumer_deleted(session: AsyncSession, account_id: UUID, consumer_id: UUID) -> None:
    """A consumer's deletion cascades to its connections in the database: say so for each."""
    connections = await session.scalars(
        select(Connection).where(Connection.account_id == account_id, Connection.consumer_id == consumer_id)
    )
    for connection in connections.all():
        await connection_deleted(session, connection)
