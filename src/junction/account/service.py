from __future__ import annotations

import secrets
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from junction.account.repository import AccountRepository
from junction.errors import InvalidCredentials
from junction.kit.hashing import hash_secret, new_client_secret, secret_matches
from junction.models import Account, AccountStatus


class AccountNotFound(Exception):
    pass


@dataclass(frozen=True)
class IssuedCredentials:
    """What `accounts create` and `rotate-secret` print: the secret exists only here."""

    account: Account
    client_secret: str

    def as_json(self) -> dict[str, str]:
        return {
            "clientId": self.account.client_id,
            "clientSecret": self.client_secret,
            "accountId": str(self.account.id),
        }


class AccountService:
    async def create(self, session: AsyncSession, name: str) -> IssuedCredentials:
        secret = new_client_secret()
        account = Account(
            name=name,
            client_id=f"jn_{secrets.token_hex(12)}",
            client_secret_hash=hash_secret(secret),
        )
        AccountRepository(session).add(account)
        await session.flush()
        return IssuedCredentials(account, secret)

    async def list(self, session: AsyncSession) -> list[Account]:
        return await AccountRepository(session).list()

    async def find(self, session: AsyncSession, ref: str) -> Account:
        """An account by its id or its clientId."""
        repository = AccountRepository(session)
        account = None
        try:
            account = await repository.get(UUID(ref))
        except ValueError:
            account = await repository.get_by_client_id(ref)
        if account is None:
            raise AccountNotFound(ref)
        return account

    async def rotate_secret(self, session: AsyncSession, ref: str) -> IssuedCredentials:
        account = await self.find(session, ref)
        secret = new_client_secret()
        account.client_secret_hash = hash_secret(secret)
        account.token_version += 1
        await session.flush()
        return IssuedCredentials(account, secret)

    async def set_status(self, session: AsyncSession, ref: str, status: AccountStatus) -> Account:
        account = await self.find(session, ref)
        account.status = status
        account.token_version += 1
        await session.flush()
        return account

    async def authenticate(
        self, session: AsyncSession, account_id: UUID, client_id: str, client_secret: str
    ) -> Account:
        account = await AccountRepository(session).get(account_id)
        if (
            account is None
            or account.status != AccountStatus.active
            or not secrets.compare_digest(account.client_id, client_id)
            or not secret_matches(client_secret, account.client_secret_hash)
        ):
            raise InvalidCredentials()
        return account


account_service = AccountService()
