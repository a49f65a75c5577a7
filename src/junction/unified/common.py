"""Shapes shared by every vertical. A leaf module: pydantic only."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50


class Vertical(StrEnum):
    accounting = "accounting"
    invoicing = "invoicing"
    pos = "pos"
    commerce = "commerce"
    pms = "pms"
    payment = "payment"
    banking = "banking"

    @property
    def api(self) -> str:
        """The contract's `api` name for this vertical."""
        return API_NAMES[self]


API_NAMES: dict[Vertical, str] = {
    Vertical.accounting: "Accounting",
    Vertical.invoicing: "Invoicing",
    Vertical.pos: "Point of Sale",
    Vertical.commerce: "eCommerce",
    Vertical.pms: "Property Management System",
    Vertical.payment: "Payment",
    Vertical.banking: "Banking",
}


class PageRequest(BaseModel):
    page: int = Field(1, ge=1)
    size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


class Page(BaseModel, Generic[T]):
    """A page of unified objects. `total` is exact on every page: the SDK stops on it."""

    items: list[T]
    total: int = Field(ge=0)
    page: int = Field(ge=1)
    size: int = Field(ge=1)
    raw_data: dict[str, Any] | None = None


class UnifiedModel(BaseModel):
    # Unknown input fields are ignored, as the reference API does, so that newer clients work.
    model_config = ConfigDict(extra="ignore")


class Address(UnifiedModel):
    address_type: str | None = None
    name: str | None = None
    street: str | None = None
    number: str | None = None
    box: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None
