"""The Invoicing vertical keeps the reference contract field by field, as the POS one does
(tests/verticals/test_pos_contract.py, whose comparison helpers this module reuses): every
operation with its id, parameters, body and success answer compared recursively with the
reference document, and every unified model round-tripped through the official SDK's models."""

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
from junction.unified import common, invoicing
from junction.unified.common import PageRequest, PaymentStatus, Vertical
from junction.verticals.catalog import OPERATIONS, operations_of
from tests.factories import connect_sample_pos, create_consumer, create_tenant
from tests.verticals import invoicing_samples as samples
from tests.verticals.invoicing_samples import FULL_INVOICING_ID, FullInvoicingConnector
from tests.verticals.test_pos_contract import (
    METHODS,
    OUR_QUERY_LIMITS,
    REFERENCE,
    _types_in,
    body,
    minimal,
    our_name,
    parameters,
    referenced_names,
    shape,
)

PREFIX = "/consumers/{consumer_id}/invoicing/"
REFERENCE_OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in REFERENCE["paths"].items()
    if path.startswith(PREFIX)
    for method in item
    if method in METHODS
)
# The SDK's enum for each enum the Invoicing module declares.
ENUMS: dict[type[Enum], Any] = {
    invoicing.ContactType: sdk_schemas.ContactType,
    invoicing.ContactGender: sdk_schemas.ContactGender,
    invoicing.AddressType: sdk_schemas.AddressTypeInvoicing,
    invoicing.InvoiceType: sdk_schemas.InvoicingInvoiceType,
    invoicing.CreateInvoiceType: sdk_schemas.InvoicingCreateInvoiceType,
    invoicing.InvoiceStatus: sdk_schemas.InvoiceStatus,
    invoicing.WithholdingTaxReason: sdk_schemas.WithholdingTaxReason,
    invoicing.WithholdingTaxPaymentReason: sdk_schemas.WithholdingTaxPaymentReason,
    invoicing.WelfareFundType: sdk_schemas.WelfareFundType,
    invoicing.PaymentReportingMethod: sdk_schemas.PaymentReportingMethod,
    invoicing.PaymentReportingConditions: sdk_schemas.PaymentReportingConditions,
    invoicing.DocumentType: sdk_schemas.InvoicingDocumentType,
    invoicing.OpportunityStatus: sdk_schemas.OpportunityStatus,
    invoicing.BankTransactionStatus: sdk_schemas.BankTransactionStatus,
    invoicing.LinkedDocumentType: sdk_schemas.LinkedDocumentType,
}
# The enums Invoicing shares with Accounting (and Payment), declared in `common`.
SHARED_ENUMS: dict[type[Enum], Any] = {
    common.PaymentStatus: sdk_schemas.PaymentStatus,
    common.VatCodeType: sdk_schemas.VatCodeType,
    common.VatCodeScope: sdk_schemas.VatCodeScope,
    common.PaymentPaymentStatus: sdk_schemas.PaymentPaymentStatus,
}
# The reference's generator split this model into input and output schemas, identical and both
# titled "ItalianSpecificities"; ours has one, named after that title.
INVOICING_RENAMED = {
    "ItalianSpecificities-Input": "ItalianSpecificities",
    "ItalianSpecificities-Output": "ItalianSpecificities",
}


def invoicing_name(reference_name: str) -> str:
    return INVOICING_RENAMED.get(reference_name, our_name(reference_name))


