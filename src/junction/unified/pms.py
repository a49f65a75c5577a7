"""The Property Management System vertical's unified models, field by field from the reference
schemas (`PMS...Item`). Every PMS object carries `source_ref`: the provider's own id and the
provider model it came from, so a client can find the native record again.

The shapes the reference shares with the POS vertical (taxes per rate, discounts, line types,
payment statuses, closure details) are the POS classes themselves: one component each in the
OpenAPI document, named as the reference names it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from junction.unified.common import Address, LinkedId, SourceRef, UnifiedModel, reference_schema
from junction.unified.pos import (
    ClosureDetail,
    ClosureOperation,
    ClosurePayment,
    ClosureState,
    Discount,
    DiscountType,
    OrderLineType,
    OrderMode,
    OrderSource,
    PaymentStatus,
    TaxTotal,
)

__all__ = [
    "AccountingCategory",
    "AccountingTransaction",
    "AccountingTransactionOrigin",
    "AccountingTransactionOriginType",
    "AccountingTransactionQuery",
    "AccountingTransactionStatus",
    "AccountingTransactionType",
    "Closure",
    "ClosureDetail",
    "ClosureOperation",
    "ClosurePayment",
    "ClosureQuery",
    "ClosureState",
    "Customer",
    "CustomerQuery",
    "Discount",
    "DiscountType",
    "Invoice",
    "InvoiceQuery",
    "InvoiceSummary",
    "LinkedId",
    "Location",
    "LocationQuery",
    "Order",
    "OrderLine",
    "OrderLineType",
    "OrderMode",
    "OrderQuery",
    "OrderSource",
    "OrderState",
    "Partner",
    "PartnerType",
    "Payment",
    "PaymentMethod",
    "PaymentQuery",
    "PaymentStatus",
    "Reservation",
    "SourceRef",
    "TaxRate",
    "TaxTotal",
]


@reference_schema("PMSStates")
class OrderState(StrEnum):
    """The `state` filter of the order list: items consumed (the stay or the dinner happened) or
    closed (billed) in the period."""

    consumed = "consumed"
    closed = "closed"


# The reference names this component "PartnerType-Output" (its generator split input and output
# schemas) with the title "PartnerType"; one schema serves both here.
@reference_schema("PartnerType")
class PartnerType(StrEnum):
    owner = "owner"
    account = "account"


@reference_schema("PMSAccountingTransactionType")
class AccountingTransactionType(StrEnum):
    payment = "payment"
    room = "room"
    addon = "addon"
    invoice = "invoice"
    pos = "pos"
    fee = "fee"
    tax = "tax"
    reservation = "reservation"
    other = "other"


@reference_schema("PMSAccountingTransactionStatus")
class AccountingTransactionStatus(StrEnum):
    draft = "draft"
    posted = "posted"


@reference_schema("PMSAccountingTransactionOriginType")
class AccountingTransactionOriginType(StrEnum):
    payment = "payment"
    invoice = "invoice"
    order = "order"


@reference_schema("PMSCustomerItem")
class Customer(UnifiedModel):
    id: str
    source_ref: SourceRef
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    phone: str | None = None
    email: str | None = None
    account_number: str | None = None
    created_on: dt.datetime | None = None
    addresses: list[Address] | None = None
    is_company: bool | None = False


class CustomerQuery(UnifiedModel):
    search: str | None = None
    email: str | None = None
    phone: str | None = None


@reference_schema("PMSOrderLineItem")
class OrderLine(UnifiedModel):
    """One line of an order or an invoice: `unit_price` is without tax, `total` with tax."""

    id: str
    source_ref: SourceRef
    type: OrderLineType | None = None
    menu_id: str | None = None
    quantity: float
    unit_price: float
    total: float
    tax_amount: float
    tax_rate: float | None = None
    tax_id: str | None = None
    description: str | None = None
    discounts: list[Discount] | None = []
    product_id: str | None = None
    accounting_category_id: str | None = None


@reference_schema("ReservationItem")
class Reservation(UnifiedModel):
    id: str
    source_ref: SourceRef
    start_date: dt.datetime | None = None
    end_date: dt.datetime | None = None
    creation_date: dt.datetime | None = None
    resource_id: LinkedId | None = None
    resource_name: str | None = None
    resource_identifier: str | None = None


@reference_schema("InvoicePartnerItem")
class Partner(UnifiedModel):
    """Who an invoice is for (`owner`) or charged to (`account`)."""

    id: str
    source_ref: SourceRef
    type: PartnerType
    address: Address | None = None
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None


@reference_schema("InvoiceItem")
class InvoiceSummary(UnifiedModel):
    """An invoice as an order lists it."""

    id: str
    source_ref: SourceRef
    invoice_number: str | None
    creation_date: dt.datetime | None = None
    closing_date: dt.datetime | None = None
    partners: list[Partner] | None = None


@reference_schema("PMSOrderItem")
class Order(UnifiedModel):
    """An order: what one service sold one guest (a stay, a dinner). `total` includes tax."""

    id: str
    source_ref: SourceRef
    order_number: str | None = None
    creation_date: dt.datetime
    closing_date: dt.datetime | None = None
    service_date: dt.datetime | None = None
    device_id: str | None = None
    total: float
    tax_amount: float
    total_discount: float | None = 0
    total_refund: float | None = 0
    total_tip: float | None = 0
    delivery_fee: float | None = 0
    mode: OrderMode | None = OrderMode.UNKNOWN
    source: OrderSource | None = OrderSource.UNKNOWN
    currency: str | None = None
    country: str | None = None
    loyalty: int | None = None
    customer_id: str | None = None
    location_id: str | None = None
    taxes: list[TaxTotal] | None = []
    guests: int | None = None
    items: list[OrderLine]
    service_id: str | None = None
    reservation: Reservation | None = None
    bills: list[InvoiceSummary] | None = None


class OrderQuery(UnifiedModel):
    date_from: dt.date
    date_to: dt.date
    location_id: str | None = None
    state: OrderState = OrderState.consumed


@reference_schema("PMSPaymentItem")
class Payment(UnifiedModel):
    id: str | None = None
    source_ref: SourceRef
    payment_method_id: str | None = None
    payment_method_name: str | None = None
    total: float
    tip: float | None = 0
    status: PaymentStatus | None = PaymentStatus.Unknown
    currency: str | None = None
    date: dt.datetime | None = None
    invoice_ref: str | None = None
    partner_id: LinkedId | None = None
    description: str | None = None


class PaymentQuery(UnifiedModel):
    date_from: dt.date
    date_to: dt.date


@reference_schema("PMSInvoiceFullItem")
class Invoice(UnifiedModel):
    id: str
    source_ref: SourceRef
    invoice_number: str | None
    creation_date: dt.datetime | None = None
    closing_date: dt.datetime | None = None
    partners: list[Partner] | None = None
    items: list[OrderLine]
    payments: list[Payment]
    service_id: str | None = None
    reservation: Reservation | None = None
    tax_amount: float
    untaxed_amount: float
    total: float


class InvoiceQuery(UnifiedModel):
    date_from: dt.date
    date_to: dt.date
    location_id: str | None = None


@reference_schema("PMSLocationItem")
class Location(UnifiedModel):
    id: str
    name: str
    timezone: str | None = None
    address: Address | None = None


class LocationQuery(UnifiedModel):
    location_id: str | None = None


@reference_schema("PMSPaymentMethods")
class PaymentMethod(UnifiedModel):
    id: str
    source_ref: SourceRef
    name: str
    extra: str | None = None
    ledger_account_code: str | None = None


@reference_schema("PMSAccountingCategoryItem")
class AccountingCategory(UnifiedModel):
    id: str
    source_ref: SourceRef
    name: str
    code: str | None = None
    ledger_account_code: str | None = None
    posting_account_code: str | None = None


@reference_schema("PMSClosureItem")
class Closure(UnifiedModel):
    date: dt.date
    status: ClosureState
    closures: list[ClosureDetail] | None = []


class ClosureQuery(UnifiedModel):
    date: dt.date
    location_id: str | None = None


@reference_schema("PMSTaxRateItem")
class TaxRate(UnifiedModel):
    id: str
    source_ref: SourceRef
    label: str | None = None
    rate: float | None = None
    is_city_tax: bool | None = None


@reference_schema("PMSAccountingTransactionOrigin")
class AccountingTransactionOrigin(UnifiedModel):
    id: str
    type: AccountingTransactionOriginType


@reference_schema("PMSAccountingTransactionItem")
class AccountingTransaction(UnifiedModel):
    """One line of the accounting journal: a revenue line, its tax line, or a payment."""

    id: str
    source_ref: SourceRef
    group_id: str
    date: dt.datetime
    amount: float
    is_tax_line: bool
    sub_group_id: str | None = None
    tax_code: str | None = None
    description: str | None = ""
    currency_exchange_rate: float | None = 1
    currency: str
    transaction_type: AccountingTransactionType
    accounting_category_id: str | None = None
    ledger_account_code: str | None = None
    status: AccountingTransactionStatus
    origin: AccountingTransactionOrigin | None
    partner_id: LinkedId | None = None
    reference: str | None = None
    location_id: str | None = None


class AccountingTransactionQuery(UnifiedModel):
    date_from: dt.date
    date_to: dt.date
    location_id: str | None = None
