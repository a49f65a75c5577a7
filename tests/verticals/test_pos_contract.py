"""The POS vertical keeps the reference contract field by field.

- Our OpenAPI document against the reference one shipped in the official SDK: every POS operation
  with its id, parameters (required-ness, types, enums, defaults), request body and 200 answer,
  compared recursively (names of the schemas aside, checked on their own).
- Each unified model, with every field set, with only its required ones, and with every value of
  every enum, goes through the SDK's own pydantic model and back unchanged.
- Each route reaches a connector method with typed arguments, and what it answers validates in
  the SDK's model.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import chift
import httpx
import pytest
from chift.openapi import models as sdk
from chift.openapi import openapi as sdk_schemas
from fastapi import FastAPI
from pydantic import BaseModel

from junction.connectors._framework.registry import ConnectorRegistry
from junction.runtime import Runtime
from junction.unified import pos
from junction.unified.common import PageRequest, Vertical
from junction.verticals.catalog import OPERATIONS, operations_of
from tests.factories import connect_sample_pos, create_consumer, create_tenant
from tests.support.connectors import OTHER_POS_ID
from tests.verticals import pos_samples as samples
from tests.verticals.pos_samples import FULL_POS_ID, FullPosConnector

REFERENCE: dict[str, Any] = json.loads(
    (Path(chift.__file__).parent / "openapi" / "openapi.json").read_text(encoding="utf-8")
)
POS_PREFIX = "/consumers/{consumer_id}/pos/"
METHODS = {"get", "post", "put", "patch", "delete"}
REFERENCE_OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in REFERENCE["paths"].items()
    if path.startswith(POS_PREFIX)
    for method in item
    if method in METHODS
)
# Words that do not change what a client may send or receive.
NOT_SHAPE = frozenset({"title", "description", "examples", "x-chift-support"})
# Junction bounds the length of free-text query strings (search, email, phone); the reference
# leaves them unbounded.
OUR_QUERY_LIMITS = NOT_SHAPE | {"maxLength"}
BOUNDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
# Schemas our document names otherwise: the page wrappers are named by the shared `Page` model
# (`ChiftPage_X_`, as the reference), the address by `Address` as `AddressItem`.
RENAMED: dict[str, str] = {}
PAGE_PREFIX = ("ChiftPage_", "ChiftPage_")
# The SDK's enum for each of ours.
ENUMS: dict[type[Enum], Any] = {
    pos.OrderMode: sdk_schemas.Mode,
    pos.OrderSource: sdk_schemas.Source,
    pos.OrderState: sdk_schemas.States,
    pos.PaymentStatus: sdk_schemas.POSPaymentStatus,
    pos.OrderLineType: sdk_schemas.POSLineItemType,
    pos.DiscountType: sdk_schemas.DiscountType,
    pos.ClosureState: sdk_schemas.ClosureStates,
    pos.ReportCategory: sdk_schemas.ReportCategory,
}


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def resolve(doc: dict[str, Any], ref: str) -> dict[str, Any]:
    return doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]  # type: ignore[no-any-return]


def default(value: Any) -> Any:
    """The reference writes number defaults as strings ("0"); compare them as numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    try:
        return float(value)
    except ValueError:
        return value


def shape(doc: dict[str, Any], schema: dict[str, Any], ignore: frozenset[str] = NOT_SHAPE) -> dict[str, Any]:
    """What a schema accepts, with its references expanded and the words in `ignore` left out."""
    result: dict[str, Any] = {}
    if "$ref" in schema:
        result.update(shape(doc, resolve(doc, schema["$ref"]), ignore))
    for key, value in schema.items():
        if key in ignore or key == "$ref":
            continue
        if key in ("anyOf", "oneOf"):
            result["anyOf"] = sorted(
                (shape(doc, s, ignore) for s in value), key=lambda s: json.dumps(s, sort_keys=True)
            )
        elif key == "allOf" and len(value) == 1:
            result.update(shape(doc, value[0], ignore))
        elif key == "items":
            result["items"] = shape(doc, value, ignore)
        elif key == "properties":
            result["properties"] = {name: shape(doc, s, ignore) for name, s in value.items()}
        elif key in ("required", "enum"):
            result[key] = sorted(value)
        elif key in BOUNDS:
            result[key] = float(value)
        elif key == "default":
            result[key] = default(value)
        else:
            result[key] = value
    return result


