"""The eCommerce vertical keeps the reference contract field by field, as the POS one does
(tests/verticals/test_pos_contract.py, whose comparison helpers this module reuses): every
operation with its id, parameters, body and 200 answer compared recursively with the reference
document, and every unified model round-tripped through the official SDK's models."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Iterator
from enum import Enum
from typing import Any

import httpx
import pytest
from chift.openapi import models as sdk
from chift.openapi import openapi as sdk_schemas
from fastapi import FastAPI
from pydantic import BaseModel

from junction.connectors._framework.registry import ConnectorRegistry
from junction.runtime import Runtime
from junction.unified import commerce
from junction.unified.common import PageRequest, Vertical
from junction.verticals.catalog import OPERATIONS, operations_of
from tests.factories import connect_sample_pos, create_consumer, create_tenant
from tests.verticals import commerce_samples as samples
from tests.verticals.commerce_samples import FULL_COMMERCE_ID, FullCommerceConnector
from tests.verticals.test_pos_contract import (
    METHODS,
    OUR_QUERY_LIMITS,
    REFERENCE,
    _types_in,
    answer,
    body,
    minimal,
    parameters,
    referenced_names,
    schemas_used,
    shape,
)

PREFIX = "/consumers/{consumer_id}/commerce/"
REFERENCE_OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in REFERENCE["paths"].items()
    if path.startswith(PREFIX)
    for method in item
    if method in METHODS
)
ENUMS: dict[type[Enum], Any] = {
    commerce.AddressType: sdk_schemas.AddressType,
    commerce.ProductStatus: sdk_schemas.ProductStatus,
    commerce.OrderStatus: sdk_schemas.OrderStatus,
    commerce.FulfillmentType: sdk_schemas.EcommerceFulfillmentType,
    commerce.FeesType: sdk_schemas.FeesType,
    commerce.TransactionStatus: sdk_schemas.CommerceTransactionStatus,
}


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def test_the_catalog_lists_exactly_the_reference_commerce_operations() -> None:
    mine = operations_of(Vertical.commerce)
    ours = sorted((op.method, PREFIX + op.path.lstrip("/")) for op in mine)
    ids = {(op.method, PREFIX + op.path.lstrip("/")): op.operation_id for op in mine}

    assert ours == REFERENCE_OPERATIONS
    for method, path in REFERENCE_OPERATIONS:
        assert ids[(method, path)] == REFERENCE["paths"][path][method.lower()]["operationId"]


@pytest.mark.parametrize(
    ("method", "path"), REFERENCE_OPERATIONS, ids=[f"{m} {p}" for m, p in REFERENCE_OPERATIONS]
)
def test_operation_matches_the_reference(method: str, path: str, document: dict[str, Any]) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    assert path in document["paths"], f"{method} {path} missing"
    ours = document["paths"][path][method.lower()]

    assert ours["operationId"] == reference["operationId"]
    assert "eCommerce" in ours["tags"]
    assert parameters(document, ours, OUR_QUERY_LIMITS) == parameters(REFERENCE, reference)
    if "requestBody" in reference:
        assert ours["requestBody"]["required"] == reference["requestBody"]["required"]
        assert shape(document, body(ours)) == shape(REFERENCE, body(reference))
    else:
        assert "requestBody" not in ours
    ours_answer = shape(document, answer(ours))
    ours_answer.get("properties", {}).pop("raw_data", None)
    assert ours_answer == shape(REFERENCE, answer(reference))


@pytest.mark.parametrize(
    ("method", "path"), REFERENCE_OPERATIONS, ids=[f"{m} {p}" for m, p in REFERENCE_OPERATIONS]
)
def test_schemas_carry_the_reference_names(method: str, path: str, document: dict[str, Any]) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    ours = document["paths"][path][method.lower()]
    names = referenced_names(REFERENCE, schemas_used(REFERENCE, reference))

    assert referenced_names(document, schemas_used(document, ours)) == names
    for name in names:
        assert (
            document["components"]["schemas"][name]["title"]
            == REFERENCE["components"]["schemas"][name]["title"]
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


ROUND_TRIPS: list[tuple[str, BaseModel, Any]] = [
    *((type(item).__name__, item, model) for item, model in SDK_MODELS),
    *((f"{type(item).__name__}-required-only", minimal(item), model) for item, model in SDK_MODELS),
    *enum_variants(),
]


@pytest.mark.parametrize(("item", "sdk_model"), [c[1:] for c in ROUND_TRIPS], ids=[c[0] for c in ROUND_TRIPS])
def test_unified_model_round_trips_through_the_sdk_model(item: BaseModel, sdk_model: Any) -> None:
    as_sdk = sdk_model.model_validate(item.model_dump(mode="json"))
    back = type(item).model_validate(as_sdk.model_dump(mode="json"))

    assert back == item
    assert not as_sdk.model_extra, "a field the SDK does not know"


@pytest.mark.parametrize(
    "item", [item for item, _ in SDK_MODELS], ids=[type(i).__name__ for i, _ in SDK_MODELS]
)
def test_unified_models_survive_pickling(item: BaseModel) -> None:
    assert pickle.loads(pickle.dumps(item)) == item  # noqa: S301 (our own bytes)


def test_enums_hold_exactly_the_published_values() -> None:
    ours = {
        value
        for value in vars(commerce).values()
        if isinstance(value, type) and issubclass(value, Enum) and value.__module__ == commerce.__name__
    }

    assert ours == set(ENUMS)
    for enum, published in ENUMS.items():
        assert [member.value for member in enum] == [member.value for member in published], enum


def test_every_reference_named_model_is_round_tripped() -> None:
    reached: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in reached:
            return
        reached.add(model)
        for field in model.model_fields.values():
            for candidate in _types_in(field.annotation):
                walk(candidate)

    for item, _ in SDK_MODELS:
        walk(type(item))
    models = {
        value
        for value in vars(commerce).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == commerce.__name__
    }
    options = {m for m in models if m.__name__.endswith(("Query", "Options"))}

    assert models - options <= reached


def test_writes_are_the_order_and_the_quantity() -> None:
    assert {key for key, op in OPERATIONS.items() if op.writes and op.vertical == Vertical.commerce} == {
        "commerce.orders.create",
        "commerce.variants.set_quantity",
    }


def test_the_reference_document_is_read_as_json() -> None:
    assert json.dumps(REFERENCE["paths"][PREFIX + "orders"]["get"]["operationId"]) == '"ecommerce_get_orders"'


@pytest.fixture(scope="module")
def full_commerce(registry: ConnectorRegistry) -> Iterator[None]:
    registry.register(FullCommerceConnector)
    yield
    registry.unregister(FullCommerceConnector.manifest.slug)


@pytest.fixture
def calls() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    FullCommerceConnector.calls.clear()
    yield FullCommerceConnector.calls
    FullCommerceConnector.calls.clear()


async def connected(client: httpx.AsyncClient, runtime: Runtime) -> tuple[dict[str, str], str]:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    await connect_sample_pos(client, tenant, consumer["consumerid"], integration_id=FULL_COMMERCE_ID)
    return tenant.headers, f"/consumers/{consumer['consumerid']}/commerce"


DEFAULT = PageRequest()
MOMENT = "2025-03-01T08:00:00Z"
# key, method, path, query, body, the connector's arguments, the SDK model of the answer (of its
# items for a page)
ROUTED: list[tuple[str, str, str, dict[str, str], Any, tuple[Any, ...], Any]] = [
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
        (commerce.ProductQuery(updated_after=dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC), sku="MJ"), DEFAULT),
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
            "date_from": "2025-03-01",
            "date_to": "2025-03-31",
            "updated_after": MOMENT,
            "include_detailed_refunds": "true",
            "include_customer_details": "false",
            "page": "2",
            "size": "1",
        },
        None,
        (
            commerce.OrderQuery(
                date_from=dt.date(2025, 3, 1),
                date_to=dt.date(2025, 3, 31),
                updated_after=dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC),
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


def test_every_commerce_operation_is_routed_below() -> None:
    assert {case[0] for case in ROUTED} == {op.key for op in operations_of(Vertical.commerce)}


@pytest.mark.usefixtures("full_commerce")
@pytest.mark.parametrize(
    ("key", "method", "path", "query", "body", "arguments", "sdk_model"),
    ROUTED,
    ids=[f"{case[1]} {case[2]} {sorted(case[3])}" for case in ROUTED],
)
async def test_route_calls_the_connector_with_typed_arguments(
    client: httpx.AsyncClient,
    runtime: Runtime,
    calls: list[tuple[str, tuple[Any, ...]]],
    key: str,
    method: str,
    path: str,
    query: dict[str, str],
    body: Any,
    arguments: tuple[Any, ...],
    sdk_model: Any,
) -> None:
    headers, base = await connected(client, runtime)

    response = await client.request(method, base + path, params=query, json=body, headers=headers)

    assert response.status_code == 200, response.text
    assert calls == [(key, arguments)]
    answered = response.json()
    page = next((a for a in arguments if isinstance(a, PageRequest)), None)
    if page is None:
        sdk_model.model_validate(answered)
    else:
        assert (answered["page"], answered["size"]) == (page.page, page.size)
        assert answered["total"] >= len(answered["items"]) >= 1
        for item in answered["items"]:
            sdk_model.model_validate(item)


@pytest.mark.usefixtures("full_commerce")
async def test_values_outside_the_contract_are_refused(
    client: httpx.AsyncClient, runtime: Runtime, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    headers, base = await connected(client, runtime)
    refused: list[tuple[str, dict[str, str]]] = [
        ("/orders", {"date_from": "2025-02-30"}),
        ("/orders", {"include_customer_details": "yes"}),
        ("/orders", {"updated_after": "yesterday"}),
        ("/product-categories", {"only_parents": "1"}),
        ("/products", {"updated_after": "soon"}),
        ("/countries", {"size": "101"}),
    ]

    for path, query in refused:
        response = await client.get(base + path, params=query, headers=headers)
        assert response.status_code == 422, (path, query)
        assert response.json()["status"] == "error"
    bad_quantity = await client.post(
        f"{base}/variants/set_quantity/7:41",
        json={"location_id": "wh-1", "available_quantity": -1},
        headers=headers,
    )
    no_lines = await client.post(
        f"{base}/orders", json={**samples.ORDER_CREATE.model_dump(mode="json"), "lines": []}, headers=headers
    )
    assert bad_quantity.status_code == no_lines.status_code == 422
    assert calls == []
