"""The Point of Sale vertical's unified models, field by field from the reference schemas.

Amounts are floats, as the reference types them (`number`); a connector may hand in `Decimal`
values, pydantic converts them. Enums hold exactly the published values: the official SDK rejects
an answer with any other value, so a connector maps what it cannot classify to the `UNKNOWN`-like
member where there is one.

Each class carries, with `@reference_schema`, the name the reference document gives its schema,
so that our `/openapi.json` names its components the same way (clients generated from either
document look alike) and the verticals' `Customer`s, `Payment`s, ... do not collide there.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from junction.unified.common import Address, UnifiedModel, reference_schema


@reference_schema("Mode")
class OrderMode(StrEnum):
    EAT_IN = "EAT_IN"
    TAKEAWAY = "TAKEAWAY"
    DELIVERY = "DELIVERY"
    UNKNOWN = "UNKNOWN"


@reference_schema("Source")
class OrderSource(StrEnum):
    WEB = "WEB"
    MOBILE = "MOBILE"
    KIOSK = "KIOSK"
    POS = "POS"
    REMOTE_POS = "REMOTE_POS"
    JUSTEAT = "JUSTEAT"
    FOODORA = "FOODORA"
    UBEREATS = "UBEREATS"
    GLOVO = "GLOVO"
    DELIVEROO = "DELIVEROO"
    SMILEIN = "SMILEIN"
    UNKNOWN = "UNKNOWN"


@reference_schema("States")
class OrderState(StrEnum):
    """The `state` filter of the order list."""

    open = "open"
    closed = "closed"
    all = "all"


@reference_schema("POSPaymentStatus")
class PaymentStatus(StrEnum):
    Pending = "Pending"
    Completed = "Completed"
    Canceled = "Canceled"
    Failed = "Failed"
    Unknown = "Unknown"
    Authorised = "Authorised"


@reference_schema("POSLineItemType")
class OrderLineType(StrEnum):
    menu = "menu"
    product = "product"
    service = "service"
    general_discount = "general_discount"


@reference_schema("DiscountType")
class DiscountType(StrEnum):
    OFFERED = "OFFERED"
    UNKNOWN = "UNKNOWN"
    LOSS = "LOSS"


@reference_schema("ClosureStates")
class ClosureState(StrEnum):
    open = "open"
    closed = "closed"


@reference_schema("ReportCategory")
class ReportCategory(StrEnum):
    """The French e-reporting categories of a sale (CGI articles as the reference words them)."""

    goods = "Supply of goods subject to value-added tax."
    services = "Services subject to value-added tax."
    not_subject_to_french_vat = (
        "Supply of goods and provision of services not subject to value-added tax in France, "
        "including intra-Community distance sales mentioned in 1° of I of Article 258 A and in "
        "Article 259 B of the French General Tax Code."
    )
    vat_margin_scheme = (
        "Transactions subject to the regimes provided for in e) of 1 of Article 266 and in Articles "
        "268 and 297 A of the French General Tax Code (VAT margin scheme)."
    )


@reference_schema("POSCustomerItem")
class Customer(UnifiedModel):
    id: str
    first_name: str | None = None
    last_name: str | None = None
    name: str
    phone: str | None = None
    email: str | None = None
    created_on: dt.datetime | None = None
    addresses: list[Address] | None = []
    loyalty: int | None = None
    birthdate: dt.date | None = None


@reference_schema("PostAddressItem")
class CustomerAddressCreate(UnifiedModel):
    name: str = Field(min_length=1)
    street: str | None = None
    number: str | None = None
    box: str | None = None
    city: str = Field(min_length=1)
    postal_code: str = Field(min_length=1)
    country: str | None = None


@reference_schema("POSCreateCustomerItem")
class CustomerCreate(UnifiedModel):
    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    phone: str | None = None
    email: str | None = None
    address: CustomerAddressCreate | None = None


class CustomerQuery(UnifiedModel):
    search: str | None = None
    email: str | None = None
    phone: str | None = None


@reference_schema("TotalTaxItem")
class TaxTotal(UnifiedModel):
    """Totals for one tax rate: `total` includes the tax."""

    tax_id: str | None = None
    tax_rate: float
    tax_amount: float
    total: float


@reference_schema("DiscountItem")
class Discount(UnifiedModel):
    name: str | None = None
    total: float
    type: DiscountType = DiscountType.UNKNOWN


@reference_schema("ModifierLine")
class ModifierLine(UnifiedModel):
    """A modifier chosen on an order line (extra cheese on a pizza)."""

    modifier_id: str | None = None
    name: str
    modifier_group_id: str | None = None
    quantity: float | None = 1
    unit_price: float | None = 0
    total: float | None = 0


@reference_schema("POSItem")
class OrderLine(UnifiedModel):
    """One line of an order: `unit_price` is without tax, `total` with tax."""

    id: str
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
    modifiers: list[ModifierLine] | None = []


@reference_schema("POSPaymentItem")
class Payment(UnifiedModel):
    id: str | None = None
    payment_method_id: str | None = None
    payment_method_name: str | None = None
    total: float
    tip: float | None = 0
    status: PaymentStatus | None = PaymentStatus.Unknown
    currency: str | None = None
    date: dt.datetime | None = None
    invoice_ref: str | None = None
    order_id: str | None = None


@reference_schema("POSOrderItem")
class Order(UnifiedModel):
    """An order (a ticket). `total` includes tax; tips are not part of it (`total_tip`)."""

    id: str
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
    payments: list[Payment]
    items: list[OrderLine]
    invoice_id: str | None = None


@reference_schema("UpdateOrderItem")
class OrderUpdate(UnifiedModel):
    """The body of PATCH order: the reference lets a client change the order's customer only."""

    customer_id: str | None = None


