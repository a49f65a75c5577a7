"""Kounta's payloads as its API sends them (apidoc.kounta.com; field lists from the public
clients TandaHQ/Kounta and kounta-python, see docs/connectors/kounta.md). Lenient on purpose:
unknown fields are kept, most fields optional, so a richer answer never breaks a read."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class KountaModel(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class KountaAddress(KountaModel):
    lines: list[str] = []
    city: str | None = None
    zone: str | None = None
    postal_code: str | None = None
    country: str | None = None


class KountaTimezone(KountaModel):
    offset: str | None = None
    name: str | None = None


class KountaCompany(KountaModel):
    id: int
    name: str
    currency: str | None = None
    timezone: KountaTimezone | None = None


class KountaSite(KountaModel):
    id: int
    name: str
    code: str | None = None
    postal_address: KountaAddress | None = None
    shipping_address: KountaAddress | None = None


class KountaCustomerBrief(KountaModel):
    """A customer as lists return it: abridged."""

    id: int
    first_name: str | None = None
    last_name: str | None = None
    primary_email_address: str | None = None


class KountaCustomer(KountaCustomerBrief):
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    primary_address: KountaAddress | None = None
    shipping_address: KountaAddress | None = None
    reference_id: str | None = None


class KountaRef(KountaModel):
    id: int
    name: str | None = None


class KountaOrderLine(KountaModel):
    number: int
    product: KountaRef | None = None
    product_id: int | None = None
    quantity: float
    notes: str | None = None
    price_variation: float = 1.0
    unit_price: float
    unit_tax: float = 0.0
    line_total_ex_tax: float | None = None
    line_total_tax: float | None = None


class KountaOrderPayment(KountaModel):
    id: int | None = None
    method: KountaRef | None = None
    method_id: int | None = None
    amount: float
    ref: str | None = None
    created_at: str | None = None


class KountaOrderCustomer(KountaModel):
    id: int


class KountaOrder(KountaModel):
    id: int
    status: str
    sale_number: str | None = None
    site_id: int | None = None
    register_id: int | None = None
    customer: KountaOrderCustomer | None = None
    customer_id: int | None = None
    lines: list[KountaOrderLine] = []
    payments: list[KountaOrderPayment] = []
    total: float
    total_tax: float = 0.0
    paid: float | None = None
    placed_at: str | None = None
    created_at: str
    updated_at: str | None = None


class KountaTax(KountaModel):
    id: int
    code: str | None = None
    name: str | None = None
    rate: float


class KountaProduct(KountaModel):
    id: int
    name: str
    description: str | None = None
    unit_price: float | None = None
    taxes: list[KountaTax] = []


class KountaCategory(KountaModel):
    id: int
    name: str
    description: str | None = None


class KountaPaymentMethod(KountaModel):
    id: int
    name: str
    ledger_code: str | None = None


class KountaTakings(KountaModel):
    recorded: float = 0.0
    counted: float | None = None


class KountaAdjustments(KountaModel):
    cash_in: float = 0.0
    cash_out: float = 0.0


class KountaMethodTakings(KountaModel):
    payment_method: KountaPaymentMethod
    takings: KountaTakings
    adjustments: KountaAdjustments | None = None


class KountaIncomeAmount(KountaModel):
    tax_id: int | None = None
    net: float
    tax: float


class KountaIncomeAccount(KountaModel):
    ledger_code: str | None = None
    amounts: list[KountaIncomeAmount] = []


class KountaReconciliation(KountaModel):
    """A daily closure ("reconciliation", formerly cash-up), per site, register or staff member."""

    id: int
    number: int | None = None
    processed: bool | None = None
    reconciliation_level: str | None = None
    site: KountaRef | None = None
    # "register" would shadow BaseModel's deprecated `register`; the alias keeps Kounta's name.
    till: KountaRef | None = Field(None, alias="register")
    income_accounts: list[KountaIncomeAccount] = []
    reconciliations: list[KountaMethodTakings] = []
    created_at: str | None = None
