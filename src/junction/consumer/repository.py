from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.models import Consumer


class ConsumerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, account_id: UUID, consumer_id: UUID) -> Consumer | None:
        return await self.session.scalar(
            select(Consumer).where(Consumer.id == consumer_id, Consumer.account_id == account_id)
        )

    async def list(
        self, account_id: UUID, search: str | None, internal_reference: str | None
    ) -> Sequence[Consumer]:
        query = select(Consumer).where(Consumer.account_id == account_id)
        if search:
            needle = search.lower()
            query = query.where(
                or_(
                    func.lower(Consumer.name).contains(needle, autoescape=True),
                    func.lower(Consumer.email).contains(needle, autoescape=True),
                )
            )
        if internal_reference is not None:
            query = query.where(Consumer.internal_reference == internal_reference)
        return (await self.session.scalars(query.order_by(Consumer.created_on, Consumer.id))).all()

    def add(self, consumer: Consumer) -> None:
        self.session.add(consumer)

    async def delete(self, consumer: Consumer) -> None:
        await self.session.delete(consumer)
