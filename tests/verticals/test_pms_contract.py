"""The PMS vertical keeps the reference contract field by field: the same checks as the POS
contract (tests/verticals/test_pos_contract.py, whose comparison helpers this module reuses)."""

from __future__ import annotations

import datetime as dt
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
from junction.unified import pms, pos
from junction.unified.common import PageRequest, Vertical
from junction.verticals.catalog import OPERATIONS, operations_of
from tests.factories import connect_sample_pos, create_consumer, create_tenant
from tests.verticals import pms_samples as samples
from tests.verticals.pms_samples import FULL_PMS_ID, FullPmsConnector
from tests.verticals.test_pos_contract import (
    METHODS,
    NOT_SHAPE,
    OUR_QUERY_LIMITS,
    REFERENCE,
    answer,
    minimal,
    our_name,
    parameters,
    referenced_names,
    schemas_used,
    shape,
)

PMS_PREFIX = "/consumers/{consumer_id}/pms/"
REFERENCE_OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in REFERENCE["paths"].items()
    if path.startswith(PMS_PREFIX)
    for method in item
    if method in METHODS
)
# The SDK's enum for each enum the PMS module declares (the shared ones are POS's, tested there).
ENUMS: dict[type[Enum], Any] = {
    pms.OrderState: sdk_schemas.PMSStates,
    pms.PartnerType: sdk_schemas.PartnerTypeOutput,
    pms.AccountingTransactionType: sdk_schemas.PMSAccountingTransactionType,
    pms.AccountingTransactionStatus: sdk_schemas.PMSAccountingTransactionStatus,
    pms.AccountingTransactionOriginType: sdk_schemas.PMSAccountingTransactionOriginType,
}


# The reference's generator split this enum into input and output schemas; ours has one, named
# after the title both share.
PMS_RENAMED = {"PartnerType-Output": "PartnerType"}


def pms_name(reference_name: str) -> str:
    return PMS_RENAMED.get(reference_name, our_name(reference_name))


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def test_the_catalog_lists_exactly_the_reference_pms_operations() -> None:
    ours = sorted((op.method, PMS_PREFIX + op.path.lstrip("/")) for op in operations_of(Vertical.pms))
    ids = {
        (op.method, PMS_PREFIX + op.path.lstrip("/")): op.operation_id for op in operations_of(Vertical.pms)
    }

    assert ours == REFERENCE_OPERATIONS
    for method, path in REFERENCE_OPERATIONS:
        assert ids[(method, path)] == REFERENCE["paths"][path][method.lower()]["operationId"]
    assert not any(op.writes for op in operations_of(Vertical.pms))


@pytest.mark.parametrize(
    ("method", "path"), REFERENCE_OPERATIONS, ids=[f"{m} {p}" for m, p in REFERENCE_OPERATIONS]
)
def test_operation_matches_the_reference(method: str, path: str, document: dict[str, Any]) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    assert path in document["paths"], f"{method} {path} missing"
    ours = document["paths"][path][method.lower()]

    assert ours["operationId"] == reference["operationId"]
    assert ours["tags"] == ["Property Management System"]
    assert parameters(document, ours, OUR_QUERY_LIMITS) == parameters(REFERENCE, reference)
    assert "requestBody" not in ours
    ours_answer = shape(document, answer(ours))
    ours_answer.get("properties", {}).pop("raw_data", None)
    assert ours_answer == shape(REFERENCE, answer(reference), NOT_SHAPE)


@pytest.mark.parametrize(
    ("method", "path"), REFERENCE_OPERATIONS, ids=[f"{m} {p}" for m, p in REFERENCE_OPERATIONS]
)
def test_schemas_carry_the_reference_names(method: str, path: str, document: dict[str, Any]) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    ours = document["paths"][path][method.lower()]
    reference_names = referenced_names(REFERENCE, schemas_used(REFERENCE, reference))

    assert referenced_names(document, schemas_used(document, ours)) == {pms_name(n) for n in reference_names}
    for name in reference_names:
        ours_title = document["components"]["schemas"][pms_name(name)]["title"]
        assert ours_title == REFERENCE["components"]["schemas"][name]["title"]


