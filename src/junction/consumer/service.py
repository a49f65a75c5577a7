from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from junction.consumer.repository import ConsumerRepository
from junction.consumer.schemas import PostConsumerItem, UpdateConsumerItem
from junction.errors import ConsumerNotFound
from junction.models import Account, Consumer
from junction.webhook import hooks as webhook_hooks


class ConsumerService:
    async def get(self, session: AsyncSession, account: Account, consumer_id: UUID) -> Consumer:
        consumer = await ConsumerRepository(session).get(account.id, consumer_id)
        if consumer is None:
            raise ConsumerNotFound()
        return consumer

    async def list(
        self,
        session: AsyncSession,
        account: Account,
        search: str | None,
        internal_reference: str | None,
    ) -> Sequence[Consumer]:
        return await ConsumerRepository(session).list(account.id, search, internal_reference)

    async def create(self, session: AsyncSession, account: Account, item: PostConsumerItem) -> Consumer:
        consumer = Consumer(account_id=account.id, **item.model_dump())
        ConsumerRepository(session).add(consumer)
        await session.flush()
        return consumer

    async def update(
        self, session: AsyncSession, account: Account, consumer_id: UUID, item: UpdateConsumerItem
    ) -> Consumer:
        consumer = await self.get(session, account, consumer_id)
        for field, value in item.model_dump(exclude_unset=True).items():
            if field == "name" and value is None:
                continue
            setattr(consumer, field, value)
        await session.flush()
        return consumer

    async def delete(self, session: AsyncSession, account: Account, consumer_id: UUID) -> None:
        """Deletes the consumer; the database cascades to its connections and transactions."""
        consumer = await self.get(session, account, consumer_id)
        # account.connection.deleted for each connection, and their provider webhooks removed.
        await webhook_hooks.consumer_deleted(session, account.id, consumer_id)
        await ConsumerRepository(session).delete(consumer)
        await session.flush()


consumer_service = ConsumerService()
