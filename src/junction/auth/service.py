from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from junction.account.repository import AccountRepository
from junction.account.service import account_service
from junction.auth import tokens
from junction.auth.schemas import AuthItem, Token
from junction.errors import NotAuthenticated
from junction.models import Account, AccountStatus
from junction.runtime import Runtime


class AuthService:
    async def issue_token(self, session: AsyncSession, runtime: Runtime, item: AuthItem) -> Token:
        account = await account_service.authenticate(
            session, item.accountId, item.clientId, item.clientSecret
        )
        lifetime = runtime.settings.token_lifetime_seconds
        token, expires_on = tokens.issue_access(
            runtime.keyring.signing_key, lifetime, account.id, account.token_version
        )
        return Token(access_token=token, expires_in=lifetime, expires_on=expires_on)

    async def account_for_token(self, session: AsyncSession, runtime: Runtime, token: str) -> Account:
        try:
            claims = tokens.read_access(runtime.keyring.signing_key, token)
        except tokens.TokenInvalid as exc:
            raise NotAuthenticated() from exc
        account = await AccountRepository(session).get(claims.account_id)
        if (
            account is None
            or account.status != AccountStatus.active
            or account.token_version != claims.token_version
        ):
            raise NotAuthenticated()
        return account


auth_service = AuthService()