SDK_MODELS: list[tuple[BaseModel, Any]] = [
    (samples.CUSTOMER, sdk.PMSCustomer),
    (samples.ORDER, sdk.PMSOrder),
    (samples.INVOICE, sdk.PMSInvoiceFull),
    (samples.PAYMENT, sdk.PMSPayment),
    (samples.PAYMENT_METHOD, sdk.PMSPaymentMethods),
    (samples.LOCATION, sdk.PMSLocation),
    (samples.ACCOUNTING_CATEGORY, sdk.PMSAccountingCategory),
    (samples.CLOSURE, sdk.PMSClosure),
    (samples.TAX_RATE, sdk.PMSTax),
    (samples.TRANSACTION, sdk.PMSTransaction),
]


def enum_variants() -> Iterator[tuple[str, BaseModel, Any]]:
    for partner_type in pms.PartnerType:
        partners = [samples.PARTNER.model_copy(update={"type": partner_type})]
        yield (
            f"partner={partner_type}",
            samples.INVOICE.model_copy(update={"partners": partners}),
            sdk.PMSInvoiceFull,
        )
    for kind in pms.AccountingTransactionType:
        yield (
            f"type={kind}",
            samples.TRANSACTION.model_copy(update={"transaction_type": kind}),
            sdk.PMSTransaction,
        )
    for status in pms.AccountingTransactionStatus:
        yield (
            f"status={status}",
            samples.TRANSACTION.model_copy(update={"status": status}),
            sdk.PMSTransaction,
        )
    for origin in pms.AccountingTransactionOriginType:
        value = pms.AccountingTransactionOrigin(id="x", type=origin)
        yield f"origin={origin}", samples.TRANSACTION.model_copy(update={"origin": value}), sdk.PMSTransaction
    for payment_status in pms.PaymentStatus:
        yield (
            f"payment={payment_status}",
            samples.PAYMENT.model_copy(update={"status": payment_status}),
            sdk.PMSPayment,
        )


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
        for value in vars(pms).values()
        if isinstance(value, type) and issubclass(value, Enum) and value.__module__ == pms.__name__
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
        for value in vars(pms).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == pms.__name__
    }
    assert {m for m in models if not m.__name__.endswith("Query")} <= reached


def _types_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from _types_in(argument)


@pytest.fixture(scope="module")
def full_pms(registry: ConnectorRegistry) -> Iterator[None]:
    registry.register(FullPmsConnector)
    yield
    registry.unregister(FullPmsConnector.manifest.slug)


@pytest.fixture
def calls() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    FullPmsConnector.calls.clear()
    yield FullPmsConnector.calls
    FullPmsConnector.calls.clear()


