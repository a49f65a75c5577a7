"""The in-memory state of the Kounta sandbox. Money is kept in integer cents and rendered as AUD
numbers with two decimals; times are aware datetimes in the company's time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

# Australia/Brisbane: +10:00 all year (Queensland has no daylight saving), so every rendered
# offset is the same and no tz database is needed.
COMPANY_TZ = timezone(timedelta(hours=10), "AEST")

ORDER_STATUSES = ("SUBMITTED", "ON_HOLD", "PENDING", "ACCEPTED", "REJECTED", "COMPLETE")


@dataclass(frozen=True)
class ClientApplication:
    """A developer's add-on registered with Kounta; its own company is the one Basic auth and
    client_credentials reach."""

    client_id: str
    client_secret: str
    name: str
    company_id: int


@dataclass(slots=True)
class Address:
    id: int
    lines: list[str]
    city: str
    zone: str
    postal_code: str
    country: str


@dataclass(slots=True)
class Company:
    id: int
    name: str
    business_number: str
    contact_staff_id: int
    website: str
    postal_address: Address
    created_at: datetime
    updated_at: datetime
    register_limit: int


@dataclass(slots=True)
class Site:
    id: int
    name: str
    code: str
    business_number: str
    email: str
    phone: str
    address: Address
    latitude: float
    longitude: float
    register_level_reconciliation: bool
    price_list_id: int
    online: bool
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class Register:
    id: int
    site_id: int
    code: str
    name: str
    sale_prefix: str
    return_prefix: str
    current_staff_id: int | None
    next_sale_number: int = 1


@dataclass(slots=True)
class Staff:
    id: int
    first_name: str
    last_name: str
    email: str
    site_ids: list[int]


@dataclass(slots=True)
class Tax:
    id: int
    code: str
    name: str
    rate: float


@dataclass(slots=True)
class PaymentMethod:
    id: int
    name: str
    ledger_code: str


@dataclass(slots=True)
class Category:
    id: int
    name: str
    description: str
    product_ids: list[int]
    updated_at: datetime


@dataclass(slots=True)
class Product:
    id: int
    name: str
    code: str
    barcode: str | None
    description: str
    tags: list[str]
    # The menu price, GST included, as staff ring it up.
    price_cents: int
    cost_cents: int
    tax_id: int
    category_ids: list[int]
    site_ids: list[int]
    stock: int | None


@dataclass(slots=True)
class PriceList:
    id: int
    name: str
    parent_id: int | None
    # Ex-tax unit prices; a child list holds only the products it overrides.
    prices: dict[int, int]


@dataclass(slots=True)
class Customer:
    id: int
    people_id: int
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    mobile: str | None
    description: str | None
    tags: list[str]
    image: str | None
    accepts_marketing: bool
    primary_address: Address | None
    shipping_address: Address | None
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class OrderLine:
    id: int
    number: int
    product_id: int
    product_name: str
    quantity: int
    notes: str
    price_variation: float
    unit_price_cents: int
    unit_tax_cents: int
    tax_id: int

    @property
    def total_ex_tax_cents(self) -> int:
        return round(self.unit_price_cents * self.quantity * self.price_variation)

    @property
    def total_tax_cents(self) -> int:
        return round(self.unit_tax_cents * self.quantity * self.price_variation)


@dataclass(slots=True)
class Payment:
    id: int
    method_id: int
    amount_cents: int
    ref: str | None
    created_at: datetime


@dataclass(slots=True)
class Order:
    id: int
    status: str
    notes: str
    site_id: int
    register_id: int | None
    staff_id: int | None
    customer_id: int | None
    lines: list[OrderLine]
    payments: list[Payment]
    sale_number: str
    created_at: datetime
    updated_at: datetime
    placed_at: datetime | None = None
    fulfil_at: datetime | None = None
    callback_uri: str | None = None
    deleted: bool = False

    @property
    def total_cents(self) -> int:
        return sum(line.total_ex_tax_cents + line.total_tax_cents for line in self.lines)

    @property
    def tax_cents(self) -> int:
        return sum(line.total_tax_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return sum(payment.amount_cents for payment in self.payments)

    @property
    def discounted(self) -> bool:
        return any(line.price_variation < 1 for line in self.lines)


@dataclass(slots=True)
class IncomeAmount:
    tax_id: int
    net_cents: int
    tax_cents: int


@dataclass(slots=True)
class Takings:
    method_id: int
    recorded_cents: int
    counted_cents: int
    cash_in_cents: int
    cash_out_cents: int


@dataclass(slots=True)
class Reconciliation:
    id: int
    number: int
    processed: bool
    level: str
    site_id: int
    register_id: int | None
    staff_id: int
    trading_date: date
    income: list[IncomeAmount]
    takings: list[Takings]
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class Webhook:
    id: int
    client_id: str
    topic: str
    address: str
    format: str
    headers: dict[str, str]
    filter: dict[str, object]
    created_at: datetime
    updated_at: datetime


@dataclass
class IdSequence:
    next_value: int

    def next(self) -> int:
        value = self.next_value
        self.next_value += 1
        return value


def digits(value: str | None) -> str:
    """A phone number as Kounta matches it: digits only, +61 written as the national 0."""
    if not value:
        return ""
    only = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+61") and only.startswith("61"):
        only = "0" + only[2:]
    return only


@dataclass
class KountaState:
    company: Company
    sites: dict[int, Site]
    registers: dict[int, Register]
    staff: dict[int, Staff]
    taxes: dict[int, Tax]
    payment_methods: dict[int, PaymentMethod]
    categories: dict[int, Category]
    products: dict[int, Product]
    price_lists: dict[int, PriceList]
    customers: dict[int, Customer]
    orders: dict[int, Order]
    reconciliations: dict[int, Reconciliation]
    now: datetime
    # reference_id is private to each client application: (client_id, customer_id) -> value.
    reference_ids: dict[tuple[str, int], str] = field(default_factory=dict)
    webhooks: dict[int, Webhook] = field(default_factory=dict)
    ids: dict[str, IdSequence] = field(default_factory=dict)
    # Bumped by every change, so cached filter results know they are stale.
    version: int = 0
    mobile_index: dict[str, int] = field(default_factory=dict)
    email_index: dict[str, list[int]] = field(default_factory=dict)

    def next_id(self, kind: str) -> int:
        return self.ids[kind].next()

    def touch(self) -> None:
        self.version += 1

    def index_customer(self, customer: Customer) -> None:
        if customer.mobile:
            self.mobile_index[digits(customer.mobile)] = customer.id
        if customer.email:
            self.email_index.setdefault(customer.email.lower(), []).append(customer.id)

    def unindex_customer(self, customer: Customer) -> None:
        if customer.mobile and self.mobile_index.get(digits(customer.mobile)) == customer.id:
            del self.mobile_index[digits(customer.mobile)]
        if customer.email:
            ids = self.email_index.get(customer.email.lower(), [])
            if customer.id in ids:
                ids.remove(customer.id)
