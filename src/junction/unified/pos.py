"""The Point of Sale vertical's unified models, field by field from the reference schemas."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from junction.unified.common import Address, UnifiedModel


class Customer(UnifiedModel):
    id: str
    first_name: str | None = None
    last_name: str | None = None
    name: str
    phone: str | None = None
    email: str | None = None
    created_on: datetime | None = None
    addresses: list[Address] | None = Field(default_factory=list)
    loyalty: int | None = None
    birthdate: date | None = None


class CustomerAddressCreate(UnifiedModel):
    name: str
    street: str | None = None
    number: str | None = None
    box: str | None = None
    city: str
    postal_code: str
    country: str | None = None


class CustomerCreate(UnifiedModel):
    first_name: str
    last_name: str
    phone: str | None = None
    email: str | None = None
    address: CustomerAddressCreate | None = None


class CustomerQuery(UnifiedModel):
    search: str | None = None
    email: str | None = None
    phone: str | None = None
