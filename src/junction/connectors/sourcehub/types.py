"""SourceHub's payloads as its docs show them (docs.sourcehub.in). Unknown fields are ignored and
every field the docs do not promise in every answer is optional."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class SourceHubModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


class State(SourceHubModel):
    id: int | None = None
    code: str | None = None
    name: str | None = None


class City(SourceHubModel):
    id: int | None = None
    name: str | None = None
    code: str | None = None
    state: State | None = None


class Area(SourceHubModel):
    id: int | None = None
    name: str | None = None
    area_code: str | None = None
    city: City | None = None


class PostalCode(SourceHubModel):
    id: int | None = None
    code: str | None = None


class CustomerAddress(SourceHubModel):
    addressline1: str | None = None
    addressline2: str | None = None
    area: Area | None = None
    postalcode: PostalCode | None = None


class SourceHubCustomer(SourceHubModel):
    id: int
    contact_person_name: str | None = None
    company_name: str | None = None
    display_name: str | None = None
    email: str | None = None
    contactperson_number: str | None = None
    company_phone: str | None = None
    gst_treatment: str | None = None
    gstin: str | None = None
    customer_code: str | None = None
    status: str | None = None
    approval: str | None = None
    address: CustomerAddress | None = None


class Named(SourceHubModel):
    id: int
    name: str | None = None


class ProductPricing(SourceHubModel):
    id: int
    name: str | None = None
    quantity: float | None = None
    price: float | None = None


class SourceHubProduct(SourceHubModel):
    id: int
    name: str
    image: str | None = None
    sku: str | None = None
    hsn_code: str | None = None
    description: str | None = None
    price_per_unit: float | None = None
    maximum_retail_price: float | None = None
    weight: float | None = None
    vol: float | None = None
    gst_percent: float | None = None
    measurementtype: Named | None = None
    productcategory: Named | None = None
    productpricings: list[ProductPricing] | None = None
    updated_at: str | None = None


class OrderProduct(SourceHubModel):
    id: int
    sku: str | None = None
    name: str | None = None
    quantity: float
    price: float


class SourceHubOrder(SourceHubModel):
    id: int
    order_no: str | None = None
    item_total_amount: float | None = None
    discount_amount: float | None = None
    return_total_amount: float | None = None
    billable_amount: float | None = None
    date: str | None = None
    products: list[OrderProduct] = []
    customer: SourceHubCustomer | None = None


class Pagination(SourceHubModel):
    total: int | None = None
    per_page: int | None = None
    current_page: int | None = None
    next_page_url: str | None = None


class ListPage(SourceHubModel):
    """`{"data": {<key>: [...], "pagination": {...}}}`: the items stay raw until the caller
    parses them with the right model."""

    items: list[dict[str, Any]]
    pagination: Pagination | None = None
