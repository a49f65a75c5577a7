"""The Invoicing vertical's `CONTRACT`, checked with every other vertical's by
tests/verticals/test_vertical_contracts.py, then what only Invoicing shows: a payment update
carries only the fields sent, and a created payment answers 201 once per idempotency key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from chift.openapi import models as sdk
from chift.openapi import openapi as sdk_schemas
from pydantic import BaseModel

from junction.runtime import Runtime
from junction.unified import common, invoicing
from junction.unified.common import PageRequest, PaymentStatus
from tests.verticals import invoicing_samples as samples
from tests.verticals.invoicing_samples import FullInvoicingConnector
from tests.verticals.reference import (
    AT,
    DEFAULT,
    FIRST,
    LAST,
    MARCH,
    MOMENT,
    Calls,
    Contract,
    Route,
    connected,
    get,
)

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


ROUTED: list[Route] = [
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
                updated_after=AT,
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


SENT_INVOICE = samples.INVOICE_CREATE.model_dump(mode="json")
SENT_CONTACT = samples.CONTACT_CREATE.model_dump(mode="json")
CONTRACT = Contract(
    unified=invoicing,
    connector=FullInvoicingConnector,
    calls=FullInvoicingConnector.calls,
    enums={
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
    },
    # The enums Invoicing shares with Accounting (and Payment), declared in `common`.
    shared_enums={
        common.PaymentStatus: sdk_schemas.PaymentStatus,
        common.VatCodeType: sdk_schemas.VatCodeType,
        common.VatCodeScope: sdk_schemas.VatCodeScope,
        common.PaymentPaymentStatus: sdk_schemas.PaymentPaymentStatus,
    },
    sdk_models=SDK_MODELS,
    enum_variants=list(enum_variants()),
    routed=ROUTED,
    refused=[
        get("/contacts", {"contact_type": "everyone"}),
        get("/invoices", {"invoice_type": "credit_note"}),
        get("/invoices", {"payment_status": "partial"}),
        get("/invoices", {"date_from": "2025-02-30"}),
        get("/invoices", {"updated_after": "yesterday"}),
        get("/invoices", {"include_invoice_lines": "yes"}),
        get("/invoices/42", {"include_pdf": "1"}),
        get("/payments", {"date_to": "soon"}),
        get("/bank-transactions"),
        get("/bank-transactions", {"bank_account_id": "b-1", "status": "pending"}),
        get("/taxes", {"size": "101"}),
        get("/opportunities", {"page": "0"}),
        # "all" filters lists; an invoice is created with one type.
        ("POST", "/invoices", {}, {**SENT_INVOICE, "invoice_type": "all"}),
        ("POST", "/invoices", {}, {**SENT_INVOICE, "invoice_date": "2025-13-01"}),
        (
            "POST",
            "/contacts",
            {},
            {**SENT_CONTACT, "addresses": [{**SENT_CONTACT["addresses"][0], "country": ""}]},
        ),
        ("POST", "/contacts", {}, {**SENT_CONTACT, "gender": "M"}),
        ("POST", "/products", {}, {"unit_price": 10}),
        ("POST", "/upload-document", {}, {"base64_string": "JVBE", "document_type": "invoice"}),
        ("POST", "/payments", {}, {"amount": 10, "date": "2025-03-01", "currency": "EUR"}),
        ("PATCH", "/payments/p-9", {}, {"amount": "ten"}),
    ],
    writes=frozenset(
        {
            "invoicing.contacts.create",
            "invoicing.products.create",
            "invoicing.invoices.create",
            "invoicing.documents.upload",
            "invoicing.payments.create",
            "invoicing.payments.update",
        }
    ),
    # The reference's generator split this model into input and output schemas, identical and both
    # titled "ItalianSpecificities"; ours has one, named after that title.
    renamed={
        "ItalianSpecificities-Input": "ItalianSpecificities",
        "ItalianSpecificities-Output": "ItalianSpecificities",
    },
    # Declared in `common`, shared with Accounting.
    also_reached=(common.WithholdingTax,),
)


@pytest.fixture
def contract() -> Contract:
    return CONTRACT


@pytest.mark.usefixtures("full_connectors")
async def test_a_payment_update_carries_only_the_fields_sent(
    client: httpx.AsyncClient, runtime: Runtime, contract: Contract, calls: Calls
) -> None:
    headers, base, _ = await connected(client, runtime, contract)

    response = await client.patch(f"{base}/payments/p-9", json={"amount": 12.5}, headers=headers)

    assert response.json()["amount"] == 12.5
    [(_, (_, update))] = calls
    assert update.model_fields_set == {"amount"}


@pytest.mark.usefixtures("full_connectors")
async def test_a_created_payment_answers_201_once_per_idempotency_key(
    client: httpx.AsyncClient, runtime: Runtime, contract: Contract, calls: Calls
) -> None:
    headers, base, connection_id = await connected(client, runtime, contract)
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
