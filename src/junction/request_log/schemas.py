from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class ProviderCallItem(BaseModel):
    method: str
    url: str = Field(description="The provider's URL, with credentials and secret query values masked")
    status_code: int | None = Field(None, description="None when no answer came")
    duration_ms: float
    error: str | None = None


class RequestLogItem(BaseModel):
    id: UUID
    created_on: datetime
    consumerid: UUID
    connectionid: UUID | None = None
    integrationid: int | None = None
    method: str
    route: str = Field(description="The path called (no query string)")
    status_code: int
    error_code: str | None = None
    duration_ms: float
    overhead_ms: float = Field(description="Time spent in Junction, the provider's time excluded")
    client_request_id: str | None = None
    provider_calls: list[ProviderCallItem]


class RequestLogPage(BaseModel):
    items: list[RequestLogItem]
    total: int
    page: int
    size: int
