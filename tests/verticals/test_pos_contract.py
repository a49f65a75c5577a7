"""The POS vertical's `CONTRACT`, checked with every other vertical's by
tests/verticals/test_vertical_contracts.py, then what only POS shows: updating an order is a write
with an idempotency key, and an integration without an operation answers 405."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from chift.openapi import models as sdk
from chift.openapi import openapi as sdk_schemas
from pydantic import BaseModel

from junction.runtime import Runtime
from junction.unified import pos
from junction.unified.common import PageRequest
from tests.support.connectors import OTHER_POS_ID
from tests.verticals import pos_samples as samples
from tests.verticals.pos_samples import FullPosConnector
from tests.verticals.reference import (
    DEFAULT,
    FIRST,
    LAST,
    MARCH,
    Calls,
    Contract,
    Route,
    connected,
    get,
)

SDK_MODELS: list[tuple[BaseModel, Any]] = [
    (samples.CUSTOMER, sdk.Customer),
    (samples.CUSTOMER_CREATE, sdk_schemas.POSCreateCustomerItem),
    (samples.ORDER, sdk.Order),
    (samples.ORDER_UPDATE, sdk_schemas.UpdateOrderItem),
    (samples.SALES, sdk.Sales),
    (samples.PAYMENT, sdk.Payment),
    (samples.PAYMENT_METHOD, sdk.PaymentMethods),
    (samples.LOCATION, sdk.Location),
    (samples.PRODUCT, sdk.POSProduct),
    (samples.PRODUCT_CATEGORY, sdk.POSProductCategory),
    (samples.ACCOUNTING_CATEGORY, sdk.POSAccountingCategory),
    (samples.TAX_RATE, sdk.POSTax),
    (samples.CLOSURE, sdk.Closure),
    (samples.OBJECTIVE, sdk_schemas.ObjectivesItem),
    (samples.MODIFIER, sdk_schemas.ModifiersItem),
    (samples.REPORT, sdk_schemas.ReportItem),
]


def enum_variants() -> Iterator[tuple[str, BaseModel, Any]]:
    order, line, report = samples.ORDER, samples.LINE, samples.REPORT
    for mode in pos.OrderMode:
        yield f"mode={mode}", order.model_copy(update={"mode": mode}), sdk.Order
    for source in pos.OrderSource:
        yield f"source={source}", order.model_copy(update={"source": source}), sdk.Order
    for status in pos.PaymentStatus:
        yield f"status={status}", samples.PAYMENT.model_copy(update={"status": status}), sdk.Payment
    for line_type in pos.OrderLineType:
        lines = [line.model_copy(update={"type": line_type})]
        yield f"line={line_type}", order.model_copy(update={"items": lines}), sdk.Order
    for discount_type in pos.DiscountType:
        discounts = [pos.Discount(name="Staff", total=1.0, type=discount_type)]
        lines = [line.model_copy(update={"discounts": discounts})]
        yield f"discount={discount_type}", order.model_copy(update={"items": lines}), sdk.Order
    for state in pos.ClosureState:
        yield f"closure={state}", samples.CLOSURE.model_copy(update={"status": state}), sdk.Closure
    for number, category in enumerate(pos.ReportCategory):
        orders = [o.model_copy(update={"category": category}) for o in report.orders or []]
        yield f"category={number}", report.model_copy(update={"orders": orders}), sdk_schemas.ReportItem


ONE = PageRequest(page=1, size=1)
ROUTED: list[Route] = [
    (
        "pos.orders.list",
        "GET",
        "/orders",
        {
            **MARCH,
            "location_id": "loc-1",
            "state": "closed",
            "closure_id": "z-0314",
            "page": "2",
            "size": "1",
        },
        None,
        (
            pos.OrderQuery(
                date_from=FIRST,
                date_to=LAST,
                location_id="loc-1",
                state=pos.OrderState.closed,
                closure_id="z-0314",
            ),
            PageRequest(page=2, size=1),
        ),
        sdk.Order,
    ),
    ("pos.orders.list", "GET", "/orders", {}, None, (pos.OrderQuery(), DEFAULT), sdk.Order),
    ("pos.orders.get", "GET", "/orders/ord-7", {}, None, ("ord-7",), sdk.Order),
    (
        "pos.orders.update",
        "PATCH",
        "/orders/ord-7",
        {},
        {"customer_id": "c0002"},
        ("ord-7", pos.OrderUpdate(customer_id="c0002")),
        sdk.Order,
    ),
    (
        "pos.sales.get",
        "GET",
        "/sales",
        {**MARCH, "location_id": "loc-1"},
        None,
        (pos.SalesQuery(date_from=FIRST, date_to=LAST, location_id="loc-1"),),
        sdk.Sales,
    ),
    (
        "pos.payments.list",
        "GET",
        "/payments",
        {**MARCH, "size": "1"},
        None,
        (pos.PaymentQuery(date_from=FIRST, date_to=LAST), ONE),
        sdk.Payment,
    ),
    (
        "pos.payment_methods.list",
        "GET",
        "/payment-methods",
        {"location_id": "loc-1"},
        None,
        (pos.LocationQuery(location_id="loc-1"), DEFAULT),
        sdk.PaymentMethods,
    ),
    (
        "pos.customers.list",
        "GET",
        "/customers",
        {"search": "ada"},
        None,
        (pos.CustomerQuery(search="ada"), DEFAULT),
        sdk.Customer,
    ),
    ("pos.customers.get", "GET", "/customers/c0009", {}, None, ("c0009",), sdk.Customer),
    (
        "pos.customers.create",
        "POST",
        "/customers",
        {},
        samples.CUSTOMER_CREATE.model_dump(mode="json"),
        (samples.CUSTOMER_CREATE,),
        sdk.Customer,
    ),
    (
        "pos.products.list",
        "GET",
        "/products",
        {},
        None,
        (pos.LocationQuery(), DEFAULT),
        sdk.POSProduct,
    ),
    (
        "pos.product_categories.list",
        "GET",
        "/product-categories",
        {"location_id": "loc-1", "only_parents": "true"},
        None,
        (pos.ProductCategoryQuery(location_id="loc-1", only_parents=True), DEFAULT),
        sdk.POSProductCategory,
    ),
    (
        "pos.product_categories.list",
        "GET",
        "/product-categories",
        {"only_parents": "false"},
        None,
        (pos.ProductCategoryQuery(only_parents=False), DEFAULT),
        sdk.POSProductCategory,
    ),
    (
        "pos.accounting_categories.list",
        "GET",
        "/accounting-categories",
        {"location_id": "loc-2"},
        None,
        (pos.LocationQuery(location_id="loc-2"), DEFAULT),
        sdk.POSAccountingCategory,
    ),
    ("pos.tax_rates.list", "GET", "/tax-rates", {}, None, (pos.LocationQuery(), DEFAULT), sdk.POSTax),
    ("pos.locations.list", "GET", "/locations", {"size": "1"}, None, (ONE,), sdk.Location),
    (
        "pos.closures.get",
        "GET",
        "/closures/2025-03-14",
        {"location_id": "loc-1"},
        None,
        (pos.ClosureQuery(date=samples.DAY, location_id="loc-1"),),
        sdk.Closure,
    ),
    (
        "pos.objectives.list",
        "GET",
        "/objectives",
        MARCH,
        None,
        (pos.ObjectiveQuery(date_from=FIRST, date_to=LAST), DEFAULT),
        sdk_schemas.ObjectivesItem,
    ),
    (
        "pos.modifiers.list",
        "GET",
        "/modifiers",
        {"location_id": "loc-1"},
        None,
        (pos.LocationQuery(location_id="loc-1"), DEFAULT),
        sdk_schemas.ModifiersItem,
    ),
    (
        "pos.report.get",
        "GET",
        "/report",
        {"date": "2025-03-14"},
        None,
        (pos.ReportQuery(date=samples.DAY),),
        sdk_schemas.ReportItem,
    ),
]


CONTRACT = Contract(
    unified=pos,
    connector=FullPosConnector,
    calls=FullPosConnector.calls,
    enums={
        pos.OrderMode: sdk_schemas.Mode,
        pos.OrderSource: sdk_schemas.Source,
        pos.OrderState: sdk_schemas.States,
        pos.PaymentStatus: sdk_schemas.POSPaymentStatus,
        pos.OrderLineType: sdk_schemas.POSLineItemType,
        pos.DiscountType: sdk_schemas.DiscountType,
        pos.ClosureState: sdk_schemas.ClosureStates,
        pos.ReportCategory: sdk_schemas.ReportCategory,
    },
    sdk_models=SDK_MODELS,
    enum_variants=list(enum_variants()),
    routed=ROUTED,
    refused=[
        get("/orders", {"state": "pending"}),
        get("/orders", {"date_from": "2025-02-30"}),
        get("/product-categories", {"only_parents": "yes"}),
        get("/product-categories", {"only_parents": "1"}),
        get("/payments", {"date_from": "2025-03-01"}),
        get("/sales", {"date_to": "2025-03-01"}),
        get("/objectives"),
        get("/report"),
        get("/closures/yesterday"),
        get("/locations", {"size": "101"}),
    ],
    writes=frozenset({"pos.orders.update", "pos.customers.create"}),
)


@pytest.fixture
def contract() -> Contract:
    return CONTRACT


@pytest.mark.usefixtures("full_connectors")
async def test_updating_an_order_is_a_write_with_an_idempotency_key(
    client: httpx.AsyncClient, runtime: Runtime, contract: Contract, calls: Calls
) -> None:
    headers, base, _ = await connected(client, runtime, contract)
    once = {**headers, "x-chift-client-requestid": "order-7-customer"}

    first = await client.patch(f"{base}/orders/ord-7", json={"customer_id": "c0002"}, headers=once)
    replay = await client.patch(f"{base}/orders/ord-7", json={"customer_id": "c0002"}, headers=once)

    assert first.json()["customer_id"] == "c0002"
    assert replay.status_code == 409
    assert replay.json()["error_code"] == "REQUEST_ALREADY_PROCESSED"
    assert len(calls) == 1


async def test_an_integration_without_the_operation_answers_405(
    client: httpx.AsyncClient, runtime: Runtime, contract: Contract
) -> None:
    headers, base, _ = await connected(client, runtime, contract, integration_id=OTHER_POS_ID)

    response = await client.get(f"{base}/closures/2025-03-14", headers=headers)

    assert response.status_code == 405
    assert response.json()["message"] == "The resource GET - closures is not supported by Other POS"
