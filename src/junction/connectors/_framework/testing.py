"""The conformance suite every registered connector runs against its sandbox (meltano's
tap_tests, airbyte's standard tests): every declared capability, pagination across pages, and
the faults a real provider throws (429 with Retry-After, 5xx, timeouts, malformed bodies, bad
credentials, an access token that dies in the middle of a pagination). The checks are plain
async functions over a `Harness`; tests/connectors/test_conformance.py parametrizes them over
the registry."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import inspect
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import httpx

from junction.connectors._framework.auth import OAuthTokens, Refresh
from junction.connectors._framework.base import Connector, ConnectorContext
from junction.connectors._framework.errors import (
    ProviderAuthFailed,
    ProviderMalformedResponse,
    ProviderUnavailable,
)
from junction.connectors._framework.http import CallRecorder, ProviderHTTP, RetryPolicy
from junction.connectors._framework.manifest import AuthMode
from junction.unified import accounting, commerce, invoicing, pms, pos
from junction.unified.common import Page, PageRequest, VatCodeType

# Short enough that a hanging provider costs a test about a second, long enough for a sandbox
# on a loaded two-core machine.
TEST_TIMEOUT = httpx.Timeout(2.0)
TEST_RETRY = RetryPolicy(max_attempts=4, backoff_base=0.05, backoff_max=0.5, budget=10.0)


class MemoryTokenStore:
    """The platform's token store without a database: single-flight in one process, and a count
    of refreshes so a test can prove a token was refreshed exactly once."""

    def __init__(self, credentials: Mapping[str, str]) -> None:
        self.tokens = OAuthTokens.from_credentials(credentials)
        self.refreshes = 0
        self._lock = asyncio.Lock()

    async def current(self) -> OAuthTokens | None:
        return self.tokens

    async def refresh(self, stale: OAuthTokens, refresh: Refresh) -> OAuthTokens:
        async with self._lock:
            if self.tokens is not None and self.tokens.access_token != stale.access_token:
                return self.tokens
            self.tokens = await refresh(self.tokens or stale)
            self.refreshes += 1
            return self.tokens


@dataclass
class Harness:
    """A connector wired to a running sandbox, the way the gateway wires it."""

    connector: type[Connector]
    base_url: str
    credentials: dict[str, str]
    today: dt.date
    control: httpx.AsyncClient
    store: MemoryTokenStore = field(init=False)
    recorder: CallRecorder = field(init=False)
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    # Credentials the provider refuses (the binding's `refused_credentials`); None: a wrong
    # OAuth client secret and no tokens.
    refused_credentials: dict[str, str] | None = None
    # How long a call may take: a real provider (Tryton posting an invoice on a loaded machine)
    # needs longer than an emulator.
    timeout: httpx.Timeout = field(default_factory=lambda: TEST_TIMEOUT)

    def __post_init__(self) -> None:
        self.store = MemoryTokenStore(self.credentials)
        self.recorder = CallRecorder(keep_raw=True)

    def instance(self, credentials: Mapping[str, str] | None = None) -> Connector:
        credentials = dict(credentials or self.credentials)
        client = self.connector.build_http_client(credentials)
        client.timeout = self.timeout
        self.clients.append(client)
        auth = self.connector.authenticator(credentials, self.store, client)
        http = ProviderHTTP(
            client,
            self.recorder,
            auth=auth,
            retry=TEST_RETRY,
            reset_headers=self.connector.manifest.rate_limit_headers,
        )
        return self.connector(ConnectorContext(uuid4(), credentials, http))

    async def call(self, key: str, *args: Any, credentials: Mapping[str, str] | None = None) -> Any:
        return await self.instance(credentials).method_for(key)(*args)

    async def faults(self, **plan: Any) -> None:
        response = await self.control.put("/_sandbox/faults", json=plan)
        response.raise_for_status()

    async def clear_faults(self) -> None:
        await self.faults(
            fail_next=[],
            fail_next_path=None,
            rate_limit_next=0,
            error_rate=0.0,
            latency_ms=0,
            malformed_next=0,
            timeout_next=0,
            expire_tokens_after_requests=None,
            fail_token_next=[],
        )

    async def provider_requests(self) -> list[dict[str, Any]]:
        response = await self.control.get("/_sandbox/requests")
        response.raise_for_status()
        body = response.json()
        return list(body["requests"] if isinstance(body, dict) else body)

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()


# Arguments for each catalog operation, given what the sandbox already holds.
Arguments = Callable[[Harness], Awaitable[tuple[Any, ...]]]


async def _first_id(harness: Harness, key: str, *args: Any) -> str:
    page = await harness.call(key, *args, PageRequest(page=1, size=1))
    assert page.items, f"{key} returned nothing to pick an id from"
    return str(page.items[0].id)


def _recent_week(harness: Harness) -> tuple[dt.date, dt.date]:
    return harness.today - dt.timedelta(days=7), harness.today


async def _closed_day(harness: Harness) -> dt.date:
    """A day that has completed orders, so its closure and report are not empty."""
    orders = await harness.call(
        "pos.orders.list", pos.OrderQuery(state=pos.OrderState.closed), PageRequest(size=1)
    )
    return orders.items[0].creation_date.date() if orders.items else harness.today


POS_ARGUMENTS: dict[str, Arguments] = {
    "pos.customers.list": lambda h: _const(pos.CustomerQuery(), PageRequest(size=10)),
    "pos.customers.get": lambda h: _tuple(_first_id(h, "pos.customers.list", pos.CustomerQuery())),
    "pos.customers.create": lambda h: _const(
        pos.CustomerCreate(
            first_name="Conformance", last_name=f"Run {uuid4().hex[:6]}", email=f"{uuid4().hex}@example.com"
        )
    ),
    "pos.orders.list": lambda h: _const(pos.OrderQuery(), PageRequest(size=10)),
    "pos.orders.get": lambda h: _tuple(_first_id(h, "pos.orders.list", pos.OrderQuery())),
    "pos.orders.update": lambda h: _order_update(h),
    "pos.sales.get": lambda h: _const(
        pos.SalesQuery(date_from=_recent_week(h)[0], date_to=_recent_week(h)[1])
    ),
    "pos.payments.list": lambda h: _const(
        pos.PaymentQuery(date_from=_recent_week(h)[0], date_to=_recent_week(h)[1]), PageRequest(size=10)
    ),
    "pos.payment_methods.list": lambda h: _const(pos.LocationQuery(), PageRequest()),
    "pos.products.list": lambda h: _const(pos.LocationQuery(), PageRequest(size=10)),
    "pos.product_categories.list": lambda h: _const(pos.ProductCategoryQuery(), PageRequest()),
    "pos.accounting_categories.list": lambda h: _const(pos.LocationQuery(), PageRequest()),
    "pos.tax_rates.list": lambda h: _const(pos.LocationQuery(), PageRequest()),
    "pos.locations.list": lambda h: _const(PageRequest()),
    "pos.closures.get": lambda h: _closure_query(h),
    "pos.objectives.list": lambda h: _const(
        pos.ObjectiveQuery(date_from=_recent_week(h)[0], date_to=_recent_week(h)[1]), PageRequest()
    ),
    "pos.modifiers.list": lambda h: _const(pos.LocationQuery(), PageRequest()),
    "pos.report.get": lambda h: _report_query(h),
}


async def _const(*args: Any) -> tuple[Any, ...]:
    return args


async def _tuple(value: Awaitable[Any]) -> tuple[Any, ...]:
    return (await value,)


async def _order_update(harness: Harness) -> tuple[Any, ...]:
    order_id = await _first_id(harness, "pos.orders.list", pos.OrderQuery())
    customer_id = await _first_id(harness, "pos.customers.list", pos.CustomerQuery())
    return order_id, pos.OrderUpdate(customer_id=customer_id)


async def _closure_query(harness: Harness) -> tuple[Any, ...]:
    return (pos.ClosureQuery(date=await _closed_day(harness)),)


async def _report_query(harness: Harness) -> tuple[Any, ...]:
    return (pos.ReportQuery(date=await _closed_day(harness)),)


async def _commerce_order(harness: Harness) -> tuple[Any, ...]:
    """An order for an existing customer, of the first variant the catalogue lists."""
    customers = await harness.call("commerce.customers.list", PageRequest(size=20))
    customer = next(c for c in customers.items if c.email)
    products = await harness.call("commerce.products.list", commerce.ProductQuery(), PageRequest(size=1))
    variant = (products.items[0].variants or [])[0]
    address = commerce.AddressCreate(
        first_name=customer.first_name or "Conformance",
        last_name=customer.last_name or "Run",
        street="Conformance street",
        number="1",
        city="Bengaluru",
        country="IN",
    )
    price = (variant.prices or [commerce.ProductPrice(currency="INR", price=1.0)])[0].price or 1.0
    return (
        commerce.OrderCreate(
            customer=commerce.OrderCustomer(email=customer.email or "", phone=customer.phone),
            billing_address=address,
            shipping_address=address,
            currency="INR",
            lines=[
                commerce.OrderLineCreate(variant_id=variant.id, quantity=1, tax_rate=0.0, unit_price=price)
            ],
        ),
    )


async def _first_variant(harness: Harness) -> tuple[Any, ...]:
    products = await harness.call("commerce.products.list", commerce.ProductQuery(), PageRequest(size=1))
    return ((products.items[0].variants or [])[0].id,)


async def _first_product_id(harness: Harness) -> tuple[Any, ...]:
    return (await _first_id(harness, "commerce.products.list", commerce.ProductQuery()),)


async def _first_order_id(harness: Harness) -> tuple[Any, ...]:
    return (await _first_id(harness, "commerce.orders.list", commerce.OrderQuery()),)


async def _first_customer_id(harness: Harness) -> tuple[Any, ...]:
    page = await harness.call("commerce.customers.list", PageRequest(size=1))
    return (str(page.items[0].id),)


COMMERCE_ARGUMENTS: dict[str, Arguments] = {
    "commerce.customers.list": lambda h: _const(PageRequest(size=10)),
    "commerce.customers.get": _first_customer_id,
    "commerce.products.list": lambda h: _const(commerce.ProductQuery(), PageRequest(size=10)),
    "commerce.products.get": _first_product_id,
    "commerce.variants.get": _first_variant,
    "commerce.variants.set_quantity": lambda h: _const(
        "unknown", commerce.InventoryDetailsUpdate(location_id="unknown", available_quantity=1)
    ),
    "commerce.locations.list": lambda h: _const(PageRequest()),
    "commerce.orders.list": lambda h: _const(
        commerce.OrderQuery(date_from=_recent_week(h)[0], date_to=_recent_week(h)[1]), PageRequest(size=10)
    ),
    "commerce.orders.get": _first_order_id,
    "commerce.orders.create": _commerce_order,
    "commerce.payment_methods.list": lambda h: _const(PageRequest()),
    "commerce.product_categories.list": lambda h: _const(commerce.CategoryQuery(), PageRequest()),
    "commerce.taxes.list": lambda h: _const(PageRequest()),
    "commerce.countries.list": lambda h: _const(PageRequest()),
}


async def _pms_closure_query(harness: Harness) -> tuple[Any, ...]:
    """A past day with stays: its computed closure is not empty."""
    return (pms.ClosureQuery(date=harness.today - dt.timedelta(days=3)),)


def _pms_week(harness: Harness) -> dict[str, dt.date]:
    first, last = _recent_week(harness)
    return {"date_from": first, "date_to": last}


PMS_ARGUMENTS: dict[str, Arguments] = {
    "pms.customers.list": lambda h: _const(pms.CustomerQuery(), PageRequest(size=10)),
    "pms.customers.get": lambda h: _tuple(_first_id(h, "pms.customers.list", pms.CustomerQuery())),
    "pms.orders.list": lambda h: _const(pms.OrderQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.invoices.list": lambda h: _const(pms.InvoiceQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.payments.list": lambda h: _const(pms.PaymentQuery(**_pms_week(h)), PageRequest(size=10)),
    "pms.payment_methods.list": lambda h: _const(pms.LocationQuery(), PageRequest()),
    "pms.accounting_categories.list": lambda h: _const(PageRequest()),
    "pms.taxes.list": lambda h: _const(PageRequest()),
    "pms.locations.list": lambda h: _const(PageRequest()),
    "pms.closures.get": _pms_closure_query,
    "pms.accounting_transactions.list": lambda h: _const(
        pms.AccountingTransactionQuery(**_pms_week(h)), PageRequest(size=10)
    ),
}


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid4().hex[:8]}"


def _french_address() -> accounting.AddressCreate:
    return accounting.AddressCreate(
        address_type=accounting.AddressType.main,
        street="1 rue de la Conformité",
        city="Paris",
        postal_code="75001",
        country="FR",
    )


async def _new_invoice(harness: Harness) -> str:
    """A posted customer invoice of 120.00 (100.00 + 20 % VAT) to the first client."""
    client_id = await _first_id(harness, "accounting.clients.list", accounting.PartnerQuery())
    vat_codes = await harness.call(
        "accounting.vat_codes.list", accounting.FolderQuery(), PageRequest(size=100)
    )
    vat = next(v for v in vat_codes.items if v.type == VatCodeType.sale and v.rate == 20)
    line = accounting.InvoiceLineCreate(
        description="Conformance",
        unit_price=100,
        quantity=1,
        untaxed_amount=100,
        tax_rate=20,
        tax_amount=20,
        total=120,
        account_number=_SALES_ACCOUNT,
        tax_code=vat.id,
    )
    invoice = await harness.call(
        "accounting.invoices.create",
        accounting.InvoiceCreate(
            invoice_type=accounting.InvoiceType.customer_invoice,
            currency="EUR",
            untaxed_amount=100,
            tax_amount=20,
            total=120,
            invoice_date=harness.today,
            due_date=harness.today,
            partner_id=client_id,
            lines=[line],
        ),
        accounting.InvoiceCreateOptions(),
    )
    return str(invoice.id)


# The French chart of accounts (the Tryton sandbox's): services sold, purchases, bank.
_SALES_ACCOUNT = "706"
_PURCHASES_ACCOUNT = "6061"
_BANK_ACCOUNT = "5121"


async def _invoice_creation(harness: Harness) -> tuple[Any, ...]:
    invoice_id = await _new_invoice(harness)
    invoice = await harness.call("accounting.invoices.get", invoice_id, accounting.InvoiceOptions())
    lines = [accounting.InvoiceLineCreate.model_validate(line.model_dump()) for line in invoice.lines]
    created = accounting.InvoiceCreate.model_validate(
        {**invoice.model_dump(exclude={"lines", "status"}), "lines": lines}
    )
    return created, accounting.InvoiceCreateOptions()


async def _invoice_payment(harness: Harness) -> tuple[Any, ...]:
    invoice_id = await _new_invoice(harness)
    method = await _first_id(harness, "accounting.payment_methods.list", accounting.FolderQuery())
    payment = accounting.InvoicePaymentCreate(
        date=harness.today,
        payment_method_id=method,
        currency="EUR",
        items=[accounting.InvoicePaymentShare(invoice_id=invoice_id, amount=120)],
    )
    return payment, accounting.FolderQuery()


async def _journal_entry(harness: Harness) -> tuple[Any, ...]:
    journals = await harness.call("accounting.journals.list", accounting.FolderQuery(), PageRequest(size=100))
    journal = next(
        j for j in journals.items if j.journal_type == accounting.JournalType.miscellaneous_operation
    )
    items = [
        accounting.JournalEntryLineCreate(
            account_type=accounting.EntryLineType.general_account,
            account=_PURCHASES_ACCOUNT,
            debit=10,
            credit=0,
        ),
        accounting.JournalEntryLineCreate(
            account_type=accounting.EntryLineType.general_account, account=_BANK_ACCOUNT, debit=0, credit=10
        ),
    ]
    entry = accounting.JournalEntryCreate(
        journal_id=journal.id, number=_unique("OD"), currency="EUR", date=harness.today, items=items
    )
    return entry, accounting.JournalEntryOptions()


def _partner_create(model: type[Any]) -> Callable[[Harness], Awaitable[tuple[Any, ...]]]:
    async def arguments(harness: Harness) -> tuple[Any, ...]:
        item = model(
            name=_unique("Conformance"), email=f"{uuid4().hex}@example.fr", addresses=[_french_address()]
        )
        return item, accounting.PartnerCreateOptions()

    return arguments


def _partner_update(list_key: str, model: type[Any]) -> Callable[[Harness], Awaitable[tuple[Any, ...]]]:
    async def arguments(harness: Harness) -> tuple[Any, ...]:
        partner_id = await _first_id(harness, list_key, accounting.PartnerQuery())
        return partner_id, model(phone="+33 1 23 45 67 89"), accounting.FolderQuery()

    return arguments


def _folder_list(harness: Harness) -> Awaitable[tuple[Any, ...]]:
    return _const(accounting.FolderQuery(), PageRequest(size=10))


async def _first_folder(harness: Harness) -> tuple[Any, ...]:
    folders = await harness.call("accounting.folders.list")
    return (folders[0].id,)


# --- arguments of the ledger operations (analytic, outstandings, FEC, bank, ...) ---

_PDF = base64.b64encode(
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
).decode()


def _french_iban() -> str:
    """A valid French IBAN nobody else has (Tryton refuses an IBAN already in use)."""
    bban = f"3000400001{uuid4().int % 10**11:011d}00"
    digits = "".join(str(int(c, 36)) for c in f"{bban}FR00")
    return f"FR{98 - int(digits) % 97:02d}{bban}"


async def _analytic_plan(harness: Harness) -> str:
    plans = await harness.call(
        "accounting.analytic_plans.list", accounting.FolderQuery(), PageRequest(size=100)
    )
    return str(plans.items[-1].id)


def _analytic_create() -> accounting.AnalyticAccountCreate:
    return accounting.AnalyticAccountCreate(
        code=uuid4().hex[:6].upper(), name=_unique("Conformance"), currency="EUR"
    )


async def _analytic_update(harness: Harness) -> tuple[Any, ...]:
    created = await harness.call(
        "accounting.analytic_accounts.create", _analytic_create(), accounting.FolderQuery()
    )
    return created.id, accounting.AnalyticAccountUpdate(name=_unique("Renamed")), accounting.FolderQuery()


async def _analytic_update_multi(harness: Harness) -> tuple[Any, ...]:
    plan = await _analytic_plan(harness)
    created = await harness.call(
        "accounting.analytic_accounts.create_multi_plans", plan, _analytic_create(), accounting.FolderQuery()
    )
    return (
        created.id,
        plan,
        accounting.AnalyticAccountUpdate(name=_unique("Renamed")),
        accounting.FolderQuery(),
    )


async def _analytic_in_plan(harness: Harness) -> tuple[Any, ...]:
    accounts = await harness.call(
        "accounting.analytic_accounts.list_multi_plans", accounting.FolderQuery(), PageRequest(size=1)
    )
    return accounts.items[0].id, accounts.items[0].analytic_plan, accounting.FolderQuery()


async def _an_invoice(harness: Harness) -> str:
    """A customer invoice of the books, made first when there is none (each one posted costs
    the sandbox a second)."""
    query = accounting.InvoiceQuery(invoice_type=accounting.InvoiceType.customer_invoice)
    found = await harness.call("accounting.invoices.list", query, PageRequest(size=1))
    return str(found.items[0].id) if found.items else await _new_invoice(harness)


async def _invoice_creation_multi(harness: Harness) -> tuple[Any, ...]:
    """A customer invoice of 100.00 + 20 % VAT to the first client, its line on an analytic
    account of a plan."""
    client_id = await _first_id(harness, "accounting.clients.list", accounting.PartnerQuery())
    vat_codes = await harness.call(
        "accounting.vat_codes.list", accounting.FolderQuery(), PageRequest(size=100)
    )
    vat = next(v for v in vat_codes.items if v.type == VatCodeType.sale and v.rate == 20)
    accounts = await harness.call(
        "accounting.analytic_accounts.list_multi_plans", accounting.FolderQuery(), PageRequest(size=1)
    )
    share = accounting.AnalyticDistributionDetail(analytic_account=accounts.items[0].id, percentage=100)
    distribution = accounting.AnalyticDistribution(
        analytic_plan=accounts.items[0].analytic_plan, analytic_accounts=[share]
    )
    line = accounting.InvoiceLineCreateMultiPlans(
        description="Conformance",
        unit_price=100,
        quantity=1,
        untaxed_amount=100,
        tax_rate=20,
        tax_amount=20,
        total=120,
        account_number=_SALES_ACCOUNT,
        tax_code=vat.id,
        analytic_distribution=[distribution],
    )
    item = accounting.InvoiceCreateMultiPlans(
        invoice_type=accounting.InvoiceType.customer_invoice,
        currency="EUR",
        untaxed_amount=100,
        tax_amount=20,
        total=120,
        invoice_date=harness.today,
        due_date=harness.today,
        partner_id=client_id,
        lines=[line],
    )
    return item, accounting.InvoiceCreateOptions()


async def _misc_operation(harness: Harness) -> tuple[Any, ...]:
    journals = await harness.call("accounting.journals.list", accounting.FolderQuery(), PageRequest(size=100))
    journal = next(
        j for j in journals.items if j.journal_type == accounting.JournalType.miscellaneous_operation
    )
    kind = accounting.MiscellaneousOperationLineType.general_account
    item = accounting.MiscellaneousOperationCreate(
        operation_number=_unique("OD"),
        currency="EUR",
        operation_date=harness.today,
        journal_id=journal.id,
        lines=[
            accounting.MiscellaneousOperationLine(amount=-10, type=kind, account_number=_PURCHASES_ACCOUNT),
            accounting.MiscellaneousOperationLine(amount=10, type=kind, account_number=_BANK_ACCOUNT),
        ],
    )
    return item, accounting.FolderQuery()


async def _new_misc_operation(harness: Harness) -> str:
    created = await harness.call(
        "accounting.miscellaneous_operations.create", *await _misc_operation(harness)
    )
    return str(created.id)


async def _outstandings_query(harness: Harness) -> tuple[Any, ...]:
    await _an_invoice(harness)
    query = accounting.OutstandingQuery(type=accounting.OutstandingType.client, unposted_allowed=False)
    return query, PageRequest(size=10)


async def _contacts_query(harness: Harness) -> tuple[Any, ...]:
    client_id = await _first_id(harness, "accounting.clients.list", accounting.PartnerQuery())
    query = accounting.ContactQuery(partner_type=accounting.PartnerType.client, partner_id=client_id)
    return query, PageRequest()


async def _first_bank_account(harness: Harness) -> accounting.BankAccount:
    accounts = await harness.call(
        "accounting.bank_accounts.list", accounting.FolderQuery(), PageRequest(size=1)
    )
    found: accounting.BankAccount = accounts.items[0]
    return found


async def _bank_statement(harness: Harness) -> tuple[Any, ...]:
    account = await _first_bank_account(harness)
    item = accounting.BankStatementCreate(
        bank_statement_date=harness.today,
        bank_account_id=account.id,
        currency="EUR",
        external_bank_statement_id=f"{uuid4().int % 10**10:010d}",
        items=[accounting.BankTransactionCreate(amount=12.5, description=_unique("Conformance"))],
    )
    return item, accounting.FolderQuery()


async def _financial_entry(harness: Harness) -> tuple[Any, ...]:
    account = await _first_bank_account(harness)
    line = accounting.FinancialEntryLine(
        account_type=accounting.EntryLineType.general_account, account=_SALES_ACCOUNT, amount=10
    )
    item = accounting.FinancialEntryCreate(
        date=harness.today,
        journal_id=account.journal_id or "",
        currency="EUR",
        number=_unique("FE"),
        items=[line],
    )
    return item, accounting.FinancialEntryOptions()


async def _attachment(harness: Harness) -> tuple[Any, ...]:
    item = accounting.AttachmentCreate(base64_string=_PDF, name="conformance.pdf")
    return await _an_invoice(harness), item, accounting.AttachmentOptions(overwrite_existing=True)


async def _attachments_query(harness: Harness) -> tuple[Any, ...]:
    invoice_id, item, options = await _attachment(harness)
    await harness.call("accounting.attachments.add", invoice_id, item, options)
    query = accounting.AttachmentQuery(type=accounting.DocumentType.invoice, document_id=invoice_id)
    return query, PageRequest()


ACCOUNTING_ARGUMENTS: dict[str, Arguments] = {
    "accounting.folders.list": lambda h: _const(),
    "accounting.folders.get": _first_folder,
    "accounting.bookyears.list": _folder_list,
    "accounting.clients.list": lambda h: _const(accounting.PartnerQuery(), PageRequest(size=10)),
    "accounting.clients.get": lambda h: _folder_after(
        _first_id(h, "accounting.clients.list", accounting.PartnerQuery())
    ),
    "accounting.clients.create": _partner_create(accounting.ClientCreate),
    "accounting.clients.update": _partner_update("accounting.clients.list", accounting.ClientUpdate),
    "accounting.suppliers.list": lambda h: _const(accounting.PartnerQuery(), PageRequest(size=10)),
    "accounting.suppliers.get": lambda h: _folder_after(
        _first_id(h, "accounting.suppliers.list", accounting.PartnerQuery())
    ),
    "accounting.suppliers.create": _partner_create(accounting.SupplierCreate),
    "accounting.suppliers.update": _partner_update("accounting.suppliers.list", accounting.SupplierUpdate),
    "accounting.vat_codes.list": _folder_list,
    "accounting.invoices.list": lambda h: _const(
        accounting.InvoiceQuery(invoice_type=accounting.InvoiceType.customer_invoice), PageRequest(size=10)
    ),
    "accounting.invoices.get": lambda h: _options_after(_new_invoice(h), accounting.InvoiceOptions()),
    "accounting.invoices.create": _invoice_creation,
    "accounting.invoice_payments.list": lambda h: _options_after(
        _new_invoice(h), accounting.FolderQuery(), PageRequest()
    ),
    "accounting.invoice_payments.create": _invoice_payment,
    "accounting.payment_methods.list": _folder_list,
    "accounting.payment_terms.list": _folder_list,
    "accounting.journals.list": _folder_list,
    "accounting.journals.create": lambda h: _const(
        accounting.JournalCreate(
            code=uuid4().hex[:4].upper(),
            name=_unique("Conformance"),
            journal_type=accounting.JournalCreateType.miscellaneous_operation,
        ),
        accounting.FolderQuery(),
    ),
    "accounting.accounts.list": lambda h: _const(accounting.AccountQuery(), PageRequest(size=10)),
    "accounting.accounts.create": lambda h: _const(
        accounting.AccountCreate(name=_unique("Conformance"), number=f"6068{uuid4().int % 10**6:06d}"),
        accounting.FolderQuery(),
    ),
    "accounting.journal_entries.list": lambda h: _const(
        accounting.JournalEntryQuery(unposted_allowed=True), PageRequest(size=10)
    ),
    "accounting.journal_entries.get": lambda h: _options_after(
        _first_id(h, "accounting.journal_entries.list", accounting.JournalEntryQuery(unposted_allowed=True)),
        accounting.FolderQuery(),
    ),
    "accounting.journal_entries.create": _journal_entry,
    "accounting.employees.list": _folder_list,
    "accounting.analytic_plans.list": _folder_list,
    "accounting.analytic_accounts.list": _folder_list,
    "accounting.analytic_accounts.list_multi_plans": _folder_list,
    "accounting.analytic_accounts.get": lambda h: _folder_after(
        _first_id(h, "accounting.analytic_accounts.list", accounting.FolderQuery())
    ),
    "accounting.analytic_accounts.get_multi_plans": _analytic_in_plan,
    "accounting.analytic_accounts.create": lambda h: _const(_analytic_create(), accounting.FolderQuery()),
    "accounting.analytic_accounts.create_multi_plans": lambda h: _options_after(
        _analytic_plan(h), _analytic_create(), accounting.FolderQuery()
    ),
    "accounting.analytic_accounts.update": _analytic_update,
    "accounting.analytic_accounts.update_multi_plans": _analytic_update_multi,
    "accounting.invoices.list_multi_plans": lambda h: _const(
        accounting.InvoiceQuery(
            invoice_type=accounting.InvoiceType.customer_invoice, include_invoice_lines=True
        ),
        PageRequest(size=10),
    ),
    "accounting.invoices.get_multi_plans": lambda h: _options_after(
        _an_invoice(h), accounting.InvoiceOptions()
    ),
    "accounting.invoices.create_multi_plans": _invoice_creation_multi,
    "accounting.journal_entries.list_multi_plans": lambda h: _const(
        accounting.JournalEntryQuery(unposted_allowed=True), PageRequest(size=10)
    ),
    "accounting.outstandings.list": _outstandings_query,
    "accounting.fec.export": lambda h: _const(accounting.FecQuery(date_from=h.today, date_to=h.today)),
    "accounting.miscellaneous_operations.create": _misc_operation,
    "accounting.miscellaneous_operations.list": lambda h: _const(
        accounting.MiscellaneousOperationQuery(), PageRequest(size=10)
    ),
    "accounting.miscellaneous_operations.get": lambda h: _folder_after(_new_misc_operation(h)),
    "accounting.accounts.balances": lambda h: _const(
        accounting.AccountBalanceFilter(accounts=[_SALES_ACCOUNT, "512"], end=h.today.strftime("%Y%m")),
        accounting.FolderQuery(),
        PageRequest(size=10),
    ),
    "accounting.contacts.list": _contacts_query,
    "accounting.bank_accounts.list": _folder_list,
    "accounting.bank_accounts.create": lambda h: _const(
        accounting.BankAccountCreate(
            code=uuid4().hex[:5].upper(),
            currency="EUR",
            account_name=_unique("Conformance"),
            iban=_french_iban(),
            bank_name="Banque de la Conformité",
        ),
        accounting.FolderQuery(),
    ),
    "accounting.bank_transactions.create": _bank_statement,
    "accounting.financial_entries.create": _financial_entry,
    "accounting.attachments.add": _attachment,
    "accounting.attachments.list": _attachments_query,
}


async def _folder_after(value: Awaitable[Any]) -> tuple[Any, ...]:
    return await value, accounting.FolderQuery()


async def _options_after(value: Awaitable[Any], *options: Any) -> tuple[Any, ...]:
    return (await value, *options)


async def _first_customer(harness: Harness) -> str:
    query = invoicing.ContactQuery(contact_type=invoicing.ContactType.customer)
    return await _first_id(harness, "invoicing.contacts.list", query)


async def _sale_tax(harness: Harness, rate: float) -> str:
    taxes = await harness.call("invoicing.taxes.list", PageRequest(size=100))
    return str(next(t.id for t in taxes.items if t.type == VatCodeType.sale and t.rate == rate))


async def _invoicing_invoice(harness: Harness) -> tuple[Any, ...]:
    """A posted customer invoice of 120.00 (100.00 + 20 % VAT) to the first customer."""
    line = invoicing.InvoiceLineCreate(
        description="Conformance",
        unit_price=100,
        quantity=1,
        untaxed_amount=100,
        tax_rate=20,
        tax_amount=20,
        total=120,
        tax_id=await _sale_tax(harness, 20),
    )
    invoice = invoicing.InvoiceCreate(
        invoice_type=invoicing.CreateInvoiceType.customer_invoice,
        status=invoicing.InvoiceStatus.posted,
        currency="EUR",
        untaxed_amount=100,
        tax_amount=20,
        total=120,
        invoice_date=harness.today,
        due_date=harness.today,
        partner_id=await _first_customer(harness),
        reference=_unique("Conformance"),
        lines=[line],
    )
    return (invoice,)


async def _new_invoicing_invoice(harness: Harness) -> str:
    created = await harness.call("invoicing.invoices.create", *await _invoicing_invoice(harness))
    return str(created.id)


async def _invoicing_payment(harness: Harness) -> tuple[Any, ...]:
    invoice_id = await _new_invoicing_invoice(harness)
    method = await _first_id(harness, "invoicing.payment_methods.list")
    return (
        invoicing.PaymentCreate(
            amount=120, payment_method_id=method, invoice_id=invoice_id, date=harness.today, currency="EUR"
        ),
    )


def _invoicing_product() -> invoicing.ProductCreate:
    return invoicing.ProductCreate(
        name=_unique("Conformance"), unit_price=100, code=uuid4().hex[:10].upper(), unit="Unit"
    )


async def _a_product(harness: Harness) -> tuple[Any, ...]:
    """A product of the catalogue, made first when the catalogue is empty (Tryton's sandbox has
    none of its own)."""
    products = await harness.call("invoicing.products.list", PageRequest(size=1))
    if products.items:
        return (str(products.items[0].id),)
    created = await harness.call("invoicing.products.create", _invoicing_product())
    return (str(created.id),)


async def _an_opportunity(harness: Harness) -> tuple[Any, ...]:
    """An opportunity, made first with Tryton's REST API when there is none: the catalog has no
    operation that creates one."""
    found = await harness.call("invoicing.opportunities.list", PageRequest(size=1))
    if found.items:
        return (str(found.items[0].id),)
    credentials = harness.credentials
    company = int(credentials["company_id"])
    context = base64.urlsafe_b64encode(json.dumps({"company": company, "companies": [company]}).encode())
    async with httpx.AsyncClient(base_url=harness.base_url, timeout=30) as client:
        response = await client.post(
            f"/{credentials['database']}/rest/model/sale.opportunity",
            json={
                "party": int(await _first_customer(harness)),
                "description": _unique("Conformance"),
                "amount": 1000,
            },
            headers={
                "Authorization": f"Bearer {credentials['api_key']}",
                "X-Tryton-Context": context.decode(),
            },
        )
        response.raise_for_status()
    return (str(response.json()["id"]),)


async def _bank_transactions_query(harness: Harness) -> tuple[Any, ...]:
    account = await _first_id(harness, "invoicing.bank_accounts.list")
    return invoicing.BankTransactionQuery(bank_account_id=account), PageRequest(size=10)


INVOICING_ARGUMENTS: dict[str, Arguments] = {
    "invoicing.contacts.list": lambda h: _const(invoicing.ContactQuery(), PageRequest(size=10)),
    "invoicing.contacts.get": lambda h: _tuple(_first_customer(h)),
    "invoicing.contacts.create": lambda h: _const(
        invoicing.ContactCreate(
            company_name=_unique("Conformance"),
            is_customer=True,
            email=f"{uuid4().hex}@example.fr",
            addresses=[
                invoicing.AddressCreate(
                    address_type=invoicing.AddressType.invoice,
                    street="rue de la Conformité",
                    number="1",
                    city="Paris",
                    postal_code="75001",
                    country="FR",
                )
            ],
        )
    ),
    "invoicing.products.list": lambda h: _const(PageRequest(size=10)),
    "invoicing.products.get": _a_product,
    "invoicing.products.create": lambda h: _const(_invoicing_product()),
    "invoicing.taxes.list": lambda h: _const(PageRequest(size=10)),
    "invoicing.taxes.get": lambda h: _tuple(_first_id(h, "invoicing.taxes.list")),
    "invoicing.invoices.list": lambda h: _const(invoicing.InvoiceQuery(), PageRequest(size=10)),
    "invoicing.invoices.get": lambda h: _options_after(
        _new_invoicing_invoice(h), invoicing.InvoiceOptions(include_pdf=True, include_analytic_accounts=True)
    ),
    "invoicing.invoices.create": _invoicing_invoice,
    "invoicing.opportunities.list": lambda h: _const(PageRequest(size=10)),
    "invoicing.opportunities.get": _an_opportunity,
    "invoicing.payments.list": lambda h: _const(invoicing.PaymentQuery(), PageRequest(size=10)),
    "invoicing.payments.create": _invoicing_payment,
    "invoicing.payment_methods.list": lambda h: _const(PageRequest()),
    "invoicing.bank_accounts.list": lambda h: _const(PageRequest()),
    "invoicing.bank_transactions.list": _bank_transactions_query,
}


ARGUMENTS: dict[str, Arguments] = {
    **POS_ARGUMENTS,
    **COMMERCE_ARGUMENTS,
    **PMS_ARGUMENTS,
    **ACCOUNTING_ARGUMENTS,
    **INVOICING_ARGUMENTS,
}

# A read of each vertical that pages through a long list, and a filter that matches nothing.
PAGED_READS: dict[str, tuple[str, Callable[[], Any]]] = {
    "pos": ("pos.customers.list", pos.CustomerQuery),
    "commerce": ("commerce.products.list", commerce.ProductQuery),
    "pms": ("pms.customers.list", pms.CustomerQuery),
    "accounting": ("accounting.clients.list", accounting.PartnerQuery),
}
EMPTY_READS: dict[str, tuple[str, Callable[[], Any]]] = {
    "pos": ("pos.customers.list", lambda: pos.CustomerQuery(email="nobody-at-all@example.invalid")),
    "commerce": ("commerce.products.list", lambda: commerce.ProductQuery(sku="no-such-sku-at-all")),
    "pms": ("pms.customers.list", lambda: pms.CustomerQuery(email="nobody-at-all@example.invalid")),
    "accounting": ("accounting.clients.list", lambda: accounting.PartnerQuery(search="nobody-at-all")),
}
WRITES: dict[str, str] = {
    "pos": "pos.customers.create",
    "commerce": "commerce.orders.create",
    "accounting": "accounting.clients.create",
}
# The provider path of the write, by connector, when the write is preceded by lookups that are
# POSTs too (SourceHub finds the order's customer with POST /customers/show): the 503 is aimed
# at the write itself, and only requests to that path count as writes.
WRITE_PATHS: dict[str, str] = {"sourcehub": "/orders/create", "tryton": "/junction/rest/model/party.party"}
OAUTH_MODES = frozenset({AuthMode.oauth2_authorization_code, AuthMode.oauth2_client_credentials})


def uses_oauth(connector: type[Connector]) -> bool:
    return connector.manifest.auth in OAUTH_MODES


def vertical_of(connector: type[Connector]) -> str:
    return connector.manifest.integrations[0].vertical.value


def _answers_nothing(connector: type[Connector], key: str) -> bool:
    """An operation whose answer is "204 No Content" (its method is annotated `-> None`)."""
    method = getattr(connector, connector.implemented_operations()[key])
    return inspect.signature(method).return_annotation in (None, "None")


async def check_every_capability_answers(harness: Harness) -> None:
    for key in sorted(harness.connector.manifest.capabilities):
        args = await ARGUMENTS[key](harness)
        result = await harness.call(key, *args)
        assert result is not None or _answers_nothing(harness.connector, key), key
        if isinstance(result, Page):
            assert result.total >= len(result.items), key


async def check_pagination_across_pages(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    size = 40
    first = await harness.call(key, query(), PageRequest(page=1, size=size))
    assert first.total > 2 * size, f"the sandbox should hold several pages of {key}"
    seen: list[str] = []
    page_number = 1
    page = first
    while page.items:
        assert page.total == first.total, "total changed between pages"
        seen.extend(str(item.id) for item in page.items)
        page_number += 1
        page = await harness.call(key, query(), PageRequest(page=page_number, size=size))
    assert len(seen) == first.total
    assert len(set(seen)) == len(seen), "a record came back on two pages"


async def check_empty_result(harness: Harness) -> None:
    key, query = EMPTY_READS[vertical_of(harness.connector)]
    page = await harness.call(key, query(), PageRequest())
    assert page.items == []
    assert page.total == 0


async def check_rate_limit_is_waited_out(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(rate_limit_next=1, retry_after_seconds=1)
    calls_before = len(harness.recorder.calls)
    page = await harness.call(key, query(), PageRequest(size=5))
    statuses = [call.status_code for call in harness.recorder.calls[calls_before:]]
    assert page.items
    assert statuses[:2] == [429, 200], statuses
    assert harness.recorder.waited_ms >= 1000


async def check_server_errors_are_retried(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(fail_next=[503, 500])
    page = await harness.call(key, query(), PageRequest(size=5))
    assert page.items


async def check_a_provider_that_stays_down_is_a_typed_error(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(fail_next=[503] * 10)
    try:
        await harness.call(key, query(), PageRequest(size=5))
    except ProviderUnavailable:
        return
    raise AssertionError("a provider answering 503 every time must end in ProviderUnavailable")


async def check_a_timeout_is_retried(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(timeout_next=1, hang_seconds=(harness.timeout.read or 2.0) + 3)
    page = await harness.call(key, query(), PageRequest(size=5))
    assert page.items
    assert any(call.error == "ReadTimeout" for call in harness.recorder.calls)


async def check_a_malformed_body_is_a_typed_error(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.faults(malformed_next=1)
    try:
        await harness.call(key, query(), PageRequest(size=5))
    except ProviderMalformedResponse:
        return
    raise AssertionError("a truncated JSON body must end in ProviderMalformedResponse")


async def check_bad_credentials(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    wrong = harness.refused_credentials or {
        **harness.credentials,
        "client_secret": "wrong",
        "access_token": "",
        "refresh_token": "",
    }
    try:
        await harness.call(key, query(), PageRequest(size=5), credentials=wrong)
    except ProviderAuthFailed:
        return
    raise AssertionError("wrong credentials must end in ProviderAuthFailed")


async def check_expired_token_is_refreshed_once(harness: Harness) -> None:
    key, query = PAGED_READS[vertical_of(harness.connector)]
    if not uses_oauth(harness.connector):
        await check_a_refused_static_key_is_final(harness)
        return
    await harness.control.post("/_sandbox/tokens/expire")
    page = await harness.call(key, query(), PageRequest(size=5))
    assert page.items
    assert harness.store.refreshes == 1


async def check_token_dying_mid_pagination(harness: Harness) -> None:
    """The access token dies in the middle of one unified page (after its third provider call),
    then again between two unified pages: each time it is refreshed once, and the walk across
    pages completes with every record exactly once."""
    key, query = PAGED_READS[vertical_of(harness.connector)]
    if not uses_oauth(harness.connector):
        await check_a_key_refused_mid_pagination(harness)
        return
    size = 100
    await harness.faults(expire_tokens_after_requests=3)
    method = harness.instance().method_for(key)
    first = await method(query(), PageRequest(page=1, size=size))
    assert harness.store.refreshes == 1
    assert len(first.items) == size
    await harness.faults(expire_tokens_after_requests=None)
    await harness.control.post("/_sandbox/tokens/expire")
    seen = [str(item.id) for item in first.items]
    number = 2
    while len(seen) < first.total:
        page = await method(query(), PageRequest(page=number, size=size))
        assert page.items, "a page came back empty before the total was reached"
        seen.extend(str(item.id) for item in page.items)
        number += 1
    assert len(set(seen)) == len(seen) == first.total
    assert harness.store.refreshes == 2


async def check_a_refused_static_key_is_final(harness: Harness) -> None:
    """For a provider with a static key (no OAuth), "401 then refresh" has nothing to refresh:
    a key the provider refuses (revoked on its dashboard) is a typed auth error at once, sent
    once, with no refresh attempted."""
    key, query = PAGED_READS[vertical_of(harness.connector)]
    await harness.control.delete("/_sandbox/requests")
    await harness.faults(fail_next=[401])
    try:
        await harness.call(key, query(), PageRequest(size=5))
    except ProviderAuthFailed:
        pass
    else:
        raise AssertionError("a key the provider refuses must end in ProviderAuthFailed")
    assert len(await harness.provider_requests()) == 1, "a refused key must not be sent again"
    assert harness.store.refreshes == 0


async def check_a_key_refused_mid_pagination(harness: Harness) -> None:
    """For a static key: the provider refuses it between two unified pages. That page is a
    typed auth error (never a short or empty page), and once the key is accepted again the walk
    resumes where it stopped with every record exactly once."""
    key, query = PAGED_READS[vertical_of(harness.connector)]
    size = 40
    method = harness.instance().method_for(key)
    first = await method(query(), PageRequest(page=1, size=size))
    seen = [str(item.id) for item in first.items]
    await harness.faults(fail_next=[401])
    try:
        await method(query(), PageRequest(page=2, size=size))
    except ProviderAuthFailed:
        pass
    else:
        raise AssertionError("a key refused mid-walk must end in ProviderAuthFailed")
    number = 2
    while len(seen) < first.total:
        page = await method(query(), PageRequest(page=number, size=size))
        assert page.items, "a page came back empty before the total was reached"
        assert page.total == first.total
        seen.extend(str(item.id) for item in page.items)
        number += 1
    assert len(set(seen)) == len(seen) == first.total


async def check_a_write_is_never_sent_twice(harness: Harness) -> None:
    # A vertical without writes in the catalog (PMS) has nothing to check here.
    key = WRITES.get(vertical_of(harness.connector))
    if key is None or key not in harness.connector.manifest.capabilities:
        return
    args = await ARGUMENTS[key](harness)
    write_path = WRITE_PATHS.get(harness.connector.manifest.slug)
    await harness.control.delete("/_sandbox/requests")
    await harness.faults(fail_next=[503], **({"fail_next_path": write_path} if write_path else {}))
    try:
        await harness.call(key, *args)
    except ProviderUnavailable:
        pass
    else:
        raise AssertionError("a write answered 503 must fail, not be sent again until it passes")
    writes = [
        r
        for r in await harness.provider_requests()
        if r["method"] in ("POST", "PUT", "PATCH") and write_path in (None, r["path"])
    ]
    assert len(writes) == 1, writes


CHECKS: dict[str, Callable[[Harness], Awaitable[None]]] = {
    "every capability answers": check_every_capability_answers,
    "pagination across pages": check_pagination_across_pages,
    "empty result": check_empty_result,
    "429 with Retry-After": check_rate_limit_is_waited_out,
    "5xx retried": check_server_errors_are_retried,
    "5xx that persists": check_a_provider_that_stays_down_is_a_typed_error,
    "timeout retried": check_a_timeout_is_retried,
    "malformed body": check_a_malformed_body_is_a_typed_error,
    "bad credentials": check_bad_credentials,
    "401 then refresh": check_expired_token_is_refreshed_once,
    "token expiry mid-pagination": check_token_dying_mid_pagination,
    "writes never duplicated": check_a_write_is_never_sent_twice,
}
