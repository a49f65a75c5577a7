"""Realistic POS objects, one of each unified model with every field set, and a test-only
connector that implements every POS operation by serving them and remembering its arguments."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from junction.connectors._framework.base import Connector, operation
from junction.connectors._framework.manifest import AuthMode, IntegrationEntry, Manifest
from junction.unified import pos
from junction.unified.common import Address, Page, PageRequest, Vertical
from junction.verticals.catalog import operations_of

FULL_POS_ID = 90010
NOON = dt.datetime(2025, 3, 14, 12, 31, 5, tzinfo=dt.UTC)
DAY = dt.date(2025, 3, 14)

ADDRESS = Address(
    address_type="main",
    name="Le Petit Bistro",
    street="Rue de la Loi",
    number="16",
    box="B",
    city="Bruxelles",
    postal_code="1000",
    country="BE",
)
VAT_10 = pos.TaxTotal(tax_id="vat-10", tax_rate=10.0, tax_amount=3.3, total=36.3)

CUSTOMER = pos.Customer(
    id="c0001",
    first_name="Ada",
    last_name="Lovelace",
    name="Ada Lovelace",
    phone="+32475123456",
    email="ada@example.com",
    created_on=NOON,
    addresses=[ADDRESS],
    loyalty=120,
    birthdate=dt.date(1815, 12, 10),
)
CUSTOMER_CREATE = pos.CustomerCreate(
    first_name="Ada",
    last_name="Lovelace",
    phone="+32475123456",
    email="ada@example.com",
    address=pos.CustomerAddressCreate(
        name="home",
        street="Rue de la Loi",
        number="16",
        box="B",
        city="Bruxelles",
        postal_code="1000",
        country="BE",
    ),
)
PAYMENT = pos.Payment(
    id="pay-1",
    payment_method_id="pm-card",
    payment_method_name="Card",
    total=36.3,
    tip=1.5,
    status=pos.PaymentStatus.Completed,
    currency="EUR",
    date=NOON,
    invoice_ref="INV-2025-0042",
    order_id="ord-1042",
)
LINE = pos.OrderLine(
    id="line-1",
    type=pos.OrderLineType.product,
    menu_id="menu-lunch",
    quantity=2,
    unit_price=15.0,
    total=33.0,
    tax_amount=3.0,
    tax_rate=10.0,
    tax_id="vat-10",
    description="Margherita",
    discounts=[pos.Discount(name="Happy hour", total=2.0, type=pos.DiscountType.OFFERED)],
    product_id="prod-margherita",
    accounting_category_id="acc-food",
    modifiers=[
        pos.ModifierLine(
            modifier_id="opt-cheese",
            name="Extra cheese",
            modifier_group_id="mod-toppings",
            quantity=1,
            unit_price=1.5,
            total=1.65,
        )
    ],
)
ORDER = pos.Order(
    id="ord-1042",
    order_number="42",
    creation_date=NOON,
    closing_date=NOON + dt.timedelta(minutes=50),
    service_date=NOON,
    device_id="till-1",
    total=36.3,
    tax_amount=3.3,
    total_discount=2.0,
    total_refund=0.0,
    total_tip=1.5,
    delivery_fee=0.0,
    mode=pos.OrderMode.EAT_IN,
    source=pos.OrderSource.POS,
    currency="EUR",
    country="BE",
    loyalty=12,
    customer_id="c0001",
    location_id="loc-1",
    taxes=[VAT_10],
    guests=2,
    payments=[PAYMENT],
    items=[LINE],
    invoice_id="inv-2025-0042",
)
ORDER_UPDATE = pos.OrderUpdate(customer_id="c0002")
SALES = pos.Sales(total=36.3, tax_amount=3.3, taxes=[VAT_10])
PAYMENT_METHOD = pos.PaymentMethod(id="pm-card", name="Card", extra="bancontact")
LOCATION = pos.Location(id="loc-1", name="Bruxelles centre", timezone="Europe/Brussels", address=ADDRESS)
PRODUCT = pos.Product(
    id="prod-margherita",
    categories=["cat-pizza"],
    name="Margherita",
    description="Tomato, mozzarella, basil",
    prices=[pos.ProductPrice(unit_price=15.0, tax_rate=10.0)],
    modifier_groups_ids=["mod-toppings"],
    accounting_category_ids=["acc-food"],
)
PRODUCT_CATEGORY = pos.ProductCategory(
    id="cat-pizza", name="Pizzas", description="Wood-fired", id_parent="cat-food"
)
ACCOUNTING_CATEGORY = pos.AccountingCategory(
    id="acc-food",
    name="Food",
    code="FOOD",
    ledger_account_code="700000",
    posting_account_code="700100",
)
TAX_RATE = pos.TaxRate(id="vat-10", label="VAT 10%", rate=10.0, tax_code="BE-10")
CLOSURE = pos.Closure(
    date=DAY,
    status=pos.ClosureState.closed,
    closures=[
        pos.ClosureDetail(
            id="z-0314",
            total=36.3,
            tax_amount=3.3,
            payments=[
                pos.ClosurePayment(
                    payment_method_id="pm-card", payment_method_name="Card", tip=1.5, total=36.3
                )
            ],
            taxes=[VAT_10],
            operations=[pos.ClosureOperation(type="cash_in", total=150.0)],
        )
    ],
)
OBJECTIVE = pos.Objective(total=2500.0, tax_amount=227.27, date=DAY)
MODIFIER = pos.Modifier(
    id="mod-toppings",
    name="Toppings",
    options=[pos.ModifierOption(id="opt-cheese", name="Extra cheese", price=1.5)],
)
REPORT = pos.Report(
    date=DAY,
    location_id="loc-1",
    orders=[
        pos.ReportOrders(
            currency="EUR",
            total=36.3,
            tax_amount=3.3,
            tax_duedatetypecode="72",
            category=pos.ReportCategory.goods,
            total_orders=1,
            taxes=[VAT_10],
        )
    ],
    payments=[
        pos.ReportPayments(
            tax_id="vat-10",
            tax_rate=10.0,
            tax_amount=3.3,
            total=36.3,
            payment_method_id="pm-card",
            payment_method_name="Card",
            currency="EUR",
        )
    ],
)


def _page(items: list[Any], page: PageRequest) -> Page[Any]:
    return Page(
        items=items[page.offset : page.offset + page.size], total=len(items), page=page.page, size=page.size
    )


class FullPosConnector(Connector):
    """Implements every POS operation of the catalog without calling anything: it answers with the
    samples above and keeps the arguments each method received in `calls`."""

    manifest = Manifest(
        slug="fullpos",
        name="Full POS",
        integrations=(IntegrationEntry(integration_id=FULL_POS_ID, vertical=Vertical.pos),),
        auth=AuthMode.none,
        capabilities=frozenset(op.key for op in operations_of(Vertical.pos)),
    )
    calls: ClassVar[list[tuple[str, tuple[Any, ...]]]] = []

    def _called(self, key: str, *args: Any) -> None:
        self.calls.append((key, args))

    @operation("pos.orders.list")
    async def list_orders(self, query: pos.OrderQuery, page: PageRequest) -> Page[pos.Order]:
        self._called("pos.orders.list", query, page)
        return _page([ORDER, ORDER.model_copy(update={"id": "ord-1043"})], page)

    @operation("pos.orders.get")
    async def get_order(self, order_id: str) -> pos.Order:
        self._called("pos.orders.get", order_id)
        return ORDER.model_copy(update={"id": order_id})

    @operation("pos.orders.update")
    async def update_order(self, order_id: str, item: pos.OrderUpdate) -> pos.Order:
        self._called("pos.orders.update", order_id, item)
        return ORDER.model_copy(update={"id": order_id, "customer_id": item.customer_id})

    @operation("pos.sales.get")
    async def get_sales(self, query: pos.SalesQuery) -> pos.Sales:
        self._called("pos.sales.get", query)
        return SALES

    @operation("pos.payments.list")
    async def list_payments(self, query: pos.PaymentQuery, page: PageRequest) -> Page[pos.Payment]:
        self._called("pos.payments.list", query, page)
        return _page([PAYMENT], page)

    @operation("pos.payment_methods.list")
    async def list_payment_methods(
        self, query: pos.LocationQuery, page: PageRequest
    ) -> Page[pos.PaymentMethod]:
        self._called("pos.payment_methods.list", query, page)
        return _page([PAYMENT_METHOD], page)

    @operation("pos.customers.list")
    async def list_customers(self, query: pos.CustomerQuery, page: PageRequest) -> Page[pos.Customer]:
        self._called("pos.customers.list", query, page)
        return _page([CUSTOMER], page)

    @operation("pos.customers.get")
    async def get_customer(self, customer_id: str) -> pos.Customer:
        self._called("pos.customers.get", customer_id)
        return CUSTOMER.model_copy(update={"id": customer_id})

    @operation("pos.customers.create")
    async def create_customer(self, item: pos.CustomerCreate) -> pos.Customer:
        self._called("pos.customers.create", item)
        return CUSTOMER

    @operation("pos.products.list")
    async def list_products(self, query: pos.LocationQuery, page: PageRequest) -> Page[pos.Product]:
        self._called("pos.products.list", query, page)
        return _page([PRODUCT], page)

    @operation("pos.product_categories.list")
    async def list_product_categories(
        self, query: pos.ProductCategoryQuery, page: PageRequest
    ) -> Page[pos.ProductCategory]:
        self._called("pos.product_categories.list", query, page)
        return _page([PRODUCT_CATEGORY], page)

    @operation("pos.accounting_categories.list")
    async def list_accounting_categories(
        self, query: pos.LocationQuery, page: PageRequest
    ) -> Page[pos.AccountingCategory]:
        self._called("pos.accounting_categories.list", query, page)
        return _page([ACCOUNTING_CATEGORY], page)

    @operation("pos.tax_rates.list")
    async def list_tax_rates(self, query: pos.LocationQuery, page: PageRequest) -> Page[pos.TaxRate]:
        self._called("pos.tax_rates.list", query, page)
        return _page([TAX_RATE], page)

    @operation("pos.locations.list")
    async def list_locations(self, page: PageRequest) -> Page[pos.Location]:
        self._called("pos.locations.list", page)
        return _page([LOCATION], page)

    @operation("pos.closures.get")
    async def get_closure(self, query: pos.ClosureQuery) -> pos.Closure:
        self._called("pos.closures.get", query)
        return CLOSURE.model_copy(update={"date": query.date})

    @operation("pos.objectives.list")
    async def list_objectives(self, query: pos.ObjectiveQuery, page: PageRequest) -> Page[pos.Objective]:
        self._called("pos.objectives.list", query, page)
        return _page([OBJECTIVE], page)

    @operation("pos.modifiers.list")
    async def list_modifiers(self, query: pos.LocationQuery, page: PageRequest) -> Page[pos.Modifier]:
        self._called("pos.modifiers.list", query, page)
        return _page([MODIFIER], page)

    @operation("pos.report.get")
    async def get_report(self, query: pos.ReportQuery) -> pos.Report:
        self._called("pos.report.get", query)
        return REPORT.model_copy(update={"date": query.date})
