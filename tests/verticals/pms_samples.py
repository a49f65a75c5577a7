"""Realistic PMS objects, one of each unified model with every field set, and a test-only
connector that implements every PMS operation by serving them and remembering its arguments."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, TypeVar

from junction.connectors._framework.base import Connector, operation
from junction.connectors._framework.manifest import AuthMode, IntegrationEntry, Manifest
from junction.unified import pms
from junction.unified.common import Address, Page, PageRequest, Vertical
from junction.verticals.catalog import operations_of

T = TypeVar("T")
FULL_PMS_ID = 90020
CHECK_IN = dt.datetime(2025, 3, 14, 14, 0, tzinfo=dt.UTC)
CHECK_OUT = dt.datetime(2025, 3, 16, 10, 0, tzinfo=dt.UTC)
DAY = dt.date(2025, 3, 14)

ADDRESS = Address(
    address_type="home",
    name="Home",
    street="Main Street",
    number="123",
    box="A",
    city="Paris",
    postal_code="75000",
    country="FR",
)
REF = pms.SourceRef(id="8a3c-room-night", model="OrderItem")
CUSTOMER = pms.Customer(
    id="cus-1",
    source_ref=pms.SourceRef(id="cus-1", model="Customer"),
    first_name="John",
    last_name="Doe",
    company_name="Acme Corp",
    phone="+1234567890",
    email="john.doe@example.com",
    account_number="701000",
    created_on=CHECK_IN,
    addresses=[ADDRESS],
    is_company=False,
)
VAT = pms.TaxTotal(tax_id="FR-S", tax_rate=10.0, tax_amount=20.0, total=220.0)
LINE = pms.OrderLine(
    id="item-1",
    source_ref=REF,
    type=pms.OrderLineType.service,
    menu_id="menu-1",
    quantity=2,
    unit_price=100.0,
    total=220.0,
    tax_amount=20.0,
    tax_rate=10.0,
    tax_id="FR-S",
    description="Double room, night",
    discounts=[pms.Discount(name="Early booking", total=10.0, type=pms.DiscountType.OFFERED)],
    product_id="rate-flex",
    accounting_category_id="cat-rooms",
)
LINKED = pms.LinkedId(id="cus-1", source_ref=pms.SourceRef(id="cus-1", model="Customer"))
RESERVATION = pms.Reservation(
    id="res-1",
    source_ref=pms.SourceRef(id="res-1", model="Reservation"),
    start_date=CHECK_IN,
    end_date=CHECK_OUT,
    creation_date=CHECK_IN - dt.timedelta(days=20),
    resource_id=pms.LinkedId(id="room-101", source_ref=pms.SourceRef(id="room-101", model="Resource")),
    resource_name="Room 101",
    resource_identifier="101",
)
PARTNER = pms.Partner(
    id="cus-1",
    source_ref=pms.SourceRef(id="cus-1", model="Customer"),
    type=pms.PartnerType.owner,
    address=ADDRESS,
    first_name="John",
    last_name="Doe",
    company_name="Acme Corp",
)
SUMMARY = pms.InvoiceSummary(
    id="bill-1",
    source_ref=pms.SourceRef(id="bill-1", model="Bill"),
    invoice_number="2025-0042",
    creation_date=CHECK_IN,
    closing_date=CHECK_OUT,
    partners=[PARTNER],
)
ORDER = pms.Order(
    id="ord-1",
    source_ref=pms.SourceRef(id="ord-1", model="Reservation"),
    order_number="R-1042",
    creation_date=CHECK_IN - dt.timedelta(days=20),
    closing_date=CHECK_OUT,
    service_date=CHECK_IN,
    device_id="front-desk",
    total=220.0,
    tax_amount=20.0,
    total_discount=10.0,
    total_refund=0.0,
    total_tip=0.0,
    delivery_fee=0.0,
    mode=pms.OrderMode.UNKNOWN,
    source=pms.OrderSource.WEB,
    currency="EUR",
    country="FR",
    loyalty=10,
    customer_id="cus-1",
    location_id="svc-stay",
    taxes=[VAT],
    guests=2,
    items=[LINE],
    service_id="svc-stay",
    reservation=RESERVATION,
    bills=[SUMMARY],
)
PAYMENT = pms.Payment(
    id="pay-1",
    source_ref=pms.SourceRef(id="pay-1", model="Payment"),
    payment_method_id="CreditCardPayment",
    payment_method_name="Credit card",
    total=220.0,
    tip=0.0,
    status=pms.PaymentStatus.Completed,
    currency="EUR",
    date=CHECK_OUT,
    invoice_ref="bill-1",
    partner_id=LINKED,
    description="Visa ending 4242",
)
INVOICE = pms.Invoice(
    id="bill-1",
    source_ref=pms.SourceRef(id="bill-1", model="Bill"),
    invoice_number="2025-0042",
    creation_date=CHECK_IN,
    closing_date=CHECK_OUT,
    partners=[PARTNER],
    items=[LINE],
    payments=[PAYMENT],
    service_id="svc-stay",
    reservation=RESERVATION,
    tax_amount=20.0,
    untaxed_amount=200.0,
    total=220.0,
)
LOCATION = pms.Location(id="ent-1", name="Hotel Aurore", timezone="Europe/Paris", address=ADDRESS)
PAYMENT_METHOD = pms.PaymentMethod(
    id="CashPayment",
    source_ref=pms.SourceRef(id="CashPayment", model="PaymentType"),
    name="Cash",
    extra="Cash",
    ledger_account_code="530000",
)
ACCOUNTING_CATEGORY = pms.AccountingCategory(
    id="cat-rooms",
    source_ref=pms.SourceRef(id="cat-rooms", model="AccountingCategory"),
    name="Accommodation",
    code="ACC",
    ledger_account_code="706100",
    posting_account_code="411000",
)
CLOSURE = pms.Closure(
    date=DAY,
    status=pms.ClosureState.closed,
    closures=[
        pms.ClosureDetail(
            id="2025-03-14",
            total=220.0,
            tax_amount=20.0,
            payments=[
                pms.ClosurePayment(payment_method_id="CashPayment", payment_method_name="Cash", total=220.0)
            ],
            taxes=[VAT],
            operations=[pms.ClosureOperation(type="CityTax", total=4.4)],
        )
    ],
)
TAX_RATE = pms.TaxRate(
    id="FR-S",
    source_ref=pms.SourceRef(id="FR-S", model="TaxRate"),
    label="VAT 10%",
    rate=10.0,
    is_city_tax=False,
)
TRANSACTION = pms.AccountingTransaction(
    id="item-1",
    source_ref=REF,
    group_id="bill-1",
    date=CHECK_IN,
    amount=200.0,
    is_tax_line=False,
    sub_group_id="res-1",
    tax_code="FR-S",
    description="Double room, night",
    currency_exchange_rate=1.0,
    currency="EUR",
    transaction_type=pms.AccountingTransactionType.room,
    accounting_category_id="cat-rooms",
    ledger_account_code="706100",
    status=pms.AccountingTransactionStatus.posted,
    origin=pms.AccountingTransactionOrigin(id="res-1", type=pms.AccountingTransactionOriginType.order),
    partner_id=LINKED,
    reference="R-1042",
    location_id="ent-1",
)


def _page(items: list[T], page: PageRequest) -> Page[T]:
    return Page[Any](items=items, total=len(items), page=page.page, size=page.size)


class FullPmsConnector(Connector):
    """Implements every PMS operation of the catalog without calling anything: it answers with the
    samples above and keeps the arguments each method received in `calls`."""

    manifest = Manifest(
        slug="fullpms",
        name="Full PMS",
        integrations=(IntegrationEntry(integration_id=FULL_PMS_ID, vertical=Vertical.pms),),
        auth=AuthMode.none,
        capabilities=frozenset(op.key for op in operations_of(Vertical.pms)),
    )
    calls: ClassVar[list[tuple[str, tuple[Any, ...]]]] = []

    def _called(self, key: str, *args: Any) -> None:
        self.calls.append((key, args))

    @operation("pms.orders.list")
    async def list_orders(self, query: pms.OrderQuery, page: PageRequest) -> Page[pms.Order]:
        self._called("pms.orders.list", query, page)
        return _page([ORDER], page)

    @operation("pms.invoices.list")
    async def list_invoices(self, query: pms.InvoiceQuery, page: PageRequest) -> Page[pms.Invoice]:
        self._called("pms.invoices.list", query, page)
        return _page([INVOICE], page)

    @operation("pms.customers.list")
    async def list_customers(self, query: pms.CustomerQuery, page: PageRequest) -> Page[pms.Customer]:
        self._called("pms.customers.list", query, page)
        return _page([CUSTOMER], page)

    @operation("pms.customers.get")
    async def get_customer(self, customer_id: str) -> pms.Customer:
        self._called("pms.customers.get", customer_id)
        return CUSTOMER.model_copy(update={"id": customer_id})

    @operation("pms.locations.list")
    async def list_locations(self, page: PageRequest) -> Page[pms.Location]:
        self._called("pms.locations.list", page)
        return _page([LOCATION], page)

    @operation("pms.payments.list")
    async def list_payments(self, query: pms.PaymentQuery, page: PageRequest) -> Page[pms.Payment]:
        self._called("pms.payments.list", query, page)
        return _page([PAYMENT], page)

    @operation("pms.payment_methods.list")
    async def list_payment_methods(
        self, query: pms.LocationQuery, page: PageRequest
    ) -> Page[pms.PaymentMethod]:
        self._called("pms.payment_methods.list", query, page)
        return _page([PAYMENT_METHOD], page)

    @operation("pms.accounting_categories.list")
    async def list_accounting_categories(self, page: PageRequest) -> Page[pms.AccountingCategory]:
        self._called("pms.accounting_categories.list", page)
        return _page([ACCOUNTING_CATEGORY], page)

    @operation("pms.closures.get")
    async def get_closure(self, query: pms.ClosureQuery) -> pms.Closure:
        self._called("pms.closures.get", query)
        return CLOSURE.model_copy(update={"date": query.date})

    @operation("pms.taxes.list")
    async def list_taxes(self, page: PageRequest) -> Page[pms.TaxRate]:
        self._called("pms.taxes.list", page)
        return _page([TAX_RATE], page)

    @operation("pms.accounting_transactions.list")
    async def list_accounting_transactions(
        self, query: pms.AccountingTransactionQuery, page: PageRequest
    ) -> Page[pms.AccountingTransaction]:
        self._called("pms.accounting_transactions.list", query, page)
        return _page([TRANSACTION], page)
