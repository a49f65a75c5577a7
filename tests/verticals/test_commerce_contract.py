"""The eCommerce vertical's `CONTRACT`, checked with every other vertical's by
tests/verticals/test_vertical_contracts.py; its refusals include two bodies (a negative stock, an
order without lines)."""

from __future__ import annotations

import json
from typing import Any

from chift.openapi import models as sdk
from chift.openapi import openapi as sdk_schemas
from pydantic import BaseModel

from junction.unified import commerce
from junction.unified.common import PageRequest
from tests.verticals import commerce_samples as samples
from tests.verticals.commerce_samples import FullCommerceConnector
from tests.verticals.reference import (
    AT,
    DEFAULT,
    FIRST,
    LAST,
    MARCH,
    MOMENT,
    REFERENCE,
    Contract,
    Route,
    get,
)

SDK_MODELS: list[tuple[BaseModel, Any]] = [
    (samples.CUSTOMER, sdk.CommerceCustomer),
    (samples.PRODUCT, sdk.CommerceProduct),
    (samples.VARIANT, sdk.CommerceVariant),
    (samples.INVENTORY, sdk_schemas.InventoryDetailsItem),
    (samples.INVENTORY_UPDATE, sdk_schemas.InventoryDetailsUpdate),
    (samples.LOCATION, sdk.CommerceLocation),
    (samples.ORDER, sdk.CommerceOrder),
    (samples.ORDER_CREATE, sdk_schemas.OrderItemIn),
    (samples.PAYMENT_METHOD, sdk.CommercePaymentMethod),
    (samples.CATEGORY, sdk.CommerceProductCategory),
    (samples.TAX_RATE, sdk.CommerceTax),
    (samples.COUNTRY, sdk.CommerceCountry),
]


def enum_variants() -> list[tuple[str, BaseModel, Any]]:
    cases: list[tuple[str, BaseModel, Any]] = []
    for status in commerce.OrderStatus:
        cases.append(
            (f"order={status}", samples.ORDER.model_copy(update={"status": status}), sdk.CommerceOrder)
        )
    for kind in commerce.AddressType:
        address = samples.ADDRESS.model_copy(update={"address_type": kind})
        cases.append(
            (
                f"address={kind}",
                samples.CUSTOMER.model_copy(update={"addresses": [address]}),
                sdk.CommerceCustomer,
            )
        )
    for product_status in commerce.ProductStatus:
        cases.append(
            (
                f"product={product_status}",
                samples.PRODUCT.model_copy(update={"status": product_status}),
                sdk.CommerceProduct,
            )
        )
    for fulfillment in commerce.FulfillmentType:
        order = samples.ORDER.model_copy(
            update={"fulfillment": commerce.Fulfillment(fulfillment_type=fulfillment)}
        )
        cases.append((f"fulfillment={fulfillment}", order, sdk.CommerceOrder))
    for fee in commerce.FeesType:
        order = samples.ORDER.model_copy(
            update={"other_fees": [samples.SHIPPING.model_copy(update={"type": fee})]}
        )
        cases.append((f"fee={fee}", order, sdk.CommerceOrder))
    for transaction in commerce.TransactionStatus:
        moved = samples.TRANSACTION.model_copy(update={"status": transaction})
        cases.append(
            (
                f"transaction={transaction}",
                samples.ORDER.model_copy(update={"transactions": [moved]}),
                sdk.CommerceOrder,
            )
        )
    return cases


