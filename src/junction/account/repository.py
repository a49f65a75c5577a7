from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from junction.models import Account


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, account_id: UUID) -> Account | None:
        return await self.session.get(Account, account_id)

    async def get_by_client_id(self, client_id: str) -> Account | None:
        return await self.session.scalar(select(Account).where(Account.client_id == client_id))

    async def list(self) -> list[Account]:
        return list(await self.session.scalars(select(Account).order_by(Account.created_on)))

    def add(self, account: Account) -> None:
        self.session.add(account)