def parameters(
    doc: dict[str, Any], op: dict[str, Any], ignore: frozenset[str] = NOT_SHAPE
) -> dict[tuple[str, str], dict[str, Any]]:
    """Path and query parameters; headers are left out (ours adds the routing ones)."""
    return {
        (p["in"], p["name"]): {
            "required": p.get("required", False),
            "schema": shape(doc, p["schema"], ignore),
        }
        for p in op.get("parameters", [])
        if p["in"] in ("path", "query")
    }


def answer(op: dict[str, Any]) -> dict[str, Any]:
    return op["responses"]["200"]["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def body(op: dict[str, Any]) -> dict[str, Any]:
    return op["requestBody"]["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def referenced_names(doc: dict[str, Any], schema: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            names |= {name} | referenced_names(doc, doc["components"]["schemas"][name])
        for value in schema.values():
            names |= referenced_names(doc, value)
    elif isinstance(schema, list):
        for value in schema:
            names |= referenced_names(doc, value)
    return names


def our_name(reference_name: str) -> str:
    if reference_name.startswith(PAGE_PREFIX[0]):
        return PAGE_PREFIX[1] + reference_name.removeprefix(PAGE_PREFIX[0])
    return RENAMED.get(reference_name, reference_name)


def test_the_catalog_lists_exactly_the_reference_pos_operations() -> None:
    ours = sorted((op.method, POS_PREFIX + op.path.lstrip("/")) for op in operations_of(Vertical.pos))
    ids = {
        (op.method, POS_PREFIX + op.path.lstrip("/")): op.operation_id for op in operations_of(Vertical.pos)
    }

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
    assert parameters(document, ours, OUR_QUERY_LIMITS) == parameters(REFERENCE, reference)
    if "requestBody" in reference:
        assert ours["requestBody"]["required"] == reference["requestBody"]["required"]
        assert shape(document, body(ours)) == shape(REFERENCE, body(reference))
    else:
        assert "requestBody" not in ours
    ours_answer = shape(document, answer(ours))
    # Junction's addition: `raw_data` on a page, when the client asks for it with x-chift-raw-data.
    ours_answer.get("properties", {}).pop("raw_data", None)
    assert ours_answer == shape(REFERENCE, answer(reference))


def schemas_used(doc: dict[str, Any], op: dict[str, Any]) -> list[Any]:
    used = [answer(op), op.get("requestBody", {})]
    return used + [p["schema"] for p in op.get("parameters", []) if p["in"] in ("path", "query")]


@pytest.mark.parametrize(
    ("method", "path"), REFERENCE_OPERATIONS, ids=[f"{m} {p}" for m, p in REFERENCE_OPERATIONS]
)
def test_schemas_carry_the_reference_names(method: str, path: str, document: dict[str, Any]) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    ours = document["paths"][path][method.lower()]
    reference_names = referenced_names(REFERENCE, schemas_used(REFERENCE, reference))

    assert referenced_names(document, schemas_used(document, ours)) == {our_name(n) for n in reference_names}
    for name in reference_names:
        if our_name(name) == name:
            assert (
                document["components"]["schemas"][name]["title"]
                == REFERENCE["components"]["schemas"][name]["title"]
            )


def minimal(item: BaseModel) -> BaseModel:
    """The same object with only its required fields: the others take their defaults."""
    fields = type(item).model_fields
    return type(item).model_validate(
        {name: getattr(item, name) for name, field in fields.items() if field.is_required()}
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
    """Background jobs pickle their arguments; the reference names must not get in the way."""
    assert pickle.loads(pickle.dumps(item)) == item  # noqa: S301 (our own bytes)


def test_enums_hold_exactly_the_published_values() -> None:
    ours = {
        value
        for value in vars(pos).values()
        if isinstance(value, type) and issubclass(value, Enum) and value.__module__ == pos.__name__
    }

    assert ours == set(ENUMS)
    for enum, published in ENUMS.items():
        assert [member.value for member in enum] == [member.value for member in published], enum


def test_every_reference_named_model_is_round_tripped() -> None:
    """Every unified response or body model appears, itself or nested, in the round trips above."""
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
        for value in vars(pos).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == pos.__name__
    }
    queries = {m for m in models if m.__name__.endswith("Query")}

    assert models - queries <= reached


def _types_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from _types_in(argument)


@pytest.fixture(scope="module")
def full_pos(registry: ConnectorRegistry) -> Iterator[None]:
    """A connector with every POS operation, in the session's registry for this module only."""
    registry.register(FullPosConnector)
    yield
    registry.unregister(FullPosConnector.manifest.slug)


@pytest.fixture
def calls() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    FullPosConnector.calls.clear()
    yield FullPosConnector.calls
    FullPosConnector.calls.clear()


async def connected(client: httpx.AsyncClient, runtime: Runtime, integration_id: int = FULL_POS_ID) -> Any:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    await connect_sample_pos(client, tenant, consumer["consumerid"], integration_id=integration_id)
    return tenant.headers, f"/consumers/{consumer['consumerid']}/pos"


MARCH = {"date_from": "2025-03-01", "date_to": "2025-03-31"}
FIRST, LAST = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
ONE = PageRequest(page=1, size=1)
DEFAULT = PageRequest()
# key, method, path, query, body, the connector's arguments, the SDK model of the answer (of its
# items for a page)
ROUTED: list[tuple[str, str, str, dict[str, str], Any, tuple[Any, ...], Any]] = [
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


def test_every_pos_operation_is_routed_below() -> None:
    assert {case[0] for case in ROUTED} == {op.key for op in operations_of(Vertical.pos)}


@pytest.mark.usefixtures("full_pos")
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


@pytest.mark.usefixtures("full_pos")
async def test_values_outside_the_contract_are_refused(
    client: httpx.AsyncClient, runtime: Runtime, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    headers, base = await connected(client, runtime)
    refused: list[tuple[str, dict[str, str]]] = [
        ("/orders", {"state": "pending"}),
        ("/orders", {"date_from": "2025-02-30"}),
        ("/product-categories", {"only_parents": "yes"}),
        ("/product-categories", {"only_parents": "1"}),
        ("/payments", {"date_from": "2025-03-01"}),
        ("/sales", {"date_to": "2025-03-01"}),
        ("/objectives", {}),
        ("/report", {}),
        ("/closures/yesterday", {}),
        ("/locations", {"size": "101"}),
    ]

    for path, query in refused:
        response = await client.get(base + path, params=query, headers=headers)
        assert response.status_code == 422, (path, query)
        assert response.json()["status"] == "error"
    assert calls == []


@pytest.mark.usefixtures("full_pos")
async def test_updating_an_order_is_a_write_with_an_idempotency_key(
    client: httpx.AsyncClient, runtime: Runtime, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    headers, base = await connected(client, runtime)
    once = {**headers, "x-chift-client-requestid": "order-7-customer"}

    first = await client.patch(f"{base}/orders/ord-7", json={"customer_id": "c0002"}, headers=once)
    replay = await client.patch(f"{base}/orders/ord-7", json={"customer_id": "c0002"}, headers=once)

    assert first.json()["customer_id"] == "c0002"
    assert replay.status_code == 409
    assert replay.json()["error_code"] == "REQUEST_ALREADY_PROCESSED"
    assert len(calls) == 1


async def test_an_integration_without_the_operation_answers_405(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    headers, base = await connected(client, runtime, integration_id=OTHER_POS_ID)

    response = await client.get(f"{base}/closures/2025-03-14", headers=headers)

    assert response.status_code == 405
    assert response.json()["message"] == "The resource GET - closures is not supported by Other POS"


def test_writes_are_the_patch_and_the_post() -> None:
    assert {key for key, op in OPERATIONS.items() if op.writes and op.vertical == Vertical.pos} == {
        "pos.orders.update",
        "pos.customers.create",
    }