ROUTED: list[Route] = [
    (
        "commerce.customers.list",
        "GET",
        "/customers",
        {"size": "1"},
        None,
        (PageRequest(size=1),),
        sdk.CommerceCustomer,
    ),
    ("commerce.customers.get", "GET", "/customers/9", {}, None, ("9",), sdk.CommerceCustomer),
    (
        "commerce.products.list",
        "GET",
        "/products",
        {"updated_after": MOMENT, "sku": "MJ"},
        None,
        (commerce.ProductQuery(updated_after=AT, sku="MJ"), DEFAULT),
        sdk.CommerceProduct,
    ),
    ("commerce.products.get", "GET", "/products/7", {}, None, ("7",), sdk.CommerceProduct),
    ("commerce.variants.get", "GET", "/variants/7:41", {}, None, ("7:41",), sdk.CommerceVariant),
    (
        "commerce.variants.set_quantity",
        "POST",
        "/variants/set_quantity/7:41",
        {},
        {"location_id": "wh-1", "available_quantity": 5},
        ("7:41", samples.INVENTORY_UPDATE),
        sdk_schemas.InventoryDetailsItem,
    ),
    ("commerce.locations.list", "GET", "/locations", {}, None, (DEFAULT,), sdk.CommerceLocation),
    (
        "commerce.orders.list",
        "GET",
        "/orders",
        {
            **MARCH,
            "updated_after": MOMENT,
            "include_detailed_refunds": "true",
            "include_customer_details": "false",
            "page": "2",
            "size": "1",
        },
        None,
        (
            commerce.OrderQuery(
                date_from=FIRST,
                date_to=LAST,
                updated_after=AT,
                include_detailed_refunds=True,
                include_customer_details=False,
            ),
            PageRequest(page=2, size=1),
        ),
        sdk.CommerceOrder,
    ),
    ("commerce.orders.list", "GET", "/orders", {}, None, (commerce.OrderQuery(), DEFAULT), sdk.CommerceOrder),
    (
        "commerce.orders.get",
        "GET",
        "/orders/501",
        {"include_product_categories": "true"},
        None,
        ("501", commerce.OrderOptions(include_product_categories=True)),
        sdk.CommerceOrder,
    ),
    (
        "commerce.orders.create",
        "POST",
        "/orders",
        {},
        samples.ORDER_CREATE.model_dump(mode="json"),
        (samples.ORDER_CREATE,),
        sdk.CommerceOrder,
    ),
    (
        "commerce.payment_methods.list",
        "GET",
        "/payment-methods",
        {},
        None,
        (DEFAULT,),
        sdk.CommercePaymentMethod,
    ),
    (
        "commerce.product_categories.list",
        "GET",
        "/product-categories",
        {"only_parents": "true"},
        None,
        (commerce.CategoryQuery(only_parents=True), DEFAULT),
        sdk.CommerceProductCategory,
    ),
    ("commerce.taxes.list", "GET", "/taxes", {}, None, (DEFAULT,), sdk.CommerceTax),
    ("commerce.countries.list", "GET", "/countries", {}, None, (DEFAULT,), sdk.CommerceCountry),
]


CONTRACT = Contract(
    unified=commerce,
    connector=FullCommerceConnector,
    calls=FullCommerceConnector.calls,
    enums={
        commerce.AddressType: sdk_schemas.AddressType,
        commerce.ProductStatus: sdk_schemas.ProductStatus,
        commerce.OrderStatus: sdk_schemas.OrderStatus,
        commerce.FulfillmentType: sdk_schemas.EcommerceFulfillmentType,
        commerce.FeesType: sdk_schemas.FeesType,
        commerce.TransactionStatus: sdk_schemas.CommerceTransactionStatus,
    },
    sdk_models=SDK_MODELS,
    enum_variants=enum_variants(),
    routed=ROUTED,
    refused=[
        get("/orders", {"date_from": "2025-02-30"}),
        get("/orders", {"include_customer_details": "yes"}),
        get("/orders", {"updated_after": "yesterday"}),
        get("/product-categories", {"only_parents": "1"}),
        get("/products", {"updated_after": "soon"}),
        get("/countries", {"size": "101"}),
        ("POST", "/variants/set_quantity/7:41", {}, {"location_id": "wh-1", "available_quantity": -1}),
        ("POST", "/orders", {}, {**samples.ORDER_CREATE.model_dump(mode="json"), "lines": []}),
    ],
    writes=frozenset({"commerce.orders.create", "commerce.variants.set_quantity"}),
)


def test_the_reference_document_is_read_as_json() -> None:
    assert (
        json.dumps(REFERENCE["paths"][CONTRACT.prefix + "orders"]["get"]["operationId"])
        == '"ecommerce_get_orders"'
    )