def success(op: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The documented success status (200, or 201 for two writes) and its answer's schema."""
    code = next(code for code in op["responses"] if code.startswith("2"))
    return code, op["responses"][code]["content"]["application/json"]["schema"]


def schemas_used(op: dict[str, Any]) -> list[Any]:
    used = [success(op)[1], op.get("requestBody", {})]
    return used + [p["schema"] for p in op.get("parameters", []) if p["in"] in ("path", "query")]


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def test_the_catalog_lists_exactly_the_reference_invoicing_operations() -> None:
    mine = operations_of(Vertical.invoicing)
    ours = sorted((op.method, PREFIX + op.path.lstrip("/")) for op in mine)
    by_path = {(op.method, PREFIX + op.path.lstrip("/")): op for op in mine}

    assert ours == REFERENCE_OPERATIONS
    for method, path in REFERENCE_OPERATIONS:
        reference = REFERENCE["paths"][path][method.lower()]
        assert by_path[(method, path)].operation_id == reference["operationId"]
        assert by_path[(method, path)].summary == reference["summary"]


@pytest.mark.parametrize(
    ("method", "path"), REFERENCE_OPERATIONS, ids=[f"{m} {p}" for m, p in REFERENCE_OPERATIONS]
)
def test_operation_matches_the_reference(method: str, path: str, document: dict[str, Any]) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    assert path in document["paths"], f"{method} {path} missing"
    ours = document["paths"][path][method.lower()]

    assert ours["operationId"] == reference["operationId"]
    assert ours["tags"] == ["Invoicing"]
    assert parameters(document, ours, OUR_QUERY_LIMITS) == parameters(REFERENCE, reference)
    if "requestBody" in reference:
        assert ours["requestBody"]["required"] == reference["requestBody"]["required"]
        assert shape(document, body(ours)) == shape(REFERENCE, body(reference))
    else:
        assert "requestBody" not in ours
    ours_code, ours_schema = success(ours)
    reference_code, reference_schema = success(reference)
    assert ours_code == reference_code
    ours_answer = shape(document, ours_schema)
    ours_answer.get("properties", {}).pop("raw_data", None)
    assert ours_answer == shape(REFERENCE, reference_schema)


@pytest.mark.parametrize(
    ("method", "path"), REFERENCE_OPERATIONS, ids=[f"{m} {p}" for m, p in REFERENCE_OPERATIONS]
)
def test_schemas_carry_the_reference_names(method: str, path: str, document: dict[str, Any]) -> None:
    reference = REFERENCE["paths"][path][method.lower()]
    ours = document["paths"][path][method.lower()]
    reference_names = referenced_names(REFERENCE, schemas_used(reference))

    assert referenced_names(document, schemas_used(ours)) == {invoicing_name(n) for n in reference_names}
    for name in reference_names:
        ours_title = document["components"]["schemas"][invoicing_name(name)]["title"]
        assert ours_title == REFERENCE["components"]["schemas"][name]["title"]


SDK_MODELS: list[tuple[BaseModel, Any]] = [
    (samples.CONTACT, sdk.Contact),
    (samples.CONTACT_CREATE, sdk_schemas.ContactItemIn),
    (samples.PRODUCT, sdk.Product),
    (samples.PRODUCT_CREATE, sdk_schemas.ProductItem),
    (samples.TAX, sdk.Tax),
    (samples.INVOICE, sdk_schemas.InvoiceItemOut),
    (samples.INVOICE_WITH_PDF, sdk.Invoice),
    (samples.INVOICE_CREATE, sdk_schemas.InvoiceItemIn),
    (samples.DOCUMENT, sdk_schemas.AttachmentItemIn),
    (samples.UPLOADED, sdk_schemas.UploadDocumentItemOut),
    (samples.OPPORTUNITY, sdk.Opportunity),
    (samples.PAYMENT, sdk.InvoicingPayment),
    (samples.PAYMENT_CREATE, sdk_schemas.InvoicingPaymentItemIn),
    (samples.PAYMENT_UPDATE, sdk_schemas.InvoicingPaymentItemUpdate),
    (samples.PAYMENT_METHOD, sdk.InvoicingPaymentMethod),
    (samples.BANK_ACCOUNT, sdk.InvoicingBankAccount),
    (samples.BANK_TRANSACTION, sdk.InvoicingBankTransaction),
]


def _italian(**changes: Any) -> invoicing.Invoice:
    italian = samples.ITALIAN
    for field, value in changes.items():
        nested = getattr(italian, field).model_copy(update=value)
        italian = italian.model_copy(update={field: nested})
    return samples.INVOICE.model_copy(update={"italian_specificities": italian})


def enum_variants() -> Iterator[tuple[str, BaseModel, Any]]:
    invoice = samples.INVOICE
    for gender in invoicing.ContactGender:
        yield f"gender={gender}", samples.CONTACT.model_copy(update={"gender": gender}), sdk.Contact
    for kind in invoicing.AddressType:
        address = samples.ADDRESS.model_copy(update={"address_type": kind})
        yield f"address={kind}", samples.CONTACT.model_copy(update={"addresses": [address]}), sdk.Contact
        created = samples.ADDRESS_IN.model_copy(update={"address_type": kind})
        yield (
            f"address-in={kind}",
            samples.CONTACT_CREATE.model_copy(update={"addresses": [created]}),
            sdk_schemas.ContactItemIn,
        )
    for invoice_type in invoicing.InvoiceType:
        changed = invoice.model_copy(update={"invoice_type": invoice_type})
        yield f"invoice_type={invoice_type}", changed, sdk_schemas.InvoiceItemOut
    for create_type in invoicing.CreateInvoiceType:
        created_invoice = samples.INVOICE_CREATE.model_copy(update={"invoice_type": create_type})
        yield f"create_type={create_type}", created_invoice, sdk_schemas.InvoiceItemIn
    for status in invoicing.InvoiceStatus:
        yield f"status={status}", invoice.model_copy(update={"status": status}), sdk_schemas.InvoiceItemOut
    for reason in invoicing.WithholdingTaxReason:
        yield f"reason={reason}", _italian(withholding_tax={"reason": reason}), sdk_schemas.InvoiceItemOut
    for payment_reason in invoicing.WithholdingTaxPaymentReason:
        changed = _italian(withholding_tax={"payment_reason": payment_reason})
        yield f"payment_reason={payment_reason}", changed, sdk_schemas.InvoiceItemOut
    for fund in invoicing.WelfareFundType:
        yield f"fund={fund}", _italian(welfare_fund={"type": fund}), sdk_schemas.InvoiceItemOut
    for method in invoicing.PaymentReportingMethod:
        yield f"method={method}", _italian(payment_reporting={"method": method}), sdk_schemas.InvoiceItemOut
    for condition in invoicing.PaymentReportingConditions:
        changed = _italian(payment_reporting={"conditions": condition})
        yield f"conditions={condition}", changed, sdk_schemas.InvoiceItemOut
    for document_type in invoicing.DocumentType:
        document = samples.DOCUMENT.model_copy(update={"document_type": document_type})
        yield f"document={document_type}", document, sdk_schemas.AttachmentItemIn
    for opportunity_status in invoicing.OpportunityStatus:
        opportunity = samples.OPPORTUNITY.model_copy(update={"status": opportunity_status})
        yield f"opportunity={opportunity_status}", opportunity, sdk.Opportunity
    for transaction_status in invoicing.BankTransactionStatus:
        transaction = samples.BANK_TRANSACTION.model_copy(update={"status": transaction_status})
        yield f"transaction={transaction_status}", transaction, sdk.InvoicingBankTransaction
    for linked_type in invoicing.LinkedDocumentType:
        linked = [samples.LINKED.model_copy(update={"type": linked_type})]
        transaction = samples.BANK_TRANSACTION.model_copy(update={"linked_documents": linked})
        yield f"linked={linked_type}", transaction, sdk.InvoicingBankTransaction
    for vat_type in common.VatCodeType:
        yield f"vat_type={vat_type}", samples.TAX.model_copy(update={"type": vat_type}), sdk.Tax
    for scope in common.VatCodeScope:
        yield f"scope={scope}", samples.TAX.model_copy(update={"scope": scope}), sdk.Tax
    for payment_status in common.PaymentPaymentStatus:
        payment = samples.PAYMENT.model_copy(update={"status": payment_status})
        yield f"payment={payment_status}", payment, sdk.InvoicingPayment


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
        for value in vars(invoicing).values()
        if isinstance(value, type) and issubclass(value, Enum) and value.__module__ == invoicing.__name__
    }

    assert ours == set(ENUMS)
    for enum, published in {**ENUMS, **SHARED_ENUMS}.items():
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
        for value in vars(invoicing).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == invoicing.__name__
    }
    options = {m for m in models if m.__name__.endswith(("Query", "Options"))}

    assert models - options <= reached
    assert common.WithholdingTax in reached


