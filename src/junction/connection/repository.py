from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.models import ApiTransaction, Connection


class ConnectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list_for_consumer(self, account_id: UUID, consumer_id: UUID) -> Sequence[Connection]:
        query = (
            select(Connection)
            .where(Connection.account_id == account_id, Connection.consumer_id == consumer_id)
            .order_by(Connection.created_on, Connection.id)
        )
        return (await self.session.scalars(query)).all()

    async def get(self, account_id: UUID, consumer_id: UUID, connection_id: UUID) -> Connection | None:
        return await self.session.scalar(
            select(Connection).where(
                Connection.id == connection_id,
                Connection.account_id == account_id,
                Connection.consumer_id == consumer_id,
            )
        )

    async def get_for_integration(self, consumer_id: UUID, integration_id: int) -> Connection | None:
        return await self.session.scalar(
            select(Connection).where(
                Connection.consumer_id == consumer_id, Connection.integration_id == integration_id
            )
        )

    async def all_sealed(self) -> Sequence[Connection]:
        return (
            await self.session.scalars(
                select(Connection).where(Connection.credentials_encrypted.is_not(None))
            )
        ).all()

    def add(self, connection: Connection) -> None:
        self.session.add(connection)

    async def delete(self, connection: Connection) -> None:
        await self.session.delete(connection)

    async def transaction(self, connection_id: UUID, client_request_id: str) -> ApiTransaction | None:
        return await self.session.scalar(
            select(ApiTransaction).where(
                ApiTransaction.connection_id == connection_id,
                ApiTransaction.client_request_id == client_request_id,
            )
        )
