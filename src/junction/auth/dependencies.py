from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from junction.auth.service import auth_service
from junction.errors import NotAuthenticated
from junction.models import Account
from junction.runtime import RuntimeDep, SessionDep

bearer = HTTPBearer(auto_error=False, description="The access token from POST /token")


async def current_account(
    session: SessionDep,
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Account:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated()
    return await auth_service.account_for_token(session, runtime, credentials.credentials)


CurrentAccount = Annotated[Account, Depends(current_account)]