def test_writes_are_the_creations_the_upload_and_the_payment_update() -> None:
    assert {key for key, op in OPERATIONS.items() if op.writes and op.vertical == Vertical.invoicing} == {
        "invoicing.contacts.create",
        "invoicing.products.create",
        "invoicing.invoices.create",
        "invoicing.documents.upload",
        "invoicing.payments.create",
        "invoicing.payments.update",
    }


@pytest.fixture(scope="module")
def full_invoicing(registry: ConnectorRegistry) -> Iterator[None]:
    registry.register(FullInvoicingConnector)
    yield
    registry.unregister(FullInvoicingConnector.manifest.slug)


@pytest.fixture
def calls() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    FullInvoicingConnector.calls.clear()
    yield FullInvoicingConnector.calls
    FullInvoicingConnector.calls.clear()


async def connected(client: httpx.AsyncClient, runtime: Runtime) -> tuple[dict[str, str], str, str]:
    tenant = await create_tenant(runtime, client)
    consumer = await create_consumer(client, tenant)
    connection_id = await connect_sample_pos(
        client, tenant, consumer["consumerid"], integration_id=FULL_INVOICING_ID
    )
    return tenant.headers, f"/consumers/{consumer['consumerid']}/invoicing", connection_id


DEFAULT = PageRequest()
MOMENT = "2025-03-01T08:00:00Z"
MARCH = {"date_from": "2025-03-01", "date_to": "2025-03-31"}
FIRST, LAST = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
# key, method, path, query, body, the connector's arguments, the SDK model of the answer (of its
# items for a page)
ROUTED: list[tuple[str, str, str, dict[str, str], Any, tuple[Any, ...], Any]] = [
    (
        "invoicing.contacts.list",
        "GET",
        "/contacts",
        {"contact_type": "supplier", "size": "1"},
        None,
        (invoicing.ContactQuery(contact_type=invoicing.ContactType.supplier), PageRequest(size=1)),
        sdk.Contact,
    ),
    (
        "invoicing.contacts.list",
        "GET",
        "/contacts",
        {},
        None,
        (invoicing.ContactQuery(), DEFAULT),
        sdk.Contact,
    ),
    (
        "invoicing.contacts.create",
        "POST",
        "/contacts",
        {},
        samples.CONTACT_CREATE.model_dump(mode="json"),
        (samples.CONTACT_CREATE,),
        sdk.Contact,
    ),
    ("invoicing.contacts.get", "GET", "/contacts/12", {}, None, ("12",), sdk.Contact),
    ("invoicing.products.list", "GET", "/products", {}, None, (DEFAULT,), sdk.Product),
    (
        "invoicing.products.create",
        "POST",
        "/products",
        {},
        samples.PRODUCT_CREATE.model_dump(mode="json"),
        (samples.PRODUCT_CREATE,),
        sdk.Product,
    ),
    ("invoicing.products.get", "GET", "/products/7", {}, None, ("7",), sdk.Product),
    (
        "invoicing.taxes.list",
        "GET",
        "/taxes",
        {"page": "1", "size": "5"},
        None,
        (PageRequest(size=5),),
        sdk.Tax,
    ),
    ("invoicing.taxes.get", "GET", "/taxes/21", {}, None, ("21",), sdk.Tax),
    (
        "invoicing.invoices.list",
        "GET",
        "/invoices",
        {
            **MARCH,
            "invoice_type": "supplier_refund",
            "payment_status": "unpaid",
            "updated_after": MOMENT,
            "include_invoice_lines": "true",
            "include_analytic_accounts": "true",
            "page": "2",
            "size": "1",
        },
        None,
        (
            invoicing.InvoiceQuery(
                date_from=FIRST,
                date_to=LAST,
                invoice_type=invoicing.InvoiceType.supplier_refund,
                payment_status=PaymentStatus.unpaid,
                updated_after=dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC),
                include_invoice_lines=True,
                include_analytic_accounts=True,
            ),
            PageRequest(page=2, size=1),
        ),
        sdk_schemas.InvoiceItemOut,
    ),
    (
        "invoicing.invoices.list",
        "GET",
        "/invoices",
        {},
        None,
        (invoicing.InvoiceQuery(), DEFAULT),
        sdk_schemas.InvoiceItemOut,
    ),
    (
        "invoicing.invoices.create",
        "POST",
        "/invoices",
        {},
        samples.INVOICE_CREATE.model_dump(mode="json"),
        (samples.INVOICE_CREATE,),
        sdk_schemas.InvoiceItemOut,
    ),
    (
        "invoicing.invoices.get",
        "GET",
        "/invoices/42",
        {"include_pdf": "true", "include_analytic_accounts": "true"},
        None,
        ("42", invoicing.InvoiceOptions(include_pdf=True, include_analytic_accounts=True)),
        sdk.Invoice,
    ),
    (
        "invoicing.invoices.get",
        "GET",
        "/invoices/42",
        {},
        None,
        ("42", invoicing.InvoiceOptions()),
        sdk.Invoice,
    ),
    (
        "invoicing.documents.upload",
        "POST",
        "/upload-document",
        {},
        samples.DOCUMENT.model_dump(mode="json"),
        (samples.DOCUMENT,),
        sdk_schemas.UploadDocumentItemOut,
    ),
    ("invoicing.opportunities.list", "GET", "/opportunities", {}, None, (DEFAULT,), sdk.Opportunity),
    ("invoicing.opportunities.get", "GET", "/opportunities/5", {}, None, ("5",), sdk.Opportunity),
    (
        "invoicing.payments.list",
        "GET",
        "/payments",
        MARCH,
        None,
        (invoicing.PaymentQuery(date_from=FIRST, date_to=LAST), DEFAULT),
        sdk.InvoicingPayment,
    ),
    (
        "invoicing.payments.create",
        "POST",
        "/payments",
        {},
        samples.PAYMENT_CREATE.model_dump(mode="json"),
        (samples.PAYMENT_CREATE,),
        sdk.InvoicingPayment,
    ),
    (
        "invoicing.payments.update",
        "PATCH",
        "/payments/p-9",
        {},
        {"description": "Corrected"},
        ("p-9", invoicing.PaymentUpdate(description="Corrected")),
        sdk.InvoicingPayment,
    ),
    (
        "invoicing.payment_methods.list",
        "GET",
        "/payment-methods",
        {},
        None,
        (DEFAULT,),
        sdk.InvoicingPaymentMethod,
    ),
    ("invoicing.bank_accounts.list", "GET", "/bank-accounts", {}, None, (DEFAULT,), sdk.InvoicingBankAccount),
    (
        "invoicing.bank_transactions.list",
        "GET",
        "/bank-transactions",
        {**MARCH, "bank_account_id": "b-1", "status": "draft"},
        None,
        (
            invoicing.BankTransactionQuery(
                bank_account_id="b-1",
                date_from=FIRST,
                date_to=LAST,
                status=invoicing.BankTransactionStatus.draft,
            ),
            DEFAULT,
        ),
        sdk.InvoicingBankTransaction,
    ),
    (
        "invoicing.bank_transactions.list",
        "GET",
        "/bank-transactions",
        {"bank_account_id": "b-2"},
        None,
        (invoicing.BankTransactionQuery(bank_account_id="b-2"), DEFAULT),
        sdk.InvoicingBankTransaction,
    ),
]


