from enum import StrEnum
from typing import Literal

from pydantic import BaseModel


class IntegrationStatus(StrEnum):
    active = "active"
    inactive = "inactive"


class CoverageStatus(StrEnum):
    SUPPORTED = "SUPPORTED"
    NOT_IMPLEMENTED = "NOT_IMPLEMENTED"
    NOT_SUPPORTED = "NOT_SUPPORTED"


class ImageType(StrEnum):
    icon = "icon"
    logo = "logo"


class IntegrationsCredentialItem(BaseModel):
    name: str
    optional: bool = False
    visibility: Literal["connector", "consumer", "both"] | None = "both"


class CoverageItem(BaseModel):
    operation: str
    status: CoverageStatus


class IntegrationItem(BaseModel):
    integrationid: int
    name: str
    description: str | None = None
    status: IntegrationStatus
    api: str
    logo_url: str
    icon_url: str
    post_connections: list[dict[str, object]] | None = []
    operations_coverage: list[CoverageItem] | None = []
    credentials: list[IntegrationsCredentialItem] | None = []
    supported_countries: list[str] | None = None
    local_agent: bool = False


class LogoImage(BaseModel):
    integrationid: int
    data: str
