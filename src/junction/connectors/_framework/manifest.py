"""A connector's manifest: who it is, what it needs to connect, what it can do."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from junction.unified.common import Vertical


class AuthMode(StrEnum):
    api_key = "api_key"
    basic = "basic"
    oauth2_authorization_code = "oauth2_authorization_code"
    oauth2_client_credentials = "oauth2_client_credentials"
    none = "none"


class CredentialField(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    secret: bool = True
    optional: bool = False
    # Who provides the value: the account once for all its consumers ("connector"), each end
    # user ("consumer"), or either ("both"): the reference's three visibilities.
    visibility: Literal["connector", "consumer", "both"] = "both"


class IntegrationEntry(BaseModel):
    """One row of the catalog: the reference gives each (software, api) pair its own id."""

    model_config = ConfigDict(frozen=True)

    integration_id: int = Field(gt=0)
    vertical: Vertical


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True)

    slug: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str | None = None
    integrations: tuple[IntegrationEntry, ...] = Field(min_length=1)
    status: Literal["active", "inactive"] = "active"
    auth: AuthMode
    credentials: tuple[CredentialField, ...] = ()
    base_url: str | None = None
    pagination: Literal["page", "offset", "cursor", "next_url_header", "none"] = "none"
    rate_limit_headers: tuple[str, ...] = ()
    webhook_signature: str | None = None
    # Operation keys from junction.verticals.catalog, e.g. "pos.customers.list".
    capabilities: frozenset[str] = frozenset()
    # Operations the provider's API cannot serve at all (NOT_SUPPORTED rather than NOT_IMPLEMENTED).
    unsupported: frozenset[str] = frozenset()
    supported_countries: tuple[str, ...] | None = None
    logo_svg: str = ""

    @model_validator(mode="after")
    def _capabilities_belong_to_verticals(self) -> Manifest:
        verticals = {entry.vertical.value for entry in self.integrations}
        for key in self.capabilities | self.unsupported:
            if key.split(".", 1)[0] not in verticals:
                raise ValueError(f"{key!r} is outside the verticals {sorted(verticals)}")
        if self.capabilities & self.unsupported:
            raise ValueError("an operation cannot be both a capability and unsupported")
        names = [field.name for field in self.credentials]
        if len(names) != len(set(names)):
            raise ValueError("credential field names must be unique")
        return self

    def secret_fields(self) -> frozenset[str]:
        return frozenset(field.name for field in self.credentials if field.secret)
