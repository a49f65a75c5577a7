"""Shapes shared by every vertical. A leaf module: pydantic only."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum, StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

T = TypeVar("T")
C = TypeVar("C", bound=type)


def reference_schema(name: str, title: str | None = None) -> Callable[[C], C]:
    """Give a model or enum the component name `name` and the title `title` (by default `name`)
    in the OpenAPI document.

    Pydantic names a component after the class's `__qualname__` (a `title` alone does not change
    it), and it reads the name when it builds the schema: a model is rebuilt after the rename,
    an enum's schema is built by the models that use it, which come later in this module.
    The class is also reachable under `name` in its module, where pickle looks it up.
    The reference names some components apart from their title (`PartnerType-Input`, titled
    "PartnerType"): its generator split one name in two."""

    def rename(cls: C) -> C:
        module = sys.modules[cls.__module__]
        if getattr(module, name, cls) is not cls:
            raise TypeError(f"{module.__name__}.{name} is another class")
        setattr(module, name, cls)
        cls.__qualname__ = name
        if issubclass(cls, BaseModel):
            cls.model_config["title"] = title or name
            cls.model_rebuild(force=True)
        elif issubclass(cls, Enum):
            _ENUM_TITLES[cls] = title or name
            cls.__get_pydantic_json_schema__ = classmethod(_enum_title)  # type: ignore[attr-defined]
        return cls

    return rename


_ENUM_TITLES: dict[type, str] = {}


def _enum_title(cls: type[Enum], schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
    json_schema = handler.resolve_ref_schema(handler(schema))
    json_schema["title"] = _ENUM_TITLES.get(cls, cls.__qualname__)
    return json_schema


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


# Named as the reference names its pages: `ChiftPage_POSOrderItem_` in the OpenAPI document.
Page.__name__ = Page.__qualname__ = "ChiftPage"


class UnifiedModel(BaseModel):
    # Unknown input fields are ignored, as the reference API does, so that newer clients work.
    model_config = ConfigDict(extra="ignore")


@reference_schema("AddressItem")
class Address(UnifiedModel):
    address_type: str | None = None
    name: str | None = None
    street: str | None = None
    number: str | None = None
    box: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None


@reference_schema("Ref")
class SourceRef(UnifiedModel):
    """The provider's own id of an object and the provider's name for its kind. One class for
    every vertical that carries `source_ref` (PMS, eCommerce, ...): the reference document has one
    `Ref` component."""

    id: str | None = None
    model: str | None = None


@reference_schema("ChiftId")
class LinkedId(UnifiedModel):
    """A reference to another object: its id and its provider reference (`ChiftId`)."""

    id: str
    source_ref: SourceRef


# Components the reference shares between the Accounting and Invoicing verticals (and, for
# `PaymentPaymentStatus`, the Payment one): one class each, here, so that each name is one
# component in the OpenAPI document.


@reference_schema("PaymentStatus")
class PaymentStatus(StrEnum):
    """The `payment_status` filter of invoice lists."""

    all = "all"
    unpaid = "unpaid"
    paid = "paid"


@reference_schema("VatCodeType")
class VatCodeType(StrEnum):
    sale = "sale"
    purchase = "purchase"
    both = "both"
    unknown = "unknown"


@reference_schema("VatCodeScope")
class VatCodeScope(StrEnum):
    """Where a VAT code applies: national, within the EU, international."""

    nat = "nat"
    eu = "eu"
    int = "int"
    unknown = "unknown"


@reference_schema("PaymentPaymentStatus")
class PaymentPaymentStatus(StrEnum):
    pending = "pending"
    completed = "completed"
    partially_completed = "partially_completed"
    canceled = "canceled"
    failed = "failed"
    unknown = "unknown"
    authorized = "authorized"


@reference_schema("WithholdingTax")
class WithholdingTax(UnifiedModel):
    """A withholding tax on an invoice (Spanish invoices)."""

    tax_rate: float
    tax_code: str
    tax_amount: float
