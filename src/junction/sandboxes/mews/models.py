"""The Mews sandbox's state: plain dataclasses, amounts in cents (gross, tax included, as Mews
prices them), times in UTC. `render.py` turns them into Mews' JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

ENTERPRISE_TZ = "Europe/Brussels"
CURRENCY = "EUR"


@dataclass
class Address:
    id: str
    line1: str
    city: str
    postal_code: str
    country_code: str
    line2: str | None = None


@dataclass
class Enterprise:
    id: str
    chain_id: str
    name: str
    created_utc: datetime
    address: Address
    email: str
    phone: str
    website: str


@dataclass
class TaxRate:
    code: str
    taxation_code: str
    rate: float


@dataclass
class AccountingCategory:
    id: str
    name: str
    code: str
    ledger_account_code: str
    posting_account_code: str
    classification: str
    created_utc: datetime


@dataclass
class Service:
    id: str
    name: str
    discriminator: str  # "Bookable" or "Additional"
    ordering: int
    created_utc: datetime


@dataclass
class Resource:
    id: str
    name: str
    floor: int
    category: str
    created_utc: datetime


@dataclass
class Company:
    id: str
    name: str
    number: int
    tax_identifier: str
    accounting_code: str
    address: Address
    created_utc: datetime


@dataclass
class Customer:
    id: str
    number: str
    title: str | None
    sex: str | None
    first_name: str
    last_name: str
    nationality_code: str
    language_code: str
    birth_date: str | None
    email: str
    phone: str
    loyalty_code: str | None
    accounting_code: str | None
    address: Address | None
    company_id: str | None
    classifications: list[str]
    created_utc: datetime
    updated_utc: datetime


@dataclass
class Reservation:
    id: str
    number: str
    service_id: str
    account_id: str
    resource_id: str
    state: str  # Confirmed, Started, Processed, Canceled
    start_utc: datetime
    end_utc: datetime
    adults: int
    origin: str
    created_utc: datetime
    updated_utc: datetime


@dataclass
class OrderItem:
    id: str
    account_id: str
    service_id: str
    service_order_id: str
    bill_id: str | None
    accounting_category_id: str
    unit_count: int
    unit_gross_cents: int
    tax_code: str
    tax_rate: float
    type: str  # SpaceOrder, CityTax, ProductOrder, CustomItem
    name: str
    created_utc: datetime
    consumed_utc: datetime
    closed_utc: datetime | None
    canceled_utc: datetime | None = None

    @property
    def gross_cents(self) -> int:
        return self.unit_gross_cents * self.unit_count

    @property
    def net_cents(self) -> int:
        return round(self.gross_cents / (1 + self.tax_rate))

    @property
    def unit_net_cents(self) -> int:
        return round(self.unit_gross_cents / (1 + self.tax_rate))

    @property
    def accounting_state(self) -> str:
        if self.canceled_utc is not None:
            return "Canceled"
        return "Closed" if self.closed_utc is not None else "Open"


@dataclass
class Payment:
    id: str
    account_id: str
    bill_id: str | None
    reservation_id: str | None
    accounting_category_id: str
    gross_cents: int  # positive: the guest paid; Mews shows payments as negative amounts
    type: str  # CreditCardPayment, CashPayment, ExternalPayment
    card_last_digits: str | None
    created_utc: datetime
    charged_utc: datetime
    closed_utc: datetime | None
    state: str = "Charged"


@dataclass
class Bill:
    id: str
    number: str
    account_id: str
    account_type: str
    reservation_id: str
    state: str  # Open, Closed
    type: str  # Receipt, Invoice
    created_utc: datetime
    issued_utc: datetime | None
    due_utc: datetime | None


@dataclass
class MewsState:
    now: datetime
    enterprise: Enterprise
    taxations: list[tuple[str, str]]
    tax_rates: list[TaxRate]
    accounting_categories: list[AccountingCategory]
    services: list[Service]
    resources: list[Resource]
    companies: list[Company]
    customers: list[Customer]
    reservations: list[Reservation]
    order_items: list[OrderItem]
    payments: list[Payment]
    bills: list[Bill]
    # The token generation the current data was built under: `/_sandbox/tokens/expire` revokes
    # the access token until the next reset (Mews tokens are static; see README.md).
    token_baseline: int | None = field(default=None)