MARCH = {"date_from": "2025-03-01", "date_to": "2025-03-31"}
FIRST, LAST = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
DEFAULT = PageRequest()
ROUTED: list[tuple[str, str, dict[str, str], tuple[Any, ...], Any]] = [
    (
        "pms.orders.list",
        "/orders",
        {**MARCH, "location_id": "svc-1", "state": "closed", "page": "2", "size": "1"},
        (
            pms.OrderQuery(date_from=FIRST, date_to=LAST, location_id="svc-1", state=pms.OrderState.closed),
            PageRequest(page=2, size=1),
        ),
        sdk.PMSOrder,
    ),
    (
        "pms.orders.list",
        "/orders",
        MARCH,
        (pms.OrderQuery(date_from=FIRST, date_to=LAST), DEFAULT),
        sdk.PMSOrder,
    ),
    (
        "pms.invoices.list",
        "/invoices",
        {**MARCH, "location_id": "svc-1"},
        (pms.InvoiceQuery(date_from=FIRST, date_to=LAST, location_id="svc-1"), DEFAULT),
        sdk.PMSInvoiceFull,
    ),
    (
        "pms.customers.list",
        "/customers",
        {"search": "doe", "email": "j@example.com", "phone": "+33"},
        (pms.CustomerQuery(search="doe", email="j@example.com", phone="+33"), DEFAULT),
        sdk.PMSCustomer,
    ),
    ("pms.customers.get", "/customers/cus-9", {}, ("cus-9",), sdk.PMSCustomer),
    ("pms.locations.list", "/locations", {}, (DEFAULT,), sdk.PMSLocation),
    (
        "pms.payments.list",
        "/payments",
        MARCH,
        (pms.PaymentQuery(date_from=FIRST, date_to=LAST), DEFAULT),
        sdk.PMSPayment,
    ),
    (
        "pms.payment_methods.list",
        "/payment-methods",
        {"location_id": "ent-1"},
        (pms.LocationQuery(location_id="ent-1"), DEFAULT),
        sdk.PMSPaymentMethods,
    ),
    ("pms.accounting_categories.list", "/accounting-categories", {}, (DEFAULT,), sdk.PMSAccountingCategory),
    (
        "pms.closures.get",
        "/closures/2025-03-14",
        {"location_id": "ent-1"},
        (pms.ClosureQuery(date=samples.DAY, location_id="ent-1"),),
        sdk.PMSClosure,
    ),
    ("pms.taxes.list", "/taxes", {}, (DEFAULT,), sdk.PMSTax),
    (
        "pms.accounting_transactions.list",
        "/accounting-transactions",
        MARCH,
        (pms.AccountingTransactionQuery(date_from=FIRST, date_to=LAST), DEFAULT),
        sdk.PMSTransaction,
    ),
]


def test_every_pms_operation_is_routed_below() -> None:
    assert {case[0] for case in ROUTED} == {op.key for op in operations_of(Vertical.pms)}


async def connected(client: httpx.AsyncClient, runtime: Runtime) -> Any:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    await connect_sample_pos(client, tenant, consumer["consumerid"], integration_id=FULL_PMS_ID)
    return tenant.headers, f"/consumers/{consumer['consumerid']}/pms"


@pytest.mark.usefixtures("full_pms")
@pytest.mark.parametrize(
    ("key", "path", "query", "arguments", "sdk_model"), ROUTED, ids=[f"{c[1]} {sorted(c[2])}" for c in ROUTED]
)
async def test_route_calls_the_connector_with_typed_arguments(
    client: httpx.AsyncClient,
    runtime: Runtime,
    calls: list[tuple[str, tuple[Any, ...]]],
    key: str,
    path: str,
    query: dict[str, str],
    arguments: tuple[Any, ...],
    sdk_model: Any,
) -> None:
    headers, base = await connected(client, runtime)

    response = await client.get(base + path, params=query, headers=headers)

    assert response.status_code == 200, response.text
    assert calls == [(key, arguments)]
    answered = response.json()
    page = next((a for a in arguments if isinstance(a, PageRequest)), None)
    if page is None:
        sdk_model.model_validate(answered)
    else:
        assert (answered["page"], answered["size"]) == (page.page, page.size)
        for item in answered["items"]:
            sdk_model.model_validate(item)


@pytest.mark.usefixtures("full_pms")
async def test_values_outside_the_contract_are_refused(
    client: httpx.AsyncClient, runtime: Runtime, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    headers, base = await connected(client, runtime)
    refused: list[tuple[str, dict[str, str]]] = [
        ("/orders", {}),
        ("/orders", {**MARCH, "state": "open"}),
        ("/invoices", {"date_from": "2025-03-01"}),
        ("/payments", {"date_to": "2025-03-01"}),
        ("/accounting-transactions", {}),
        ("/closures/yesterday", {}),
        ("/taxes", {"size": "101"}),
    ]

    for path, query in refused:
        response = await client.get(base + path, params=query, headers=headers)
        assert response.status_code == 422, (path, query)
        assert response.json()["status"] == "error"
    assert calls == []


def test_pms_shares_the_pos_shapes_by_identity() -> None:
    """One component per reference name: the shapes both verticals use are the POS classes."""
    assert pms.TaxTotal is pos.TaxTotal
    assert pms.ClosureDetail is pos.ClosureDetail
    assert OPERATIONS["pms.closures.get"].vertical == Vertical.pms