class OrderQuery(UnifiedModel):
    """Filters of the order list. With `closure_id`, the dates are ignored: the closure's orders
    are returned whatever their date."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    location_id: str | None = None
    state: OrderState = OrderState.all
    closure_id: str | None = None


@reference_schema("SalesItem")
class Sales(UnifiedModel):
    """The sales of a period, summed."""

    total: float
    tax_amount: float
    taxes: list[TaxTotal] | None = []


class SalesQuery(UnifiedModel):
    date_from: dt.date
    date_to: dt.date
    location_id: str | None = None


class PaymentQuery(UnifiedModel):
    date_from: dt.date
    date_to: dt.date


@reference_schema("PaymentMethods")
class PaymentMethod(UnifiedModel):
    id: str
    name: str
    extra: str | None = None


class LocationQuery(UnifiedModel):
    """The only filter of the catalog-like lists (products, payment methods, accounting
    categories, tax rates, modifiers): the location, all of them when None."""

    location_id: str | None = None


@reference_schema("POSLocationItem")
class Location(UnifiedModel):
    id: str
    name: str
    timezone: str | None = None
    address: Address | None = None


@reference_schema("ProductPriceItem")
class ProductPrice(UnifiedModel):
    unit_price: float
    tax_rate: float | None = None


@reference_schema("POSProductItem")
class Product(UnifiedModel):
    id: str
    categories: list[str] | None = []
    name: str
    description: str | None = None
    prices: list[ProductPrice]
    modifier_groups_ids: list[str] | None = []
    accounting_category_ids: list[str] | None = None


@reference_schema("ProductCategoryItem")
class ProductCategory(UnifiedModel):
    id: str
    name: str
    description: str | None = None
    id_parent: str | None = None


class ProductCategoryQuery(UnifiedModel):
    location_id: str | None = None
    only_parents: bool = False


@reference_schema("AccountingCategoryItem")
class AccountingCategory(UnifiedModel):
    id: str
    name: str
    code: str | None = None
    ledger_account_code: str | None = None
    posting_account_code: str | None = None


@reference_schema("POSTaxRateItem")
class TaxRate(UnifiedModel):
    id: str
    label: str | None = None
    rate: float | None = None
    tax_code: str | None = None


@reference_schema("ClosurePaymentItem")
class ClosurePayment(UnifiedModel):
    payment_method_id: str | None = None
    payment_method_name: str | None = None
    tip: float | None = 0
    total: float


@reference_schema("ClosureOperationItem")
class ClosureOperation(UnifiedModel):
    """A cash operation of a closure (a deposit, a withdrawal), typed as the provider names it."""

    type: str
    total: float


@reference_schema("POSClosureInformationItem")
class ClosureDetail(UnifiedModel):
    """One closure (a Z report) of the day."""

    id: str
    total: float
    tax_amount: float
    payments: list[ClosurePayment] | None = []
    taxes: list[TaxTotal] | None = []
    operations: list[ClosureOperation] | None = []


@reference_schema("ClosureItem")
class Closure(UnifiedModel):
    """Whether a day is closed, and its closures."""

    date: dt.date
    status: ClosureState
    closures: list[ClosureDetail] | None = []


class ClosureQuery(UnifiedModel):
    date: dt.date
    location_id: str | None = None


@reference_schema("ObjectivesItem")
class Objective(UnifiedModel):
    """The sales objective of one day."""

    total: float
    tax_amount: float
    date: dt.date


class ObjectiveQuery(UnifiedModel):
    date_from: dt.date
    date_to: dt.date
    location_id: str | None = None


@reference_schema("ModifierOptionItem")
class ModifierOption(UnifiedModel):
    id: str
    name: str | None = None
    price: float


@reference_schema("ModifiersItem")
class Modifier(UnifiedModel):
    """A group of options a product can be ordered with (toppings)."""

    id: str
    name: str | None = None
    options: list[ModifierOption]


@reference_schema("ReportOrders")
class ReportOrders(UnifiedModel):
    currency: str
    total: float
    tax_amount: float
    tax_duedatetypecode: str | None = Field(None, max_length=3)
    category: ReportCategory
    total_orders: int
    taxes: list[TaxTotal] | None = []


@reference_schema("ReportPayments")
class ReportPayments(UnifiedModel):
    tax_id: str | None = None
    tax_rate: float
    tax_amount: float
    total: float
    payment_method_id: str | None = None
    payment_method_name: str | None = None
    currency: str


@reference_schema("ReportItem")
class Report(UnifiedModel):
    """A day's totals for e-reporting, by category and by payment method."""

    date: dt.date
    location_id: str
    orders: list[ReportOrders] | None = []
    payments: list[ReportPayments] | None = []


class ReportQuery(UnifiedModel):
    date: dt.date
    location_id: str | None = None
