from uuid import UUID

from pydantic import BaseModel, ConfigDict


class AuthItem(BaseModel):
    # Clients add fields such as envId; they are accepted and ignored.
    model_config = ConfigDict(extra="ignore")

    clientId: str
    clientSecret: str
    accountId: UUID
    marketplaceId: UUID | None = None


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int
    expires_on: int
