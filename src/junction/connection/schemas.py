from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from junction.integration.schemas import IntegrationStatus as ConnectionStatus
from junction.kit.validation import Text

API_NAMES = (
    "Point of Sale",
    "eCommerce",
    "Accounting",
    "Invoicing",
    "Banking",
    "Custom",
    "Payment",
    "Property Management System",
)


class CredentialItem(BaseModel):
    key: Text = Field(min_length=1, max_length=200)
    value: Text = Field(max_length=10_000)

    def __repr__(self) -> str:
        # A stray log of the model never shows the value.
        return f"CredentialItem(key={self.key!r}, value='***')"

    __str__ = __repr__


class ConnectionItem(BaseModel):
    connectionid: UUID
    name: str
    integration: str
    integrationid: int
    api: str
    data: dict[str, Any] | None = None
    status: ConnectionStatus


class PostConnectionItem(BaseModel):
    integrationid: int | None = None
    name: Text | None = Field(None, min_length=1, max_length=255)
    credentials: list[CredentialItem] | None = None
    country: Text | None = Field(None, min_length=2, max_length=2)
    redirect: bool | None = False
    apis: list[str] | None = None


class PatchConnectionItem(BaseModel):
    redirect: bool | None = False
    name: Text | None = Field(None, min_length=1, max_length=255)
    credentials: list[CredentialItem] | None = None


class LinkItem(BaseModel):
    url: str
    connectionid: UUID | None = Field(
        None, description="Set when the connection was created at once from the credentials given."
    )


class ApiTransactionLookupOut(BaseModel):
    created_on: datetime
    method: str
    route: str
    status_code: int
    created_entity_id: str | None = None
