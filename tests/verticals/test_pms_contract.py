"""The PMS vertical's `CONTRACT`, checked with every other vertical's by
tests/verticals/test_vertical_contracts.py: read-only, with an enum the reference names twice.
Only PMS reuses another vertical's classes (POS's) for the shapes both publish."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chift.openapi import models as sdk
from chift.openapi import openapi as sdk_schemas
from pydantic import BaseModel

from junction.unified import pms, pos
from junction.unified.common import PageRequest, Vertical
from junction.verticals.catalog import OPERATIONS
from tests.verticals import pms_samples as samples
from tests.verticals.pms_samples import FullPmsConnector
from tests.verticals.reference import DEFAULT, FIRST, LAST, MARCH, Contract, get

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


# Every PMS operation is a read: key, path, query, the connector's arguments, the SDK model of the
# answer (of its items for a page).
READS: list[tuple[str, str, dict[str, str], tuple[Any, ...], Any]] = [
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


CONTRACT = Contract(
    unified=pms,
    connector=FullPmsConnector,
    calls=FullPmsConnector.calls,
    # The SDK's enum for each enum the PMS module declares (the shared ones are POS's).
    enums={
        pms.OrderState: sdk_schemas.PMSStates,
        pms.PartnerType: sdk_schemas.PartnerTypeOutput,
        pms.AccountingTransactionType: sdk_schemas.PMSAccountingTransactionType,
        pms.AccountingTransactionStatus: sdk_schemas.PMSAccountingTransactionStatus,
        pms.AccountingTransactionOriginType: sdk_schemas.PMSAccountingTransactionOriginType,
    },
    sdk_models=SDK_MODELS,
    enum_variants=list(enum_variants()),
    routed=[
        (key, "GET", path, query, None, arguments, model) for key, path, query, arguments, model in READS
    ],
    refused=[
        get("/orders"),
        get("/orders", {**MARCH, "state": "open"}),
        get("/invoices", {"date_from": "2025-03-01"}),
        get("/payments", {"date_to": "2025-03-01"}),
        get("/accounting-transactions"),
        get("/closures/yesterday"),
        get("/taxes", {"size": "101"}),
    ],
    writes=frozenset(),
    # The reference's generator split this enum into input and output schemas; ours has one, named
    # after the title both share.
    renamed={"PartnerType-Output": "PartnerType"},
)


def test_pms_shares_the_pos_shapes_by_identity() -> None:
    """One component per reference name: the shapes both verticals use are the POS classes."""
    assert pms.TaxTotal is pos.TaxTotal
    assert pms.ClosureDetail is pos.ClosureDetail
    assert OPERATIONS["pms.closures.get"].vertical == Vertical.pms