def test_every_invoicing_operation_is_routed_below() -> None:
    assert {case[0] for case in ROUTED} == {op.key for op in operations_of(Vertical.invoicing)}


@pytest.mark.usefixtures("full_invoicing")
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
    headers, base, _ = await connected(client, runtime)
    op = OPERATIONS[key]
    documented, _ = success(REFERENCE["paths"][PREFIX + op.path.lstrip("/")][method.lower()])

    response = await client.request(method, base + path, params=query, json=body, headers=headers)

    assert response.status_code == int(documented), response.text
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


@pytest.mark.usefixtures("full_invoicing")
async def test_a_payment_update_carries_only_the_fields_sent(
    client: httpx.AsyncClient, runtime: Runtime, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    headers, base, _ = await connected(client, runtime)

    response = await client.patch(f"{base}/payments/p-9", json={"amount": 12.5}, headers=headers)

    assert response.json()["amount"] == 12.5
    [(_, (_, update))] = calls
    assert update.model_fields_set == {"amount"}


@pytest.mark.usefixtures("full_invoicing")
async def test_a_created_payment_answers_201_once_per_idempotency_key(
    client: httpx.AsyncClient, runtime: Runtime, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    headers, base, connection_id = await connected(client, runtime)
    once = {**headers, "x-chift-client-requestid": "pay-inv-42"}
    payment = samples.PAYMENT_CREATE.model_dump(mode="json")

    first = await client.post(f"{base}/payments", json=payment, headers=once)
    replay = await client.post(f"{base}/payments", json=payment, headers=once)
    consumer_path = base.removesuffix("/invoicing")
    lookup = await client.get(
        f"{consumer_path}/connections/{connection_id}/transactions",
        params={"client_request_id": "pay-inv-42"},
        headers=headers,
    )
    logs = await client.get("/request-logs", params={"status": "201"}, headers=headers)

    assert first.status_code == 201
    assert replay.status_code == 409
    assert replay.json()["error_code"] == "REQUEST_ALREADY_PROCESSED"
    assert len(calls) == 1
    assert lookup.json()["status_code"] == 201
    assert lookup.json()["created_entity_id"] == first.json()["id"]
    assert [log["route"] for log in logs.json()["items"]] == [f"{base}/payments"]


@pytest.mark.usefixtures("full_invoicing")
async def test_values_outside_the_contract_are_refused(
    client: httpx.AsyncClient, runtime: Runtime, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    headers, base, _ = await connected(client, runtime)
    refused: list[tuple[str, dict[str, str]]] = [
        ("/contacts", {"contact_type": "everyone"}),
        ("/invoices", {"invoice_type": "credit_note"}),
        ("/invoices", {"payment_status": "partial"}),
        ("/invoices", {"date_from": "2025-02-30"}),
        ("/invoices", {"updated_after": "yesterday"}),
        ("/invoices", {"include_invoice_lines": "yes"}),
        ("/invoices/42", {"include_pdf": "1"}),
        ("/payments", {"date_to": "soon"}),
        ("/bank-transactions", {}),
        ("/bank-transactions", {"bank_account_id": "b-1", "status": "pending"}),
        ("/taxes", {"size": "101"}),
        ("/opportunities", {"page": "0"}),
    ]

    for path, query in refused:
        response = await client.get(base + path, params=query, headers=headers)
        assert response.status_code == 422, (path, query)
        assert response.json()["status"] == "error"
    invoice = samples.INVOICE_CREATE.model_dump(mode="json")
    contact = samples.CONTACT_CREATE.model_dump(mode="json")
    bodies: list[tuple[str, str, dict[str, Any]]] = [
        # "all" filters lists; an invoice is created with one type.
        ("POST", "/invoices", {**invoice, "invoice_type": "all"}),
        ("POST", "/invoices", {**invoice, "invoice_date": "2025-13-01"}),
        ("POST", "/contacts", {**contact, "addresses": [{**contact["addresses"][0], "country": ""}]}),
        ("POST", "/contacts", {**contact, "gender": "M"}),
        ("POST", "/products", {"unit_price": 10}),
        ("POST", "/upload-document", {"base64_string": "JVBE", "document_type": "invoice"}),
        ("POST", "/payments", {"amount": 10, "date": "2025-03-01", "currency": "EUR"}),
        ("PATCH", "/payments/p-9", {"amount": "ten"}),
    ]
    for method, path, sent in bodies:
        response = await client.request(method, base + path, json=sent, headers=headers)
        assert response.status_code == 422, (method, path, sent)
    assert calls == []
